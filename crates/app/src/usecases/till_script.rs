//! Selling from scripts without opening the till first (`filiale sell`, `filiale cart pay`): a
//! closed till is opened with a zero float for the store's default cashier inside the sale's own
//! transaction, so a refused sale opens nothing either.

use super::UseCaseError;
use super::till_session::{TillSessions, business_day};
use filiale_domain::{Cart, Cents, Role, Sale, Tender};
use filiale_store::Tx;
use filiale_store::audit::{self, NewEntry, Outcome};
use filiale_store::till_sessions::{self, SessionRow};
use serde_json::json;

/// Opens `till_id` in this transaction with a zero float for `cashier` when it has no open
/// session (scripts that sell without opening the till). `Some` when it opened one.
pub(crate) fn open_if_closed(
    app: &crate::App,
    tx: &mut Tx<'_>,
    till_id: &str,
    cashier: &str,
) -> Result<Option<SessionRow>, UseCaseError> {
    if till_sessions::open_session(tx.db(), till_id)?.is_some() {
        return Ok(None);
    }
    let day = business_day(tx.now());
    let session = till_sessions::open(
        tx,
        &till_sessions::NewSession {
            till_id,
            business_day: &day,
            cashier,
            float: Cents::ZERO,
            float_count: None,
        },
    )?;
    audit::record(
        tx,
        &NewEntry {
            terminal: till_id,
            actor: cashier,
            action: "till.open",
            outcome: Outcome::Ok,
            subject: till_id,
            details: json!({ "session_no": session.session_no, "float_cents": 0, "by": "script" }),
        },
    )?;
    crate::fiscal::sign::sign_opening(app, tx, &session)?;
    Ok(Some(session))
}

impl TillSessions<'_> {
    /// The cashier a script sells as: `Kasse` when on the staff list, else the first manager
    /// (`Kasse` in a store without staff).
    pub fn default_cashier(&self) -> Result<String, UseCaseError> {
        let staff = self.app.staff().list()?;
        Ok(staff
            .iter()
            .find(|m| m.name == crate::demo::DEMO_CASHIER)
            .or_else(|| staff.iter().find(|m| m.role == Role::Manager))
            .map_or(crate::demo::DEMO_CASHIER, |m| m.name.as_str())
            .to_owned())
    }

    /// For scripts: the till's open session, or a new one with a zero float for the
    /// [`TillSessions::default_cashier`]. `Some` when it opened one.
    pub fn open_for_script(&self) -> Result<Option<SessionRow>, UseCaseError> {
        let cashier = self.default_cashier()?;
        self.app.store.write(self.app.now(), |tx| {
            open_if_closed(self.app, tx, &self.till_id, &cashier)
        })
    }

    /// A script's sale (`filiale sell`): a closed till is opened with a zero float for the
    /// default cashier in the sale's own transaction, so a refused sale opens nothing. Returns the
    /// session opened, if one was.
    pub fn sell_as_script(
        &self,
        cart: &Cart,
        tender: Tender,
        customer_no: Option<&str>,
    ) -> Result<(Sale, Option<SessionRow>), UseCaseError> {
        let cashier = self.default_cashier()?;
        self.app
            .till_at(&self.till_id)?
            .sell_in(cart, tender, customer_no, Some(&cashier))
    }

    /// A script's payment of the till's cart (`filiale cart pay`), opening a closed till as
    /// [`TillSessions::sell_as_script`] does.
    pub fn pay_as_script(
        &self,
        tender: Tender,
    ) -> Result<(Sale, Option<SessionRow>), UseCaseError> {
        let cashier = self.default_cashier()?;
        self.app
            .till_at(&self.till_id)?
            .pay_in(tender, Some(&cashier))
    }
}

/// Tests that sell without caring about the till's day: closes a session left from an earlier day
/// (counted as expected) and opens the till for the script cashier.
#[cfg(test)]
pub(crate) fn ready_to_sell(app: &crate::App) {
    let till = app.till_sessions();
    let status = till.status().unwrap();
    if status.unclosed_from_earlier_day {
        let expected = status.cash_expected_cents.unwrap();
        till.close(
            &super::Cashier::trusted("Kasse"),
            &super::CashInput::Sum(expected),
            Cents::ZERO,
        )
        .unwrap();
    }
    till.open_for_script().unwrap();
}
