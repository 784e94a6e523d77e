//! Filiale's store domain: pure types and rules, no IO, no clock, no id generation.
//!
//! Map of the crate:
//! - [`money`]: [`Cents`], integer euro cents, parsing of German and English amounts;
//! - [`vat`]: [`VatRate`] (19 / 7 / 0 %) and the per-rate breakdown of gross amounts;
//! - [`codes`]: [`Sku`] and [`Ean`] (EAN-13 with check digit), valid by construction;
//! - [`barcode`]: what the scanner reads: [`Gtin`] (EAN-13, EAN-8, UPC-A, GTIN-14) and in-store
//!   labels with price or weight inside, laid out as the store configures ([`InStoreLayouts`]);
//! - [`cash_count`]: counting the cash drawer by denomination and the difference to what is expected;
//! - [`article`]: the article master record and its validated draft;
//! - [`stock`]: stock movements, on-hand quantity and the low-stock crossing rule;
//! - [`cart`] and [`sale`]: carts, totals, tenders (cash with change, card) and completed sales;
//! - [`customer`] and [`lead`]: customers, and leads with their status pipeline;
//! - [`journal`]: the SKR03-style chart of accounts and balanced double-entry postings;
//! - [`refund`]: refunds and voids by reversal (what goes back, at what value, with what VAT);
//! - [`till_report`]: cash in/out reasons and their postings, the X/Z-report figures of a session;
//! - [`purchase_order`]: an order's state and what a goods receipt or cancellation does to it;
//! - [`staff`]: roles, the actions only a manager may take, the cashier's discount limit;
//! - [`events`]: the domain events and the envelope they travel in.
//!
//! Time and identifiers are always passed in by the caller.

pub mod article;
pub mod barcode;
pub mod cart;
pub mod cash_count;
pub mod codes;
pub mod customer;
pub mod events;
pub mod journal;
pub mod lead;
pub mod money;
pub mod purchase_order;
pub mod refund;
pub mod sale;
pub mod staff;
pub mod stock;
pub mod till_report;
pub mod vat;

pub use article::{Article, ArticleDraft, ArticleError};
pub use barcode::{
    BarcodeError, BarcodeSettings, Gtin, GtinFormat, InStoreArticleCode, InStoreCodeLayout,
    InStoreKind, InStoreLayouts, LayoutError, Scanned,
};
pub use cart::{Cart, CartError, CartLine, Quantity};
pub use cash_count::{CashCount, CashCountError, CashDifference, CashDifferenceKind, Denomination};
pub use codes::{CodeError, Ean, Sku};
pub use customer::{Customer, CustomerDraft, CustomerError};
pub use events::{DomainEvent, EventEnvelope, SCHEMA_VERSION};
pub use journal::{Account, JournalEntry, JournalError, JournalLine};
pub use lead::{Lead, LeadError, LeadStatus};
pub use money::{Cents, MoneyError};
pub use refund::{Payout, RefundError, RefundKind, RefundLine, RefundPlan, RefundableLine};
pub use sale::{Sale, SaleError, Tender};
pub use staff::{ManagerAction, Role, RoleError};
pub use stock::{MovementKind, StockChange};
pub use till_report::{CashDirection, CashReason, TillFigures};
pub use vat::{VatBreakdown, VatRate, VatRateError, VatShare};
