//! The opened store: the database, the configuration and the clock the use cases run with.

use crate::config::Config;
use anyhow::Context;
use chrono::{DateTime, Utc};
use filiale_store::Store;
use std::sync::Arc;

/// Where the use cases get the time from: the system clock, or a fixed one in tests.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// An opened store. Cheap to clone; all clones share one database connection.
#[derive(Clone)]
pub struct App {
    pub config: Arc<Config>,
    pub store: Arc<Store>,
    /// The customer displays' hub: the till publishes every cart change here.
    pub display: filiale_display::DisplayHub,
    /// The reorder workflow, opened on first use (its checkpoints go through the store).
    pub(crate) reordering: Arc<std::sync::OnceLock<crate::usecases::reorder::Reordering>>,
    /// The staff list with PINs over the store's `staff` table, made on first use.
    pub(crate) staff: Arc<std::sync::OnceLock<filiale_workflow::StaffPins>>,
    /// The till this process acts for, recorded in the audit log.
    terminal: Arc<str>,
    clock: Clock,
}

/// The till recorded in the audit log when none is configured (`FILIALE_TERMINAL` sets another).
pub const DEFAULT_TERMINAL: &str = "kasse-1";

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("config", &self.config).finish()
    }
}

impl App {
    /// Opens (creating if needed) the store of `config`, applying the migrations.
    pub fn open(config: Config) -> anyhow::Result<App> {
        crate::config::create_private_dir(&config.data_dir).with_context(|| {
            format!("cannot create data directory {}", config.data_dir.display())
        })?;
        restrict_dir_to_owner(&config.data_dir);
        let store =
            Store::open(&config.database_path(), &config.store.store_id).with_context(|| {
                format!(
                    "cannot open the store database {}",
                    config.database_path().display()
                )
            })?;
        Ok(App {
            config: Arc::new(config),
            store: Arc::new(store),
            display: filiale_display::DisplayHub::new(),
            reordering: Arc::new(std::sync::OnceLock::new()),
            staff: Arc::new(std::sync::OnceLock::new()),
            terminal: std::env::var("FILIALE_TERMINAL")
                .ok()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_TERMINAL.to_owned())
                .into(),
            clock: Arc::new(Utc::now),
        })
    }

    /// Replaces the clock (tests, replays).
    pub fn with_clock(mut self, clock: Clock) -> App {
        self.clock = clock;
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    pub fn clock(&self) -> Clock {
        self.clock.clone()
    }

    /// Sets the till this process acts for (the audit log records it).
    pub fn with_terminal(mut self, terminal: &str) -> App {
        self.terminal = terminal.into();
        self
    }

    /// The till this process acts for.
    pub fn terminal(&self) -> &str {
        &self.terminal
    }
}

fn restrict_dir_to_owner(dir: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    #[cfg(not(unix))]
    let _ = dir;
}
