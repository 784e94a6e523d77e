//! Sync with head office: the outbox's figures and rows, and sending a dead letter again.

use super::UiResult;
use filiale_app::App;
use filiale_app::dto::SyncView;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn sync_status(app: State<'_, App>, limit: i64) -> UiResult<SyncView> {
    Ok(app.outbox().sync_view(limit)?)
}

#[tauri::command]
#[specta::specta]
pub fn outbox_retry(app: State<'_, App>, store_seq: i64) -> UiResult<()> {
    Ok(app.outbox().retry_dead_letter(store_seq)?)
}
