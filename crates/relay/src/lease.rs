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
    acquire_reading(store, None, holder, ttl, now)
}

/// The lease row as it stands: holder and expiry.
pub fn current(conn: &rusqlite::Connection) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT holder, expires_at FROM relay_lease WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// [`acquire`], reading the lease through `reader` (a separate connection) when given, so that a
/// fresh lease costs no wait on the store's connection.
pub fn acquire_reading(
    store: &Store,
    reader: Option<&rusqlite::Connection>,
    holder: &str,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<Lease, StoreError> {
    let ttl = chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::seconds(30));
    let until = now + ttl;
    // Fast path, a read only: our lease still has more than two thirds of its time to run.
    let fresh_until = stamp(now + ttl * 2 / 3);
    let current = match reader {
        Some(conn) => current(conn)?,
        None => store.read(current)?,
    };
    if let Some((current_holder, expires_at)) = &current {
        if current_holder == holder && *expires_at > fresh_until {
            return Ok(Lease::Held);
        }
        if current_holder != holder && *expires_at >= stamp(now) {
            return Ok(Lease::HeldElsewhere {
                holder: current_holder.clone(),
                expires_at: expires_at.clone(),
            });
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_until_the_lease_expires_or_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let (a, b) = (
            Store::open(&path, "s").unwrap(),
            Store::open(&path, "s").unwrap(),
        );
        let ttl = Duration::from_secs(30);
        let t0 = DateTime::from_timestamp(1_775_000_000, 0).unwrap();
        assert_eq!(acquire(&a, "a", ttl, t0).unwrap(), Lease::Held);
        assert!(
            matches!(acquire(&b, "b", ttl, t0).unwrap(), Lease::HeldElsewhere { holder, .. } if holder == "a")
        );
        // Renewed by a after 20 s, so still a's at 40 s.
        let t20 = t0 + chrono::Duration::seconds(20);
        assert_eq!(acquire(&a, "a", ttl, t20).unwrap(), Lease::Held);
        let t40 = t0 + chrono::Duration::seconds(40);
        assert!(matches!(
            acquire(&b, "b", ttl, t40).unwrap(),
            Lease::HeldElsewhere { .. }
        ));
        // a stops renewing: b takes over once it expired.
        let t60 = t0 + chrono::Duration::seconds(60);
        assert_eq!(acquire(&b, "b", ttl, t60).unwrap(), Lease::Held);
        release(&b, "b").unwrap();
        assert_eq!(acquire(&a, "a", ttl, t60).unwrap(), Lease::Held);
    }
}
