//! One batch of the outbox to JetStream: send every row with its `Nats-Msg-Id`, wait for all
//! PubAcks, then mark the acknowledged rows in one short transaction.

use crate::lease::{self, Lease};
use crate::status::StatusBoard;
use async_nats::jetstream::context::PublishErrorKind;
use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::{self, context::PublishError};
use chrono::{DateTime, SecondsFormat, Utc};
use filiale_store::outbox::{self, PendingEvent};
use filiale_store::{Store, StoreError};
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
        /// The first failure was transient (no connection, timeout): back off and try again.
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

/// Whether a publish failure is about the message (dead-letter it after a few attempts) or about
/// the way to the server (retry forever).
pub fn is_permanent(error: &PublishError) -> bool {
    matches!(
        error.kind(),
        PublishErrorKind::MaxPayloadExceeded
            | PublishErrorKind::Other
            | PublishErrorKind::WrongLastMessageId
            | PublishErrorKind::WrongLastSequence
    )
}

fn describe(row: &PendingEvent, error: &PublishError) -> String {
    let detail = std::error::Error::source(error)
        .map(|s| format!(": {s}"))
        .unwrap_or_default();
    format!(
        "store_seq {} ({}): {error}{detail}",
        row.store_seq, row.event_type
    )
}

/// Publishes the next batch of pending rows in `store_seq` order, all in flight at once, and waits
/// for every PubAck before marking. The store's lock is held only to read the batch and to write
/// the marks, never while waiting on the network.
pub async fn publish_batch(
    store: &Store,
    js: &jetstream::Context,
    settings: &BatchSettings,
    board: Option<&StatusBoard>,
    now: DateTime<Utc>,
) -> Result<Outcome, RelayError> {
    if let Lease::HeldElsewhere { holder, .. } =
        lease::acquire(store, &settings.holder, settings.lease_ttl, now)?
    {
        return Ok(Outcome::NotLeaseHolder { holder });
    }
    let rows = store.read(|c| outbox::pending(c, settings.batch_size.max(1) as i64))?;
    if rows.is_empty() {
        return Ok(Outcome::Empty);
    }

    // Send: every row goes out before the first ack is awaited. A transient failure to send stops
    // the batch there, so later rows do not overtake the one that could not be sent.
    let mut in_flight = Vec::with_capacity(rows.len());
    let mut results: Vec<Option<Result<u64, PublishError>>> = rows.iter().map(|_| None).collect();
    for (index, row) in rows.iter().enumerate() {
        let message = PublishMessage::build()
            .payload(bytes::Bytes::from(row.envelope.clone()))
            .message_id(row.event_id.as_str());
        match js.send_publish(row.subject.clone(), message).await {
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

    let stamp = now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut published = 0;
    let mut dead_lettered = 0;
    let mut first_failure: Option<(bool, String)> = None;
    let mut highest_acked = None;
    store.bookkeep(|conn| {
        let tx = conn.unchecked_transaction()?;
        for (row, result) in rows.iter().zip(&results) {
            match result {
                Some(Ok(stream_seq)) => {
                    outbox::mark_published(&tx, row.store_seq, *stream_seq, &stamp)?;
                    published += 1;
                    highest_acked = Some(row.store_seq);
                }
                Some(Err(error)) => {
                    let text = describe(row, error);
                    let permanent = is_permanent(error);
                    if permanent
                        && outbox::record_failure(
                            &tx,
                            row.store_seq,
                            &text,
                            settings.max_attempts,
                            &stamp,
                        )?
                    {
                        tracing::error!(store_seq = row.store_seq, error = %text, "event moved to dead letters");
                        dead_lettered += 1;
                    }
                    first_failure.get_or_insert((!permanent, text));
                }
                None => {
                    first_failure.get_or_insert((true, "not sent: an earlier event failed".into()));
                }
            }
        }
        tx.commit()?;
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

/// Removes rows published more than `retention_days` before `now`.
pub fn remove_expired(
    store: &Store,
    retention_days: i64,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let before =
        (now - chrono::Duration::days(retention_days)).to_rfc3339_opts(SecondsFormat::Millis, true);
    store.bookkeep(|conn| outbox::remove_published_before(conn, &before))
}
