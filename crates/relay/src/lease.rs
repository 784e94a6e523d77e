//! The publishing lease: one row in the store database naming the relay that may publish, until when.

use chrono::{DateTime, SecondsFormat, Utc};
use filiale_store::{Store, StoreError};
use rusqlite::{OptionalExtension, params};
use std::time::Duration;

/// Who holds the lease after an attempt to take or renew it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lease {
    Held,
    HeldElsewhere { holder: String, expires_at: String },
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Takes the lease for `holder` until `now + ttl`, or renews it; succeeds only if nobody else holds
/// an unexpired lease. One SQL statement, so two relays racing on one file cannot both win.
pub fn acquire(
    store: &Store,
    holder: &str,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<Lease, StoreError> {
    let until = now + chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::seconds(30));
    store.bookkeep(|conn| {
        let won: Option<String> = conn
            .prepare_cached(
                "INSERT INTO relay_lease (id, holder, expires_at) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                 WHERE relay_lease.holder = excluded.holder OR relay_lease.expires_at < ?3
                 RETURNING holder",
            )?
            .query_row(params![holder, stamp(until), stamp(now)], |r| r.get(0))
            .optional()?;
        if won.is_some() {
            return Ok(Lease::Held);
        }
        let (holder, expires_at) = conn.query_row(
            "SELECT holder, expires_at FROM relay_lease WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Lease::HeldElsewhere { holder, expires_at })
    })
}

/// Gives the lease up (graceful shutdown), so another relay can take over at once.
pub fn release(store: &Store, holder: &str) -> Result<(), StoreError> {
    store.bookkeep(|conn| {
        conn.execute("DELETE FROM relay_lease WHERE holder = ?1", [holder])?;
        Ok(())
    })
}
