//! Connection, stream and relay settings: the `[nats]` table of a store's config file.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

/// Everything the relay needs to reach NATS, as written under `[nats]` in the store's config file.
/// The store id is not here: it belongs to the store and comes from the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NatsConfig {
    /// Server URLs (`nats://host:4222`, `tls://host:4222`); several for a cluster.
    pub servers: Vec<String>,
    /// A `.creds` file (JWT + nkey seed), as issued by an operator.
    pub credentials_file: Option<PathBuf>,
    /// A file holding an nkey user seed (`SU...`).
    pub nkey_seed_file: Option<PathBuf>,
    pub token: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub tls: TlsConfig,
    pub stream: StreamSettings,
    pub relay: RelaySettings,
}

impl Default for NatsConfig {
    fn default() -> Self {
        NatsConfig {
            servers: vec!["nats://127.0.0.1:4222".to_owned()],
            credentials_file: None,
            nkey_seed_file: None,
            token: None,
            user: None,
            password: None,
            tls: TlsConfig::default(),
            stream: StreamSettings::default(),
            relay: RelaySettings::default(),
        }
    }
}

impl NatsConfig {
    /// The same settings pointed at other servers (`--nats-url`, `FILIALE_NATS_URL`; comma-separated).
    pub fn with_servers(mut self, urls: &str) -> NatsConfig {
        self.servers = urls
            .split(',')
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned)
            .collect();
        self
    }
}

/// TLS towards the server. Certificates are PEM files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsConfig {
    /// Refuse to talk to a server that does not offer TLS.
    pub required: bool,
    /// The CA that signed the server's certificate (else the system roots).
    pub ca_file: Option<PathBuf>,
    /// Client certificate and key, for servers that verify clients.
    pub cert_file: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
}

/// The JetStream stream all stores publish into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StreamSettings {
    pub name: String,
    /// How long the server remembers `Nats-Msg-Id`s to drop re-published events.
    pub duplicate_window_secs: u64,
    pub replicas: usize,
    /// Create the stream, or bring its settings up to date, when the credentials allow it.
    pub provision: bool,
}

impl Default for StreamSettings {
    fn default() -> Self {
        StreamSettings {
            name: STREAM_NAME.to_owned(),
            duplicate_window_secs: 3600,
            replicas: 1,
            provision: true,
        }
    }
}

/// The stream every store publishes into and head office consumes from.
pub const STREAM_NAME: &str = "ERP_EVENTS";
/// The subjects of that stream.
pub const STREAM_SUBJECTS: &str = "erp.>";

/// How the relay paces itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelaySettings {
    /// Rows published per batch, all in flight at once.
    pub batch_size: usize,
    /// How often to look at the outbox when no commit woke the relay.
    pub poll_interval_ms: u64,
    /// How long to wait for a PubAck before the attempt counts as a transient failure.
    pub ack_timeout_ms: u64,
    /// Permanent failures (e.g. an event larger than the server accepts) before a row is a dead letter.
    pub max_attempts: i64,
    /// First and longest wait between attempts after a transient failure (doubling, with jitter).
    pub backoff_initial_ms: u64,
    pub backoff_max_ms: u64,
    /// Published rows are removed from the outbox after this many days.
    pub retention_days: i64,
    /// A relay that has not renewed its lease for this long is presumed gone.
    pub lease_ttl_ms: u64,
}

impl Default for RelaySettings {
    fn default() -> Self {
        RelaySettings {
            batch_size: 100,
            poll_interval_ms: 5_000,
            ack_timeout_ms: 5_000,
            max_attempts: 5,
            backoff_initial_ms: 200,
            backoff_max_ms: 30_000,
            retention_days: 7,
            lease_ttl_ms: 30_000,
        }
    }
}

impl RelaySettings {
    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.poll_interval_ms)
    }
    pub fn ack_timeout(&self) -> Duration {
        Duration::from_millis(self.ack_timeout_ms)
    }
    pub fn lease_ttl(&self) -> Duration {
        Duration::from_millis(self.lease_ttl_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_table_means_the_defaults_and_urls_split_on_commas() {
        let config: NatsConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(config, NatsConfig::default());
        assert_eq!(config.relay.batch_size, 100);
        assert_eq!(config.stream.name, "ERP_EVENTS");
        let config = config.with_servers("nats://a:4222, nats://b:4222,");
        assert_eq!(config.servers, ["nats://a:4222", "nats://b:4222"]);
    }

    #[test]
    fn a_misspelt_key_is_refused() {
        let err = serde_json::from_str::<NatsConfig>(r#"{"sever": ["x"]}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
    }
}
