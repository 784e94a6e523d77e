//! The write transaction: gapless counters and the outbox append that every fact goes through.

use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use filiale_domain::{DomainEvent, EventEnvelope};
use rusqlite::{OptionalExtension, Transaction, params};

/// One write transaction on the store, at one point in time.
pub struct Tx<'c> {
    db: &'c Db,
    sql: Transaction<'c>,
    store_id: &'c str,
    now: DateTime<Utc>,
    /// Highest store_seq written in this transaction, if any.
    last_seq: Option<i64>,
}

impl<'c> Tx<'c> {
    pub(crate) fn new(
        db: &'c Db,
        sql: Transaction<'c>,
        store_id: &'c str,
        now: DateTime<Utc>,
    ) -> Tx<'c> {
        Tx {
            db,
            sql,
            store_id,
            now,
            last_seq: None,
        }
    }

    /// The SQL transaction, for the repositories of this crate only.
    pub(crate) fn sql(&self) -> &Transaction<'c> {
        &self.sql
    }

    /// The database as this transaction sees it, for this crate's read functions
    /// (`articles::get(tx.db(), ..)`); other crates cannot run SQL on it.
    pub fn db(&self) -> &'c Db {
        self.db
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn now_text(&self) -> String {
        self.now
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    /// Takes the next value of a gapless counter. Rolled back with the transaction, so no gap remains.
    pub fn next_counter(&self, name: &str) -> Result<i64, StoreError> {
        let next: i64 = self
            .sql
            .query_row(
                "INSERT INTO counters (name, value) VALUES (?1, 1)
                 ON CONFLICT (name) DO UPDATE SET value = value + 1
                 RETURNING value",
                [name],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::Malformed(format!("counter {name} did not advance")))?;
        Ok(next)
    }

    /// Appends `event` to the outbox with the next `store_seq`, in this transaction.
    pub fn emit(&mut self, event: &DomainEvent) -> Result<i64, StoreError> {
        let seq = self.next_counter("store_seq")?;
        let envelope =
            EventEnvelope::new(uuid::Uuid::now_v7(), self.store_id, seq, self.now, event);
        let json = serde_json::to_string(&envelope)?;
        self.sql
            .prepare_cached(
                "INSERT INTO outbox (store_seq, event_id, event_type, domain, aggregate_id, subject, envelope, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                seq,
                envelope.event_id.to_string(),
                envelope.event_type,
                envelope.domain,
                envelope.aggregate_id,
                envelope.subject(),
                json,
                envelope.occurred_at,
            ])?;
        self.last_seq = Some(seq);
        Ok(seq)
    }

    pub(crate) fn commit(self) -> Result<Option<i64>, StoreError> {
        self.sql.commit()?;
        Ok(self.last_seq)
    }
}
