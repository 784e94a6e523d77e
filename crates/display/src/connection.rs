//! One display's connection after the upgrade: snapshot, updates, keep-alive, and what happens
//! when the display misbehaves.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::sync::{broadcast, watch};
use tokio::time::{Instant, MissedTickBehavior, interval_at, timeout};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::error::CapacityError;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message, Utf8Bytes};

use crate::hub::{DisplayHub, Registration};
use crate::message::{ClientFrame, ClientMessage, DisplayMessage};
use crate::terminal::TerminalId;

/// The timing a connection runs with, taken from the server's config.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Keepalive {
    pub(crate) ping_interval: Duration,
    pub(crate) pong_timeout: Duration,
}

/// Why a connection ended; logged once when it does.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ending {
    ClientLeft,
    ServerShutdown,
    NoPong,
    WriteStalled,
    PolicyViolation(&'static str),
    TooBig,
    Transport(String),
}

/// Serves `terminal`'s state to one display until it leaves, misbehaves, dies or the server stops.
pub(crate) async fn serve_display(
    mut ws: WebSocketStream<TcpStream>,
    terminal: TerminalId,
    hub: DisplayHub,
    registration: Registration,
    keepalive: Keepalive,
    mut stop: watch::Receiver<bool>,
) {
    let (snapshot, mut updates) = hub.follow(&terminal);
    let mut shown = snapshot.version;
    let mut heard_at = Instant::now();
    let mut ping_timer = interval_at(
        Instant::now() + keepalive.ping_interval,
        keepalive.ping_interval,
    );
    ping_timer.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let write_limit = keepalive.pong_timeout;

    let ending = 'serve: {
        if let Err(ending) = send(
            &mut ws,
            write_limit,
            Message::Text(snapshot.snapshot.clone()),
        )
        .await
        {
            break 'serve ending;
        }
        loop {
            let outgoing = tokio::select! {
                _ = stop.changed() => break 'serve Ending::ServerShutdown,
                update = updates.recv() => match update {
                    Ok(published) if published.version > shown => {
                        shown = published.version;
                        Message::Text(published.update.clone())
                    }
                    Ok(_) => continue,
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        let latest = hub.latest(&terminal);
                        tracing::debug!(%terminal, display = registration.id(), missed, "display fell behind, resending snapshot");
                        if latest.version <= shown {
                            continue;
                        }
                        shown = latest.version;
                        Message::Text(latest.snapshot.clone())
                    }
                    Err(broadcast::error::RecvError::Closed) => break 'serve Ending::ServerShutdown,
                },
                frame = ws.next() => {
                    heard_at = Instant::now();
                    match on_frame(frame, &registration) {
                        FrameOutcome::Nothing => continue,
                        FrameOutcome::Pong => {
                            let pong = DisplayMessage::Pong { terminal_id: terminal.clone(), version: shown };
                            Message::Text(Utf8Bytes::from(serde_json::to_string(&pong).expect("pong serialises")))
                        }
                        FrameOutcome::End(ending) => break 'serve ending,
                    }
                }
                _ = ping_timer.tick() => {
                    if heard_at.elapsed() >= keepalive.pong_timeout {
                        break 'serve Ending::NoPong;
                    }
                    Message::Ping(Default::default())
                }
            };
            if let Err(ending) = send(&mut ws, write_limit, outgoing).await {
                break 'serve ending;
            }
        }
    };
    drop(updates);
    hub.release(&terminal);
    finish(ws, ending, &terminal, &registration, write_limit).await;
}

enum FrameOutcome {
    Nothing,
    Pong,
    End(Ending),
}

/// What to do about one thing read from the display.
fn on_frame(frame: Option<Result<Message, WsError>>, registration: &Registration) -> FrameOutcome {
    match frame {
        None | Some(Err(WsError::ConnectionClosed | WsError::AlreadyClosed)) => {
            FrameOutcome::End(Ending::ClientLeft)
        }
        Some(Ok(Message::Text(text))) => match ClientFrame::parse(&text) {
            ClientFrame::Understood(ClientMessage::Ping) => FrameOutcome::Pong,
            ClientFrame::Understood(ClientMessage::Hello { name }) => {
                if let Some(name) = name {
                    registration.set_name(&name);
                }
                FrameOutcome::Nothing
            }
            ClientFrame::Ignored => FrameOutcome::Nothing,
            ClientFrame::Garbage => {
                FrameOutcome::End(Ending::PolicyViolation("text frame is not a JSON message"))
            }
        },
        Some(Ok(Message::Binary(_))) => {
            FrameOutcome::End(Ending::PolicyViolation("binary frames are not accepted"))
        }
        // tungstenite answers pings and close frames itself; any frame proves the display lives.
        Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Close(_) | Message::Frame(_))) => {
            FrameOutcome::Nothing
        }
        Some(Err(WsError::Capacity(CapacityError::MessageTooLong { .. }))) => {
            FrameOutcome::End(Ending::TooBig)
        }
        Some(Err(other)) => FrameOutcome::End(Ending::Transport(other.to_string())),
    }
}

async fn send(
    ws: &mut WebSocketStream<TcpStream>,
    limit: Duration,
    message: Message,
) -> Result<(), Ending> {
    match timeout(limit, ws.send(message)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(WsError::ConnectionClosed | WsError::AlreadyClosed)) => Err(Ending::ClientLeft),
        Ok(Err(error)) => Err(Ending::Transport(error.to_string())),
        Err(_) => Err(Ending::WriteStalled),
    }
}

/// Logs why the connection ends and, where the display can still hear it, says so in a close
/// frame.
async fn finish(
    mut ws: WebSocketStream<TcpStream>,
    ending: Ending,
    terminal: &TerminalId,
    registration: &Registration,
    write_limit: Duration,
) {
    let display_id = registration.id();
    let close = match &ending {
        Ending::ClientLeft => {
            tracing::info!(%terminal, display = display_id, "display disconnected");
            None
        }
        Ending::ServerShutdown => {
            tracing::info!(%terminal, display = display_id, "closing display connection: server shutting down");
            Some((CloseCode::Away, "server shutting down"))
        }
        Ending::NoPong => {
            tracing::warn!(%terminal, display = display_id, "dropping display: no answer to pings");
            None
        }
        Ending::WriteStalled => {
            tracing::warn!(%terminal, display = display_id, "dropping display: it stopped reading");
            None
        }
        Ending::PolicyViolation(reason) => {
            tracing::warn!(%terminal, display = display_id, reason, "closing display connection: policy violation");
            Some((CloseCode::Policy, *reason))
        }
        Ending::TooBig => {
            tracing::warn!(%terminal, display = display_id, "closing display connection: message too big");
            Some((CloseCode::Size, "message too big"))
        }
        Ending::Transport(error) => {
            tracing::info!(%terminal, display = display_id, error = %error, "display connection failed");
            None
        }
    };
    if let Some((code, reason)) = close {
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        // Best effort, bounded: the close handshake must not keep a dead display alive.
        let closing = async {
            ws.close(Some(frame)).await?;
            while let Some(Ok(_)) = ws.next().await {}
            Ok::<(), WsError>(())
        };
        let _ = timeout(write_limit.min(Duration::from_secs(2)), closing).await;
    }
}
