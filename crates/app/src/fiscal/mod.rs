//! German fiscal law at the till (KassenSichV, § 146a AO, DSFinV-K): the store's one TSE, chosen
//! by `[tse]` in `filiale.toml`; every business case signed in its own store transaction, or
//! recorded in an outage when the TSE does not answer; the receipt's mandatory fields and QR
//! code; the TSE's status and TAR export; the DSFinV-K export of the daily closings.
//!
//! Map of the module:
//! - this file: [`TseSlot`], the TSE the [`App`](crate::App) owns, opened on first use;
//! - [`sign`]: signing a sale, refund, cash movement or closing inside its transaction;
//! - [`error`]: [`FiscalError`], the refusals in German and English;
//! - [`receipt`]: the printed receipt (one layout for the command line and the window) and its QR
//!   code as SVG;
//! - [`status`]: `filiale tse status`, the TAR export and the retry after an outage;
//! - [`export`]: the DSFinV-K export from the store's closings (`export_map`: each record and
//!   closing as the DSFinV-K model has it).

pub mod error;
pub mod export;
mod export_map;
pub mod receipt;
pub mod sign;
pub mod status;

#[cfg(test)]
mod tests;

pub use error::FiscalError;

use crate::config::{Config, TseKind};
use filiale_tse::{
    ClientId, FailingTse, FailureSwitch, SoftwareTse, SoftwareTseOptions, Tse, TseError,
    Unreachable,
};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a business case waits for a TSE another process of this store holds (the desktop
/// window, `filiale serve` while it retries) before it is made without a signature.
const IN_USE_WAIT: Duration = Duration::from_secs(3);

/// The store's TSE, as configured. The software TSE locks its folder for as long as it is open,
/// so a process opens it when it first signs (not when it starts: `filiale search` must not
/// lock the till's TSE) and keeps it; a process that finds it held waits [`IN_USE_WAIT`].
pub struct TseSlot {
    kind: TseKind,
    dir: PathBuf,
    /// The open TSE; a std mutex because signing is synchronous and short.
    opened: Mutex<Option<Arc<dyn Tse>>>,
    /// Makes the TSE unreachable on demand (tests of outages, `[tse] kind = "unreachable"`).
    switch: FailureSwitch,
}

impl std::fmt::Debug for TseSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TseSlot")
            .field("kind", &self.kind)
            .field("dir", &self.dir)
            .finish()
    }
}

impl TseSlot {
    pub(crate) fn new(config: &Config) -> TseSlot {
        let switch = FailureSwitch::default();
        if config.store.tse.kind == TseKind::Unreachable {
            switch.fail_all();
        }
        TseSlot {
            kind: config.store.tse.kind,
            dir: config.tse_dir(),
            opened: Mutex::new(None),
            switch,
        }
    }

    /// The switch that makes this TSE unreachable (and reachable again): for tests of outages.
    pub fn switch(&self) -> FailureSwitch {
        self.switch.clone()
    }

    /// The folder of the software TSE.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// The TSE, opened now if needed. `Unreachable` when it cannot be opened for a reason that
    /// may pass; `Refused` when it refuses to open (an alarm: counters went backwards, a damaged
    /// state).
    pub fn get(&self) -> Result<Arc<dyn Tse>, TseError> {
        let mut opened = self.opened.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tse) = opened.as_ref() {
            return Ok(tse.clone());
        }
        if self.kind == TseKind::Unreachable {
            return Err(TseError::Unreachable(Unreachable::Simulated));
        }
        let began = Instant::now();
        let software = loop {
            match SoftwareTse::open(&self.dir, SoftwareTseOptions::default()) {
                Err(TseError::Unreachable(Unreachable::InUse)) if began.elapsed() < IN_USE_WAIT => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                other => break other?,
            }
        };
        let tse: Arc<dyn Tse> = Arc::new(FailingTse::with_switch(software, self.switch.clone()));
        *opened = Some(tse.clone());
        Ok(tse)
    }

    /// Closes the TSE so that another process may open it (`filiale serve` after a retry).
    pub fn release(&self) {
        let mut opened = self.opened.lock().unwrap_or_else(|e| e.into_inner());
        *opened = None;
    }
}

/// The TSE client id of a till: its id with `_` written as `.` (a TSE client id allows letters,
/// digits, `-` and `.`; a till id allows `_` but never `.`, so no two tills share one).
pub fn client_id(till_id: &str) -> Result<ClientId, TseError> {
    ClientId::new(&till_id.replace('_', "."))
}
