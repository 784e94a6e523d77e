//! What the outbox relay keeps in the store's file, with the statements that keep it: the
//! publishing lease (one row naming the relay that may publish, until when), the pending events it
//! reads — through a read-only connection of its own when it has one, so it never waits for a
//! sale nor makes a sale wait — and the marks it sets once JetStream acknowledged a batch.
//! The relay decides; the store writes.

use crate::outbox::{self, PendingEvent};
use crate::{Store, StoreError};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::sync::Mutex;
use std::time::Duration;

/// A read-only connection to the store's file for the relay's reads. With WAL it reads while the
/// store's connection writes.
#[derive(Debug)]
pub struct OutboxReader {
    /// A std mutex: held only for one short query, never across an await.
    conn: Mutex<Connection>,
}

impl OutboxReader {
    /// Opens a read-only connection to `store`'s file.
    pub fn open(store: &Store) -> Result<OutboxReader, StoreError> {
        let conn = Connection::open_with_flags(
            store.path(),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(10))?;
        Ok(OutboxReader {
            conn: Mutex::new(conn),
        })
    }

    fn with<T>(
        &self,
        query: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        query(&conn)
    }
}

/// The lease row as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseRow {
    pub holder: String,
    pub expires_at: String,
}

fn current_lease(conn: &Connection) -> Result<Option<LeaseRow>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT holder, expires_at FROM relay_lease WHERE id = 1")?
        .query_row([], |r| {
            Ok(LeaseRow {
                holder: r.get(0)?,
                expires_at: r.get(1)?,
            })
        })
        .optional()?)
}

fn pending(
    conn: &Connection,
    after_seq: i64,
    limit: usize,
) -> Result<Vec<PendingEvent>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT store_seq, event_id, event_type, subject, envelope, attempts FROM outbox
         WHERE published_at IS NULL AND dead_at IS NULL AND store_seq > ?1
         ORDER BY store_seq LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after_seq, limit.max(1) as i64], |r| {
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

/// The marks of one acknowledged batch, set in one transaction by [`Store::mark_outbox`].
#[derive(Debug)]
pub struct OutboxMarks<'t> {
    tx: &'t rusqlite::Transaction<'t>,
}

impl OutboxMarks<'_> {
    /// `store_seq` reached the stream as `stream_seq` at `at`.
    pub fn published(&self, store_seq: i64, stream_seq: u64, at: &str) -> Result<(), StoreError> {
        outbox::mark_published(self.tx, store_seq, stream_seq, at)
    }

    /// A failed attempt at `store_seq`; true when it became a dead letter (`max_attempts`).
    pub fn failed(
        &self,
        store_seq: i64,
        error: &str,
        max_attempts: i64,
        at: &str,
    ) -> Result<bool, StoreError> {
        outbox::record_failure(self.tx, store_seq, error, max_attempts, at)
    }
}

impl Store {
    /// The lease row, read through `reader` when given (no wait on the store's connection).
    pub fn relay_lease(
        &self,
        reader: Option<&OutboxReader>,
    ) -> Result<Option<LeaseRow>, StoreError> {
        match reader {
            Some(reader) => reader.with(current_lease),
            None => self.read(current_lease),
        }
    }

    /// Gives the lease to `holder` until `until` if nobody holds an unexpired one at `now`, or the
    /// one who does is `holder` itself or `dead_holder` (a process known to be gone). One
    /// statement, so two relays racing on one file cannot both win. Returns the row as it is after.
    pub fn take_relay_lease(
        &self,
        holder: &str,
        until: &str,
        now: &str,
        dead_holder: Option<&str>,
    ) -> Result<(bool, LeaseRow), StoreError> {
        self.bookkeep(|conn| {
            let won: Option<String> = conn
                .prepare_cached(
                    "INSERT INTO relay_lease (id, holder, expires_at) VALUES (1, ?1, ?2)
                     ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                     WHERE relay_lease.holder = excluded.holder OR relay_lease.expires_at < ?3
                        OR relay_lease.holder = ?4
                     RETURNING holder",
                )?
                .query_row(params![holder, until, now, dead_holder], |r| r.get(0))
                .optional()?;
            let row = current_lease(conn)?
                .ok_or_else(|| StoreError::Malformed("the relay lease row vanished".into()))?;
            Ok((won.is_some(), row))
        })
    }

    /// Gives the lease of `holder` up, so another relay can take over at once.
    pub fn release_relay_lease(&self, holder: &str) -> Result<(), StoreError> {
        self.bookkeep(|conn| {
            conn.execute("DELETE FROM relay_lease WHERE holder = ?1", [holder])?;
            Ok(())
        })
    }

    /// The next pending events after `after_seq`, in `store_seq` order, read through `reader`
    /// when given.
    pub fn pending_events(
        &self,
        reader: Option<&OutboxReader>,
        after_seq: i64,
        limit: usize,
    ) -> Result<Vec<PendingEvent>, StoreError> {
        match reader {
            Some(reader) => reader.with(|conn| pending(conn, after_seq, limit)),
            None => self.read(|conn| pending(conn, after_seq, limit)),
        }
    }

    /// Sets the marks of one batch in one short transaction.
    pub fn mark_outbox<T>(
        &self,
        marks: impl FnOnce(&OutboxMarks<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.bookkeep(|conn| {
            let tx = conn.unchecked_transaction()?;
            let value = marks(&OutboxMarks { tx: &tx })?;
            tx.commit()?;
            Ok(value)
        })
    }

    /// Removes events published before `before` (RFC 3339); how many.
    pub fn remove_published_before(&self, before: &str) -> Result<usize, StoreError> {
        self.bookkeep(|conn| outbox::remove_published_before(conn, before))
    }

    /// Puts a dead letter back in the queue for the relay.
    pub fn retry_dead_letter(&self, store_seq: i64) -> Result<(), StoreError> {
        self.bookkeep(|conn| outbox::retry(conn, store_seq))
    }

    /// Writes the WAL into the main database file, so a copy of the file alone is complete.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.bookkeep(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?))
    }

    /// For fault tests: the file may not grow beyond its pages now (as on a full disk), or — with
    /// `false` — may grow again.
    pub fn freeze_size(&self, frozen: bool) -> Result<(), StoreError> {
        self.bookkeep(|c| {
            let pages: i64 = if frozen {
                c.query_row("PRAGMA page_count", [], |r| r.get(0))?
            } else {
                4_294_967_294
            };
            c.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))?;
            Ok(())
        })
    }
}
