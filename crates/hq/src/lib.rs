//! Filiale head office: consumes every store's events from JetStream into its own projections, in
//! SQLite (a file, the default) or PostgreSQL (`--database postgres://…` or `database` in `hq.toml`).
//!
//! Map of the crate:
//! - [`config`]: `hq.toml` (database, NATS connection, stream, consumer);
//! - [`db`]: the head office database, SQLite or PostgreSQL, and their schemas (`schema.sql`,
//!   `schema_postgres.sql`): the one place where the two differ (connecting, `$n` placeholders,
//!   values, errors); everything else is written once against its transaction [`db::Tx`];
//! - [`apply`]: checks a message, records it in the inbox keyed by (store_id, store_seq) and folds it
//!   into the projections — sales and revenue per store and day by VAT rate, stock, customers,
//!   leads, account balances — a whole batch per transaction;
//! - [`consume`]: the durable pull consumer with explicit acks after the commit; unreadable messages
//!   are terminated; while the database is away (PostgreSQL restarting) it waits and retries;
//! - [`report`]: the per-store picture (events, last seq, gaps, today's sales, low stock) and the
//!   takings of a span of business days per store, day and VAT rate, with totals across stores;
//! - [`business_day`]: days run midnight to midnight Berlin time, for the per-day figures.
//!
//! Architecture invariant: head office knows stores only through their events; it depends on
//! `filiale-domain` and on nothing of the store's own code.

pub mod apply;
pub mod business_day;
pub mod config;
pub mod consume;
pub mod db;
pub mod report;
