//! Reading a CSV file into rows addressed by column name, with line numbers for error messages.

use serde::Serialize;
use std::collections::HashMap;

/// A rejected row: where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RowError {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// A parsed CSV file: its header and its records.
#[derive(Debug)]
pub struct CsvTable {
    columns: HashMap<String, usize>,
    records: Vec<(u64, csv::StringRecord)>,
    /// Rows that could not even be split into fields.
    pub broken: Vec<RowError>,
}

/// One record, read by column name.
#[derive(Debug)]
pub struct Row<'t> {
    pub line: u64,
    table: &'t CsvTable,
    record: &'t csv::StringRecord,
}

/// Why a whole file was refused.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("the file is not UTF-8 text (line {line})")]
    NotUtf8 { line: u64 },
    #[error("the file is empty: expected a header row")]
    Empty,
    #[error("required column {0:?} is missing from the header")]
    MissingColumn(&'static str),
    #[error("column {0:?} appears twice in the header")]
    DuplicateColumn(String),
}

impl CsvTable {
    /// Parses `bytes`, detecting the delimiter from the header line, and checks `required` columns.
    pub fn parse(bytes: &[u8], required: &[&'static str]) -> Result<CsvTable, FileError> {
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        let header_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        if header_line.iter().all(u8::is_ascii_whitespace) {
            return Err(FileError::Empty);
        }
        let semicolons = header_line.iter().filter(|b| **b == b';').count();
        let commas = header_line.iter().filter(|b| **b == b',').count();
        let delimiter = if semicolons >= commas { b';' } else { b',' };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(bytes);
        let header = reader
            .headers()
            .map_err(|_| FileError::NotUtf8 { line: 1 })?
            .clone();
        let mut columns = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim().to_lowercase();
            if name.is_empty() {
                continue;
            }
            if columns.insert(name.clone(), i).is_some() {
                return Err(FileError::DuplicateColumn(name));
            }
        }
        for column in required {
            if !columns.contains_key(*column) {
                return Err(FileError::MissingColumn(column));
            }
        }
        let width = header.len();
        let mut records = Vec::new();
        let mut broken = Vec::new();
        let mut record = csv::StringRecord::new();
        // The reader ends records at "\r\n", "\n" or a bare "\r" (old Mac exports) but counts
        // lines by "\n" only, so lines are counted here from the records' byte offsets.
        let (mut counted_to, mut counted_line) = (0usize, 1u64);
        let mut line_at = |byte: u64| {
            let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
            // A record never starts with a line break: a position on one (the "\n" of "\r\n")
            // belongs to the line after it.
            while matches!(bytes.get(end), Some(b'\r' | b'\n')) {
                end += 1;
            }
            while counted_to < end {
                let is_break = match bytes[counted_to] {
                    b'\n' => true,
                    b'\r' => bytes.get(counted_to + 1) != Some(&b'\n'),
                    _ => false,
                };
                counted_line += u64::from(is_break);
                counted_to += 1;
            }
            counted_line
        };
        loop {
            let line = line_at(reader.position().byte());
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(line, |p| line_at(p.byte()));
                    if record.iter().all(|f| f.trim().is_empty()) {
                        continue;
                    }
                    if record.len() != width {
                        broken.push(RowError {
                            line,
                            reason: format!("expected {width} fields, found {}", record.len()),
                        });
                        continue;
                    }
                    records.push((line, record.clone()));
                }
                Err(e) => {
                    let line = e.position().map_or(line, |p| line_at(p.byte()));
                    if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                        broken.push(RowError {
                            line,
                            reason: "not valid UTF-8 text".into(),
                        });
                    } else {
                        broken.push(RowError {
                            line,
                            reason: e.to_string(),
                        });
                    }
                }
            }
        }
        Ok(CsvTable {
            columns,
            records,
            broken,
        })
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(move |(line, record)| Row {
            line: *line,
            table: self,
            record,
        })
    }

    pub fn len(&self) -> usize {
        self.records.len() + self.broken.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Row<'_> {
    /// The trimmed value of `column`, `None` when the column is absent or the cell empty.
    pub fn get(&self, column: &str) -> Option<&str> {
        let index = *self.table.columns.get(column)?;
        let value = self.record.get(index)?.trim();
        (!value.is_empty()).then_some(value)
    }

    /// A value the row must have.
    pub fn require(&self, column: &str) -> Result<&str, String> {
        self.get(column).ok_or_else(|| format!("{column} is empty"))
    }

    /// An optional whole number, written plainly ("12") or with a zero decimal part ("12,0").
    pub fn integer(&self, column: &str) -> Result<Option<i64>, String> {
        let Some(text) = self.get(column) else {
            return Ok(None);
        };
        let plain = text
            .strip_suffix(",0")
            .or_else(|| text.strip_suffix(".0"))
            .unwrap_or(text);
        plain
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("{column} {text:?} is not a whole number"))
    }
}

#[cfg(test)]
mod tests {
    use crate::import::articles;

    #[test]
    fn row_errors_name_the_right_line_whatever_ends_the_lines() {
        for ending in ["\n", "\r\n", "\r"] {
            let file = [
                "sku;name;price;vat_rate",
                "GF-1;Gießkanne;24,99;19",
                "GF-2;Spaten;abc;19",
                "GF-3;Rechen;9,99;16",
                "GF-4;Schere;12,50;19",
                "",
            ]
            .join(ending);
            let (rows, errors) = articles::parse(file.as_bytes()).unwrap();
            let valid: Vec<u64> = rows.iter().map(|r| r.line).collect();
            let rejected: Vec<u64> = errors.iter().map(|e| e.line).collect();
            assert_eq!(valid, [2, 5], "line ending {ending:?}");
            assert_eq!(rejected, [3, 4], "line ending {ending:?}");
        }
    }

    #[test]
    fn no_line_is_both_accepted_and_rejected_around_a_row_that_is_not_utf8() {
        // Found by the import fuzz target (its first byte chose the article import).
        let file = &include_bytes!("testdata/not-utf8-row-then-crlf.csv")[1..];
        let (rows, errors) = articles::parse(file).unwrap();
        let valid: Vec<u64> = rows.iter().map(|r| r.line).collect();
        let rejected: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert!(
            valid.iter().all(|l| !rejected.contains(l)),
            "valid {valid:?} rejected {rejected:?}"
        );
    }
}
