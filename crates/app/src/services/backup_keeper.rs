//! Makes the automatic backups: looks every few minutes whether one is due (none yet, the newest
//! older than `[backup] every_hours`, or a daily closing after it) and copies the database while
//! the till goes on selling.

use crate::App;
use crate::usecases::BackupDue;
use std::time::Duration;

/// Checks every `interval` (the first time one interval after start, so that starting the till
/// stays quick) until `shutdown` completes; a failed backup is logged and tried again at the next
/// check. Stopping does not wait for a backup under way: its unfinished copy is never counted.
pub async fn run(app: App, interval: Duration, shutdown: impl std::future::Future<Output = ()>) {
    let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            _ = ticker.tick() => {
                let app = app.clone();
                let backing_up = tokio::task::spawn_blocking(move || back_up_if_due(&app));
                tokio::select! {
                    _ = &mut shutdown => break,
                    done = backing_up => match done {
                        Ok(Ok(_)) => {}
                        Ok(Err(error)) => tracing::warn!(%error, "automatic backup failed; trying again later"),
                        Err(error) => tracing::warn!(%error, "automatic backup task failed"),
                    },
                }
            }
        }
    }
}

/// Makes a backup when one is due; says why it made one.
pub fn back_up_if_due(app: &App) -> anyhow::Result<Option<BackupDue>> {
    let back_office = app.back_office();
    let Some(due) = back_office.backup_due()? else {
        return Ok(None);
    };
    let done = back_office.backup(None)?;
    tracing::info!(
        path = %done.check.path.display(),
        reason = ?due,
        removed = done.removed.len(),
        "automatic backup"
    );
    Ok(Some(due))
}
