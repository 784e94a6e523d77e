//! The approval screen's commands: reorder proposals, decided with the manager's PIN.

use super::UiResult;
use filiale_app::App;
use filiale_app::usecases::backoffice::ReorderSnapshot;
use filiale_app::usecases::reorder::ProposalSummary;
use std::collections::BTreeMap;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn reorder_list(app: State<'_, App>) -> UiResult<Vec<ProposalSummary>> {
    Ok(app.reorder_proposals()?)
}

#[tauri::command]
#[specta::specta]
pub fn reorder_show(app: State<'_, App>, id: String) -> UiResult<ReorderSnapshot> {
    Ok(app.reorder_show(&id)?)
}

#[tauri::command]
#[specta::specta]
pub fn reorder_start(app: State<'_, App>) -> UiResult<ReorderSnapshot> {
    Ok(app.reorder_start()?)
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
    Ok(app.reorder_approve(&id, &pin, quantities, removed)?)
}

#[tauri::command]
#[specta::specta]
pub fn reorder_reject(
    app: State<'_, App>,
    id: String,
    reason: String,
    pin: String,
) -> UiResult<ReorderSnapshot> {
    Ok(app.reorder_reject(&id, &reason, &pin)?)
}

/// Units sold per day of each line's article over the last `days` days, for the line charts.
#[tauri::command]
#[specta::specta]
pub fn reorder_sales_history(
    app: State<'_, App>,
    skus: Vec<String>,
    days: u32,
) -> UiResult<BTreeMap<String, Vec<i64>>> {
    Ok(app.reorder_sales_history(&skus, days)?)
}
