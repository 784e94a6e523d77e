//! Why a fiscal use case did nothing: the TSE refused (an alarm stops the till), or an export
//! over a range that has nothing to export. Each in German and English; nothing was changed.

use filiale_tse::TseError;

/// A fiscal refusal. `Display` gives "deutsch / english".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} / {}", self.message_de(), self.message_en())]
pub enum FiscalError {
    /// The TSE refused to sign (or to open): the business case is not made.
    TseRefused(TseError),
    /// The TSE handed out a signature counter not above one already stored here: its state was
    /// restored from an old copy. The business case is not made; the till stops signing.
    CounterWentBackwards {
        serial: String,
        given: u64,
        stored: i64,
    },
    /// The TSE cannot be reached for a command that needs it (status, export).
    TseUnreachable(TseError),
    /// `--from` after `--to`, or a date that is not one.
    BadRange { detail: String },
    /// No closing, no sale, nothing in the range.
    NothingInRange { from: String, to: String },
    /// Sales in the range, but their till has not been closed yet.
    NotClosedYet {
        from: String,
        to: String,
        sessions: i64,
        sales: i64,
    },
    /// The export refused the data (a sum that does not reconcile, a value too long).
    Export { de: String, en: String },
    /// Writing the output file failed.
    Output { path: String, detail: String },
}

impl FiscalError {
    /// A stable code for the windows (crossing as `till_refused` with these words).
    pub fn code(&self) -> &'static str {
        match self {
            FiscalError::TseRefused(_) => "tse_refused",
            FiscalError::CounterWentBackwards { .. } => "tse_counter_backwards",
            FiscalError::TseUnreachable(_) => "tse_unreachable",
            FiscalError::BadRange { .. } => "export_bad_range",
            FiscalError::NothingInRange { .. } => "export_nothing",
            FiscalError::NotClosedYet { .. } => "export_not_closed",
            FiscalError::Export { .. } => "export_refused",
            FiscalError::Output { .. } => "export_output",
        }
    }

    pub fn message_de(&self) -> String {
        match self {
            FiscalError::TseRefused(error) => format!(
                "Die TSE hat abgelehnt, nichts wurde gebucht: {}",
                error.message_de()
            ),
            FiscalError::CounterWentBackwards {
                serial,
                given,
                stored,
            } => format!(
                "ALARM: Die TSE {} gab den Signaturzähler {given}, gespeichert ist schon {stored}; \
                 ihr Zustand wurde zurückgesetzt. Nichts wurde gebucht, die Kasse signiert nicht \
                 mehr, bis die TSE geprüft ist",
                short(serial)
            ),
            FiscalError::TseUnreachable(error) => {
                format!("Die TSE antwortet nicht: {}", error.message_de())
            }
            FiscalError::BadRange { detail } => format!("Ungültiger Zeitraum: {detail}"),
            FiscalError::NothingInRange { from, to } => format!(
                "Vom {from} bis {to} gibt es keinen Tagesabschluss und keine Buchung: nichts zu \
                 exportieren"
            ),
            FiscalError::NotClosedYet {
                from,
                to,
                sessions,
                sales,
            } => format!(
                "Vom {from} bis {to} gibt es noch keinen Tagesabschluss ({sessions} offene Kasse(n) \
                 mit {sales} Verkäufen): erst die Kasse abschließen (filiale till close), dann \
                 exportieren"
            ),
            FiscalError::Export { de, .. } => format!("Export abgelehnt: {de}"),
            FiscalError::Output { path, detail } => {
                format!("Die Datei {path} kann nicht geschrieben werden: {detail}")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            FiscalError::TseRefused(error) => format!(
                "the TSE refused, nothing was booked: {}",
                error.message_en()
            ),
            FiscalError::CounterWentBackwards {
                serial,
                given,
                stored,
            } => format!(
                "ALARM: TSE {} gave signature counter {given}, but {stored} is already stored; its \
                 state was reset. Nothing was booked; the till does not sign until the TSE is \
                 checked",
                short(serial)
            ),
            FiscalError::TseUnreachable(error) => {
                format!("the TSE does not answer: {}", error.message_en())
            }
            FiscalError::BadRange { detail } => format!("invalid range: {detail}"),
            FiscalError::NothingInRange { from, to } => format!(
                "there is no daily closing and nothing booked from {from} to {to}: nothing to \
                 export"
            ),
            FiscalError::NotClosedYet {
                from,
                to,
                sessions,
                sales,
            } => format!(
                "there is no daily closing from {from} to {to} yet ({sessions} open till(s) with \
                 {sales} sales): close the till first (filiale till close), then export"
            ),
            FiscalError::Export { en, .. } => format!("export refused: {en}"),
            FiscalError::Output { path, detail } => format!("cannot write {path}: {detail}"),
        }
    }
}

/// The first 16 hex digits of a serial number, as people compare them.
pub fn short(serial: &str) -> &str {
    serial.get(..16).unwrap_or(serial)
}
