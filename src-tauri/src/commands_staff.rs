//! Tauri commands of the back office's receipts, staff and audit pages: receipts looked up and
//! refunded, the staff list changed, the audit log read and the hash chain verified. Each change
//! carries the approving manager's name and PIN, which go straight to the core and are never kept.

use crate::commands::UiResult;
use filiale_app::App;
use filiale_app::dto::{
    AuditEntry, AuditFilter, ChainCheck, ManagerPin, Refund, RefundLineInput, RefundableReceipt,
    StaffRow,
};
use filiale_app::usecases::parse_role;
use tauri::State;

/// A receipt with its lines, what is left to refund of each, and the refunds so far.
#[tauri::command]
pub fn receipt_refundable(app: State<'_, App>, receipt_no: i64) -> UiResult<RefundableReceipt> {
    Ok(app.back_office().refundable_receipt(receipt_no)?)
}

/// Gives back `lines` of a receipt or, without lines, voids what is left of it (refused PINs:
/// `wrong_pin`, `locked_out`, `unknown_manager`, `not_a_manager`; too many units: `refund_refused`).
#[tauri::command]
pub fn receipt_refund(
    app: State<'_, App>,
    receipt_no: i64,
    lines: Option<Vec<RefundLineInput>>,
    reason: String,
    manager: String,
    pin: String,
) -> UiResult<Refund> {
    let given = ManagerPin {
        manager: &manager,
        pin: &pin,
    };
    Ok(app
        .back_office()
        .refund(receipt_no, lines.as_deref(), &reason, given.into())?)
}

#[tauri::command]
pub fn staff_list(app: State<'_, App>) -> UiResult<Vec<StaffRow>> {
    Ok(app.staff().rows()?)
}

/// Adds a cashier or manager; without a manager's PIN only while the store has no manager.
#[tauri::command]
pub fn staff_add(
    app: State<'_, App>,
    name: String,
    role: String,
    pin: String,
    manager: Option<String>,
    manager_pin: Option<String>,
) -> UiResult<()> {
    let given = match (manager.as_deref(), manager_pin.as_deref()) {
        (Some(manager), Some(pin)) => Some(ManagerPin { manager, pin }),
        _ => None,
    };
    Ok(app
        .staff()
        .add(&name, parse_role(&role)?, &pin, given.map(Into::into))?)
}

#[tauri::command]
pub fn staff_reset_pin(
    app: State<'_, App>,
    name: String,
    pin: String,
    manager: String,
    manager_pin: String,
) -> UiResult<()> {
    let given = ManagerPin {
        manager: &manager,
        pin: &manager_pin,
    };
    Ok(app.staff().reset_pin(&name, &pin, given.into())?)
}

#[tauri::command]
pub fn staff_set_role(
    app: State<'_, App>,
    name: String,
    role: String,
    manager: String,
    manager_pin: String,
) -> UiResult<()> {
    let given = ManagerPin {
        manager: &manager,
        pin: &manager_pin,
    };
    Ok(app
        .staff()
        .set_role(&name, parse_role(&role)?, given.into())?)
}

/// The most recent `limit` audit entries of `actor` and `action` (a name or a family such as
/// `sale`, `staff`, `authorization`), oldest first.
#[tauri::command]
pub fn audit_log(
    app: State<'_, App>,
    actor: Option<String>,
    action: Option<String>,
    limit: i64,
) -> UiResult<Vec<AuditEntry>> {
    let given = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    Ok(app.back_office().audit_log(&AuditFilter {
        actor: given(actor),
        action: given(action),
        limit: limit.clamp(1, 1000),
    })?)
}

#[tauri::command]
pub fn audit_verify(app: State<'_, App>) -> UiResult<ChainCheck> {
    Ok(app.back_office().chain_check()?)
}
