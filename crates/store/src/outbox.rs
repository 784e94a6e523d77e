//! Reading and maintaining the outbox: pending rows in order, publishing marks, dead letters, retention.

use crate::Db;
use crate::StoreError;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// An outbox row waiting to be published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingEvent {
    pub store_seq: i64,
    pub event_id: String,
    pub event_type: String,
    pub subject: String,
    /// The JSON envelope, exactly as published.
    pub envelope: String,
    pub attempts: i64,
}

/// An outbox row as listed for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OutboxRow {
    pub store_seq: i64,
    pub event_id: String,
    pub event_type: String,
    pub aggregate_id: String,
    pub created_at: String,
    pub published_at: Option<String>,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub dead_at: Option<String>,
}

/// The outbox at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OutboxStatus {
    pub total: i64,
    pub pending: i64,
    pub published: i64,
    pub dead: i64,
    pub oldest_pending_at: Option<String>,
    pub last_published_seq: Option<i64>,
    pub last_store_seq: Option<i64>,
}

pub fn status(db: &Db) -> Result<OutboxStatus, StoreError> {
    let conn = db.conn();
    Ok(conn.query_row(
        "SELECT COUNT(*),
                COUNT(*) FILTER (WHERE published_at IS NULL AND dead_at IS NULL),
                COUNT(*) FILTER (WHERE published_at IS NOT NULL),
                COUNT(*) FILTER (WHERE dead_at IS NOT NULL),
                MIN(created_at) FILTER (WHERE published_at IS NULL AND dead_at IS NULL),
                MAX(store_seq) FILTER (WHERE published_at IS NOT NULL),
                (SELECT value FROM counters WHERE name = 'store_seq')
         FROM outbox",
        [],
        |r| {
            Ok(OutboxStatus {
                total: r.get(0)?,
                pending: r.get(1)?,
                published: r.get(2)?,
                dead: r.get(3)?,
                oldest_pending_at: r.get(4)?,
                last_published_seq: r.get(5)?,
                last_store_seq: r.get(6)?,
            })
        },
    )?)
}

/// The next `limit` pending rows in `store_seq` order.
pub fn pending(db: &Db, limit: i64) -> Result<Vec<PendingEvent>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT store_seq, event_id, event_type, subject, envelope, attempts FROM outbox
         WHERE published_at IS NULL AND dead_at IS NULL ORDER BY store_seq LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(PendingEvent {
            store_seq: r.get(0)?,
            event_id: r.get(1)?,
            event_type: r.get(2)?,
            subject: r.get(3)?,
            envelope: r.get(4)?,
            attempts: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Rows in `store_seq` order for listing, newest last, optionally only dead letters.
pub fn list(db: &Db, dead_only: bool, limit: i64) -> Result<Vec<OutboxRow>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT store_seq, event_id, event_type, aggregate_id, created_at, published_at, attempts, last_error, dead_at
         FROM (SELECT * FROM outbox WHERE (?1 = 0 OR dead_at IS NOT NULL) ORDER BY store_seq DESC LIMIT ?2)
         ORDER BY store_seq",
    )?;
    let rows = stmt.query_map(params![dead_only, limit], |r| {
        Ok(OutboxRow {
            store_seq: r.get(0)?,
            event_id: r.get(1)?,
            event_type: r.get(2)?,
            aggregate_id: r.get(3)?,
            created_at: r.get(4)?,
            published_at: r.get(5)?,
            attempts: r.get(6)?,
            last_error: r.get(7)?,
            dead_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Marks a row published with the stream sequence the server acknowledged (through
/// [`Store::mark_outbox`](crate::Store::mark_outbox)).
pub(crate) fn mark_published(
    conn: &Connection,
    store_seq: i64,
    stream_seq: u64,
    at: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE outbox SET published_at = ?2, stream_seq = ?3, last_error = NULL WHERE store_seq = ?1")?
        .execute(params![store_seq, at, stream_seq as i64])?;
    Ok(())
}

/// Records a failed attempt; after `max_attempts` the row becomes a dead letter. Returns whether it is dead now.
pub(crate) fn record_failure(
    conn: &Connection,
    store_seq: i64,
    error: &str,
    max_attempts: i64,
    at: &str,
) -> Result<bool, StoreError> {
    let dead: Option<bool> = conn
        .prepare_cached(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2,
             dead_at = CASE WHEN attempts + 1 >= ?3 THEN ?4 ELSE NULL END
             WHERE store_seq = ?1 RETURNING dead_at IS NOT NULL",
        )?
        .query_row(params![store_seq, error, max_attempts, at], |r| r.get(0))
        .optional()?;
    Ok(dead.unwrap_or(false))
}

/// Puts a dead letter back in the queue.
pub fn retry(db: &Db, store_seq: i64) -> Result<(), StoreError> {
    let conn = db.conn();
    let changed = conn.execute(
        "UPDATE outbox SET dead_at = NULL, attempts = 0, last_error = NULL WHERE store_seq = ?1 AND dead_at IS NOT NULL",
        [store_seq],
    )?;
    if changed == 0 {
        return Err(StoreError::NotDeadLetter(store_seq));
    }
    Ok(())
}

/// Deletes rows published before `before` (RFC 3339). Returns how many were removed.
pub fn remove_published_before(db: &Db, before: &str) -> Result<usize, StoreError> {
    Ok(db.conn().execute(
        "DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < ?1",
        [before],
    )?)
}

/// All envelopes in `store_seq` order (tests and diagnostics).
pub fn envelopes(db: &Db) -> Result<Vec<String>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached("SELECT envelope FROM outbox ORDER BY store_seq")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// `(store_seq, event_type, aggregate_id)` of every outbox row after `after_seq`, in order.
pub fn events_after(db: &Db, after_seq: i64) -> Result<Vec<(i64, String, String)>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare(
        "SELECT store_seq, event_type, aggregate_id FROM outbox WHERE store_seq > ?1
         ORDER BY store_seq",
    )?;
    let rows = stmt.query_map([after_seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The lowest and highest `store_seq` still in the outbox (`None` when it is empty).
pub fn seq_range(db: &Db) -> Result<(Option<i64>, Option<i64>), StoreError> {
    Ok(db.conn().query_row(
        "SELECT min(store_seq), max(store_seq) FROM outbox",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The highest `store_seq` of an event of `event_type`, if any is still in the outbox.
pub fn latest_of_type(db: &Db, event_type: &str) -> Result<Option<i64>, StoreError> {
    Ok(db.conn().query_row(
        "SELECT MAX(store_seq) FROM outbox WHERE event_type = ?1",
        [event_type],
        |r| r.get(0),
    )?)
}
