//! Filiale soak harness: proves that no committed sale and no event is lost under crashes, full
//! disks and flaky networks, by driving the real `filiale`, `filiale-hq` and `nats-server` binaries.
//!
//! Map of the crate:
//! - [`binaries`]: where the `filiale`, `filiale-hq` and `nats-server` executables are found;
//! - [`shop`]: a fresh store data directory with a small catalogue, and random `filiale sell` calls;
//! - [`audit`]: what must hold in a store database after any crash (integrity, gapless receipts and
//!   `store_seq`, every sale with its events and balanced journal entry, every confirmed receipt kept);
//! - [`crash_loop`]: sales SIGKILLed at random moments, audited after every kill;
//! - [`disk_full`]: a sale on a full file system is refused whole, and the same process sells again
//!   once space is free;
//! - [`nats`]: a real `nats-server` that can be stopped and started, and reading the whole event stream;
//! - [`flaky_network`]: thousands of sales while the relay and `nats-server` die and come back;
//!   head office must end up with exactly the committed events;
//! - [`privacy`]: scanning files and payloads for card numbers (Luhn) and secrets;
//! - [`report`]: the results table each mode prints.
//!
//! Every mode returns a [`report::Report`]; the binary exits non-zero when a report lists a loss.

pub mod audit;
pub mod binaries;
pub mod crash_loop;
pub mod disk_full;
pub mod flaky_network;
pub mod nats;
pub mod privacy;
pub mod report;
pub mod shop;
