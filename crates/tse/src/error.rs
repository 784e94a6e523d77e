//! Typed TSE errors: "unreachable" (try again later) versus "refused" (the TSE will not do this),
//! each with a German and an English message.

use std::fmt;

/// Why a TSE call failed. The till branches on the two kinds:
/// [`TseError::Unreachable`] means the business case may be signed later (the law allows a receipt
/// with "TSE ausgefallen" and a later retry); [`TseError::Refused`] means the call was wrong or the
/// TSE raised an alarm, and retrying the same call will not help.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TseError {
    #[error("{0}")]
    Unreachable(Unreachable),
    #[error("{0}")]
    Refused(Refusal),
}

impl TseError {
    /// True when the TSE could not be reached and the same call may succeed later.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, TseError::Unreachable(_))
    }

    /// True when the TSE refused the call.
    pub fn is_refused(&self) -> bool {
        matches!(self, TseError::Refused(_))
    }

    pub fn message_de(&self) -> String {
        match self {
            TseError::Unreachable(reason) => reason.message_de(),
            TseError::Refused(refusal) => refusal.message_de(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            TseError::Unreachable(reason) => reason.message_en(),
            TseError::Refused(refusal) => refusal.message_en(),
        }
    }

    pub(crate) fn io(action: &'static str, error: &std::io::Error) -> TseError {
        TseError::Unreachable(Unreachable::Io {
            action,
            detail: error.to_string(),
        })
    }

    pub(crate) fn corrupt(detail: impl Into<String>) -> TseError {
        TseError::Refused(Refusal::StateCorrupt {
            detail: detail.into(),
        })
    }
}

/// Why the TSE could not be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreachable {
    /// Reading or writing the TSE's storage failed (disk full, device gone, permissions).
    Io {
        action: &'static str,
        detail: String,
    },
    /// Another process holds the TSE.
    InUse,
    /// A test switched the TSE off ([`crate::FailingTse`]).
    Simulated,
}

impl Unreachable {
    pub fn message_de(&self) -> String {
        match self {
            Unreachable::Io { action, detail } => {
                format!("TSE nicht erreichbar ({action}: {detail}); bitte später erneut versuchen")
            }
            Unreachable::InUse => {
                "TSE nicht erreichbar: sie wird von einem anderen Programm benutzt".to_owned()
            }
            Unreachable::Simulated => "TSE nicht erreichbar (simulierter Ausfall)".to_owned(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Unreachable::Io { action, detail } => {
                format!("TSE unreachable ({action}: {detail}); please try again later")
            }
            Unreachable::InUse => "TSE unreachable: another program is using it".to_owned(),
            Unreachable::Simulated => "TSE unreachable (simulated outage)".to_owned(),
        }
    }
}

impl fmt::Display for Unreachable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_de(), self.message_en())
    }
}

/// Which counter an alarm is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    Signature,
    Transaction,
}

impl Counter {
    fn name_de(self) -> &'static str {
        match self {
            Counter::Signature => "Signaturzähler",
            Counter::Transaction => "Transaktionsnummer",
        }
    }

    fn name_en(self) -> &'static str {
        match self {
            Counter::Signature => "signature counter",
            Counter::Transaction => "transaction number",
        }
    }
}

/// Why the TSE refused a call. Nothing was signed and nothing changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A client id must be 1 to 30 characters: letters, digits, `-` and `.`.
    InvalidClientId { given: String },
    /// The client id is not registered with this TSE.
    UnknownClient { client_id: String },
    /// No open transaction has this number (never started, or already finished).
    TransactionNotOpen { transaction_number: u64 },
    /// The transaction was started by another client.
    TransactionOfOtherClient {
        transaction_number: u64,
        owner: String,
    },
    /// Process data larger than the TSE accepts.
    ProcessDataTooLarge { bytes: usize, limit: usize },
    /// Alarm: the stored counter is lower than a counter already used. The state was tampered with
    /// or restored from an old backup; signing again could repeat a number.
    CounterWentBackwards {
        counter: Counter,
        stored: u64,
        already_used: u64,
    },
    /// Alarm: the log holds messages signed with another key.
    KeyMismatch,
    /// Alarm: the TSE's stored state cannot be read as written.
    StateCorrupt { detail: String },
}

impl Refusal {
    pub fn message_de(&self) -> String {
        match self {
            Refusal::InvalidClientId { given } => format!(
                "Ungültige Kassen-ID {given:?}: 1 bis 30 Zeichen, nur Buchstaben, Ziffern, '-' und '.'"
            ),
            Refusal::UnknownClient { client_id } => {
                format!("Die Kasse {client_id:?} ist bei dieser TSE nicht angemeldet")
            }
            Refusal::TransactionNotOpen { transaction_number } => {
                format!("Transaktion {transaction_number} ist nicht offen")
            }
            Refusal::TransactionOfOtherClient {
                transaction_number,
                owner,
            } => format!(
                "Transaktion {transaction_number} gehört zur Kasse {owner:?}, nicht zu dieser"
            ),
            Refusal::ProcessDataTooLarge { bytes, limit } => {
                format!("Vorgangsdaten zu groß: {bytes} Bytes, höchstens {limit} Bytes erlaubt")
            }
            Refusal::CounterWentBackwards {
                counter,
                stored,
                already_used,
            } => format!(
                "ALARM: {} der TSE ist zurückgegangen (gespeichert {stored}, bereits vergeben \
                 {already_used}); die TSE signiert nicht mehr",
                counter.name_de()
            ),
            Refusal::KeyMismatch => "ALARM: Das Protokoll der TSE wurde mit einem anderen \
                                     Schlüssel signiert; die TSE signiert nicht mehr"
                .to_owned(),
            Refusal::StateCorrupt { detail } => format!(
                "ALARM: Gespeicherter Zustand der TSE ist beschädigt ({detail}); \
                 die TSE signiert nicht mehr"
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Refusal::InvalidClientId { given } => format!(
                "Invalid client id {given:?}: 1 to 30 characters, only letters, digits, '-' and '.'"
            ),
            Refusal::UnknownClient { client_id } => {
                format!("The till {client_id:?} is not registered with this TSE")
            }
            Refusal::TransactionNotOpen { transaction_number } => {
                format!("Transaction {transaction_number} is not open")
            }
            Refusal::TransactionOfOtherClient {
                transaction_number,
                owner,
            } => {
                format!("Transaction {transaction_number} belongs to till {owner:?}, not this one")
            }
            Refusal::ProcessDataTooLarge { bytes, limit } => {
                format!("Process data too large: {bytes} bytes, at most {limit} bytes allowed")
            }
            Refusal::CounterWentBackwards {
                counter,
                stored,
                already_used,
            } => format!(
                "ALARM: the TSE's {} went backwards (stored {stored}, already used \
                 {already_used}); the TSE no longer signs",
                counter.name_en()
            ),
            Refusal::KeyMismatch => "ALARM: the TSE's log was signed with another key; \
                                     the TSE no longer signs"
                .to_owned(),
            Refusal::StateCorrupt { detail } => format!(
                "ALARM: the TSE's stored state is damaged ({detail}); the TSE no longer signs"
            ),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_de(), self.message_en())
    }
}
