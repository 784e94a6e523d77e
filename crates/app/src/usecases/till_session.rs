//! A trading day at one till: signing in, opening with a counted float, cash in and out with a
//! reason (above the store's limit only with a manager's consent), the X-report at any time, and
//! the daily closing — counted drawer, difference booked, float for tomorrow, Z-report numbered
//! gapless per till — each in one transaction. Business days are Europe/Berlin dates.

use super::till_session_error::TillError;
use super::{ManagerConsent, UseCaseError};
use crate::App;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;
use filiale_domain::till_report::{CashDirection, CashReason};
use filiale_domain::{CashCount, Cents, ManagerAction, TillFigures};
use filiale_store::audit::{self, NewEntry, Outcome};
use filiale_store::till_sessions::{self, ClosingRow, NewClosing, NewMovement, SessionRow};
use filiale_store::{StoreError, Tx};
use filiale_workflow::VerifiedStaff;
use serde::Serialize;
use serde_json::json;

/// The Europe/Berlin date of `at`, `YYYY-MM-DD`: the business day.
pub fn business_day(at: DateTime<Utc>) -> String {
    at.with_timezone(&Berlin).date_naive().to_string()
}

/// A stored RFC 3339 time as a person in the store reads it: `06.12.2026 23:43` (Berlin).
pub fn berlin_time(stored: &str) -> String {
    DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.to_owned(),
        |t| {
            t.with_timezone(&Berlin)
                .format("%d.%m.%Y %H:%M")
                .to_string()
        },
    )
}

/// Who acts at the till: a member of staff whose PIN was checked at sign-in, or — for scripts
/// only — the store's default cashier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cashier {
    name: String,
}

impl Cashier {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A cashier named without a PIN check: the demo loader and the script default only.
    pub(crate) fn trusted(name: &str) -> Cashier {
        Cashier {
            name: name.to_owned(),
        }
    }
}

impl From<&VerifiedStaff> for Cashier {
    fn from(staff: &VerifiedStaff) -> Self {
        Cashier {
            name: staff.name().to_owned(),
        }
    }
}

/// Cash as counted: by denomination (a Zählprotokoll) or as a sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CashInput {
    Count(CashCount),
    Sum(Cents),
}

impl CashInput {
    pub fn total(&self) -> Cents {
        match self {
            CashInput::Count(count) => count.total(),
            CashInput::Sum(sum) => *sum,
        }
    }

    fn count(&self) -> Option<&CashCount> {
        match self {
            CashInput::Count(count) => Some(count),
            CashInput::Sum(_) => None,
        }
    }

    fn check(&self) -> Result<(), TillError> {
        let total = self.total();
        if total < Cents::ZERO || total > filiale_domain::money::MAX_AMOUNT {
            return Err(TillError::BadAmount { amount: total });
        }
        Ok(())
    }
}

/// What the till shows after sign-in and in `filiale till status`.
#[derive(Debug, Clone, Serialize)]
pub struct TillStatus {
    pub till_id: String,
    pub till_name: String,
    /// Today's business day (Europe/Berlin).
    pub business_day: String,
    pub session: Option<SessionRow>,
    /// The open session belongs to an earlier business day: close it first.
    pub unclosed_from_earlier_day: bool,
    /// What the drawer should hold now (open session only).
    pub cash_expected_cents: Option<Cents>,
    pub last_z_no: Option<i64>,
    /// The float the last closing left for the next opening.
    pub float_left_cents: Option<i64>,
}

/// A signed-in cashier at a till, with the till's state (an unclosed earlier day is flagged).
#[derive(Debug, Clone)]
pub struct SignIn {
    pub staff: VerifiedStaff,
    pub status: TillStatus,
}

/// The X-report: the open session's figures now; nothing changes.
#[derive(Debug, Clone, Serialize)]
pub struct XReport {
    pub till_id: String,
    pub session: SessionRow,
    pub printed_at: String,
    pub figures: TillFigures,
}

/// A recorded cash movement.
#[derive(Debug, Clone, Serialize)]
pub struct CashMovementView {
    pub movement_id: i64,
    pub till_id: String,
    pub session_no: i64,
    pub direction: CashDirection,
    pub reason: CashReason,
    pub amount_cents: Cents,
    pub approved_by: Option<String>,
    pub cash_expected_cents: Cents,
}

/// The till-session use cases of one till. Got from [`App::till_sessions`] (this PC's till) or
/// [`App::till_sessions_at`].
#[derive(Debug, Clone)]
pub struct TillSessions<'a> {
    pub(super) app: &'a App,
    pub(super) till_id: String,
}

/// The open session of `till_id` in this transaction, refused when there is none or when it
/// belongs to an earlier business day. Selling, cash movements and closing go through here.
pub(crate) fn require_open(
    tx: &Tx<'_>,
    till_id: &str,
    allow_earlier_day: bool,
) -> Result<SessionRow, UseCaseError> {
    let session =
        till_sessions::open_session(tx.db(), till_id)?.ok_or_else(|| TillError::Closed {
            till: till_id.to_owned(),
        })?;
    if !allow_earlier_day && session.business_day < business_day(tx.now()) {
        return Err(TillError::StaleSession {
            till: till_id.to_owned(),
            session_no: session.session_no,
            business_day: session.business_day,
        }
        .into());
    }
    Ok(session)
}

impl App {
    /// This PC's till's sessions: open, cash in/out, X-report, closing.
    pub fn till_sessions(&self) -> TillSessions<'_> {
        TillSessions {
            app: self,
            till_id: self.config.till_id().to_owned(),
        }
    }

    /// The sessions of another of the store's tills (the command line's `--till`).
    pub fn till_sessions_at(&self, till_id: &str) -> Result<TillSessions<'_>, UseCaseError> {
        crate::config::validate_till_id(till_id).map_err(|e| UseCaseError::Input(e.to_string()))?;
        if !self.config.knows_till(till_id) {
            return Err(TillError::UnknownTill {
                till: till_id.to_owned(),
                known: self.config.tills().into_iter().map(|t| t.id).collect(),
            }
            .into());
        }
        Ok(TillSessions {
            app: self,
            till_id: till_id.to_owned(),
        })
    }
}

impl<'a> TillSessions<'a> {
    pub fn till_id(&self) -> &str {
        &self.till_id
    }

    fn audit(
        &self,
        tx: &Tx<'_>,
        actor: &str,
        action: &str,
        details: serde_json::Value,
    ) -> Result<(), StoreError> {
        audit::record(
            tx,
            &NewEntry {
                terminal: &self.till_id,
                actor,
                action,
                outcome: Outcome::Ok,
                subject: &self.till_id,
                details,
            },
        )?;
        Ok(())
    }

    /// Signs a member of staff in at this till (PIN checked and audited; wrong PINs count towards
    /// the lockout) and reports the till's state, flagging a session left open on an earlier day.
    pub fn sign_in(&self, name: &str, pin: &str) -> Result<SignIn, UseCaseError> {
        let staff = self.app.log_in_at(&self.till_id, name, pin)?;
        Ok(SignIn {
            staff,
            status: self.status()?,
        })
    }

    /// The till's state now.
    pub fn status(&self) -> Result<TillStatus, UseCaseError> {
        let today = business_day(self.app.now());
        let till_name = self
            .app
            .config
            .tills()
            .into_iter()
            .find(|t| t.id == self.till_id)
            .map(|t| t.name)
            .unwrap_or_default();
        Ok(self.app.store.read(|c| {
            let session = till_sessions::open_session(c, &self.till_id)?;
            let expected = match &session {
                Some(s) => Some(till_sessions::cash_expected(c, s)?),
                None => None,
            };
            let last = till_sessions::closings(c, Some(&self.till_id), 1)?
                .into_iter()
                .next();
            Ok::<_, StoreError>(TillStatus {
                till_id: self.till_id.clone(),
                till_name,
                unclosed_from_earlier_day: session.as_ref().is_some_and(|s| s.business_day < today),
                business_day: today,
                session,
                cash_expected_cents: expected,
                last_z_no: last.as_ref().map(|l| l.z_no),
                float_left_cents: last.map(|l| l.float_next_cents),
            })
        })?)
    }

    /// Opens the till with a counted float. Refused while a session is open (from an earlier day:
    /// close that first).
    pub fn open(&self, cashier: &Cashier, float: &CashInput) -> Result<SessionRow, UseCaseError> {
        float.check()?;
        let day = business_day(self.app.now());
        let session = self.app.store.write(self.app.now(), |tx| {
            if let Some(open) = till_sessions::open_session(tx.db(), &self.till_id)? {
                return Err(if open.business_day < day {
                    TillError::StaleSession {
                        till: self.till_id.clone(),
                        session_no: open.session_no,
                        business_day: open.business_day,
                    }
                } else {
                    TillError::AlreadyOpen {
                        till: self.till_id.clone(),
                        session_no: open.session_no,
                        cashier: open.cashier,
                    }
                }
                .into());
            }
            let session = till_sessions::open(
                tx,
                &till_sessions::NewSession {
                    till_id: &self.till_id,
                    business_day: &day,
                    cashier: cashier.name(),
                    float: float.total(),
                    float_count: float.count(),
                },
            )?;
            crate::fiscal::sign::sign_opening(self.app, tx, &session)?;
            self.audit(
                tx,
                cashier.name(),
                "till.open",
                json!({ "session_no": session.session_no, "float_cents": float.total() }),
            )?;
            Ok::<_, UseCaseError>(session)
        })?;
        tracing::info!(till = %self.till_id, session_no = session.session_no, "till opened");
        Ok(session)
    }

    /// A second cashier takes over the open session; their sales are recorded under their name.
    pub fn take_over(&self, cashier: &Cashier) -> Result<SessionRow, UseCaseError> {
        self.app.store.write(self.app.now(), |tx| {
            let session = require_open(tx, &self.till_id, false)?;
            till_sessions::take_over(tx, session.id, cashier.name())?;
            self.audit(
                tx,
                cashier.name(),
                "till.take_over",
                json!({ "from": session.cashier }),
            )?;
            Ok(SessionRow {
                cashier: cashier.name().to_owned(),
                ..session
            })
        })
    }

    /// Cash into the drawer (change money, the owner's deposit).
    pub fn cash_in(
        &self,
        cashier: &Cashier,
        reason: CashReason,
        amount: Cents,
        note: &str,
    ) -> Result<CashMovementView, UseCaseError> {
        self.move_cash(cashier, CashDirection::In, reason, amount, note, None)
    }

    /// Cash out of the drawer; above `[till] cash_out_manager_limit_cents` only with a manager's
    /// consent, and never more than the drawer should hold.
    pub fn cash_out(
        &self,
        cashier: &Cashier,
        reason: CashReason,
        amount: Cents,
        note: &str,
        consent: Option<ManagerConsent<'_>>,
    ) -> Result<CashMovementView, UseCaseError> {
        self.move_cash(cashier, CashDirection::Out, reason, amount, note, consent)
    }

    fn move_cash(
        &self,
        cashier: &Cashier,
        direction: CashDirection,
        reason: CashReason,
        amount: Cents,
        note: &str,
        consent: Option<ManagerConsent<'_>>,
    ) -> Result<CashMovementView, UseCaseError> {
        if amount <= Cents::ZERO || amount > filiale_domain::money::MAX_AMOUNT {
            return Err(TillError::BadAmount { amount }.into());
        }
        if !reason.allows(direction) {
            return Err(TillError::Reason(
                filiale_domain::till_report::CashReasonError::WrongDirection { reason, direction },
            )
            .into());
        }
        let session = self
            .app
            .store
            .read(|c| till_sessions::open_session(c, &self.till_id))?;
        let session = session.ok_or_else(|| TillError::Closed {
            till: self.till_id.clone(),
        })?;
        let limit = Cents::new(self.app.config.store.till.cash_out_manager_limit_cents);
        let mut approved_by = None;
        if direction == CashDirection::Out {
            let available = self
                .app
                .store
                .read(|c| till_sessions::cash_expected(c, &session))?;
            if amount > available {
                return Err(TillError::BeyondDrawer {
                    requested: amount,
                    available,
                }
                .into());
            }
            if amount > limit {
                let Some(consent) = consent else {
                    return Err(TillError::NeedsManager { amount, limit }.into());
                };
                let action = ManagerAction::CashOut {
                    till_id: self.till_id.clone(),
                    reason: reason.as_str().to_owned(),
                    amount_cents: amount,
                };
                approved_by = Some(self.app.approve(consent, action)?.manager().to_owned());
            }
        }
        self.app.store.write(self.app.now(), |tx| {
            let session = require_open(tx, &self.till_id, false)?;
            if direction == CashDirection::Out {
                // Checked again in the transaction: a sale or movement may have come in between.
                let available = till_sessions::cash_expected(tx.db(), &session)?;
                if amount > available {
                    return Err(TillError::BeyondDrawer {
                        requested: amount,
                        available,
                    }
                    .into());
                }
            }
            let movement_id = till_sessions::record_movement(
                tx,
                &NewMovement {
                    session: &session,
                    direction,
                    reason,
                    amount,
                    cashier: cashier.name(),
                    approved_by: approved_by.as_deref(),
                    note,
                },
            )?;
            let signed_amount = match direction {
                CashDirection::In => amount,
                CashDirection::Out => Cents::new(-amount.get()),
            };
            let pending = crate::fiscal::sign::Pending {
                till_id: &self.till_id,
                kind: filiale_store::tse::TseRecordKind::CashMovement,
                process_type: filiale_tse::ProcessType::Kassenbeleg,
                process_data: crate::fiscal::sign::movement_data(signed_amount).to_process_data(),
            };
            crate::fiscal::sign::sign_and_record(self.app, tx, &pending, movement_id)?;
            self.audit(
                tx,
                cashier.name(),
                &format!("till.cash_{}", direction.as_str()),
                json!({ "movement_id": movement_id, "reason": reason, "amount_cents": amount,
                        "approved_by": approved_by }),
            )?;
            Ok::<_, UseCaseError>(CashMovementView {
                movement_id,
                till_id: self.till_id.clone(),
                session_no: session.session_no,
                direction,
                reason,
                amount_cents: amount,
                approved_by: approved_by.clone(),
                cash_expected_cents: till_sessions::cash_expected(tx.db(), &session)?,
            })
        })
    }

    /// The X-report of the open session (also one left open on an earlier day); changes nothing.
    pub fn x_report(&self) -> Result<XReport, UseCaseError> {
        let (session, figures) = self
            .app
            .store
            .read(|c| {
                let Some(session) = till_sessions::open_session(c, &self.till_id)? else {
                    return Ok(None);
                };
                let figures = till_sessions::figures(c, &session)?;
                Ok::<_, StoreError>(Some((session, figures)))
            })?
            .ok_or_else(|| TillError::Closed {
                till: self.till_id.clone(),
            })?;
        Ok(XReport {
            till_id: self.till_id.clone(),
            session,
            printed_at: self.app.now().to_rfc3339(),
            figures,
        })
    }

    /// The daily closing: the drawer counted, the difference to what it should hold booked, the
    /// float for tomorrow kept, the Z-report written — one transaction. Also closes a session
    /// left open on an earlier day.
    pub fn close(
        &self,
        cashier: &Cashier,
        counted: &CashInput,
        float_next: Cents,
    ) -> Result<ClosingRow, UseCaseError> {
        counted.check()?;
        let total = counted.total();
        if float_next < Cents::ZERO {
            return Err(TillError::BadAmount { amount: float_next }.into());
        }
        if float_next > total {
            return Err(TillError::FloatAboveCounted {
                float_next,
                counted: total,
            }
            .into());
        }
        // A TSE transaction started and never finished (a crash, an outage mid-sale) is finished
        // as aborted first, so that the closing leaves none open.
        crate::fiscal::sign::finish_open_transactions(self.app, &self.till_id);
        let closing = self.app.store.write(self.app.now(), |tx| {
            let session = require_open(tx, &self.till_id, true)?;
            let figures = till_sessions::figures(tx.db(), &session)?;
            let (pending, attempt, tse_counters) =
                crate::fiscal::sign::sign_closing(self.app, tx, &self.till_id, &figures)?;
            let closing = till_sessions::record_closing(
                tx,
                &NewClosing {
                    session: &session,
                    closed_by: cashier.name(),
                    figures: &figures,
                    counted: total,
                    count: counted.count(),
                    float_next,
                    tse_counters,
                },
            )?;
            let closing_id = till_sessions::closing_id(tx.db(), &self.till_id, closing.z_no)?
                .ok_or_else(|| StoreError::Malformed("closing not written".into()))?;
            crate::fiscal::sign::record(tx, &pending, closing_id, attempt)?;
            self.audit(
                tx,
                cashier.name(),
                "till.close",
                json!({ "z_no": closing.z_no, "counted_cents": total,
                        "difference_cents": closing.difference_cents }),
            )?;
            filiale_failpoint::hit("till.close.before_commit").map_err(StoreError::from)?;
            Ok::<_, UseCaseError>(closing)
        })?;
        tracing::info!(
            till = %self.till_id,
            z_no = closing.z_no,
            difference_cents = closing.difference_cents,
            "till closed"
        );
        Ok(closing)
    }

    /// This till's closings, newest first.
    pub fn closings(&self, limit: i64) -> Result<Vec<ClosingRow>, UseCaseError> {
        Ok(self
            .app
            .store
            .read(|c| till_sessions::closings(c, Some(&self.till_id), limit))?)
    }

    /// The closings of every till of the store, newest first (the back office's list).
    pub fn all_closings(&self, limit: i64) -> Result<Vec<ClosingRow>, UseCaseError> {
        Ok(self
            .app
            .store
            .read(|c| till_sessions::closings(c, None, limit))?)
    }
}

#[cfg(test)]
#[path = "till_session_tests.rs"]
mod tests;
