//! The approval screen's commands: reorder proposals, decided with the manager's PIN.

use super::UiResult;
use filiale_app::App;
use filiale_app::dto::{ProposalSummary, ReorderSnapshot};
use filiale_app::usecases::Purchasing;
use std::collections::BTreeMap;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn reorder_list(app: State<'_, App>) -> UiResult<Vec<ProposalSummary>> {
    Ok(app.purchasing().proposals()?)
}

#[tauri::command]
#[specta::specta]
pub fn reorder_show(app: State<'_, App>, id: String) -> UiResult<ReorderSnapshot> {
    Ok(app.purchasing().show(&id)?)
}

#[tauri::command]
#[specta::specta]
pub fn reorder_start(app: State<'_, App>) -> UiResult<ReorderSnapshot> {
    Ok(app.purchasing().start()?)
}

#[tauri::command]
#[specta::specta]
pub fn reorder_approve(
    app: State<'_, App>,
    id: String,
    pin: String,
    quantities: Option<BTreeMap<String, i64>>,
    removed: Option<Vec<String>>,
) -> UiResult<ReorderSnapshot> {
    Ok(app
        .purchasing()
        .approve(&id, Purchasing::default_manager(&pin), quantities, removed)?)
}

#[tauri::command]
#[specta::specta]
pub fn reorder_reject(
    app: State<'_, App>,
    id: String,
    reason: String,
    pin: String,
) -> UiResult<ReorderSnapshot> {
    Ok(app
        .purchasing()
        .reject(&id, &reason, Purchasing::default_manager(&pin))?)
}

/// Units sold per day of each line's article over the last `days` days, for the line charts.
#[tauri::command]
#[specta::specta]
pub fn reorder_sales_history(
    app: State<'_, App>,
    skus: Vec<String>,
    days: u32,
) -> UiResult<BTreeMap<String, Vec<i64>>> {
    Ok(app.purchasing().sales_history(&skus, days)?)
}
