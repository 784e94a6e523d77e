//! The staff page's commands: the list of cashiers and managers, changed only with a manager's
//! name and PIN, which go straight to the core and are never kept.

use super::UiResult;
use filiale_app::App;
use filiale_app::usecases::pin_approved::{ManagerPin, StaffRow};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn staff_list(app: State<'_, App>) -> UiResult<Vec<StaffRow>> {
    Ok(app.staff_rows()?)
}

/// Adds a cashier or manager; without a manager's PIN only while the store has no manager.
#[tauri::command]
#[specta::specta]
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
    Ok(app.staff_add_with_pin(&name, &role, &pin, given)?)
}

#[tauri::command]
#[specta::specta]
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
    Ok(app.staff_reset_pin_with_pin(&name, &pin, given)?)
}

#[tauri::command]
#[specta::specta]
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
    Ok(app.staff_set_role_with_pin(&name, &role, given)?)
}
