//! Filiale's outbox relay: publishes a store's outbox to NATS JetStream, in `store_seq` order.
//!
//! Map of the crate:
//! - [`config`]: the `[nats]` table of the store's config file (servers, credentials, TLS, stream, pacing);
//! - [`connect`]: opening the connection, with failures worded for the person who must fix them;
//! - [`stream`]: creating or updating the `ERP_EVENTS` stream where allowed, else using it as is;
//! - [`lease`]: the row in the store database that lets exactly one relay publish at a time;
//! - [`holder`]: lease holder ids naming process and machine, and whether that process still runs;
//! - [`failure`]: [`classify`], which publish failures are waited out and which can never succeed;
//! - [`publish`]: [`publish_batch`], one pipelined batch, acks awaited before rows are marked;
//! - [`backoff`]: exponential backoff with jitter after transient failures;
//! - [`status`]: what the UI shows (connected, backlog, oldest pending, last ack, dead letters, last error);
//! - [`run`]: the loop around all of that, woken by commits, stopped gracefully.
//!
//! Architecture invariant: the relay never writes domain rows and never holds the store's lock
//! while waiting on the network; a sale never waits for the relay.

pub mod backoff;
pub mod config;
pub mod connect;
pub mod failure;
pub mod holder;
pub mod lease;
pub mod publish;
pub mod run;
pub mod status;
pub mod stream;

pub use config::{NatsConfig, RelaySettings, StreamSettings, TlsConfig};
pub use failure::{FailureClass, classify};
pub use publish::{BatchSettings, Outcome, Pipeline, RelayError, publish_batch};
pub use run::{DrainSummary, Relay, run};
pub use status::{RelayStatus, StatusBoard};
