//! The store's background services, run by the desktop app and by `filiale serve`: the customer
//! display hub, the mirror that brings other processes' cart changes to it, the outbox relay
//! to head office, the trigger that proposes a reorder when stock runs low, and the search indexer
//! that re-indexes changed articles, customers and policies after each commit, the keeper of
//! the automatic backups, and the retry of the TSE after an outage.

pub mod backup_keeper;
pub mod display_mirror;
pub mod reorder_trigger;
pub mod search_indexer;
pub mod tse_retry;

use crate::App;
use anyhow::Context;
use std::net::SocketAddr;
use std::time::Duration;

/// How often the reorder trigger looks for new low-stock events.
pub const REORDER_CHECK_INTERVAL: Duration = Duration::from_secs(30);

/// How often the search indexer saves vector index changes (journaled until then).
pub const SEARCH_SAVE_INTERVAL: Duration = Duration::from_secs(60);

/// How often the backup keeper looks whether a backup is due.
pub const BACKUP_CHECK_INTERVAL: Duration = Duration::from_secs(300);
/// How often a TSE outage is retried.
pub const TSE_RETRY_INTERVAL: Duration = Duration::from_secs(30);

/// How often the mirror looks for cart changes made by other processes.
pub const MIRROR_INTERVAL: Duration = Duration::from_millis(20);

/// Addresses the running services are bound to (tests bind port 0 and read them here).
#[derive(Debug, Clone, Copy)]
pub struct BoundServices {
    pub display: SocketAddr,
}

/// Completes when the process is asked to stop: Ctrl-C (SIGINT) or, on Unix, SIGTERM (what
/// systemd and `kill` send). Long-running commands pass it as their shutdown, so both drain and
/// stop cleanly. The handlers are installed when this is called (inside the runtime), not when the
/// future is first polled, so a signal that comes while the services start is not lost.
pub fn stop_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut terminate), Ok(mut interrupt)) => {
                return futures_either(async move {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                });
            }
            (Err(error), _) | (_, Err(error)) => {
                tracing::warn!(%error, "SIGTERM cannot be caught; Ctrl-C still stops");
            }
        }
    }
    futures_either(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// One boxed future type for both ways [`stop_signal`] can wait.
fn futures_either(
    wait: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
    Box::pin(wait)
}

/// Binds the services' sockets and runs them until `shutdown` completes.
pub async fn run_until_stopped(
    app: App,
    display_addr: SocketAddr,
    nats: Option<filiale_relay::NatsConfig>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    on_bound: impl FnOnce(BoundServices),
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(display_addr)
        .await
        .with_context(|| format!("cannot listen for customer displays on {display_addr}"))?;
    on_bound(BoundServices {
        display: listener.local_addr()?,
    });
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let hub = tokio::spawn(filiale_display::run(
        listener,
        filiale_display::DisplayConfig::default(),
        app.display.clone(),
        stopped(stop_rx.clone()),
    ));
    let mirror = tokio::spawn(display_mirror::run(
        app.clone(),
        MIRROR_INTERVAL,
        stopped(stop_rx.clone()),
    ));
    let trigger = tokio::spawn(reorder_trigger::run(
        app.clone(),
        REORDER_CHECK_INTERVAL,
        stopped(stop_rx.clone()),
    ));
    let indexer = tokio::spawn(search_indexer::run(
        app.clone(),
        SEARCH_SAVE_INTERVAL,
        stopped(stop_rx.clone()),
    ));
    let backups = tokio::spawn(backup_keeper::run(
        app.clone(),
        BACKUP_CHECK_INTERVAL,
        stopped(stop_rx.clone()),
    ));
    // Only retries when an outage is open, and lets go of the TSE after each try: the till
    // signing in another process must be able to open it.
    let tse_retry = tokio::spawn(tse_retry::run(
        app.clone(),
        TSE_RETRY_INTERVAL,
        true,
        stopped(stop_rx.clone()),
    ));
    let relay = match nats {
        Some(config) => Some(tokio::spawn(filiale_relay::run(
            app.store.clone(),
            config,
            stopped(stop_rx.clone()),
        ))),
        None => {
            tracing::info!(
                "no [nats] settings: events wait in the outbox until head office is configured"
            );
            None
        }
    };
    shutdown.await;
    let _ = stop_tx.send(true);
    hub.await?.context("customer display hub")?;
    mirror.await?;
    trigger.await?;
    indexer.await?;
    backups.await?;
    tse_retry.await?;
    if let Some(relay) = relay {
        relay.await?.context("outbox relay")?;
    }
    Ok(())
}
