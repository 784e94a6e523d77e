//! The use-case error: typed so that the CLI and the UI can branch on it and show a clear message.

use crate::error_code::{ErrorCode, Lang};
use crate::import::FileError;
use filiale_store::StoreError;

/// Why a use case did nothing.
#[derive(Debug, thiserror::Error)]
pub enum UseCaseError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error("{0}")]
    Input(String),
    #[error("reorder workflow: {0}")]
    Workflow(String),
    #[error("not allowed: {0}")]
    Denied(String),
    #[error("not allowed: {0}")]
    Authorization(#[from] super::AuthorizationError),
    #[error(transparent)]
    Till(#[from] super::TillError),
    /// The TSE refused, or a fiscal export has nothing to export.
    #[error(transparent)]
    Fiscal(#[from] crate::fiscal::FiscalError),
    #[error(transparent)]
    Order(#[from] super::OrderError),
    /// A refusal the use case names itself, with what the person needs to act on it.
    #[error("{}", .0.words(Lang::En))]
    Refused(ErrorCode),
}

impl From<ErrorCode> for UseCaseError {
    fn from(code: ErrorCode) -> Self {
        UseCaseError::Refused(code)
    }
}

impl UseCaseError {
    /// A stable code for the UI: what kind of problem this is.
    pub fn code(&self) -> &'static str {
        match self {
            UseCaseError::Store(e) => match e {
                StoreError::UnknownArticle(_) | StoreError::UnknownEan(_) => "unknown_article",
                StoreError::UnknownCustomer(_) => "unknown_customer",
                StoreError::UnknownLead(_) => "unknown_lead",
                StoreError::DuplicateEan { .. } | StoreError::DuplicateCustomer(_) => "duplicate",
                StoreError::Article(_) | StoreError::Customer(_) | StoreError::Cart(_) => {
                    "invalid_input"
                }
                StoreError::Sale(_) => "sale_refused",
                StoreError::UnknownReceipt(_) => "unknown_receipt",
                StoreError::Refund(_) => "refund_refused",
                StoreError::Lead(_) => "impossible_transition",
                StoreError::DiskFull => "disk_full",
                StoreError::NotDeadLetter(_) => "not_dead_letter",
                _ => "internal",
            },
            UseCaseError::File(_) => "bad_file",
            UseCaseError::Input(_) => "invalid_input",
            UseCaseError::Workflow(_) => "workflow",
            UseCaseError::Denied(_) => "denied",
            UseCaseError::Authorization(e) => e.code(),
            UseCaseError::Till(e) => e.code(),
            UseCaseError::Fiscal(e) => e.code(),
            UseCaseError::Order(e) => e.code(),
            UseCaseError::Refused(code) => match code {
                ErrorCode::UnknownReceipt { .. } => "unknown_receipt",
                ErrorCode::OnlyManager { .. }
                | ErrorCode::ApprovalStale { .. }
                | ErrorCode::FirstManager
                | ErrorCode::StaffNeedsManager => "denied",
                _ => "invalid_input",
            },
        }
    }
}
