//! The back office's fiscal commands: the TSE's status (serial, counter, certified or not, the
//! self test, outages) and the DSFinV-K export into the data directory's `exports/` folder.

use super::UiResult;
use filiale_app::App;
use filiale_app::dto::{DsfinvkSummary, TseStatus};
use tauri::State;

/// The TSE now: it is opened and self-tested.
#[tauri::command]
#[specta::specta]
pub fn tse_status(app: State<'_, App>) -> UiResult<TseStatus> {
    Ok(app.tse_status()?)
}

/// Writes the DSFinV-K export of business days `from`..=`to` (`YYYY-MM-DD`; one till or all)
/// to `<data-dir>/exports/dsfinvk_<from>_<to>.zip`; the summary names the file.
#[tauri::command]
#[specta::specta]
pub async fn export_dsfinvk(
    app: State<'_, App>,
    from: String,
    to: String,
    till: Option<String>,
) -> UiResult<DsfinvkSummary> {
    let app = app.inner().clone();
    let work = tauri::async_runtime::spawn_blocking(move || {
        app.export_dsfinvk_to_exports(&from, &to, till.as_deref())
    });
    match work.await {
        Ok(result) => Ok(result?),
        Err(error) => Err(filiale_app::ErrorCode::Internal {
            detail: error.to_string(),
        }),
    }
}
