//! What a report is asked for — a span of Berlin business days and some stores — and why such a
//! request is refused (in German and English).

use crate::db::DbError;
use chrono::NaiveDate;

/// Which business days and stores a report covers: by default today and every store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Store ids; empty for all stores.
    pub stores: Vec<String>,
}

/// Why a report cannot be made as asked; nothing is changed by asking.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{} / {}", self.message_de(), self.message_en())]
    BadDate { option: &'static str, value: String },
    #[error("{} / {}", self.message_de(), self.message_en())]
    ToBeforeFrom { from: NaiveDate, to: NaiveDate },
    #[error("{} / {}", self.message_de(), self.message_en())]
    UnknownStore { store: String, known: Vec<String> },
    #[error(transparent)]
    Database(#[from] DbError),
}

impl ReportError {
    pub fn message_de(&self) -> String {
        match self {
            ReportError::BadDate { option, value } => {
                format!(
                    "{option}: „{value}“ ist kein Datum (erwartet JJJJ-MM-TT, z. B. 2026-12-24)"
                )
            }
            ReportError::ToBeforeFrom { from, to } => {
                format!("--to {to} liegt vor --from {from}")
            }
            ReportError::UnknownStore { store, known } => format!(
                "Filiale „{store}“ ist der Zentrale unbekannt (bekannt: {})",
                list_or(known, "keine")
            ),
            ReportError::Database(error) => format!("Datenbankfehler: {error}"),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ReportError::BadDate { option, value } => {
                format!(
                    "{option}: \"{value}\" is not a date (expected YYYY-MM-DD, e.g. 2026-12-24)"
                )
            }
            ReportError::ToBeforeFrom { from, to } => {
                format!("--to {to} is before --from {from}")
            }
            ReportError::UnknownStore { store, known } => format!(
                "store \"{store}\" is unknown to head office (known: {})",
                list_or(known, "none")
            ),
            ReportError::Database(error) => format!("database error: {error}"),
        }
    }

    /// Whether the user asked for something impossible (rather than the database failing).
    pub fn is_bad_request(&self) -> bool {
        !matches!(self, ReportError::Database(_))
    }
}

fn list_or(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_owned()
    } else {
        items.join(", ")
    }
}

impl Selection {
    /// Reads `--from` / `--to` (`YYYY-MM-DD`) and `--store` values (each may be a comma list).
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        stores: &[String],
    ) -> Result<Selection, ReportError> {
        let date = |option: &'static str, value: Option<&str>| {
            value
                .map(|v| {
                    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
                        ReportError::BadDate {
                            option,
                            value: v.to_owned(),
                        }
                    })
                })
                .transpose()
        };
        let selection = Selection {
            from: date("--from", from)?,
            to: date("--to", to)?,
            stores: {
                let mut ids: Vec<String> = Vec::new();
                for id in stores.iter().flat_map(|s| s.split(',')).map(str::trim) {
                    if !id.is_empty() && !ids.iter().any(|known| known == id) {
                        ids.push(id.to_owned());
                    }
                }
                ids
            },
        };
        selection.span(NaiveDate::MAX)?;
        Ok(selection)
    }

    /// Whether a span of days was asked for (rather than today by default).
    pub fn has_period(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// The first and last business day: `to` defaults to `today`, `from` to `to`.
    pub fn span(&self, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ReportError> {
        let to = self.to.unwrap_or(today);
        let from = self.from.unwrap_or(to);
        if self.to.is_some() && to < from {
            return Err(ReportError::ToBeforeFrom { from, to });
        }
        if self.to.is_none() && to < from {
            // Only --from, in the future: an empty span is no error, just nothing sold yet.
            return Ok((from, from));
        }
        Ok((from, to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_span_defaults_to_today_and_from_defaults_to_to() {
        let today = day("2026-12-06");
        let none = Selection::parse(None, None, &[]).unwrap();
        assert_eq!(none.span(today).unwrap(), (today, today));
        let to = Selection::parse(None, Some("2026-11-30"), &[]).unwrap();
        assert_eq!(
            to.span(today).unwrap(),
            (day("2026-11-30"), day("2026-11-30"))
        );
        let from = Selection::parse(Some("2026-12-01"), None, &[]).unwrap();
        assert_eq!(from.span(today).unwrap(), (day("2026-12-01"), today));
    }

    #[test]
    fn stores_come_repeated_or_as_comma_lists_once_each() {
        let stores = ["store-001, store-002".to_owned(), "store-001".to_owned()];
        let selection = Selection::parse(None, None, &stores).unwrap();
        assert_eq!(selection.stores, ["store-001", "store-002"]);
    }

    #[test]
    fn bad_dates_and_backward_spans_are_refused_in_both_languages() {
        let error = Selection::parse(Some("2026-12-05"), Some("2026-12-01"), &[]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "--to 2026-12-01 liegt vor --from 2026-12-05 / --to 2026-12-01 is before --from 2026-12-05"
        );
        let error = Selection::parse(Some("5.12.2026"), None, &[]).unwrap_err();
        assert!(error.message_de().contains("kein Datum"), "{error}");
        assert!(error.message_en().contains("not a date"), "{error}");
        assert!(error.is_bad_request());
    }
}
