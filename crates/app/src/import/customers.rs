//! The customer CSV: `customer_no;name;email;phone;street;postal_code;city;customer_type;notes`. Required: name.

use super::table::{CsvTable, FileError, RowError};
use filiale_domain::CustomerDraft;

/// The columns a customer file must have.
pub const REQUIRED: &[&str] = &["name"];

/// A valid row.
#[derive(Debug, Clone)]
pub struct CustomerRow {
    pub line: u64,
    pub draft: CustomerDraft,
}

/// Parses the file into customer drafts (checked) and row errors. Nothing is written here.
pub fn parse(bytes: &[u8]) -> Result<(Vec<CustomerRow>, Vec<RowError>), FileError> {
    let table = CsvTable::parse(bytes, REQUIRED)?;
    let mut valid = Vec::new();
    let mut errors = table.broken.clone();
    for row in table.rows() {
        let field = |c: &str| row.get(c).map(str::to_owned);
        let draft = CustomerDraft {
            customer_no: field("customer_no"),
            name: row.get("name").unwrap_or_default().to_owned(),
            email: field("email"),
            phone: field("phone"),
            street: field("street"),
            postal_code: field("postal_code"),
            city: field("city"),
            customer_type: field("customer_type"),
            notes: field("notes"),
        };
        // Check the fields now so the line number goes with the reason; the number is assigned later.
        match draft.validate("K-0") {
            Ok(_) => valid.push(CustomerRow {
                line: row.line,
                draft,
            }),
            Err(e) => errors.push(RowError {
                line: row.line,
                reason: e.to_string(),
            }),
        }
    }
    errors.sort_by_key(|e| e.line);
    Ok((valid, errors))
}
