//! Why a till session use case (opening, cash in/out, closing, selling on a closed till) did
//! nothing: typed, with a code for the windows and a message in German and English.

use filiale_domain::till_report::CashReasonError;
use filiale_domain::{CashCountError, Cents};

/// A refusal at the till. `Display` gives "deutsch / english"; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} / {}", self.message_de(), self.message_en())]
pub enum TillError {
    /// The till has no open session: it cannot sell, move cash or close.
    Closed { till: String },
    /// The till is already open.
    AlreadyOpen {
        till: String,
        session_no: i64,
        cashier: String,
    },
    /// The open session belongs to an earlier business day and must be closed first.
    StaleSession {
        till: String,
        session_no: i64,
        business_day: String,
    },
    /// A till id the store's configuration does not list.
    UnknownTill { till: String, known: Vec<String> },
    /// An amount that is zero, negative or too large.
    BadAmount { amount: Cents },
    /// More cash out than the drawer should hold.
    BeyondDrawer { requested: Cents, available: Cents },
    /// A cash out above the store's limit without a manager's approval.
    NeedsManager { amount: Cents, limit: Cents },
    /// The float for tomorrow is more than was counted.
    FloatAboveCounted { float_next: Cents, counted: Cents },
    /// A count that cannot be taken (negative, unknown denomination, too many pieces).
    Count(CashCountError),
    /// A cash reason that is not on the list or does not fit the direction.
    Reason(CashReasonError),
    /// Nobody is signed in at the till's window: sign in first.
    NotSignedIn { till: String },
    /// The till's window locked itself after `minutes` without activity: sign in again.
    IdleLocked { till: String, minutes: u32 },
    /// The open session is held by another cashier: take it over first.
    HeldByOther { till: String, cashier: String },
}

fn eur(amount: Cents) -> String {
    format!("{} €", amount.to_german())
}

fn eur_en(amount: Cents) -> String {
    let cents = amount.get();
    let sign = if cents < 0 { "-" } else { "" };
    format!("EUR {sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

impl TillError {
    /// A stable code for the windows.
    pub fn code(&self) -> &'static str {
        match self {
            TillError::Closed { .. } => "till_closed",
            TillError::AlreadyOpen { .. } => "till_already_open",
            TillError::StaleSession { .. } => "till_not_closed_yesterday",
            TillError::UnknownTill { .. } => "unknown_till",
            TillError::BadAmount { .. } => "invalid_amount",
            TillError::BeyondDrawer { .. } => "beyond_drawer",
            TillError::NeedsManager { .. } => "needs_manager",
            TillError::FloatAboveCounted { .. } => "float_above_counted",
            TillError::Count(_) => "invalid_count",
            TillError::Reason(_) => "invalid_reason",
            TillError::NotSignedIn { .. } => "not_signed_in",
            TillError::IdleLocked { .. } => "idle_locked",
            TillError::HeldByOther { .. } => "held_by_other",
        }
    }

    pub fn message_de(&self) -> String {
        match self {
            TillError::Closed { till } => format!(
                "Kasse {till} ist nicht geöffnet: erst mit Anfangsbestand öffnen (filiale till open)"
            ),
            TillError::AlreadyOpen {
                till,
                session_no,
                cashier,
            } => format!("Kasse {till} ist bereits geöffnet (Sitzung {session_no}, {cashier})"),
            TillError::StaleSession {
                till,
                session_no,
                business_day,
            } => format!(
                "Kasse {till} wurde am {} nicht abgeschlossen (Sitzung {session_no}): erst den Kassenabschluss machen",
                german_day(business_day)
            ),
            TillError::UnknownTill { till, known } => {
                format!(
                    "Kasse {till:?} gibt es nicht (bekannt: {})",
                    known.join(", ")
                )
            }
            TillError::BadAmount { amount } => {
                format!(
                    "Der Betrag {} ist ungültig: er muss größer als 0 sein",
                    eur(*amount)
                )
            }
            TillError::BeyondDrawer {
                requested,
                available,
            } => format!(
                "Auszahlung {} ist mehr als in der Kasse sein sollte ({})",
                eur(*requested),
                eur(*available)
            ),
            TillError::NeedsManager { amount, limit } => format!(
                "Eine Auszahlung von {} (über {}) braucht die Freigabe der Filialleitung (Name und PIN)",
                eur(*amount),
                eur(*limit)
            ),
            TillError::FloatAboveCounted {
                float_next,
                counted,
            } => format!(
                "Der Wechselgeldbestand für morgen ({}) ist höher als das Gezählte ({})",
                eur(*float_next),
                eur(*counted)
            ),
            TillError::Count(e) => e.message_de(),
            TillError::Reason(e) => e.to_string(),
            TillError::NotSignedIn { till } => {
                format!("An Kasse {till} ist niemand angemeldet: bitte mit Name und PIN anmelden")
            }
            TillError::IdleLocked { till, minutes } => format!(
                "Kasse {till} wurde nach {minutes} Minuten ohne Eingabe gesperrt: bitte neu anmelden"
            ),
            TillError::HeldByOther { till, cashier } => {
                format!("Kasse {till} wird von {cashier} geführt: erst die Kasse übernehmen")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            TillError::Closed { till } => {
                format!("till {till} is not open: open it with a float first (filiale till open)")
            }
            TillError::AlreadyOpen {
                till,
                session_no,
                cashier,
            } => format!("till {till} is already open (session {session_no}, {cashier})"),
            TillError::StaleSession {
                till,
                session_no,
                business_day,
            } => format!(
                "till {till} was not closed on {business_day} (session {session_no}): close it first"
            ),
            TillError::UnknownTill { till, known } => {
                format!("there is no till {till:?} (known: {})", known.join(", "))
            }
            TillError::BadAmount { amount } => {
                format!(
                    "the amount {} is invalid: it must be above 0",
                    eur_en(*amount)
                )
            }
            TillError::BeyondDrawer {
                requested,
                available,
            } => format!(
                "a cash out of {} is more than the drawer should hold ({})",
                eur_en(*requested),
                eur_en(*available)
            ),
            TillError::NeedsManager { amount, limit } => format!(
                "a cash out of {} (above {}) needs the store manager's approval (name and PIN)",
                eur_en(*amount),
                eur_en(*limit)
            ),
            TillError::FloatAboveCounted {
                float_next,
                counted,
            } => format!(
                "the float for tomorrow ({}) is more than was counted ({})",
                eur_en(*float_next),
                eur_en(*counted)
            ),
            TillError::Count(e) => e.message_en(),
            TillError::Reason(e) => e.to_string(),
            TillError::NotSignedIn { till } => {
                format!("nobody is signed in at till {till}: sign in with name and PIN")
            }
            TillError::IdleLocked { till, minutes } => format!(
                "till {till} locked itself after {minutes} minutes without input: sign in again"
            ),
            TillError::HeldByOther { till, cashier } => {
                format!("till {till} is held by {cashier}: take it over first")
            }
        }
    }
}

/// `2026-12-06` as `06.12.2026`.
pub(crate) fn german_day(day: &str) -> String {
    match day.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] => format!("{d}.{m}.{y}"),
        _ => day.to_owned(),
    }
}

impl From<CashCountError> for TillError {
    fn from(error: CashCountError) -> Self {
        TillError::Count(error)
    }
}

impl From<CashReasonError> for TillError {
    fn from(error: CashReasonError) -> Self {
        TillError::Reason(error)
    }
}
