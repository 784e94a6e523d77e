//! Where a store's data lives and what its `filiale.toml` says.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The name of the configuration file in the data directory.
pub const CONFIG_FILE: &str = "filiale.toml";
/// The name of the store database in the data directory.
pub const DATABASE_FILE: &str = "filiale.sqlite";

/// A store's configuration, from `filiale.toml` in its data directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoreConfig {
    /// The store's id in event subjects and at head office: letters, digits, '-' and '_'.
    pub store_id: String,
    /// The name printed on receipts and shown in the window title.
    pub store_name: String,
    /// Address line printed on receipts.
    pub address: String,
    /// Connection to head office's NATS JetStream; without it the outbox just waits.
    pub nats: Option<filiale_relay::NatsConfig>,
    /// The till this PC is (`[till]`); `FILIALE_TERMINAL` overrides its id.
    pub till: TillConfig,
    /// The store's tills (`[[tills]]`, id and name). Empty: the store has only this PC's till.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tills: Vec<TillEntry>,
    /// Where the customer displays' hub listens (`[display]`); `FILIALE_WS_PORT` overrides the port.
    pub display: DisplayHubConfig,
    /// The embedding model's folder (`model_dir`); `FILIALE_MODEL_DIR` overrides it. Unset: the
    /// default model in `<data-dir>/models/`, else in the source tree's `models/`.
    pub model_dir: Option<PathBuf>,
    /// What needs a manager in the back office (`[controls]`).
    pub controls: ControlsConfig,
    /// Automatic backups of the database (`[backup]`).
    pub backup: BackupConfig,
    /// The TSE every business case is signed with (`[tse]`).
    pub tse: TseConfig,
    /// What the DSFinV-K export says about the company (`[company]`).
    pub company: CompanyConfig,
}

/// Automatic backups: the background services copy the database every `every_hours` and after
/// each daily closing into `dir` (default `<data-dir>/backups`), keeping the newest `keep`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupConfig {
    pub every_hours: u32,
    pub keep: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir: Option<PathBuf>,
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig {
            every_hours: 24,
            keep: 14,
            dir: None,
        }
    }
}

/// Which TSE signs (`[tse]` in `filiale.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TseConfig {
    /// `software`: Filiale's software TSE (not certified: training, development, tests);
    /// `unreachable`: a TSE that never answers, to rehearse an outage (every receipt says
    /// "TSE ausgefallen").
    pub kind: TseKind,
    /// The software TSE's folder (key, counters, log), owner-only; relative paths are inside the
    /// data directory. Default `tse`.
    pub dir: PathBuf,
}

impl Default for TseConfig {
    fn default() -> Self {
        TseConfig {
            kind: TseKind::Software,
            dir: PathBuf::from("tse"),
        }
    }
}

/// The store's limits for back-office changes of money and goods: beyond them a manager's PIN is
/// needed. Every such change is written to the audit log either way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ControlsConfig {
    /// A list price change by more than this percentage of the old price (up or down) needs a
    /// manager: article edits and article imports.
    pub price_change_manager_percent: u32,
    /// A stock correction worth more than this (in cents, at the purchase price, else at the
    /// selling price) needs a manager.
    pub stock_correction_manager_limit_cents: i64,
}

impl Default for ControlsConfig {
    fn default() -> Self {
        ControlsConfig {
            price_change_manager_percent: 20,
            stock_correction_manager_limit_cents: 10_000,
        }
    }
}

/// The kinds of TSE `[tse] kind` can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TseKind {
    Software,
    Unreachable,
}

/// The company as the DSFinV-K export names it (`[company]`); empty fields stay empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompanyConfig {
    /// The legal name; default: the store name.
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    /// Steuernummer.
    pub tax_number: String,
    /// USt-IdNr.
    pub vat_id: String,
}

/// The till a process acts as: recorded with every sale, refund and audit entry it writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TillConfig {
    /// Letters, digits, '-' and '_', e.g. `kasse-1`.
    pub id: String,
    /// A cash out above this amount (in cents) needs a manager's PIN.
    pub cash_out_manager_limit_cents: i64,
    /// The cashier window locks after this many minutes without activity (0: only by hand).
    pub lock_after_minutes: u32,
}

impl Default for TillConfig {
    fn default() -> Self {
        TillConfig {
            id: DEFAULT_TILL_ID.into(),
            cash_out_manager_limit_cents: DEFAULT_CASH_OUT_MANAGER_LIMIT_CENTS,
            lock_after_minutes: DEFAULT_LOCK_AFTER_MINUTES,
        }
    }
}

/// The cashier window locks after 5 idle minutes unless `filiale.toml` says otherwise.
pub const DEFAULT_LOCK_AFTER_MINUTES: u32 = 5;
/// The longest idle time a till may stay unlocked: one working day.
pub const MAX_LOCK_AFTER_MINUTES: u32 = 12 * 60;

/// A cash out above 200,00 € needs a manager unless `filiale.toml` says otherwise.
pub const DEFAULT_CASH_OUT_MANAGER_LIMIT_CENTS: i64 = 20_000;

/// One till of the store, as `[[tills]]` in `filiale.toml` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TillEntry {
    /// Letters, digits, '-' and '_', e.g. `kasse-2`.
    pub id: String,
    /// What people call it, e.g. "Kasse 2 (Gewächshaus)".
    #[serde(default)]
    pub name: String,
}

/// The till id of a store that names none.
pub const DEFAULT_TILL_ID: &str = "kasse-1";

/// Where the customer displays' WebSocket hub listens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisplayHubConfig {
    /// The address to bind: loopback unless displays on the store's network are wanted.
    pub bind: std::net::IpAddr,
    /// The preferred port; when it is taken, another free port is used and shown.
    pub port: u16,
}

impl Default for DisplayHubConfig {
    fn default() -> Self {
        DisplayHubConfig {
            bind: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            port: 8787,
        }
    }
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            store_id: "filiale-001".into(),
            store_name: "Filiale".into(),
            address: String::new(),
            nats: None,
            till: TillConfig::default(),
            tills: Vec::new(),
            display: DisplayHubConfig::default(),
            model_dir: None,
            controls: ControlsConfig::default(),
            backup: BackupConfig::default(),
            tse: TseConfig::default(),
            company: CompanyConfig::default(),
        }
    }
}

/// Everything the app needs to open a store, read once at start and passed down: nothing else
/// decides the data directory, the till id, the display hub's address or the model folder.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    /// What `filiale.toml` says (and what `init` writes back).
    pub store: StoreConfig,
    /// What the environment says instead; never written to `filiale.toml`.
    overrides: Overrides,
}

/// The environment variables that override `filiale.toml`, read only by [`Config::load`].
#[derive(Debug, Clone, Default)]
struct Overrides {
    till_id: Option<String>,
    display_port: Option<String>,
    model_dir: Option<PathBuf>,
}

impl Overrides {
    fn from_env() -> Overrides {
        let text = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Overrides {
            till_id: text("FILIALE_TERMINAL"),
            display_port: text("FILIALE_WS_PORT"),
            model_dir: std::env::var_os("FILIALE_MODEL_DIR")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }
    }
}

/// The per-user default data directory, e.g. `~/.local/share/filiale`.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("filiale")
}

impl Config {
    /// Reads the configuration of the store in `data_dir`; a missing file means the defaults.
    pub fn load(data_dir: &Path) -> anyhow::Result<Config> {
        let path = data_dir.join(CONFIG_FILE);
        let store = match std::fs::read_to_string(&path) {
            Ok(text) => {
                toml::from_str(&text).with_context(|| format!("cannot read {}", path.display()))?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => StoreConfig::default(),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        validate_store_id(&store.store_id).with_context(|| format!("in {}", path.display()))?;
        let config = Config {
            data_dir: data_dir.to_owned(),
            store,
            overrides: Overrides::from_env(),
        };
        config
            .check()
            .with_context(|| format!("in {}", path.display()))?;
        Ok(config)
    }

    /// The configuration of a store in `data_dir` as its `filiale.toml` says, for tests and tools
    /// that must not see the environment.
    pub fn new(data_dir: &Path, store: StoreConfig) -> Config {
        Config {
            data_dir: data_dir.to_owned(),
            store,
            overrides: Overrides::default(),
        }
    }

    /// Refuses a till id or display port that cannot be used, wherever it came from.
    fn check(&self) -> anyhow::Result<()> {
        validate_till_id(self.till_id())?;
        for till in &self.store.tills {
            validate_till_id(&till.id)?;
        }
        self.display_port()?;
        anyhow::ensure!(
            self.store.till.lock_after_minutes <= MAX_LOCK_AFTER_MINUTES,
            "[till] lock_after_minutes = {} is too long: at most {MAX_LOCK_AFTER_MINUTES} \
             (0 locks the till only by hand)",
            self.store.till.lock_after_minutes
        );
        Ok(())
    }

    /// How long the cashier window stays signed in without activity; `None`: until locked by
    /// hand (`[till] lock_after_minutes = 0`).
    pub fn till_lock_after(&self) -> Option<std::time::Duration> {
        match self.store.till.lock_after_minutes {
            0 => None,
            minutes => Some(std::time::Duration::from_secs(u64::from(minutes) * 60)),
        }
    }

    /// The till this process acts as.
    pub fn till_id(&self) -> &str {
        self.overrides
            .till_id
            .as_deref()
            .map_or(&self.store.till.id, str::trim)
    }

    /// The store's tills: `[[tills]]`, or this PC's till alone when the file lists none.
    pub fn tills(&self) -> Vec<TillEntry> {
        if self.store.tills.is_empty() {
            vec![TillEntry {
                id: self.till_id().to_owned(),
                name: String::new(),
            }]
        } else {
            self.store.tills.clone()
        }
    }

    /// Whether `till_id` is one of the store's tills (any valid id when `[[tills]]` is empty).
    pub fn knows_till(&self, till_id: &str) -> bool {
        self.store.tills.is_empty()
            || self.till_id() == till_id
            || self.store.tills.iter().any(|t| t.id == till_id)
    }

    fn display_port(&self) -> anyhow::Result<u16> {
        match &self.overrides.display_port {
            Some(port) => port
                .trim()
                .parse()
                .with_context(|| format!("FILIALE_WS_PORT={port:?} is not a port number")),
            None => Ok(self.store.display.port),
        }
    }

    /// The address the customer displays' hub prefers to listen on.
    pub fn display_addr(&self) -> std::net::SocketAddr {
        let port = self.display_port().unwrap_or(self.store.display.port);
        std::net::SocketAddr::new(self.store.display.bind, port)
    }

    /// Whether the model folder was chosen (by `FILIALE_MODEL_DIR` or `model_dir`) rather than
    /// looked for in the usual places.
    pub fn model_dir_is_chosen(&self) -> bool {
        self.overrides.model_dir.is_some() || self.store.model_dir.is_some()
    }

    /// The embedding model's folder: configured, else `<data-dir>/models/<default model>` when it
    /// exists, else the source tree's `models/<default model>` (fetched by `scripts/fetch-model`).
    pub fn model_dir(&self) -> PathBuf {
        if let Some(dir) = self
            .overrides
            .model_dir
            .as_ref()
            .or(self.store.model_dir.as_ref())
        {
            return dir.clone();
        }
        let name = filiale_search::embed::DEFAULT_MODEL;
        let in_data = self.data_dir.join("models").join(name);
        if in_data.is_dir() {
            return in_data;
        }
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../models")
            .join(name)
    }

    /// Writes `filiale.toml` (used by `init`).
    /// The data directory is created readable by the user only (0700), the file 0600: it may hold
    /// NATS credentials.
    pub fn save(&self) -> anyhow::Result<()> {
        create_private_dir(&self.data_dir)
            .with_context(|| format!("cannot create data directory {}", self.data_dir.display()))?;
        let path = self.data_dir.join(CONFIG_FILE);
        let text = toml::to_string_pretty(&self.store)?;
        write_private(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))
    }

    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join(DATABASE_FILE)
    }

    /// The software TSE's folder: `[tse] dir`, inside the data directory unless absolute.
    pub fn tse_dir(&self) -> PathBuf {
        self.data_dir.join(&self.store.tse.dir)
    }

    pub fn log_dir(&self) -> PathBuf {
        self.data_dir.join("logs")
    }

    /// Where backups go: `[backup] dir`, else `<data-dir>/backups`.
    pub fn backup_dir(&self) -> PathBuf {
        self.store
            .backup
            .dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("backups"))
    }

    /// The NATS settings in effect: the config file's `[nats]` table, with the servers replaced by
    /// `url` (from `--nats-url` or `FILIALE_NATS_URL`) when given. `None` when neither says anything.
    pub fn nats(&self, url: Option<&str>) -> Option<filiale_relay::NatsConfig> {
        match (
            self.store.nats.clone(),
            url.filter(|u| !u.trim().is_empty()),
        ) {
            (Some(config), Some(url)) => Some(config.with_servers(url)),
            (Some(config), None) => Some(config),
            (None, Some(url)) => Some(filiale_relay::NatsConfig::default().with_servers(url)),
            (None, None) => None,
        }
    }
}

/// A store id must be usable as a NATS subject token.
pub fn validate_store_id(id: &str) -> anyhow::Result<()> {
    let ok = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    anyhow::ensure!(
        ok,
        "store_id {id:?} is invalid: 1 to 64 letters, digits, '-' or '_'"
    );
    Ok(())
}

/// A till id is part of display URLs and audit entries: letters, digits, '-' and '_'.
pub fn validate_till_id(id: &str) -> anyhow::Result<()> {
    let ok = (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    anyhow::ensure!(
        ok,
        "till id {id:?} is invalid: 1 to 32 letters, digits, '-' or '_' \
         (Kassen-ID ungültig: 1 bis 32 Buchstaben, Ziffern, '-' oder '_')"
    );
    Ok(())
}

/// Creates `dir` (and missing parents) with mode 0700 on Unix.
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

/// Writes a file readable by the user only (0600 on Unix).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        file.write_all(bytes)
    }
    #[cfg(not(unix))]
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn load(till: &str) -> anyhow::Result<Config> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join(CONFIG_FILE), format!("[till]\n{till}\n"))?;
        Config::load(dir.path())
    }

    #[test]
    fn the_till_locks_after_five_idle_minutes_unless_the_store_says_otherwise() {
        let default = load("id = \"kasse-1\"").unwrap();
        assert_eq!(default.till_lock_after(), Some(Duration::from_secs(5 * 60)));
        let ten = load("lock_after_minutes = 10").unwrap();
        assert_eq!(ten.till_lock_after(), Some(Duration::from_secs(10 * 60)));
        assert_eq!(
            load("lock_after_minutes = 0").unwrap().till_lock_after(),
            None
        );
    }

    #[test]
    fn an_idle_time_longer_than_a_working_day_is_refused() {
        let error = format!("{:#}", load("lock_after_minutes = 100000").unwrap_err());
        assert!(
            error.contains("lock_after_minutes = 100000 is too long"),
            "{error}"
        );
        assert!(
            load("lock_after_minutes = -1").is_err(),
            "no negative minutes"
        );
    }
}
