//! What the relay is doing, for the UI and `filiale outbox status`: connection, backlog, last ack, last error.

use chrono::{DateTime, Utc};
use filiale_store::{Store, StoreError, outbox};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// The relay's picture of the outbox and its connection, at one moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelayStatus {
    pub connected: bool,
    /// The server the relay talks to, when connected.
    pub server: Option<String>,
    pub pending: i64,
    /// Seconds since the oldest unpublished event was written.
    pub oldest_pending_age_secs: Option<i64>,
    /// The highest `store_seq` JetStream has acknowledged.
    pub last_acked_seq: Option<i64>,
    pub dead_letters: i64,
    /// The last thing that went wrong, in words a store manager can act on; cleared by success.
    pub last_error: Option<String>,
    /// Whether this relay holds the lease on the outbox (another instance may be publishing).
    pub publishing: bool,
}

/// Live state shared between the relay's task, the connection's event callback and readers.
#[derive(Debug, Default)]
struct Live {
    connected: bool,
    server: Option<String>,
    last_error: Option<String>,
    publishing: bool,
    /// Subjects the server refused to let this store publish on, and when it last said so.
    denied: HashMap<String, Instant>,
}

/// How long a permissions violation the server reported counts for its subject: longer than any
/// ack timeout, short enough that fixed permissions take effect soon.
const DENIAL_MEMORY: Duration = Duration::from_secs(60);
/// Subjects remembered at most; a store publishes on a handful.
const DENIALS_KEPT: usize = 256;

/// A cheap handle onto the relay's live state; clone it into the UI.
#[derive(Debug, Clone)]
pub struct StatusBoard {
    /// A std mutex: updates are a few field writes and never cross an await.
    live: Arc<Mutex<Live>>,
    /// The highest acknowledged `store_seq`; latency probes and tests wait on it.
    acked: Arc<watch::Sender<i64>>,
}

impl Default for StatusBoard {
    fn default() -> Self {
        StatusBoard {
            live: Arc::default(),
            acked: Arc::new(watch::channel(0).0),
        }
    }
}

impl StatusBoard {
    fn live(&self) -> std::sync::MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set_connected(&self, connected: bool, server: Option<String>) {
        let mut live = self.live();
        live.connected = connected;
        live.server = server;
    }

    pub fn set_error(&self, error: impl Into<String>) {
        self.live().last_error = Some(error.into());
    }

    pub fn clear_error(&self) {
        self.live().last_error = None;
    }

    pub fn set_publishing(&self, publishing: bool) {
        self.live().publishing = publishing;
    }

    pub fn last_error(&self) -> Option<String> {
        self.live().last_error.clone()
    }

    /// Notes that the server refused a publish on `subject` (a permissions violation).
    pub fn subject_denied(&self, subject: &str) {
        let mut live = self.live();
        if live.denied.len() >= DENIALS_KEPT {
            live.denied.retain(|_, at| at.elapsed() < DENIAL_MEMORY);
        }
        if live.denied.len() < DENIALS_KEPT {
            live.denied.insert(subject.to_owned(), Instant::now());
        }
    }

    /// Whether the server refused a publish on `subject` within the last minute.
    pub fn was_denied(&self, subject: &str) -> bool {
        self.live()
            .denied
            .get(subject)
            .is_some_and(|at| at.elapsed() < DENIAL_MEMORY)
    }

    pub(crate) fn acknowledged(&self, store_seq: i64) {
        self.acked.send_if_modified(|current| {
            let newer = store_seq > *current;
            if newer {
                *current = store_seq;
            }
            newer
        });
    }

    /// Follows the highest acknowledged `store_seq` (0 before the first ack).
    pub fn acked_seq(&self) -> watch::Receiver<i64> {
        self.acked.subscribe()
    }

    /// The full status: live state plus the outbox's counts, read from the store at `now`.
    pub fn status(&self, store: &Store, now: DateTime<Utc>) -> Result<RelayStatus, StoreError> {
        let counts = store.read(outbox::status)?;
        let age = counts
            .oldest_pending_at
            .as_deref()
            .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
            .map(|at| (now - at.with_timezone(&Utc)).num_seconds().max(0));
        let live = self.live();
        let acked = *self.acked.borrow();
        Ok(RelayStatus {
            connected: live.connected,
            server: live.server.clone(),
            pending: counts.pending,
            oldest_pending_age_secs: age,
            last_acked_seq: counts.last_published_seq.max((acked > 0).then_some(acked)),
            dead_letters: counts.dead,
            last_error: live.last_error.clone(),
            publishing: live.publishing,
        })
    }
}
