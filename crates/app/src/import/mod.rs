//! CSV import in the blueprint's format: what a store's spreadsheet export looks like.
//!
//! UTF-8 (a BOM is tolerated) or what German Excel writes (Windows-1252, ISO-8859-15: see
//! [`encoding`]), a header row, delimiter `;` or `,` (detected from the header),
//! RFC 4180 quoting, decimal comma or point, columns in any order, unknown columns ignored.
//! Every bad row is reported with its line number and reason and changes nothing; the good rows
//! are written in one transaction, so re-importing the same file is idempotent (upsert by key).

pub mod articles;
pub mod customers;
pub mod encoding;
mod table;

pub use encoding::{TextEncoding, decode};

pub use table::{CsvTable, FileError, Row, RowError};

use serde::Serialize;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportSummary {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: Vec<RowError>,
    /// The text encoding the file was read in.
    pub encoding: TextEncoding,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} rows: {} created, {} updated, {} unchanged, {} rejected (read as {})",
            self.rows,
            self.created,
            self.updated,
            self.unchanged,
            self.errors.len(),
            self.encoding.name()
        )
    }
}
