//! Reading a CSV file into rows addressed by column name, with line numbers for error messages.

use serde::Serialize;
use std::collections::HashMap;

/// A rejected row: where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        loop {
            let line = reader.position().line();
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(line, |p| p.line());
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
                    let line = e.position().map_or(line, |p| p.line());
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
