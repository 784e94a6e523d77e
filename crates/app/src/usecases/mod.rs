//! The use cases: what a cashier, a manager or a script can do with a store, grouped by the person
//! who does it. Each group is a small type over the opened [`App`](crate::App), got from it by
//! name; each method validates its input, then writes one transaction through the store.
//!
//! | group | who | what |
//! |---|---|---|
//! | [`Till`] (`app.till()`) | cashier | cart, scan, quantities, discounts, payment, the sale |
//! | [`TillSessions`] (`app.till_sessions()`) | cashier | sign-in, opening with a float, cash in/out, X-report, daily closing (Z-report) |
//! | [`BackOffice`] (`app.back_office()`) | store manager | articles, stock, customers and leads, journal, receipts and refunds, audit log, key figures |
//! | [`Purchasing`] (`app.purchasing()`) | store manager | reorder proposals and decisions, purchase orders, goods receipt against them, order documents |
//! | [`Staff`] (`app.staff()`) | everyone | sign-in, the staff list, managers' approvals |
//! | [`Search`] (`app.search()`) | cashier, manager | hybrid search, its index, policy texts |
//! | [`Outbox`] (`app.outbox()`) | manager, services | the events waiting for head office, the relay |
//!
//! The types the windows and the command line exchange with these methods are in
//! [`crate::dto`].

mod audit;
mod authorization;
mod back_office;
mod backup;
mod catalogue;
mod controls;
mod crm;
mod error;
mod order_document;
mod order_error;
mod orders;
mod outbox;
mod overview;
mod purchasing;
mod refunds;
pub(crate) mod reorder;
pub(crate) mod search;
mod selling;
mod simulation;
mod staff;
mod stock;
mod till;
mod till_script;
mod till_session;
mod till_session_error;
mod till_session_pay;

pub use authorization::{AuthorizationError, ManagerApproval};
pub use back_office::BackOffice;
pub use backup::{BackupDone, BackupDue};
pub use error::UseCaseError;
pub use order_error::OrderError;
pub use orders::{
    DEFAULT_RECEIVER, RECEIPT_AFTER_STOCK, ReceiptLineInput, ReceiptOutcome, ReceiveOptions,
};
pub use outbox::Outbox;
pub use purchasing::Purchasing;
pub use search::Search;
pub use staff::{ManagerConsent, Staff, parse_role};
pub use till::{DiscountError, Till, cart_view};
pub use till_session::{
    CashInput, CashMovementView, Cashier, SignIn, TillSessions, TillStatus, XReport, berlin_time,
    business_day,
};
pub use till_session_error::TillError;
