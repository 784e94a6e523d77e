//! What the windows and the command line exchange with the use cases: the input shapes they send
//! (money as integer cents, codes as typed) and the views they get back. Domain and store types
//! that cross unchanged are re-exported here, so a window's adapter needs this module only.

use serde::{Deserialize, Serialize};

pub use crate::fiscal::export::DsfinvkSummary;
pub use crate::fiscal::receipt::{PrintedReceipt, ReceiptTse, ReceiptVat};
pub use crate::fiscal::status::{OutageView, TseStatus};
pub use crate::import::{ImportSummary, RowError};
pub use crate::usecases::search::PolicyImport;
pub use crate::usecases::{ReceiptLineInput, ReceiptOutcome, ReceiveOptions};
pub use filiale_display::{CartView, DisplayState};
pub use filiale_domain::purchase_order::OrderState;
pub use filiale_domain::{
    Article, ArticleDraft, Cents, Customer, CustomerDraft, Lead, Role, Sale, StockChange, Tender,
};
pub use filiale_search::collection::{CollectionName, CollectionStats, SearchMode, SearchRequest};
pub use filiale_store::articles::{StockedArticle, Upserted};
pub use filiale_store::audit::{Entry as AuditEntry, Filter as AuditFilter};
pub use filiale_store::chain::Problem as ChainProblem;
pub use filiale_store::journal::{AccountBalance, PostedEntry};
pub use filiale_store::leads::LeadDraft;
pub use filiale_store::outbox::{OutboxRow, OutboxStatus};
pub use filiale_store::purchase_orders::{
    Booked, ExtraLine, OrderDetail, OrderLineView, OrderSummary, ReceiptView,
};
pub use filiale_store::purchasing::PurchaseOrder;
pub use filiale_store::refunds::{Refund, StoredRefund};
pub use filiale_store::sales::Receipt;
pub use filiale_store::stock::Movement as StockMovement;
pub use filiale_workflow::reorder::{Outcome as ReorderOutcome, ReorderState, Verdict};
pub use filiale_workflow::{StaffMember, StateSnapshot, ThreadStatus, ThreadSummary};

/// A reorder proposal as the approval screen shows it.
pub type ReorderSnapshot = StateSnapshot<ReorderState>;

/// One line as the cashier or the command line gives it: an SKU or EAN and a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleLineInput {
    pub code: String,
    pub quantity: i64,
}

/// How the customer pays, as the cashier window sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum TenderInput {
    Cash { tendered_cents: i64 },
    Card,
}

impl From<TenderInput> for Tender {
    fn from(input: TenderInput) -> Tender {
        match input {
            TenderInput::Cash { tendered_cents } => Tender::Cash {
                tendered: Cents::new(tendered_cents),
            },
            TenderInput::Card => Tender::Card,
        }
    }
}

/// An article as the back office's form sends it (price in gross cents).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArticleInput {
    pub sku: String,
    pub ean: Option<String>,
    pub name: String,
    pub description: String,
    pub category: String,
    pub unit: String,
    pub price_cents: i64,
    pub vat_rate: u8,
    pub purchase_price_cents: Option<i64>,
    pub pack_size: Option<u32>,
    pub supplier: Option<String>,
    pub lead_time_days: Option<u32>,
    pub reorder_point: Option<i64>,
    /// Initial stock of a new article.
    pub initial_stock: Option<i64>,
}

/// A customer as the back office's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CustomerInput {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub customer_type: Option<String>,
    pub notes: Option<String>,
}

/// A lead as the back office's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LeadInput {
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source: Option<String>,
    pub interest: Option<String>,
    pub notes: String,
}

/// A manager's name and PIN as typed, to approve one act.
#[derive(Debug, Clone, Copy)]
pub struct ManagerPin<'a> {
    pub manager: &'a str,
    pub pin: &'a str,
}

/// What the cashier's window shows of a till.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TillView {
    pub terminal_id: String,
    pub version: i64,
    pub cart: CartView,
    pub customer_no: Option<String>,
    pub display: DisplayState,
}

/// What the cashier's search box found: articles with their current price and stock, best first,
/// and how they were found (`hybrid`; `lexical` without an embedding model; `filter` when the
/// index is unusable).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TillSearch {
    pub mode: &'static str,
    pub articles: Vec<StockedArticle>,
}

/// Key figures of the store: the start page and `filiale status`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoreOverview {
    pub store_id: String,
    pub store_name: String,
    pub articles: i64,
    pub customers: i64,
    pub low_stock: usize,
    pub sales_today: i64,
    pub revenue_today_cents: i64,
    pub outbox: OutboxStatus,
    /// Today's business day (Europe/Berlin), the day the figures above count.
    pub business_day: String,
    /// The tills open now; one open since an earlier business day must be closed first.
    pub open_tills: Vec<OpenTill>,
}

/// A till with an open session, as the start page and `filiale status` list it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpenTill {
    pub till_id: String,
    pub session_no: i64,
    /// The business day it was opened on.
    pub business_day: String,
    /// Who sells at it now.
    pub cashier: String,
    pub opened_at: String,
    /// Opened on an earlier business day and not closed since.
    pub from_earlier_day: bool,
}

/// The journal page: account balances and the latest entries.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JournalView {
    pub balances: Vec<AccountBalance>,
    pub entries: Vec<PostedEntry>,
}

/// The sync page: outbox figures, the latest rows and the dead letters.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncView {
    pub status: OutboxStatus,
    pub recent: Vec<OutboxRow>,
    pub dead: Vec<OutboxRow>,
}

/// A converted lead and the customer it became.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Conversion {
    pub lead: Lead,
    pub customer: Customer,
}

/// A member of staff as the staff page lists them; `locked` by the core's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StaffRow {
    #[serde(flatten)]
    pub member: StaffMember,
    pub locked: bool,
}

/// The outcome of verifying the books, with the first broken link in words as well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChainCheck {
    pub ok: bool,
    pub links: i64,
    pub head: Option<String>,
    pub problem: Option<ChainProblem>,
    pub problem_text: Option<String>,
    pub missing_triggers: Vec<String>,
}

/// A receipt as the refund screen shows it: its lines with what earlier refunds took back, how it
/// was paid, and the refunds so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RefundableReceipt {
    pub receipt: Receipt,
    /// The receipt's lines in order, each with the units already refunded and still refundable.
    pub lines: Vec<RefundableReceiptLine>,
    pub refunds: Vec<StoredRefund>,
    /// What the refunds so far paid back.
    pub refunded_cents: i64,
}

/// One line of a [`RefundableReceipt`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RefundableReceiptLine {
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    /// What the line cost after its discount.
    pub line_total_cents: i64,
    pub vat_rate: i64,
    pub refunded: i64,
    pub remaining: i64,
}

/// A proposal as the approval screen lists it: the workflow's summary and, once completed, how
/// it ended (ordered, rejected, nothing to order).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProposalSummary {
    #[serde(flatten)]
    pub thread: ThreadSummary,
    pub outcome: Option<ReorderOutcome>,
    /// The manager who approved or rejected it.
    pub decided_by: Option<String>,
}

/// Units of one article to give back, as the refund screen sends them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RefundLineInput {
    pub sku: String,
    pub quantity: i64,
}

mod till_day;
pub use filiale_domain::till_report::CashReason;
pub use till_day::{
    CashCountInput, CashMovementDone, CashReasonView, CashierTotalView, CountedPieces,
    MovementTotalView, TenderTotalView, TillFiguresView, TillSessionView, TillStatusView,
    VatLineView, XReportView, ZReportView, cash_reasons,
};
