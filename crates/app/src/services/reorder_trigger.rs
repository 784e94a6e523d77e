//! Starts a reorder proposal when stock runs low: watches the outbox for LowStockDetected and
//! starts one unless a proposal is already waiting for the manager.

use crate::App;
use std::time::Duration;

/// The highest `store_seq` of a LowStockDetected event, if any.
fn latest_low_stock(app: &App) -> anyhow::Result<Option<i64>> {
    Ok(app
        .store
        .read(|c| filiale_store::outbox::latest_of_type(c, "LowStockDetected"))?)
}

/// Checks every `interval` until `shutdown` completes. Low stock detected while the services were
/// not running is picked up at start.
pub async fn run(app: App, interval: Duration, shutdown: impl std::future::Future<Output = ()>) {
    let mut handled: Option<i64> = None;
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            _ = ticker.tick() => {
                let app = app.clone();
                let seen = handled;
                let checked = tokio::task::spawn_blocking(move || check_once(&app, seen)).await;
                match checked {
                    Ok(Ok(latest)) => handled = latest.or(handled),
                    Ok(Err(error)) => tracing::warn!(%error, "automatic reorder proposal failed"),
                    Err(error) => tracing::warn!(%error, "automatic reorder proposal task failed"),
                }
            }
        }
    }
}

/// Starts a proposal if low stock was detected after `handled`; returns the newest event seen.
pub fn check_once(app: &App, handled: Option<i64>) -> anyhow::Result<Option<i64>> {
    let latest = latest_low_stock(app)?;
    if latest.is_some()
        && latest != handled
        && let Some(thread) = app.purchasing().on_low_stock()?
    {
        tracing::info!(
            thread,
            "stock ran low: reorder proposal started and waiting for approval"
        );
    }
    Ok(latest)
}
