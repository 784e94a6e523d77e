//! The staff page's commands: the list of cashiers and managers, changed only with a manager's
//! name and PIN, which go straight to the core and are never kept.

use super::UiResult;
use filiale_app::App;
use filiale_app::dto::{ManagerPin, StaffRow};
use filiale_app::usecases::parse_role;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn staff_list(app: State<'_, App>) -> UiResult<Vec<StaffRow>> {
    Ok(app.staff().rows()?)
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
    Ok(app
        .staff()
        .add(&name, parse_role(&role)?, &pin, given.map(Into::into))?)
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
    Ok(app.staff().reset_pin(&name, &pin, given.into())?)
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
    Ok(app
        .staff()
        .set_role(&name, parse_role(&role)?, given.into())?)
}
