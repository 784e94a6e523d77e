//! The desktop app: opens the store, starts the background services (customer display hub, its
//! mirror and the outbox relay) on Tauri's async runtime, shows the cashier and customer display
//! windows, and stops the services when the app exits.

use crate::commands::{self, till::BoundDisplay};
use crate::probe::StartupProbe;
use crate::signed_in::SignedIn;
use crate::windows;
use anyhow::Context;
use filiale_app::services::{self, BoundServices};
use filiale_app::{App, Config};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, mpsc as std_mpsc};
use std::time::{Duration, Instant};
use tauri::Manager;
use tauri::async_runtime::{self, Sender};

/// Runs the desktop app on the store `config` describes until its last window closes.
pub fn run(config: Config, started: Instant) -> anyhow::Result<()> {
    let _guard = filiale_app::logging::init(Some(&config.log_dir()));
    let preferred = config.display_addr();
    let till_id = config.till_id().to_owned();
    let lock_after = config.till_lock_after();
    let app = App::open(config)?;
    tracing::info!(
        store = app.config().store.store_id,
        till = till_id,
        "desktop app starting"
    );
    let services_app = app.clone();
    warm_up_search(app.clone());
    let running: Arc<Mutex<Option<RunningServices>>> = Arc::default();
    let running_at_setup = running.clone();
    let tauri_app = tauri::Builder::default()
        .manage(app)
        .manage(BoundDisplay::default())
        .manage(SignedIn::new(&till_id, lock_after))
        .manage(StartupProbe::from_env(started))
        .invoke_handler(commands::specta_builder().invoke_handler())
        .on_window_event(windows::on_window_event)
        .setup(move |tauri_app| {
            let (bound, services) = start_services(services_app, preferred)?;
            *running_at_setup.lock().expect("services slot") = Some(services);
            let port = bound.display.port();
            tauri_app
                .state::<BoundDisplay>()
                .0
                .store(port, Ordering::Relaxed);
            tracing::info!(%bound.display, "customer display hub listening");
            windows::open_customer_display(tauri_app.handle(), port, &till_id)?;
            Ok(())
        })
        .build(tauri::generate_context!("tauri.conf.json"))
        .context("the desktop window could not be started")?;
    tauri_app.run(move |_, event| {
        if let tauri::RunEvent::Exit = event
            && let Some(services) = running.lock().expect("services slot").take()
        {
            services.stop();
        }
    });
    Ok(())
}

/// Loads the embedding model and brings the search index up to date in the background, so the
/// cashier's first keystroke finds a warm index (the services' search indexer then follows commits).
fn warm_up_search(app: App) {
    let spawned = std::thread::Builder::new()
        .name("search-warm-up".into())
        .spawn(move || match app.search().catch_up() {
            Ok(written) => {
                tracing::info!(written, "search index ready");
                // Reading the model file and catching up freed tens of MB; give them back.
                filiale_heap::release_free_memory();
            }
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "search index not ready"),
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "search warm-up not started");
    }
}

/// The running background services: how to stop them and how to learn that they stopped.
struct RunningServices {
    stop: Sender<()>,
    stopped: std_mpsc::Receiver<()>,
}

/// How long the app waits at exit for the services to close their connections.
const STOP_TIMEOUT: Duration = Duration::from_secs(3);

/// How long the app waits at start for the services to bind their sockets.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// The preferred address when its port is free, otherwise any free port on the same address.
fn free_display_addr(preferred: SocketAddr) -> SocketAddr {
    if std::net::TcpListener::bind(preferred).is_ok() {
        return preferred;
    }
    tracing::warn!(
        %preferred,
        "customer display port is taken, using another free port"
    );
    let port = std::net::TcpListener::bind((preferred.ip(), 0))
        .and_then(|l| l.local_addr())
        .map_or(0, |a| a.port());
    SocketAddr::new(preferred.ip(), port)
}

/// Starts the services on Tauri's async runtime and waits until their sockets are bound.
fn start_services(
    app: App,
    preferred: SocketAddr,
) -> anyhow::Result<(BoundServices, RunningServices)> {
    let addr = free_display_addr(preferred);
    let (stop_tx, mut stop_rx) = async_runtime::channel::<()>(1);
    let (bound_tx, bound_rx) = std_mpsc::sync_channel::<Result<BoundServices, String>>(1);
    let (stopped_tx, stopped_rx) = std_mpsc::sync_channel::<()>(1);
    let on_bound = bound_tx.clone();
    // The relay runs in the app too when head office is configured (filiale.toml or the env).
    let nats = app
        .config()
        .nats(std::env::var("FILIALE_NATS_URL").ok().as_deref());
    async_runtime::spawn(async move {
        let shutdown = async move {
            let _ = stop_rx.recv().await;
        };
        let result = services::run_until_stopped(app, addr, nats, shutdown, move |bound| {
            let _ = on_bound.try_send(Ok(bound));
        })
        .await;
        match result {
            Ok(()) => tracing::info!("background services stopped"),
            Err(error) => {
                tracing::error!("background services failed: {error:#}");
                let _ = bound_tx.try_send(Err(format!("{error:#}")));
            }
        }
        let _ = stopped_tx.try_send(());
    });
    let bound = bound_rx
        .recv_timeout(START_TIMEOUT)
        .context("the background services did not start")?
        .map_err(|e| anyhow::anyhow!(e))?;
    Ok((
        bound,
        RunningServices {
            stop: stop_tx,
            stopped: stopped_rx,
        },
    ))
}

impl RunningServices {
    /// Tells the services to stop and waits (bounded) until they have.
    fn stop(self) {
        let _ = self.stop.try_send(());
        if self.stopped.recv_timeout(STOP_TIMEOUT).is_err() {
            tracing::warn!("background services did not stop in time");
        }
    }
}
