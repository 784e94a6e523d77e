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
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            store_id: "filiale-001".into(),
            store_name: "Filiale".into(),
            address: String::new(),
            nats: None,
        }
    }
}

/// Everything the app needs to open a store.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub store: StoreConfig,
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
        Ok(Config {
            data_dir: data_dir.to_owned(),
            store,
        })
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

    pub fn log_dir(&self) -> PathBuf {
        self.data_dir.join("logs")
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
