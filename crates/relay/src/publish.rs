//! One batch of the outbox to JetStream: send every row with its `Nats-Msg-Id`, wait for all
//! PubAcks, then mark the acknowledged rows in one short transaction.

use crate::failure::{FailureClass, classify};
use crate::lease::{self, Lease};
use crate::status::StatusBoard;
use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::{self, context::PublishError};
use chrono::{DateTime, SecondsFormat, Utc};
use filiale_store::{Store, StoreError};
use std::sync::Arc;
use std::time::Duration;

/// What one call of [`publish_batch`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every row of the batch was acknowledged and marked published.
    Published(usize),
    /// Nothing to publish.
    Empty,
    /// Some rows were not acknowledged. The acknowledged ones are marked; rows that failed
    /// permanently `max_attempts` times became dead letters; the others wait for the next attempt.
    Failed {
        published: usize,
        dead_lettered: usize,
        /// The first failure was transient (no connection, timeout, a busy or full server): back
        /// off and try again.
        transient: bool,
        error: String,
    },
    /// Another relay holds the lease on this database; this one must not publish.
    NotLeaseHolder { holder: String },
}

/// Failures of the store, not of the network: the relay cannot go on without the database.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Injected(#[from] filiale_failpoint::Injected),
}

/// How one batch is published.
#[derive(Debug, Clone)]
pub struct BatchSettings {
    /// This relay's lease holder id.
    pub holder: String,
    pub batch_size: usize,
    pub max_attempts: i64,
    pub lease_ttl: Duration,
}

/// Whether a publish failure can never succeed (dead-letter it after a few attempts) rather than
/// wait for the server (retry forever); see [`classify`] for the rules.
pub fn is_permanent(error: &PublishError) -> bool {
    classify(error, false) == FailureClass::Permanent
}

fn describe(row: &SentRow, error: &PublishError, subject_denied: bool) -> String {
    let SentRow {
        store_seq,
        event_type,
        subject,
    } = row;
    if subject_denied {
        return format!(
            "store_seq {store_seq} ({event_type}): the server does not let this store publish on {subject} (Permissions Violation)"
        );
    }
    let detail = std::error::Error::source(error)
        .map(|s| format!(": {s}"))
        .unwrap_or_default();
    format!("store_seq {store_seq} ({event_type}): {error}{detail}")
}

/// One row of a batch as sent.
#[derive(Debug)]
struct SentRow {
    store_seq: i64,
    event_type: String,
    subject: String,
}

/// The rows of one batch and what the server said about each (`None`: not sent).
#[derive(Debug)]
pub struct SentBatch {
    rows: Vec<SentRow>,
    results: Vec<Option<Result<u64, PublishError>>>,
}

impl SentBatch {
    fn fully_acknowledged(&self) -> bool {
        self.results.iter().all(|r| matches!(r, Some(Ok(_))))
    }

    fn last_seq(&self) -> i64 {
        self.rows.last().map(|row| row.store_seq).unwrap_or(0)
    }
}

/// The first half of a batch: what [`send_batch`] found.
#[derive(Debug)]
pub enum Sent {
    Batch(SentBatch),
    Empty,
    NotLeaseHolder { holder: String },
}

/// The relay's read-only connection to the store file (the store opens and owns it).
pub use filiale_store::relay_book::OutboxReader;

/// Sends the pending rows after `after_seq` (all in flight at once) and waits for every PubAck.
/// The store's lock is held only to read the batch, never while waiting on the network.
pub async fn send_batch(
    store: &Store,
    reader: Option<&OutboxReader>,
    js: &jetstream::Context,
    settings: &BatchSettings,
    after_seq: i64,
    now: DateTime<Utc>,
) -> Result<Sent, RelayError> {
    let lease = lease::acquire_reading(store, reader, &settings.holder, settings.lease_ttl, now)?;
    if let Lease::HeldElsewhere { holder, .. } = lease {
        return Ok(Sent::NotLeaseHolder { holder });
    }
    let rows = store.pending_events(reader, after_seq, settings.batch_size)?;
    if rows.is_empty() {
        return Ok(Sent::Empty);
    }
    // A transient failure to send stops the batch there, so later rows do not overtake it.
    let mut in_flight = Vec::with_capacity(rows.len());
    let mut results: Vec<Option<Result<u64, PublishError>>> = rows.iter().map(|_| None).collect();
    let mut sent_rows = Vec::with_capacity(rows.len());
    for (index, row) in rows.into_iter().enumerate() {
        let message = PublishMessage::build()
            .payload(bytes::Bytes::from(row.envelope))
            .message_id(row.event_id.as_str());
        sent_rows.push(SentRow {
            store_seq: row.store_seq,
            event_type: row.event_type,
            subject: row.subject.clone(),
        });
        match js.send_publish(row.subject, message).await {
            Ok(ack) => in_flight.push((index, ack)),
            Err(error) => {
                let permanent = is_permanent(&error);
                results[index] = Some(Err(error));
                if !permanent {
                    break;
                }
            }
        }
    }
    let acks = futures_util::future::join_all(
        in_flight
            .into_iter()
            .map(|(index, ack)| async move { (index, ack.await) }),
    )
    .await;
    for (index, ack) in acks {
        results[index] = Some(ack.map(|a| a.sequence));
    }
    filiale_failpoint::hit("relay.after_publish")?;
    Ok(Sent::Batch(SentBatch {
        rows: sent_rows,
        results,
    }))
}

/// Marks the acknowledged rows of `sent` published, records failures (dead-lettering rows that
/// failed permanently `max_attempts` times), all in one short transaction.
pub fn mark_batch(
    store: &Store,
    sent: &SentBatch,
    max_attempts: i64,
    board: Option<&StatusBoard>,
    now: DateTime<Utc>,
) -> Result<Outcome, RelayError> {
    let stamp = now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut published = 0;
    let mut dead_lettered = 0;
    let mut first_failure: Option<(bool, String)> = None;
    let mut highest_acked = None;
    store.mark_outbox(|marks| {
        for (row, result) in sent.rows.iter().zip(&sent.results) {
            let store_seq = row.store_seq;
            match result {
                Some(Ok(stream_seq)) => {
                    marks.published(store_seq, *stream_seq, &stamp)?;
                    published += 1;
                    highest_acked = Some(store_seq);
                }
                Some(Err(error)) => {
                    let denied = board.is_some_and(|board| board.was_denied(&row.subject));
                    let text = describe(row, error, denied);
                    let permanent = classify(error, denied) == FailureClass::Permanent;
                    if permanent && marks.failed(store_seq, &text, max_attempts, &stamp)? {
                        tracing::error!(store_seq, error = %text, "event moved to dead letters");
                        dead_lettered += 1;
                    }
                    first_failure.get_or_insert((!permanent, text));
                }
                None => {
                    first_failure.get_or_insert((true, "not sent: an earlier event failed".into()));
                }
            }
        }
        Ok(())
    })?;
    if let (Some(board), Some(seq)) = (board, highest_acked) {
        board.acknowledged(seq);
    }
    Ok(match first_failure {
        None => Outcome::Published(published),
        Some((transient, error)) => Outcome::Failed {
            published,
            dead_lettered,
            transient,
            error,
        },
    })
}

/// Publishes the next batch of pending rows in `store_seq` order, all in flight at once, and waits
/// for every PubAck before marking the rows published.
pub async fn publish_batch(
    store: &Store,
    js: &jetstream::Context,
    settings: &BatchSettings,
    board: Option<&StatusBoard>,
    now: DateTime<Utc>,
) -> Result<Outcome, RelayError> {
    match send_batch(store, None, js, settings, 0, now).await? {
        Sent::Empty => Ok(Outcome::Empty),
        Sent::NotLeaseHolder { holder } => Ok(Outcome::NotLeaseHolder { holder }),
        Sent::Batch(sent) => mark_batch(store, &sent, settings.max_attempts, board, now),
    }
}

/// Batches one after another, where a fully acknowledged batch is marked on a blocking thread
/// while the next one is already on the wire. Only a batch without failures is overlapped, so
/// order and retries behave exactly as with [`publish_batch`].
#[derive(Debug)]
pub struct Pipeline {
    store: Arc<Store>,
    reader: Option<OutboxReader>,
    settings: BatchSettings,
    board: Option<StatusBoard>,
    /// The marking of the previous batch, if still running.
    marking: Option<tokio::task::JoinHandle<Result<Outcome, RelayError>>>,
    /// Rows up to here were acknowledged and are being marked.
    cursor: i64,
}

impl Pipeline {
    pub fn new(store: Arc<Store>, settings: BatchSettings, board: Option<StatusBoard>) -> Pipeline {
        let reader = OutboxReader::open(&store)
            .inspect_err(|e| tracing::warn!(error = %e, "no separate outbox reader; sharing the store's connection"))
            .ok();
        Pipeline {
            store,
            reader,
            settings,
            board,
            marking: None,
            cursor: 0,
        }
    }

    /// Waits for the marking in flight, if any.
    pub async fn settle(&mut self) -> Result<(), RelayError> {
        self.cursor = 0;
        if let Some(marking) = self.marking.take() {
            marking
                .await
                .map_err(|e| StoreError::Malformed(format!("marking task failed: {e}")))??;
        }
        Ok(())
    }

    /// Publishes one batch. `Published(n)` means n rows were acknowledged (their marks may still
    /// be being written; [`Pipeline::settle`] waits for them). Every other outcome is settled.
    pub async fn step(
        &mut self,
        js: &jetstream::Context,
        now: DateTime<Utc>,
    ) -> Result<Outcome, RelayError> {
        let sent = send_batch(
            &self.store,
            self.reader.as_ref(),
            js,
            &self.settings,
            self.cursor,
            now,
        )
        .await;
        self.settle().await?;
        match sent? {
            Sent::Empty => Ok(Outcome::Empty),
            Sent::NotLeaseHolder { holder } => Ok(Outcome::NotLeaseHolder { holder }),
            Sent::Batch(batch) if batch.fully_acknowledged() => {
                let acknowledged = batch.rows.len();
                self.cursor = batch.last_seq();
                let (store, board, max_attempts) = (
                    self.store.clone(),
                    self.board.clone(),
                    self.settings.max_attempts,
                );
                self.marking = Some(tokio::task::spawn_blocking(move || {
                    mark_batch(&store, &batch, max_attempts, board.as_ref(), now)
                }));
                Ok(Outcome::Published(acknowledged))
            }
            Sent::Batch(batch) => mark_batch(
                &self.store,
                &batch,
                self.settings.max_attempts,
                self.board.as_ref(),
                now,
            ),
        }
    }
}

/// Removes rows published more than `retention_days` before `now`.
pub fn remove_expired(
    store: &Store,
    retention_days: i64,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let before =
        (now - chrono::Duration::days(retention_days)).to_rfc3339_opts(SecondsFormat::Millis, true);
    store.remove_published_before(&before)
}
