//! Filiale head office: consumes every store's events from JetStream into its own SQLite projections.
//!
//! Map of the crate:
//! - [`config`]: `hq.toml` (NATS connection, stream, consumer);
//! - [`db`]: the head office database file and its schema (`schema.sql`);
//! - [`apply`]: checks a message, records it in the inbox keyed by (store_id, store_seq) and folds it
//!   into the projections — sales and revenue per store and day by VAT rate, stock, customers,
//!   leads, account balances — a whole batch per transaction;
//! - [`consume`]: the durable pull consumer with explicit acks; unreadable messages are terminated;
//! - [`closings`]: the stores' daily closings (Z-reports) and cash differences per till;
//! - [`report`]: the per-store picture (events, last seq, gaps, today's sales, low stock);
//! - [`business_day`]: days run midnight to midnight Berlin time, for the per-day figures.
//!
//! Architecture invariant: head office knows stores only through their events; it depends on
//! `filiale-domain` and on nothing of the store's own code.

pub mod apply;
pub mod business_day;
pub mod closings;
pub mod config;
pub mod consume;
pub mod db;
pub mod report;
