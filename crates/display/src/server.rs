//! The accept loop: upgrade checks, the connection cap, and graceful shutdown.

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
use crate::terminal::TerminalId;

/// Serves customer displays on `listener` until `shutdown` completes, then closes every display
/// connection with a close frame (1001, going away) and returns once all are gone.
///
/// The caller binds the listener (`127.0.0.1` unless displays sit on other machines, which then
/// need [`DisplayConfig::pairing_tokens`]). Fails at once when the config does not suit the
/// bound address.
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
    let permits = Arc::new(Semaphore::new(config.max_connections));
    // `true` tells every connection to close; the receivers outlive the loop.
    let (stop_sender, stop) = watch::channel(false);
    // Each connection task holds a clone; when all are dropped every task has finished.
    let (alive_sender, mut all_done) = mpsc::channel::<()>(1);

    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let permit = Arc::clone(&permits).try_acquire_owned().ok();
                    let task = Connection {
                        config: Arc::clone(&config),
                        hub: hub.clone(),
                        stop: stop.clone(),
                        _alive: alive_sender.clone(),
                    };
                    tokio::spawn(task.serve(stream, peer, permit));
                }
                Err(error) => {
                    // Usually out of file descriptors: wait instead of spinning.
                    tracing::error!(%error, "accepting a display connection failed");
                    sleep(Duration::from_millis(100)).await;
                }
            },
        }
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
    stop: watch::Receiver<bool>,
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
        // Held for the connection's life; `None` means the cap is reached and the upgrade is
        // answered with 503.
        permit: Option<OwnedSemaphorePermit>,
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
        let config = Arc::clone(&self.config);
        let callback = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
            let verdict = if permit.is_none() {
                Err(Refusal::Busy)
            } else {
                admit(request, &config, local_ip)
            };
            decision = Some(verdict.clone());
            verdict.map(|_| response).map_err(Refusal::into_response)
        };
        let upgrade = accept_hdr_async_with_config(stream, callback, Some(ws_config(&config)));
        let upgraded = tokio::select! {
            _ = self.stop.changed() => return,
            upgraded = timeout(config.handshake_timeout, upgrade) => upgraded,
        };
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
        drop(permit);
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
