//! The desktop app: opens the store, registers the commands and shows the cashier window.

use crate::commands;
use anyhow::Context;
use filiale_app::{App, Config, config::default_data_dir};
use std::path::PathBuf;

/// Runs the desktop app on the store in `data_dir` until its last window closes.
pub fn run(data_dir: Option<PathBuf>) -> anyhow::Result<()> {
    let data_dir = data_dir.unwrap_or_else(default_data_dir);
    let _guard = filiale_app::logging::init(Some(&data_dir.join("logs")));
    let app = App::open(Config::load(&data_dir)?)?;
    tracing::info!(store = app.config.store.store_id, "desktop app starting");
    tauri::Builder::default()
        .manage(app)
        .invoke_handler(tauri::generate_handler![commands::store_overview])
        .run(tauri::generate_context!("tauri.conf.json"))
        .context("the desktop window could not be started")
}
