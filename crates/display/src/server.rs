//! The accept loop: per-address and pending-upgrade limits, upgrade checks under a deadline,
//! the cap on admitted displays, and graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, watch};
use tokio::time::{Duration, sleep, timeout};
use tokio_tungstenite::accept_hdr_async_with_config;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use crate::admission::{Refusal, admit};
use crate::config::{DisplayConfig, ServeError};
use crate::connection::{Keepalive, serve_display};
use crate::hub::DisplayHub;
use crate::limits::{AddressSlot, PerAddress, refuse_at_once};
use crate::terminal::TerminalId;

/// Serves customer displays on `listener` until `shutdown` completes, then closes every display
/// connection with a close frame (1001, going away) and returns once all are gone.
///
/// The caller binds the listener (`127.0.0.1` unless displays sit on other machines, which then
/// need [`DisplayConfig::pairing_tokens`]). Fails at once when the config does not suit the
/// bound address.
///
/// A new connection first needs a place among [`DisplayConfig::max_pending_handshakes`] and
/// [`DisplayConfig::max_connections_per_address`]; it then has
/// [`DisplayConfig::handshake_timeout`] to pass the upgrade checks. Only an admitted display
/// takes one of the [`DisplayConfig::max_connections`] slots, so idle or unpaired sockets cannot
/// keep paired displays out.
pub async fn run(
    listener: TcpListener,
    config: DisplayConfig,
    hub: DisplayHub,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError> {
    let bound = listener.local_addr().map_err(ServeError::LocalAddr)?;
    config.check(bound)?;
    tracing::info!(%bound, "customer display server listening");

    let config = Arc::new(config);
    let displays = Arc::new(Semaphore::new(config.max_connections));
    let handshakes = Arc::new(Semaphore::new(config.max_pending_handshakes));
    let per_address = PerAddress::new(config.max_connections_per_address);
    // `true` tells every connection to close; the receivers outlive the loop.
    let (stop_sender, stop) = watch::channel(false);
    // Each connection task holds a clone; when all are dropped every task has finished.
    let (alive_sender, mut all_done) = mpsc::channel::<()>(1);

    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Usually out of file descriptors: wait instead of spinning.
                    tracing::error!(%error, "accepting a display connection failed");
                    sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        // Refusals before the upgrade are logged at debug level only: a flood must not flood
        // the log as well.
        let Some(address_slot) = per_address.try_take(peer.ip()) else {
            tracing::debug!(%peer, "display connection refused: too many from this address");
            refuse_at_once(stream, &Refusal::TooManyFromAddress);
            continue;
        };
        let Ok(handshake_permit) = Arc::clone(&handshakes).try_acquire_owned() else {
            tracing::debug!(%peer, "display connection refused: too many upgrades pending");
            refuse_at_once(stream, &Refusal::Busy);
            continue;
        };
        let task = Connection {
            config: Arc::clone(&config),
            hub: hub.clone(),
            displays: Arc::clone(&displays),
            stop: stop.clone(),
            _address_slot: address_slot,
            _alive: alive_sender.clone(),
        };
        tokio::spawn(task.serve(stream, peer, handshake_permit));
    }

    drop(listener);
    tracing::info!(%bound, "customer display server stopping");
    let _ = stop_sender.send(true);
    drop(alive_sender);
    let _ = all_done.recv().await;
    Ok(())
}

/// What one connection task carries.
struct Connection {
    config: Arc<DisplayConfig>,
    hub: DisplayHub,
    /// The slots of admitted displays.
    displays: Arc<Semaphore>,
    stop: watch::Receiver<bool>,
    /// Counts this connection against its peer's address for its whole life.
    _address_slot: AddressSlot,
    /// Dropped when the task ends; `run` waits for all of these before it returns.
    _alive: mpsc::Sender<()>,
}

impl Connection {
    // The upgrade callback's signature is tungstenite's, large error response included.
    #[allow(clippy::result_large_err)]
    async fn serve(
        mut self,
        stream: TcpStream,
        peer: SocketAddr,
        // Held until the upgrade is decided, then given back.
        handshake_permit: OwnedSemaphorePermit,
    ) {
        // Displays get small messages that should show at once.
        let _ = stream.set_nodelay(true);
        let local_ip = match stream.local_addr() {
            Ok(local) => local.ip(),
            Err(error) => {
                tracing::debug!(%peer, %error, "display connection gone before the upgrade");
                return;
            }
        };
        let mut decision: Option<Result<TerminalId, Refusal>> = None;
        // Taken only once the request passed every check; held for the display's life.
        let mut display_permit: Option<OwnedSemaphorePermit> = None;
        let config = Arc::clone(&self.config);
        let displays = Arc::clone(&self.displays);
        let callback = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
            let verdict = admit(request, &config, local_ip).and_then(|terminal| {
                let permit = displays.try_acquire_owned().map_err(|_| Refusal::Busy)?;
                display_permit = Some(permit);
                Ok(terminal)
            });
            decision = Some(verdict.clone());
            verdict.map(|_| response).map_err(Refusal::into_response)
        };
        let upgrade = accept_hdr_async_with_config(stream, callback, Some(ws_config(&config)));
        let upgraded = tokio::select! {
            _ = self.stop.changed() => return,
            upgraded = timeout(config.handshake_timeout, upgrade) => upgraded,
        };
        drop(handshake_permit);
        let ws = match (upgraded, decision) {
            (Ok(Ok(ws)), Some(Ok(terminal))) => (ws, terminal),
            (_, Some(Err(refusal))) => {
                tracing::warn!(%peer, status = refusal.status().as_u16(), reason = refusal.reason(), "display connection refused");
                return;
            }
            (Ok(Err(error)), _) => {
                tracing::info!(%peer, %error, "display handshake failed");
                return;
            }
            (Err(_), _) => {
                tracing::info!(%peer, "display handshake timed out");
                return;
            }
            (Ok(Ok(_)), None) => return,
        };
        let (ws, terminal) = ws;
        let registration = self.hub.register(&terminal, peer);
        tracing::info!(%terminal, %peer, display = registration.id(), "display connected");
        let keepalive = Keepalive {
            ping_interval: config.ping_interval,
            pong_timeout: config.pong_timeout,
        };
        serve_display(
            ws,
            terminal,
            self.hub.clone(),
            registration,
            keepalive,
            self.stop.clone(),
        )
        .await;
        drop(display_permit);
    }
}

/// Frame and buffer limits: displays send almost nothing, so the read side is kept tiny, which
/// also keeps an idle connection small.
fn ws_config(config: &DisplayConfig) -> WebSocketConfig {
    let limit = config.max_inbound_message_bytes;
    WebSocketConfig::default()
        .read_buffer_size(limit.max(4096))
        .write_buffer_size(0)
        .max_write_buffer_size(8 << 20)
        .max_message_size(Some(limit))
        .max_frame_size(Some(limit))
}
