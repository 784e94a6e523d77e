//! The publishing lease: one row in the store database naming the relay that may publish, until when.
//!
//! The holder id names the relay's process and machine ([`crate::holder`]): a lease whose holder
//! process is gone from this machine is taken over at once, without waiting for it to expire.

use crate::holder::{self, Liveness};
use chrono::{DateTime, SecondsFormat, Utc};
use filiale_store::relay_book::{LeaseRow, OutboxReader};
use filiale_store::{Store, StoreError};
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
/// an unexpired lease, or the one who does is a process of this machine that no longer runs.
/// One SQL statement, so two relays racing on one file cannot both win.
pub fn acquire(
    store: &Store,
    holder: &str,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<Lease, StoreError> {
    acquire_reading(store, None, holder, ttl, now)
}

/// The lease row as it stands: holder and expiry.
pub fn current(store: &Store) -> Result<Option<(String, String)>, StoreError> {
    Ok(store
        .relay_lease(None)?
        .map(|LeaseRow { holder, expires_at }| (holder, expires_at)))
}

/// [`acquire`], reading the lease through `reader` (a separate connection) when given, so that a
/// fresh lease costs no wait on the store's connection.
pub fn acquire_reading(
    store: &Store,
    reader: Option<&OutboxReader>,
    holder: &str,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<Lease, StoreError> {
    let ttl = chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::seconds(30));
    let until = now + ttl;
    // Fast path, a read only: our lease still has more than two thirds of its time to run.
    let fresh_until = stamp(now + ttl * 2 / 3);
    let current = store
        .relay_lease(reader)?
        .map(|LeaseRow { holder, expires_at }| (holder, expires_at));
    // An unexpired lease whose holder process has died on this machine may be taken over.
    let mut dead_holder: Option<String> = None;
    if let Some((current_holder, expires_at)) = &current {
        if current_holder == holder && *expires_at > fresh_until {
            return Ok(Lease::Held);
        }
        if current_holder != holder && *expires_at >= stamp(now) {
            if holder::liveness(current_holder) != Liveness::Gone {
                return Ok(Lease::HeldElsewhere {
                    holder: current_holder.clone(),
                    expires_at: expires_at.clone(),
                });
            }
            dead_holder = Some(current_holder.clone());
        }
    }
    let (won, row) =
        store.take_relay_lease(holder, &stamp(until), &stamp(now), dead_holder.as_deref())?;
    if won {
        if let Some(dead) = &dead_holder {
            tracing::warn!(previous = %dead, "took over the relay lease: its holder's process is gone");
        }
        return Ok(Lease::Held);
    }
    Ok(Lease::HeldElsewhere {
        holder: row.holder,
        expires_at: row.expires_at,
    })
}

/// Gives the lease up (graceful shutdown), so another relay can take over at once.
pub fn release(store: &Store, holder: &str) -> Result<(), StoreError> {
    store.release_relay_lease(holder)
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

    #[test]
    fn a_lease_whose_process_is_gone_is_taken_over_before_it_expires() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.sqlite"), "s").unwrap();
        let ttl = Duration::from_secs(30);
        let now = Utc::now();
        let mut exited = std::process::Command::new("true").spawn().unwrap();
        let pid = exited.id();
        exited.wait().unwrap();
        let ours = holder::parse(&holder::new_holder_id()).unwrap();
        let (host, ns) = (ours.host, ours.pid_namespace);
        let dead = format!("{pid}.1.{ns}@{host}#crashed");
        assert_eq!(acquire(&store, &dead, ttl, now).unwrap(), Lease::Held);

        let successor = holder::new_holder_id();
        assert_eq!(acquire(&store, &successor, ttl, now).unwrap(), Lease::Held);
        // The successor runs (it is this process): nobody takes its lease before it expires.
        let rival = holder::new_holder_id();
        assert!(matches!(
            acquire(&store, &rival, ttl, now).unwrap(),
            Lease::HeldElsewhere { holder, .. } if holder == successor
        ));
        // A holder on another machine cannot be checked: its lease runs its time.
        release(&store, &successor).unwrap();
        let remote = format!("{pid}.1.{ns}@not-{host}#remote");
        assert_eq!(acquire(&store, &remote, ttl, now).unwrap(), Lease::Held);
        assert!(matches!(
            acquire(&store, &rival, ttl, now).unwrap(),
            Lease::HeldElsewhere { .. }
        ));
    }
}
