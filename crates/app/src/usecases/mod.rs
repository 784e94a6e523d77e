//! The use cases: what a cashier, a manager or a script can do with a store. Each is a method on
//! [`App`](crate::App) that validates its input, then writes one transaction through the store.

mod audit;
mod authorization;
pub mod backoffice;
mod catalogue;
mod crm;
mod error;
mod overview;
pub mod pin_approved;
pub mod refunds;
pub mod reorder;
pub mod search;
mod selling;
mod staff;
mod stock;
mod till;

pub use authorization::{AuthorizationError, ManagerApproval};
pub use error::UseCaseError;
pub use overview::StoreOverview;
pub use selling::SaleLineInput;
pub use till::{DiscountError, TillView, cart_view};
