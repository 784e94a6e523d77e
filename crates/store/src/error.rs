//! The store's error type: what can go wrong below the use cases.

use filiale_domain::{
    ArticleError, CartError, CustomerError, JournalError, LeadError, RefundError, SaleError,
};

/// Why a store operation failed. Callers branch on the domain variants; the rest are reported.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unknown article {0}")]
    UnknownArticle(String),
    #[error("no article has the EAN {0}")]
    UnknownEan(String),
    #[error("unknown customer {0}")]
    UnknownCustomer(String),
    #[error("unknown lead {0}")]
    UnknownLead(i64),
    #[error("there is no receipt {0}")]
    UnknownReceipt(i64),
    #[error("EAN {ean} already belongs to article {sku}")]
    DuplicateEan { ean: String, sku: String },
    #[error("customer number {0} is already taken")]
    DuplicateCustomer(String),
    #[error("outbox event {0} is not a dead letter")]
    NotDeadLetter(i64),
    #[error(transparent)]
    Article(#[from] ArticleError),
    #[error(transparent)]
    Cart(#[from] CartError),
    #[error(transparent)]
    Sale(#[from] SaleError),
    #[error(transparent)]
    Customer(#[from] CustomerError),
    #[error(transparent)]
    Lead(#[from] LeadError),
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    Refund(#[from] RefundError),
    #[error("this database belongs to store {found}, not {expected}")]
    WrongStore { expected: String, found: String },
    #[error("database schema version {found} is newer than this program knows ({known})")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("the disk is full: nothing was saved")]
    DiskFull,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("stored data is malformed: {0}")]
    Malformed(String),
    #[error(transparent)]
    Injected(#[from] filiale_failpoint::Injected),
    #[error(
        "the database {} is damaged ({detail}): restore the last backup with `filiale restore FILE` \
         (backups are in the data directory's backups/) / Die Datenbank {} ist beschädigt: die \
         letzte Sicherung mit `filiale restore DATEI` zurückholen (Sicherungen liegen in backups/)",
        path.display(),
        path.display()
    )]
    Corrupt {
        path: std::path::PathBuf,
        detail: String,
    },
    #[error(
        "the books in {} do not verify ({detail}) / Die Bücher in {} sind nicht stimmig ({detail})",
        path.display(),
        path.display()
    )]
    ChainBroken {
        path: std::path::PathBuf,
        detail: String,
    },
    #[error("{} is not a Filiale store database / {} ist keine Filiale-Datenbank", .0.display(), .0.display())]
    NotAStore(std::path::PathBuf),
    #[error("{} exists already: nothing was overwritten / {} gibt es schon: nichts überschrieben", .0.display(), .0.display())]
    BackupExists(std::path::PathBuf),
    #[error("file error: {0}")]
    Io(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::Sqlite(error),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::Malformed(error.to_string())
    }
}
