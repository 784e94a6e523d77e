//! The handle the core publishes through: latest state and version per till, the fan-out to
//! displays, and the list of connected displays.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::Utf8Bytes;

use crate::message::{DisplayMessage, MAX_DISPLAY_NAME_CHARS};
use crate::terminal::TerminalId;
use crate::view::DisplayState;

/// Updates kept per till for displays that are a little behind; a display further behind gets a
/// fresh snapshot instead.
pub const DEFAULT_BACKLOG: usize = 64;

/// Cheap-to-clone handle to the hub. The core calls [`DisplayHub::publish`]; the server
/// ([`crate::run`]) serves whatever was published last to every display of that till.
#[derive(Clone)]
pub struct DisplayHub {
    inner: Arc<HubInner>,
}

struct HubInner {
    /// One entry per till ever published to or followed. A std mutex: it is held only to bump a
    /// version and swap an `Arc`, never across an `.await`.
    terminals: Mutex<HashMap<TerminalId, TerminalChannel>>,
    /// Connected displays by connection id, so the cashier's window can list them.
    displays: Mutex<BTreeMap<u64, ConnectedDisplay>>,
    next_display_id: AtomicU64,
    backlog: usize,
}

struct TerminalChannel {
    latest: Arc<Published>,
    /// Broadcast, not a queue per display: memory per till is `backlog` shared messages however
    /// many displays follow it, and a slow display only ever costs itself a resync.
    sender: broadcast::Sender<Arc<Published>>,
}

/// One published state, serialised once for every display that follows the till.
pub(crate) struct Published {
    pub(crate) version: u64,
    pub(crate) state: DisplayState,
    /// The incremental message (`cart_updated`, `idle`, …).
    pub(crate) update: Utf8Bytes,
    /// The same state as a `snapshot` message.
    pub(crate) snapshot: Utf8Bytes,
}

impl Published {
    fn new(terminal: &TerminalId, version: u64, state: DisplayState) -> Self {
        let update = DisplayMessage::update(terminal.clone(), version, state.clone());
        let snapshot = DisplayMessage::Snapshot {
            terminal_id: terminal.clone(),
            version,
            state: state.clone(),
        };
        Self {
            version,
            state,
            update: to_json(&update),
            snapshot: to_json(&snapshot),
        }
    }
}

fn to_json(message: &DisplayMessage) -> Utf8Bytes {
    // The message types hold only strings, integers and enums: serialising cannot fail.
    serde_json::to_string(message)
        .expect("display messages always serialise")
        .into()
}

/// A display currently connected to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectedDisplay {
    /// Unique per connection while the hub lives.
    pub id: u64,
    pub terminal_id: TerminalId,
    pub peer: SocketAddr,
    pub connected_since: DateTime<Utc>,
    /// What the display called itself in its `hello`, if it sent one.
    pub name: Option<String>,
}

impl Default for DisplayHub {
    fn default() -> Self {
        Self::new()
    }
}

impl DisplayHub {
    pub fn new() -> Self {
        Self::with_backlog(DEFAULT_BACKLOG)
    }

    /// A hub that keeps `backlog` (at least 1) updates per till for displays that lag.
    pub fn with_backlog(backlog: usize) -> Self {
        Self {
            inner: Arc::new(HubInner {
                terminals: Mutex::new(HashMap::new()),
                displays: Mutex::new(BTreeMap::new()),
                next_display_id: AtomicU64::new(1),
                backlog: backlog.max(1),
            }),
        }
    }

    /// Makes `state` what the displays of `terminal` show and returns its version (1 for the
    /// first publish, then one more each time). Never blocks on displays.
    pub fn publish(&self, terminal: &TerminalId, state: DisplayState) -> u64 {
        let mut terminals = self.lock_terminals();
        let channel = Self::channel(&mut terminals, terminal, self.inner.backlog);
        let version = channel.latest.version + 1;
        let published = Arc::new(Published::new(terminal, version, state));
        channel.latest = Arc::clone(&published);
        // No receiver is fine: the state is kept as the next display's snapshot.
        let _ = channel.sender.send(published);
        version
    }

    /// The version and state last published for `terminal`, if any.
    pub fn current(&self, terminal: &TerminalId) -> Option<(u64, DisplayState)> {
        let terminals = self.lock_terminals();
        let latest = &terminals.get(terminal)?.latest;
        (latest.version > 0).then(|| (latest.version, latest.state.clone()))
    }

    /// The displays connected right now, oldest first.
    pub fn connected_displays(&self) -> Vec<ConnectedDisplay> {
        self.lock_displays().values().cloned().collect()
    }

    /// The latest state of `terminal` and a receiver for every later one, taken together so
    /// that nothing falls between them.
    pub(crate) fn follow(
        &self,
        terminal: &TerminalId,
    ) -> (Arc<Published>, broadcast::Receiver<Arc<Published>>) {
        let mut terminals = self.lock_terminals();
        let channel = Self::channel(&mut terminals, terminal, self.inner.backlog);
        (Arc::clone(&channel.latest), channel.sender.subscribe())
    }

    /// The latest state of `terminal`, for a display that fell behind.
    pub(crate) fn latest(&self, terminal: &TerminalId) -> Arc<Published> {
        let mut terminals = self.lock_terminals();
        Arc::clone(&Self::channel(&mut terminals, terminal, self.inner.backlog).latest)
    }

    /// Forgets a till nobody published to once its last display left, so displays asking for
    /// made-up terminal ids cannot grow the hub.
    pub(crate) fn release(&self, terminal: &TerminalId) {
        let mut terminals = self.lock_terminals();
        let unused = terminals.get(terminal).is_some_and(|channel| {
            channel.latest.version == 0 && channel.sender.receiver_count() == 0
        });
        if unused {
            terminals.remove(terminal);
        }
    }

    /// Lists a new display until the returned guard is dropped.
    pub(crate) fn register(&self, terminal: &TerminalId, peer: SocketAddr) -> Registration {
        let id = self.inner.next_display_id.fetch_add(1, Ordering::Relaxed);
        let display = ConnectedDisplay {
            id,
            terminal_id: terminal.clone(),
            peer,
            connected_since: Utc::now(),
            name: None,
        };
        self.lock_displays().insert(id, display);
        Registration {
            hub: self.clone(),
            id,
        }
    }

    fn channel<'a>(
        terminals: &'a mut HashMap<TerminalId, TerminalChannel>,
        terminal: &TerminalId,
        backlog: usize,
    ) -> &'a mut TerminalChannel {
        terminals
            .entry(terminal.clone())
            .or_insert_with(|| TerminalChannel {
                latest: Arc::new(Published::new(terminal, 0, DisplayState::Idle)),
                sender: broadcast::channel(backlog).0,
            })
    }

    fn lock_terminals(&self) -> std::sync::MutexGuard<'_, HashMap<TerminalId, TerminalChannel>> {
        // A panic while holding the lock cannot leave a half-written entry (every write is one
        // assignment), so a poisoned lock is still consistent.
        self.inner
            .terminals
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    fn lock_displays(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, ConnectedDisplay>> {
        self.inner
            .displays
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

/// Keeps a display in [`DisplayHub::connected_displays`] while it lives.
pub(crate) struct Registration {
    hub: DisplayHub,
    id: u64,
}

impl Registration {
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    pub(crate) fn set_name(&self, name: &str) {
        let name: String = name
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_DISPLAY_NAME_CHARS)
            .collect();
        if let Some(display) = self.hub.lock_displays().get_mut(&self.id) {
            display.name = Some(name);
        }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.hub.lock_displays().remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_grow_per_terminal_and_followers_see_every_publish() {
        let hub = DisplayHub::new();
        let kasse1 = TerminalId::parse("kasse-1").unwrap();
        let kasse2 = TerminalId::parse("kasse-2").unwrap();
        assert_eq!(hub.current(&kasse1), None);
        let (snapshot, mut updates) = hub.follow(&kasse1);
        assert_eq!(snapshot.version, 0);
        assert_eq!(hub.publish(&kasse1, DisplayState::Idle), 1);
        assert_eq!(hub.publish(&kasse1, DisplayState::Idle), 2);
        assert_eq!(hub.publish(&kasse2, DisplayState::Idle), 1);
        assert_eq!(updates.try_recv().unwrap().version, 1);
        assert_eq!(updates.try_recv().unwrap().version, 2);
        assert!(updates.try_recv().is_err());
        assert_eq!(hub.current(&kasse1), Some((2, DisplayState::Idle)));
    }

    #[test]
    fn a_till_only_ever_followed_is_forgotten_when_its_last_display_leaves() {
        let hub = DisplayHub::new();
        let ghost = TerminalId::parse("made-up").unwrap();
        let kasse = TerminalId::parse("kasse-1").unwrap();
        let (_, ghost_follower) = hub.follow(&ghost);
        let (_, kasse_follower) = hub.follow(&kasse);
        hub.publish(&kasse, DisplayState::Idle);
        hub.release(&ghost);
        assert_eq!(hub.lock_terminals().len(), 2, "still followed");
        drop((ghost_follower, kasse_follower));
        hub.release(&ghost);
        hub.release(&kasse);
        assert_eq!(hub.lock_terminals().len(), 1, "published state is kept");
        assert_eq!(hub.current(&kasse), Some((1, DisplayState::Idle)));
    }
}
