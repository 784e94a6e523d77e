//! Filiale's composition root: configuration, the use cases over the store, CSV import, the demo
//! store and the command line. Only this crate knows all the parts; only `src-tauri` knows Tauri.
//!
//! Map of the crate:
//! - [`config`]: the data directory and the store's `filiale.toml`;
//! - [`logging`]: `tracing` to stderr and to a daily rolling file in the data directory;
//! - [`App`] ([`app`]): the opened store; its use cases in [`usecases`] are grouped by who uses them
//!   (`app.till()`, `app.back_office()`, `app.purchasing()`, `app.staff()`, `app.search()`,
//!   `app.outbox()`);
//! - [`dto`]: the types the windows and the command line exchange with the use cases;
//! - [`import`]: the article and customer CSV formats of the blueprint;
//! - [`demo`]: the reference store "Gartencenter Grünfink" loaded by `init --demo`;
//! - [`services`]: the background services (customer display hub and its mirror);
//! - [`store_bridge`]: the workflow crate's checkpoint and staff storage over the store;
//! - [`fiscal`]: the TSE (signing every business case, outages, status, TAR export), the
//!   receipt's mandatory fields and QR code, the DSFinV-K export;
//! - [`error_code`]: [`ErrorCode`], every refusal a person can act on, as data and in words;
//! - [`cli`]: the headless command line (`init`, `import`, `sell`, `outbox`, `serve`, ...).

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod dto;
pub mod error_code;
pub mod fiscal;
pub mod import;
pub mod logging;
pub mod services;
pub mod store_bridge;
pub mod usecases;

pub use app::App;
pub use config::Config;
pub use error_code::{ErrorCode, Lang};

/// Reads failpoints from `FILIALE_FAILPOINTS` (crash tests of the real binary). Call once at start.
pub fn configure_failpoints() -> Result<(), filiale_failpoint::BadSpec> {
    filiale_failpoint::configure_from_env()
}
