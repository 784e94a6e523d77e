//! Per-address connection counting and the answer given to a connection refused before its
//! upgrade is even read.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use tokio::net::TcpStream;

use crate::admission::Refusal;

/// How many connections each peer address has open, upgrading or admitted.
#[derive(Clone)]
pub(crate) struct PerAddress {
    limit: usize,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// One connection counted against its address until dropped.
pub(crate) struct AddressSlot {
    address: IpAddr,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl PerAddress {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            limit,
            open: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Counts one more connection from `address`, or `None` when it already has `limit` open.
    pub(crate) fn try_take(&self, address: IpAddr) -> Option<AddressSlot> {
        let mut open = lock(&self.open);
        let count = open.entry(address).or_insert(0);
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(AddressSlot {
            address,
            open: Arc::clone(&self.open),
        })
    }

    #[cfg(test)]
    fn open_from(&self, address: IpAddr) -> usize {
        lock(&self.open).get(&address).copied().unwrap_or(0)
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut open = lock(&self.open);
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                // Addresses seen once do not stay in the map.
                open.remove(&self.address);
            }
        }
    }
}

fn lock(open: &Mutex<HashMap<IpAddr, usize>>) -> std::sync::MutexGuard<'_, HashMap<IpAddr, usize>> {
    // Every change is one counter update: a poisoned lock is still consistent.
    open.lock().unwrap_or_else(|poison| poison.into_inner())
}

/// Answers a connection refused before its request was read with a plain HTTP error and drops
/// it. Best effort and never waiting: a fresh socket's send buffer is empty, so the short answer
/// fits; a client that cannot take it just sees the connection close.
pub(crate) fn refuse_at_once(stream: TcpStream, refusal: &Refusal) {
    let body = format!("{}\n", refusal.message());
    let status = refusal.status();
    let answer = format!(
        "HTTP/1.1 {} {}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default(),
        body.len()
    );
    let _ = stream.try_write(answer.as_bytes());
    drop(stream);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_gets_its_limit_and_closed_connections_give_their_place_back() {
        let limits = PerAddress::new(2);
        let a: IpAddr = "192.168.1.20".parse().unwrap();
        let b: IpAddr = "192.168.1.21".parse().unwrap();
        let first = limits.try_take(a).unwrap();
        let _second = limits.try_take(a).unwrap();
        assert!(
            limits.try_take(a).is_none(),
            "a third from the same address"
        );
        assert!(
            limits.try_take(b).is_some(),
            "another address is not affected"
        );
        drop(first);
        assert_eq!(limits.open_from(a), 1);
        assert!(limits.try_take(a).is_some());
        assert_eq!(limits.open_from(b), 0, "forgotten once closed");
    }
}
