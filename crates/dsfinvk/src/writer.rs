//! [`write_export`]: checks the input, then writes the ZIP with index.xml, the DTD and every
//! DSFinV-K table as CSV (UTF-8, `;`, CRLF, `"` around text that needs it, a header row).

use crate::error::ExportError;
use crate::index_xml::{DTD, DTD_FILE, covered_days, index_xml};
use crate::model::ExportInput;
use crate::reconcile::check;
use crate::rows::{TableRows, build};
use crate::tables::{ALL_TABLES, Table};
use chrono::NaiveDate;
use std::io::{Seek, Write};
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub closings: usize,
    /// Rows of transactions.csv (receipts and cash movements).
    pub receipts: usize,
    /// Rows of lines.csv.
    pub lines: usize,
    /// Every table's file and its count of data rows (without the header), in index.xml's order.
    pub tables: Vec<(&'static str, usize)>,
    /// The first and last business day covered.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

fn csv_bytes(table: &Table, rows: &TableRows) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .quote(b'"')
        .quote_style(csv::QuoteStyle::Necessary)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(table.columns.iter().map(|c| c.name))?;
    for row in rows.of(table) {
        writer.write_record(row)?;
    }
    writer
        .into_inner()
        .map_err(|error| ExportError::Write(error.to_string()))
}

/// Writes the DSFinV-K export of `input` as a ZIP into `out`. Refuses (before writing anything)
/// an input without closings, with unknown tills, VAT keys or TSEs, text too long for its column,
/// or closings whose totals differ from the sums of their receipts.
pub fn write_export(
    input: &ExportInput,
    out: impl Write + Seek,
) -> Result<ExportSummary, ExportError> {
    check(input)?;
    let rows = build(input)?;
    let (first_day, last_day) = covered_days(input).ok_or(ExportError::NothingToExport)?;
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut zip = ZipWriter::new(out);
    zip.start_file("index.xml", options)?;
    zip.write_all(index_xml(input).as_bytes())?;
    zip.start_file(DTD_FILE, options)?;
    zip.write_all(DTD.as_bytes())?;
    let mut tables = Vec::with_capacity(ALL_TABLES.len());
    for table in &ALL_TABLES {
        zip.start_file(table.file, options)?;
        zip.write_all(&csv_bytes(table, &rows)?)?;
        tables.push((table.file, rows.of(table).len()));
    }
    zip.finish()?.flush()?;
    Ok(ExportSummary {
        closings: input.closings.len(),
        receipts: rows.of(&crate::tables::TRANSACTIONS).len(),
        lines: rows.of(&crate::tables::LINES).len(),
        tables,
        first_day,
        last_day,
    })
}
