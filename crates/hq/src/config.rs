//! Head office settings: `hq.toml` in the data directory, overridden by `--nats-url` / `FILIALE_NATS_URL`
//! and `--database` / `FILIALE_HQ_DATABASE`.

use crate::db::Location;
use anyhow::Context as _;
use async_nats::ConnectOptions;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The whole of `hq.toml`; every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HqConfig {
    /// Where the inbox and projections live: a `postgres://` URL, or a SQLite file (relative to the
    /// data directory); `hq.sqlite` in the data directory when absent.
    pub database: Option<String>,
    pub nats: Connection,
    pub stream: Stream,
    pub consumer: Consumer,
}

/// How head office reaches NATS (the same keys as a store's `[nats]` table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Connection {
    pub servers: Vec<String>,
    pub credentials_file: Option<PathBuf>,
    pub nkey_seed_file: Option<PathBuf>,
    pub token: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub tls: Tls,
}

impl Default for Connection {
    fn default() -> Self {
        Connection {
            servers: vec!["nats://127.0.0.1:4222".into()],
            credentials_file: None,
            nkey_seed_file: None,
            token: None,
            user: None,
            password: None,
            tls: Tls::default(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tls {
    pub required: bool,
    pub ca_file: Option<PathBuf>,
    pub cert_file: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
}

/// The stream head office reads; created with these settings if nobody has created it yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Stream {
    pub name: String,
    pub duplicate_window_secs: u64,
    pub replicas: usize,
}

impl Default for Stream {
    fn default() -> Self {
        Stream {
            name: "ERP_EVENTS".into(),
            duplicate_window_secs: 3600,
            replicas: 1,
        }
    }
}

/// The durable pull consumer head office applies events from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Consumer {
    pub durable_name: String,
    /// Messages pulled and applied per database transaction.
    pub batch_size: usize,
    /// How long the server waits for an ack before redelivering.
    pub ack_wait_ms: u64,
    /// How long one pull waits for messages when the stream is idle.
    pub pull_wait_ms: u64,
}

impl Default for Consumer {
    fn default() -> Self {
        Consumer {
            durable_name: "filiale-hq".into(),
            batch_size: 500,
            ack_wait_ms: 30_000,
            pull_wait_ms: 1_000,
        }
    }
}

impl HqConfig {
    /// Reads `hq.toml` from `data_dir` if it exists; defaults otherwise.
    pub fn load(data_dir: &Path) -> anyhow::Result<HqConfig> {
        let path = data_dir.join("hq.toml");
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                toml::from_str(&text).with_context(|| format!("reading {}", path.display()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(HqConfig::default()),
            Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
        }
    }

    /// Where the database is: `override_url` (the command line) first, then `database` here.
    pub fn database_location(&self, data_dir: &Path, override_url: Option<&str>) -> Location {
        match override_url.or(self.database.as_deref()) {
            Some(value) if !value.trim().is_empty() => Location::parse(value, data_dir),
            _ => Location::default_in(data_dir),
        }
    }

    /// Replaces the servers by a comma-separated list of URLs.
    pub fn with_servers(mut self, urls: &str) -> HqConfig {
        self.nats.servers = urls
            .split(',')
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned)
            .collect();
        self
    }
}

impl Connection {
    /// Connects, with failures that say what to check.
    pub async fn connect(&self) -> anyhow::Result<async_nats::Client> {
        let mut options = ConnectOptions::new();
        if let Some(path) = &self.credentials_file {
            options = options
                .credentials_file(path)
                .await
                .with_context(|| format!("reading credentials {}", path.display()))?;
        }
        if let Some(path) = &self.nkey_seed_file {
            let seed = std::fs::read_to_string(path)
                .with_context(|| format!("reading nkey seed {}", path.display()))?;
            options = options.nkey(seed.trim().to_owned());
        }
        if let Some(token) = &self.token {
            options = options.token(token.clone());
        }
        if let Some(user) = &self.user {
            options =
                options.user_and_password(user.clone(), self.password.clone().unwrap_or_default());
        }
        if self.tls.required {
            options = options.require_tls(true);
        }
        if let Some(ca) = &self.tls.ca_file {
            options = options.add_root_certificates(ca.clone());
        }
        if let (Some(cert), Some(key)) = (&self.tls.cert_file, &self.tls.key_file) {
            options = options.add_client_certificate(cert.clone(), key.clone());
        }
        let servers = self
            .servers
            .iter()
            .map(|s| s.parse::<async_nats::ServerAddr>())
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("bad NATS server address in {:?}", self.servers))?;
        options
            .name("filiale-hq")
            .connection_timeout(Duration::from_secs(5))
            .max_reconnects(None)
            .connect(servers)
            .await
            .with_context(|| format!("connecting to NATS at {}", self.servers.join(",")))
    }
}
