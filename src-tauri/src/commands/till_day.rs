//! The trading day's commands of the cashier window: the till's state, sign-in, "Kasse sperren",
//! taking the till over, opening with a float, cash in and out, the X-report, the daily closing
//! (Z-report) and the back office's list of closings. Who is signed in is kept by
//! [`SignedIn`]; what sells or moves cash refuses without a signed-in cashier.

use super::UiResult;
use crate::signed_in::{SignedIn, SignedInView};
use filiale_app::App;
use filiale_app::dto::{
    CashCountInput, CashMovementDone, CashReasonView, ManagerPin, TillStatusView, XReportView,
    ZReportView, cash_reasons,
};
use filiale_app::usecases::{Cashier, TillError, UseCaseError};
use filiale_app::{ErrorCode, dto::Cents};
use serde::Serialize;
use std::time::Instant;
use tauri::State;

/// What the cashier window needs to choose its screen: the till, who is signed in, the idle time
/// after which it locks, the cash-out limit and the list of cash reasons.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct TillScreen {
    pub status: TillStatusView,
    pub signed_in: Option<SignedInView>,
    /// 0: the till locks only by hand.
    pub lock_after_minutes: u32,
    /// A cash out above this needs a manager's name and PIN.
    pub cash_out_manager_limit_cents: i64,
    pub reasons: Vec<CashReasonView>,
}

fn screen(app: &App, signed: &SignedIn) -> UiResult<TillScreen> {
    let status = app.till_sessions().status()?;
    Ok(TillScreen {
        status: TillStatusView::from(&status),
        signed_in: signed.who(Instant::now()),
        lock_after_minutes: signed.lock_after_minutes(),
        cash_out_manager_limit_cents: app.config().store.till.cash_out_manager_limit_cents,
        reasons: cash_reasons(),
    })
}

fn till_refused(error: TillError) -> ErrorCode {
    UseCaseError::from(error).into()
}

/// The cashier acting now (counts as activity), or the refusal that sends the window to sign-in.
pub fn acting(signed: &SignedIn) -> UiResult<Cashier> {
    signed.act(Instant::now())
}

#[tauri::command]
#[specta::specta]
pub fn till_status(app: State<'_, App>, signed: State<'_, SignedIn>) -> UiResult<TillScreen> {
    screen(&app, &signed)
}

/// Signs a member of staff in at this window's till (name and PIN; wrong PINs count towards the
/// lockout). The answer flags a session left open on an earlier day.
#[tauri::command]
#[specta::specta]
pub fn till_sign_in(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    name: String,
    pin: String,
) -> UiResult<TillScreen> {
    let signed_in = app.till_sessions().sign_in(&name, &pin)?;
    signed.sign_in(
        Cashier::from(&signed_in.staff),
        signed_in.staff.role(),
        Instant::now(),
    );
    screen(&app, &signed)
}

/// "Kasse sperren": nobody is signed in until the next sign-in.
#[tauri::command]
#[specta::specta]
pub fn till_lock(signed: State<'_, SignedIn>) {
    signed.lock();
}

/// The window saw the cashier work (typing, searching): keeps the till from locking.
#[tauri::command]
#[specta::specta]
pub fn till_keep_alive(signed: State<'_, SignedIn>) -> UiResult<()> {
    acting(&signed).map(|_| ())
}

/// The signed-in cashier takes over the open session from the cashier who held it.
#[tauri::command]
#[specta::specta]
pub fn till_take_over(app: State<'_, App>, signed: State<'_, SignedIn>) -> UiResult<TillScreen> {
    let cashier = acting(&signed)?;
    app.till_sessions().take_over(&cashier)?;
    screen(&app, &signed)
}

/// Opens the till with a float counted by denomination or entered as a sum.
#[tauri::command]
#[specta::specta]
pub fn till_open(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    float: CashCountInput,
) -> UiResult<TillScreen> {
    let cashier = acting(&signed)?;
    let float = float.parse().map_err(till_refused)?;
    app.till_sessions().open(&cashier, &float)?;
    screen(&app, &signed)
}

/// Cash into (`in`) or out of (`out`) the drawer with a reason of the list; a cash out above the
/// store's limit is refused as `needs_manager` until a manager's name and PIN come along.
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub fn till_cash_move(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    direction: String,
    reason: String,
    amount_cents: i64,
    note: String,
    manager: Option<String>,
    manager_pin: Option<String>,
) -> UiResult<CashMovementDone> {
    let cashier = acting(&signed)?;
    let reason = filiale_app::dto::CashReason::parse(&reason)
        .map_err(|e| till_refused(TillError::Reason(e)))?;
    let amount = Cents::new(amount_cents);
    let sessions = app.till_sessions();
    let done = match direction.as_str() {
        "in" => sessions.cash_in(&cashier, reason, amount, note.trim())?,
        "out" => {
            let given = match (manager.as_deref(), manager_pin.as_deref()) {
                (Some(manager), Some(pin)) => Some(ManagerPin { manager, pin }),
                _ => None,
            };
            sessions.cash_out(&cashier, reason, amount, note.trim(), given.map(Into::into))?
        }
        other => {
            return Err(ErrorCode::InvalidInput {
                detail: format!("direction {other:?}: in or out"),
            });
        }
    };
    Ok(CashMovementDone::from(&done))
}

/// The X-report of the open session; changes nothing.
#[tauri::command]
#[specta::specta]
pub fn till_x_report(app: State<'_, App>, signed: State<'_, SignedIn>) -> UiResult<XReportView> {
    acting(&signed)?;
    Ok(XReportView::from(&app.till_sessions().x_report()?))
}

/// The daily closing: the drawer counted, the float for tomorrow kept; answers the Z-report.
#[tauri::command]
#[specta::specta]
pub fn till_close(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    counted: CashCountInput,
    float_next_cents: i64,
) -> UiResult<ZReportView> {
    let cashier = acting(&signed)?;
    let counted = counted.parse().map_err(till_refused)?;
    let closing = app
        .till_sessions()
        .close(&cashier, &counted, Cents::new(float_next_cents))?;
    Ok(ZReportView::from(&closing))
}

/// The closings of one till (`till`) or of all the store's tills, newest first.
#[tauri::command]
#[specta::specta]
pub fn till_closings(
    app: State<'_, App>,
    till: Option<String>,
    limit: i64,
) -> UiResult<Vec<ZReportView>> {
    let limit = limit.clamp(1, 1000);
    let rows = match till.as_deref() {
        Some(till) => app.till_sessions_at(till)?.closings(limit)?,
        None => app.till_sessions().all_closings(limit)?,
    };
    Ok(rows.iter().map(ZReportView::from).collect())
}
