//! The refusals a person can act on, as data: one [`ErrorCode`] with its parameters per kind of
//! problem, mapped from the typed errors of the use cases and the crates below them. The window
//! words each code in its language (`ui/src/texts.*.ts`); the command line uses [`ErrorCode::words`].
//! Crossing the window's IPC it is `{ "code": "wrong_pin", "params": { "name": "Lena", "remaining": 3 } }`.

mod words;

pub use words::Lang;

use crate::import::FileError;
use crate::usecases::{AuthorizationError, DiscountError, UseCaseError};
use chrono::{DateTime, Utc};
use filiale_domain::{
    ArticleError, CartError, CodeError, CustomerError, LeadError, MoneyError, RefundError,
    SaleError,
};
use filiale_store::StoreError;
use filiale_workflow::PinError;
use serde::{Deserialize, Serialize};

/// Why the core did nothing, with what the person needs to know to act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum ErrorCode {
    // Staff, PINs and a manager's approval.
    WrongPin {
        name: String,
        remaining: u32,
    },
    LockedOut {
        name: String,
        until: DateTime<Utc>,
    },
    UnknownStaff {
        name: String,
    },
    UnknownManager {
        name: String,
    },
    NotAManager {
        name: String,
    },
    WrongApproval {
        approved: String,
        requested: String,
    },
    /// A discount above the cashier's limit: the window asks for a manager's name and PIN.
    NeedsManager {
        limit_percent: u32,
    },
    InvalidPin,
    InvalidName,
    AlreadyEnrolled {
        name: String,
    },
    UnknownRole {
        role: String,
    },
    OnlyManager {
        name: String,
    },
    ApprovalStale {
        name: String,
        minutes: i64,
    },
    FirstManager,
    StaffNeedsManager,
    // Receipts and refunds.
    UnknownReceipt {
        receipt_no: i64,
    },
    RefundMoreThanSold {
        sku: String,
        requested: i64,
        sold: i64,
        refunded: i64,
        left: i64,
    },
    RefundNothingLeft {
        receipt_no: i64,
    },
    RefundNotOnReceipt {
        sku: String,
    },
    RefundImpossibleQuantity {
        quantity: i64,
    },
    RefundNothingChosen,
    RefundReasonTooLong {
        max: u32,
    },
    // Articles and codes.
    BadSku {
        sku: String,
    },
    BadEan {
        ean: String,
    },
    BadEanCheckDigit {
        ean: String,
        expected: u8,
    },
    UnknownArticle {
        sku: String,
    },
    UnknownEan {
        ean: String,
    },
    DuplicateEan {
        ean: String,
        sku: String,
    },
    ArticleNameEmpty,
    FieldTooLong {
        field: String,
        max: u32,
    },
    PriceOutOfRange {
        price_cents: i64,
    },
    PurchasePriceOutOfRange {
        price_cents: i64,
    },
    PackSizeZero,
    LeadTimeTooLong {
        days: u32,
    },
    ReorderPointNegative,
    BadVatRate {
        rate: String,
    },
    BadAmount {
        text: String,
    },
    AmountTooPrecise {
        text: String,
    },
    AmountTooLarge,
    // The till.
    ImpossibleQuantity {
        quantity: i64,
    },
    NotInCart {
        sku: String,
    },
    NegativeDiscount,
    DiscountAboveLineTotal {
        discount_cents: i64,
        line_total_cents: i64,
    },
    CartTotalTooLarge,
    EmptyCart,
    TenderedLessThanTotal {
        tendered_cents: i64,
        total_cents: i64,
    },
    NonPositiveTotal {
        total_cents: i64,
    },
    // Stock.
    StockQuantityImpossible {
        quantity: i64,
        max: i64,
    },
    CountOrDifference,
    AdjustmentImpossible,
    /// A list price change beyond the store's limit (`articles` of an import are such changes).
    PriceChangeNeedsManager {
        sku: String,
        old_price_cents: i64,
        new_price_cents: i64,
        limit_percent: u32,
        articles: u32,
    },
    /// A stock correction worth more than the store's limit.
    StockCorrectionNeedsManager {
        sku: String,
        delta: i64,
        value_cents: i64,
        limit_cents: i64,
    },
    // Customers and leads.
    UnknownCustomer {
        customer_no: String,
    },
    DuplicateCustomer {
        customer_no: String,
    },
    CustomerNameEmpty,
    BadCustomerNumber {
        customer_no: String,
    },
    BadEmail {
        email: String,
    },
    BadPostalCode {
        postal_code: String,
    },
    CustomerFieldTooLong {
        field: String,
    },
    UnknownLead {
        id: i64,
    },
    LeadNameEmpty,
    UnknownLeadStatus {
        status: String,
    },
    ImpossibleLeadTransition {
        from: String,
        to: String,
    },
    /// A refusal at the till (closed, already open, not closed yesterday, cash beyond the
    /// drawer, ...): `reason` names it for the window (`till_closed` opens the till's dialog), the
    /// sentences say it with its amounts.
    TillRefused {
        reason: String,
        de: String,
        en: String,
    },
    // Files, sync, search and the reorder workflow.
    FileNotUtf8 {
        line: u64,
    },
    FileEmpty,
    MissingColumn {
        column: String,
    },
    DuplicateColumn {
        column: String,
    },
    NotDeadLetter {
        store_seq: i64,
    },
    SearchTooLong {
        max: u32,
    },
    /// The reorder workflow refused (decided already, changed meanwhile, ...): reload and look.
    Workflow {
        detail: String,
    },
    /// Input refused with a sentence of the core's that has no code of its own yet.
    InvalidInput {
        detail: String,
    },
    DiskFull,
    /// What no user can act on (a broken database, a bug): reported, with the core's words.
    Internal {
        detail: String,
    },
    /// A refusal on a purchase order (unknown, closed, a delivery that breaks a receiving rule):
    /// `reason` names it for the window, the sentences say it with its numbers.
    OrderRefused {
        reason: String,
        de: String,
        en: String,
    },
}

impl From<&UseCaseError> for ErrorCode {
    fn from(error: &UseCaseError) -> Self {
        match error {
            UseCaseError::Store(e) => e.into(),
            UseCaseError::File(e) => e.into(),
            UseCaseError::Input(detail) => ErrorCode::InvalidInput {
                detail: detail.clone(),
            },
            UseCaseError::Workflow(detail) => ErrorCode::Workflow {
                detail: detail.clone(),
            },
            UseCaseError::Denied(detail) => ErrorCode::InvalidInput {
                detail: format!("not allowed: {detail}"),
            },
            UseCaseError::Authorization(e) => e.into(),
            UseCaseError::Refused(code) => code.clone(),
            UseCaseError::Till(e) => ErrorCode::TillRefused {
                reason: e.code().to_owned(),
                de: e.message_de(),
                en: e.message_en(),
            },
            UseCaseError::Fiscal(e) => ErrorCode::TillRefused {
                reason: e.code().to_owned(),
                de: e.message_de(),
                en: e.message_en(),
            },
            UseCaseError::Order(e) => ErrorCode::OrderRefused {
                reason: e.code().to_owned(),
                de: e.message_de(),
                en: e.message_en(),
            },
        }
    }
}

impl From<UseCaseError> for ErrorCode {
    fn from(error: UseCaseError) -> Self {
        ErrorCode::from(&error)
    }
}

impl From<&AuthorizationError> for ErrorCode {
    fn from(error: &AuthorizationError) -> Self {
        match error.clone() {
            AuthorizationError::UnknownStaff(name) => ErrorCode::UnknownStaff { name },
            AuthorizationError::UnknownManager(name) => ErrorCode::UnknownManager { name },
            AuthorizationError::WrongPin { name, remaining } => {
                ErrorCode::WrongPin { name, remaining }
            }
            AuthorizationError::LockedOut { name, until } => ErrorCode::LockedOut { name, until },
            AuthorizationError::NotAManager(name) => ErrorCode::NotAManager { name },
            AuthorizationError::WrongApproval {
                approved,
                requested,
            } => ErrorCode::WrongApproval {
                approved,
                requested,
            },
        }
    }
}

impl From<&DiscountError> for ErrorCode {
    fn from(error: &DiscountError) -> Self {
        match error {
            DiscountError::NeedsManager => ErrorCode::NeedsManager {
                limit_percent: u32::try_from(filiale_domain::staff::CASHIER_DISCOUNT_LIMIT_PERCENT)
                    .unwrap_or(u32::MAX),
            },
            DiscountError::UnknownManager(name) => ErrorCode::UnknownManager { name: name.clone() },
            DiscountError::NotAManager(name) => ErrorCode::NotAManager { name: name.clone() },
            DiscountError::WrongPin { name, remaining } => ErrorCode::WrongPin {
                name: name.clone(),
                remaining: *remaining,
            },
            DiscountError::LockedOut { name, until } => ErrorCode::LockedOut {
                name: name.clone(),
                until: *until,
            },
            DiscountError::Refused(e) => e.into(),
        }
    }
}

impl From<DiscountError> for ErrorCode {
    fn from(error: DiscountError) -> Self {
        ErrorCode::from(&error)
    }
}

impl ErrorCode {
    /// A PIN refusal of the staff list in `name`'s words (the workflow's error carries no name).
    pub fn from_pin(name: &str, error: &PinError) -> Self {
        let name = name.trim().to_owned();
        match error {
            PinError::UnknownStaff(_) => ErrorCode::UnknownStaff { name },
            PinError::UnknownManager(_) => ErrorCode::UnknownManager { name },
            PinError::AlreadyEnrolled(_) => ErrorCode::AlreadyEnrolled { name },
            PinError::WrongPin { remaining } => ErrorCode::WrongPin {
                name,
                remaining: *remaining,
            },
            PinError::LockedOut { until } => ErrorCode::LockedOut {
                name,
                until: *until,
            },
            PinError::NotAManager(_) => ErrorCode::NotAManager { name },
            PinError::InvalidPin => ErrorCode::InvalidPin,
            PinError::InvalidName => ErrorCode::InvalidName,
            PinError::Storage(_) | PinError::Hash(_) => ErrorCode::Internal {
                detail: error.to_string(),
            },
        }
    }

    /// The code's name as the window branches on it, e.g. `wrong_pin`.
    pub fn code(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("code").and_then(|c| c.as_str().map(str::to_owned)))
            .unwrap_or_else(|| "internal".to_owned())
    }
}

impl From<&StoreError> for ErrorCode {
    fn from(error: &StoreError) -> Self {
        match error {
            StoreError::UnknownArticle(sku) => ErrorCode::UnknownArticle { sku: sku.clone() },
            StoreError::UnknownEan(ean) => ErrorCode::UnknownEan { ean: ean.clone() },
            StoreError::UnknownCustomer(no) => ErrorCode::UnknownCustomer {
                customer_no: no.clone(),
            },
            StoreError::UnknownLead(id) => ErrorCode::UnknownLead { id: *id },
            StoreError::UnknownReceipt(receipt_no) => ErrorCode::UnknownReceipt {
                receipt_no: *receipt_no,
            },
            StoreError::DuplicateEan { ean, sku } => ErrorCode::DuplicateEan {
                ean: ean.clone(),
                sku: sku.clone(),
            },
            StoreError::DuplicateCustomer(no) => ErrorCode::DuplicateCustomer {
                customer_no: no.clone(),
            },
            StoreError::NotDeadLetter(store_seq) => ErrorCode::NotDeadLetter {
                store_seq: *store_seq,
            },
            StoreError::Article(e) => e.into(),
            StoreError::Cart(e) => e.into(),
            StoreError::Sale(e) => e.into(),
            StoreError::Customer(e) => e.into(),
            StoreError::Lead(e) => e.into(),
            StoreError::Refund(e) => e.into(),
            StoreError::DiskFull => ErrorCode::DiskFull,
            StoreError::Journal(_)
            | StoreError::WrongStore { .. }
            | StoreError::SchemaTooNew { .. }
            | StoreError::Sqlite(_)
            | StoreError::Malformed(_)
            | StoreError::Corrupt { .. }
            | StoreError::ChainBroken { .. }
            | StoreError::NotAStore(_)
            | StoreError::BackupExists(_)
            | StoreError::Io(_)
            | StoreError::Injected(_) => ErrorCode::Internal {
                detail: error.to_string(),
            },
        }
    }
}

impl From<&FileError> for ErrorCode {
    fn from(error: &FileError) -> Self {
        match error {
            FileError::NotUtf8 { line } => ErrorCode::FileNotUtf8 { line: *line },
            FileError::Empty => ErrorCode::FileEmpty,
            FileError::MissingColumn(column) => ErrorCode::MissingColumn {
                column: (*column).to_owned(),
            },
            FileError::DuplicateColumn(column) => ErrorCode::DuplicateColumn {
                column: column.clone(),
            },
        }
    }
}

impl From<&CodeError> for ErrorCode {
    fn from(error: &CodeError) -> Self {
        match error {
            CodeError::BadSku(sku) => ErrorCode::BadSku { sku: sku.clone() },
            CodeError::BadEanFormat(ean) => ErrorCode::BadEan { ean: ean.clone() },
            CodeError::BadEanCheckDigit { ean, expected } => ErrorCode::BadEanCheckDigit {
                ean: ean.clone(),
                expected: *expected,
            },
        }
    }
}

impl From<&ArticleError> for ErrorCode {
    fn from(error: &ArticleError) -> Self {
        match error {
            ArticleError::Code(e) => e.into(),
            ArticleError::EmptyName => ErrorCode::ArticleNameEmpty,
            ArticleError::TooLong { field, max } => ErrorCode::FieldTooLong {
                field: (*field).to_owned(),
                max: u32::try_from(*max).unwrap_or(u32::MAX),
            },
            ArticleError::PriceOutOfRange(price) => ErrorCode::PriceOutOfRange {
                price_cents: price.get(),
            },
            ArticleError::PurchasePriceOutOfRange(price) => ErrorCode::PurchasePriceOutOfRange {
                price_cents: price.get(),
            },
            ArticleError::ZeroPackSize => ErrorCode::PackSizeZero,
            ArticleError::LeadTimeTooLong(days) => ErrorCode::LeadTimeTooLong { days: *days },
            ArticleError::NegativeReorderPoint => ErrorCode::ReorderPointNegative,
        }
    }
}

impl From<&CartError> for ErrorCode {
    fn from(error: &CartError) -> Self {
        match error {
            CartError::ImpossibleQuantity(quantity) => ErrorCode::ImpossibleQuantity {
                quantity: *quantity,
            },
            CartError::NotInCart(sku) => ErrorCode::NotInCart {
                sku: sku.to_string(),
            },
            CartError::DiscountTooLarge {
                discount,
                line_total,
            } => ErrorCode::DiscountAboveLineTotal {
                discount_cents: discount.get(),
                line_total_cents: line_total.get(),
            },
            CartError::TotalTooLarge => ErrorCode::CartTotalTooLarge,
        }
    }
}

impl From<&SaleError> for ErrorCode {
    fn from(error: &SaleError) -> Self {
        match error {
            SaleError::EmptyCart => ErrorCode::EmptyCart,
            SaleError::TenderBelowTotal { tendered, total } => ErrorCode::TenderedLessThanTotal {
                tendered_cents: tendered.get(),
                total_cents: total.get(),
            },
            SaleError::NonPositiveTotal(total) => ErrorCode::NonPositiveTotal {
                total_cents: total.get(),
            },
        }
    }
}

impl From<&CustomerError> for ErrorCode {
    fn from(error: &CustomerError) -> Self {
        match error {
            CustomerError::EmptyName => ErrorCode::CustomerNameEmpty,
            CustomerError::BadNumber(no) => ErrorCode::BadCustomerNumber {
                customer_no: no.clone(),
            },
            CustomerError::BadEmail(email) => ErrorCode::BadEmail {
                email: email.clone(),
            },
            CustomerError::BadPostalCode(code) => ErrorCode::BadPostalCode {
                postal_code: code.clone(),
            },
            CustomerError::TooLong(field) => ErrorCode::CustomerFieldTooLong {
                field: (*field).to_owned(),
            },
        }
    }
}

impl From<&LeadError> for ErrorCode {
    fn from(error: &LeadError) -> Self {
        match error {
            LeadError::ImpossibleTransition { from, to } => ErrorCode::ImpossibleLeadTransition {
                from: from.as_str().to_owned(),
                to: to.as_str().to_owned(),
            },
            LeadError::UnknownStatus(status) => ErrorCode::UnknownLeadStatus {
                status: status.clone(),
            },
            LeadError::EmptyName => ErrorCode::LeadNameEmpty,
        }
    }
}

impl From<&RefundError> for ErrorCode {
    fn from(error: &RefundError) -> Self {
        match error {
            RefundError::NothingLeft(receipt_no) => ErrorCode::RefundNothingLeft {
                receipt_no: *receipt_no,
            },
            RefundError::NotOnReceipt(sku) => ErrorCode::RefundNotOnReceipt {
                sku: sku.to_string(),
            },
            RefundError::MoreThanSold {
                sku,
                requested,
                sold,
                refunded,
                left,
            } => ErrorCode::RefundMoreThanSold {
                sku: sku.to_string(),
                requested: *requested,
                sold: *sold,
                refunded: *refunded,
                left: *left,
            },
            RefundError::ImpossibleQuantity(quantity) => ErrorCode::RefundImpossibleQuantity {
                quantity: *quantity,
            },
        }
    }
}

impl From<&MoneyError> for ErrorCode {
    fn from(error: &MoneyError) -> Self {
        match error {
            MoneyError::Malformed(text) => ErrorCode::BadAmount { text: text.clone() },
            MoneyError::TooPrecise(text) => ErrorCode::AmountTooPrecise { text: text.clone() },
            MoneyError::Overflow => ErrorCode::AmountTooLarge,
        }
    }
}

#[cfg(test)]
mod tests;
