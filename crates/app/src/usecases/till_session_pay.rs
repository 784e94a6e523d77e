//! Selling at a till whose window has a cashier signed in: the cart is paid in the till's open
//! session of today, and only by the cashier who holds that session (a second cashier takes the
//! till over first). Scripts sell through `till_script.rs` instead.

use super::UseCaseError;
use super::till_session::{Cashier, TillSessions, business_day};
use super::till_session_error::TillError;
use filiale_domain::{Sale, Tender};
use filiale_store::till_sessions::{self, SessionRow};

impl TillSessions<'_> {
    /// The session `cashier` sells in now: the till's open session of today, held by them.
    /// Refused when the till is closed, still open from an earlier day, or held by another cashier.
    pub fn selling_session(&self, cashier: &Cashier) -> Result<SessionRow, UseCaseError> {
        let session = self
            .app
            .store
            .read(|c| till_sessions::open_session(c, &self.till_id))?
            .ok_or_else(|| TillError::Closed {
                till: self.till_id.clone(),
            })?;
        if session.business_day < business_day(self.app.now()) {
            return Err(TillError::StaleSession {
                till: self.till_id.clone(),
                session_no: session.session_no,
                business_day: session.business_day,
            }
            .into());
        }
        if session.cashier != cashier.name() {
            return Err(TillError::HeldByOther {
                till: self.till_id.clone(),
                cashier: session.cashier,
            }
            .into());
        }
        Ok(session)
    }

    /// Pays the till's cart for `cashier` in the open session (see
    /// [`TillSessions::selling_session`]); a closed till is refused, never opened.
    pub fn pay_as(&self, cashier: &Cashier, tender: Tender) -> Result<Sale, UseCaseError> {
        self.selling_session(cashier)?;
        self.app.till_at(&self.till_id)?.pay(tender)
    }
}

#[cfg(test)]
#[path = "till_session_pay_tests.rs"]
mod tests;
