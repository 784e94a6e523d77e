//! Tauri commands: thin adapters from the UI to the use cases, errors as `{code, message}`.

use filiale_app::App;
use filiale_app::usecases::{StoreOverview, UseCaseError};
use serde::Serialize;
use tauri::State;

/// An error the UI can branch on by `code` and show by `message`.
#[derive(Debug, Serialize)]
pub struct UiError {
    code: &'static str,
    message: String,
}

impl From<UseCaseError> for UiError {
    fn from(error: UseCaseError) -> Self {
        UiError {
            code: error.code(),
            message: error.to_string(),
        }
    }
}

/// Key figures for the start page.
#[tauri::command]
pub fn store_overview(app: State<'_, App>) -> Result<StoreOverview, UiError> {
    Ok(app.overview()?)
}
