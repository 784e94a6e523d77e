//! Retries the TSE after an outage: every interval, a till with an open outage has its TSE
//! self-tested; when it passes, the outage ends (the next business case is signed again).

use crate::App;
use std::time::Duration;

/// Checks every `interval` until `shutdown` completes. With `release`, the TSE is closed after
/// each check so that a till in another process can open it (`filiale serve`); the desktop
/// window, which is the till, keeps it.
pub async fn run(
    app: App,
    interval: Duration,
    release: bool,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            _ = ticker.tick() => {
                let app = app.clone();
                let checked = tokio::task::spawn_blocking(move || app.retry_tse(release)).await;
                match checked {
                    Ok(Ok(_)) => {}
                    Ok(Err(error)) => tracing::warn!(%error, "TSE retry failed"),
                    Err(error) => tracing::warn!(%error, "TSE retry task failed"),
                }
            }
        }
    }
}
