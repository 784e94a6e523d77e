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
    /// The reorder workflow, opened on first use (it keeps its own connections to the database).
    pub(crate) reordering: Arc<std::sync::OnceLock<crate::usecases::reorder::Reordering>>,
    clock: Clock,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("config", &self.config).finish()
    }
}

impl App {
    /// Opens (creating if needed) the store of `config`, applying the migrations.
    pub fn open(config: Config) -> anyhow::Result<App> {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
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
