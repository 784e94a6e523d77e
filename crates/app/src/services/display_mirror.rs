//! Follows commits of other processes (the command line, a second window): mirrors their cart
//! changes to this process's display hub and wakes the outbox relay for their events. SQLite's
//! `data_version` tells cheaply whether another connection committed.

use crate::App;
use filiale_display::{DisplayState, TerminalId};
use filiale_store::till;
use std::collections::HashMap;
use std::time::Duration;

/// Polls for changes every `interval` until `shutdown` completes.
pub async fn run(app: App, interval: Duration, shutdown: impl std::future::Future<Output = ()>) {
    let mut seen: HashMap<String, i64> = HashMap::new();
    let mut last_data_version = None;
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            _ = ticker.tick() => {
                if let Err(error) = mirror_once(&app, &mut seen, &mut last_data_version) {
                    tracing::warn!(%error, "customer display mirror could not read the open carts");
                }
            }
        }
    }
}

/// Publishes every open cart whose version changed since the last look. Returns how many.
pub fn mirror_once(
    app: &App,
    seen: &mut HashMap<String, i64>,
    last_data_version: &mut Option<i64>,
) -> anyhow::Result<usize> {
    let data_version = app.store.read(till::data_version)?;
    if *last_data_version == Some(data_version) {
        return Ok(0);
    }
    if last_data_version.is_some() {
        app.store.announce_external_commit();
    }
    *last_data_version = Some(data_version);
    let mut published = 0;
    for open in app.store.read(till::all)? {
        if seen.get(&open.terminal_id) == Some(&open.version) {
            continue;
        }
        seen.insert(open.terminal_id.clone(), open.version);
        let (Ok(terminal), Ok(state)) = (
            TerminalId::parse(&open.terminal_id),
            serde_json::from_str::<DisplayState>(&open.display_json),
        ) else {
            tracing::warn!(
                terminal = open.terminal_id,
                "skipping an open cart the display cannot show"
            );
            continue;
        };
        app.display.publish(&terminal, state);
        published += 1;
    }
    Ok(published)
}
