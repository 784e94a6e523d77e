//! The opened store and the door to its use cases: [`App`] holds the store, the configuration,
//! the customer displays' hub, the search index and the clock, all private; each group of use
//! cases is a small type over it, named after the person who uses it.

use crate::config::Config;
use crate::usecases::{BackOffice, Outbox, Purchasing, Search, Staff, Till, UseCaseError};
use anyhow::Context;
use chrono::{DateTime, Utc};
use filiale_store::Store;
use std::sync::{Arc, Mutex, OnceLock};

/// Where the use cases get the time from: the system clock, or a fixed one in tests.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// An opened store. Cheap to clone; all clones share one database connection, one display hub
/// and one search index.
#[derive(Clone)]
pub struct App {
    pub(crate) config: Arc<Config>,
    pub(crate) store: Arc<Store>,
    /// The customer displays' hub: the till publishes every cart change here.
    pub(crate) display: filiale_display::DisplayHub,
    /// The reorder workflow, opened on first use.
    pub(crate) reordering: Arc<OnceLock<crate::usecases::reorder::Reordering>>,
    /// The staff list with PINs, opened on first use.
    pub(crate) staff: Arc<OnceLock<filiale_workflow::StaffPins>>,
    /// The search index with its embedding model, opened on first use.
    pub(crate) search_index: Arc<OnceLock<Arc<filiale_search::collection::SearchIndex>>>,
    /// One opening of the search index at a time (it loads the model).
    pub(crate) search_opening: Arc<Mutex<()>>,
    /// One catch-up at a time: the background indexer and a search may both ask.
    pub(crate) search_catch_up_lock: Arc<Mutex<()>>,
    /// The store's TSE (`[tse]`): every sale, refund, cash movement and closing is signed by it.
    pub(crate) tse: Arc<crate::fiscal::TseSlot>,
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
        // The TSE is prepared here and opened when it first signs: its folder is locked while
        // open, and a process that never signs (a search, a report) must not hold the till's TSE.
        let tse = Arc::new(crate::fiscal::TseSlot::new(&config));
        Ok(App {
            tse,
            config: Arc::new(config),
            store: Arc::new(store),
            display: filiale_display::DisplayHub::new(),
            reordering: Arc::default(),
            staff: Arc::default(),
            search_index: Arc::default(),
            search_opening: Arc::default(),
            search_catch_up_lock: Arc::default(),
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

    pub(crate) fn clock(&self) -> Clock {
        self.clock.clone()
    }

    /// The configuration the store was opened with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The store's TSE (for the status page and tests: its switch makes it unreachable).
    pub fn tse(&self) -> &crate::fiscal::TseSlot {
        &self.tse
    }

    /// The customer displays' hub the till publishes to (the desktop shell serves it).
    pub fn display_hub(&self) -> &filiale_display::DisplayHub {
        &self.display
    }

    /// The till this process is ([`Config::till_id`]): cart, payment, discounts.
    pub fn till(&self) -> Till<'_> {
        Till::new(self, self.config.till_id())
            .expect("the configured till id is checked when the configuration is read")
    }

    /// Another till of this store, by id (the command line's `--terminal`).
    pub fn till_at(&self, till_id: &str) -> Result<Till<'_>, UseCaseError> {
        Till::new(self, till_id)
    }

    /// The back office: articles, stock, customers and leads, journal, receipts and refunds, audit.
    pub fn back_office(&self) -> BackOffice<'_> {
        BackOffice::new(self)
    }

    /// Purchasing: reorder proposals, the manager's decision, purchase orders.
    pub fn purchasing(&self) -> Purchasing<'_> {
        Purchasing::new(self)
    }

    /// Staff and approvals: sign-in, the staff list, managers' approvals.
    pub fn staff(&self) -> Staff<'_> {
        Staff::new(self)
    }

    /// Search over articles, customers and policies, and its index.
    pub fn search(&self) -> Search<'_> {
        Search::new(self)
    }

    /// Synchronisation with head office: the outbox and its relay.
    pub fn outbox(&self) -> Outbox<'_> {
        Outbox::new(self)
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
