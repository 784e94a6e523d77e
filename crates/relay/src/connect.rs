//! Opening the connection to NATS from a [`NatsConfig`]: authentication, TLS, and readable failures.

use crate::config::NatsConfig;
use crate::status::StatusBoard;
use async_nats::{Client, ConnectErrorKind, ConnectOptions, Event};
use std::time::Duration;

/// Why the relay could not connect, in words that tell the operator what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConnectFailure {
    /// Wrong user, password, token, nkey or credentials: retrying quickly will not help.
    #[error(
        "the NATS server refused our credentials ({0}); check user/password, token or credentials file in [nats]"
    )]
    Refused(String),
    #[error(
        "TLS with the NATS server failed ({0}); check [nats.tls] (CA file, client certificate, required)"
    )]
    Tls(String),
    #[error("cannot read NATS credentials: {0}")]
    Credentials(String),
    #[error("NATS server unreachable ({0})")]
    Unreachable(String),
    #[error("bad NATS server address: {0}")]
    BadAddress(String),
}

impl ConnectFailure {
    /// Whether the failure comes from the settings rather than the network.
    pub fn is_configuration(&self) -> bool {
        !matches!(self, ConnectFailure::Unreachable(_))
    }
}

/// Builds the client options for `config`. `inbox_prefix` scopes reply subjects (e.g. to the store id),
/// so per-store permissions can allow a store to receive only its own acknowledgements.
pub async fn options(
    config: &NatsConfig,
    client_name: &str,
    inbox_prefix: Option<&str>,
    board: Option<StatusBoard>,
) -> Result<ConnectOptions, ConnectFailure> {
    let mut options = ConnectOptions::new();
    if let Some(path) = &config.credentials_file {
        options = options
            .credentials_file(path)
            .await
            .map_err(|e| ConnectFailure::Credentials(format!("{}: {e}", path.display())))?;
    }
    if let Some(path) = &config.nkey_seed_file {
        let seed = std::fs::read_to_string(path)
            .map_err(|e| ConnectFailure::Credentials(format!("{}: {e}", path.display())))?;
        options = options.nkey(seed.trim().to_owned());
    }
    if let Some(token) = &config.token {
        options = options.token(token.clone());
    }
    match (&config.user, &config.password) {
        (Some(user), password) => {
            options = options.user_and_password(user.clone(), password.clone().unwrap_or_default());
        }
        (None, Some(_)) => {
            return Err(ConnectFailure::Credentials(
                "a password is set but no user".into(),
            ));
        }
        (None, None) => {}
    }
    let tls = &config.tls;
    if tls.required {
        options = options.require_tls(true);
    }
    if let Some(ca) = &tls.ca_file {
        options = options.add_root_certificates(ca.clone());
    }
    match (&tls.cert_file, &tls.key_file) {
        (Some(cert), Some(key)) => {
            options = options.add_client_certificate(cert.clone(), key.clone());
        }
        (None, None) => {}
        _ => {
            return Err(ConnectFailure::Tls(
                "cert_file and key_file must be given together".into(),
            ));
        }
    }
    if let Some(prefix) = inbox_prefix {
        options = options.custom_inbox_prefix(prefix);
    }
    options = options
        .name(client_name)
        .connection_timeout(Duration::from_secs(5))
        .max_reconnects(None);
    if let Some(board) = board {
        options = options.event_callback(move |event| {
            let board = board.clone();
            async move { record_event(&board, event) }
        });
    }
    Ok(options)
}

fn record_event(board: &StatusBoard, event: Event) {
    match event {
        Event::Connected => board.set_connected(true, None),
        Event::Disconnected | Event::Closed => board.set_connected(false, None),
        Event::ServerError(error) => {
            tracing::warn!(%error, "NATS server reported an error");
            if let Some(subject) = crate::failure::denied_publish_subject(&error.to_string()) {
                board.subject_denied(subject);
            }
            board.set_error(format!("NATS server: {error}"));
        }
        other => tracing::debug!(event = %other, "NATS connection event"),
    }
}

/// Connects once (no retry loop here: the caller backs off and shows the failure).
pub async fn connect(
    config: &NatsConfig,
    client_name: &str,
    inbox_prefix: Option<&str>,
    board: Option<StatusBoard>,
) -> Result<Client, ConnectFailure> {
    if config.servers.is_empty() {
        return Err(ConnectFailure::BadAddress("no servers configured".into()));
    }
    let options = options(config, client_name, inbox_prefix, board).await?;
    let addresses = config
        .servers
        .iter()
        .map(|s| s.parse::<async_nats::ServerAddr>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ConnectFailure::BadAddress(format!("{}: {e}", config.servers.join(","))))?;
    options.connect(addresses).await.map_err(|error| {
        let text = error.to_string();
        match error.kind() {
            ConnectErrorKind::AuthorizationViolation | ConnectErrorKind::Authentication => {
                ConnectFailure::Refused(text)
            }
            ConnectErrorKind::Tls => ConnectFailure::Tls(text),
            ConnectErrorKind::ServerParse | ConnectErrorKind::Dns => {
                ConnectFailure::BadAddress(text)
            }
            // rustls failures (an unknown CA, a bad signature, a name mismatch) arrive as I/O errors.
            ConnectErrorKind::Io if looks_like_tls_failure(&text) => ConnectFailure::Tls(text),
            ConnectErrorKind::TimedOut | ConnectErrorKind::Io | ConnectErrorKind::MaxReconnects => {
                ConnectFailure::Unreachable(text)
            }
        }
    })
}

/// Whether an I/O error text comes from the TLS handshake rather than the network.
fn looks_like_tls_failure(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    ["certificate", "handshake", "tls"]
        .iter()
        .any(|needle| text.contains(needle))
}
