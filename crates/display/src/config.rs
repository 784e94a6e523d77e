//! Settings of the display server: who may connect, from where, and how long the hub waits.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::terminal::TerminalId;

/// Port the display server listens on unless the store configures another.
pub const DEFAULT_PORT: u16 = 8787;

/// Where the display server listens unless configured otherwise: loopback only, so a display on
/// another machine needs an explicit bind address and pairing tokens.
pub fn default_bind_addr() -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), DEFAULT_PORT)
}

/// Shortest pairing token accepted.
pub const MIN_TOKEN_LEN: usize = 16;

/// A secret a display presents when it connects over the network, optionally tied to one till.
#[derive(Clone, PartialEq, Eq)]
pub struct PairingToken {
    secret: String,
    terminal: Option<TerminalId>,
}

/// Why a string cannot be a pairing token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "pairing token must be at least {MIN_TOKEN_LEN} characters of A-Z, a-z, 0-9, '-', '_', '.' or '~' (got {len} characters)"
)]
pub struct InvalidPairingToken {
    pub len: usize,
}

impl PairingToken {
    /// Parses a token that works for every till. Tokens use URL-safe characters only, so they can
    /// travel in `?token=` unescaped.
    pub fn parse(secret: &str) -> Result<Self, InvalidPairingToken> {
        let url_safe = secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
        if secret.len() >= MIN_TOKEN_LEN && url_safe {
            Ok(Self {
                secret: secret.to_owned(),
                terminal: None,
            })
        } else {
            Err(InvalidPairingToken {
                len: secret.chars().count(),
            })
        }
    }

    /// Restricts the token to the display of one till.
    pub fn for_terminal(mut self, terminal: TerminalId) -> Self {
        self.terminal = Some(terminal);
        self
    }

    /// True when `presented` is this token and it may be used for `terminal`. Compares in time
    /// independent of where the strings differ.
    pub(crate) fn admits(&self, presented: &str, terminal: &TerminalId) -> bool {
        let a = self.secret.as_bytes();
        let b = presented.as_bytes();
        let mut difference = a.len() ^ b.len();
        for (i, byte) in a.iter().enumerate() {
            difference |= usize::from(byte ^ b.get(i).copied().unwrap_or(0));
        }
        difference == 0 && self.terminal.as_ref().is_none_or(|only| only == terminal)
    }
}

/// How a pairing token is written in the config file: `"secret"` for every till, or
/// `{ token = "secret", terminal = "kasse-1" }` for one.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum PairingTokenSetting {
    Any(String),
    ForTerminal {
        token: String,
        terminal: Option<TerminalId>,
    },
}

impl Serialize for PairingToken {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let setting = match &self.terminal {
            None => PairingTokenSetting::Any(self.secret.clone()),
            Some(terminal) => PairingTokenSetting::ForTerminal {
                token: self.secret.clone(),
                terminal: Some(terminal.clone()),
            },
        };
        setting.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PairingToken {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (secret, terminal) = match PairingTokenSetting::deserialize(deserializer)? {
            PairingTokenSetting::Any(secret) => (secret, None),
            PairingTokenSetting::ForTerminal { token, terminal } => (token, terminal),
        };
        let token = PairingToken::parse(&secret).map_err(serde::de::Error::custom)?;
        Ok(match terminal {
            Some(terminal) => token.for_terminal(terminal),
            None => token,
        })
    }
}

impl fmt::Debug for PairingToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PairingToken")
            .field("secret", &"<redacted>")
            .field("terminal", &self.terminal)
            .finish()
    }
}

/// Everything [`crate::run`] needs to know besides the socket and the hub. Read from the store's
/// config file (durations in milliseconds, e.g. `handshake_timeout_ms = 2000`); every field may be
/// left out and keeps its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DisplayConfig {
    /// Where the app binds the display server: [`default_bind_addr`] (loopback) unless displays
    /// sit on other machines, which then need [`DisplayConfig::pairing_tokens`].
    pub bind: SocketAddr,
    /// Tills a display may follow. Empty: any well-formed terminal id is accepted.
    pub known_terminals: Vec<TerminalId>,
    /// Required when the listener is bound to a non-loopback address; when set, every display
    /// must present one, also on loopback.
    pub pairing_tokens: Vec<PairingToken>,
    /// Browser origins allowed besides the Tauri ones (`tauri://localhost`,
    /// `http(s)://tauri.localhost`) and clients that send no `Origin` at all. Exact match, e.g.
    /// `http://localhost:1420` for the UI dev server.
    pub allowed_origins: Vec<String>,
    /// Host names a display may use besides loopback names and the address it connected to,
    /// e.g. `kasse-pc.local`. Anything else is refused (DNS rebinding).
    pub allowed_hosts: Vec<String>,
    /// Displays served at once; one more is refused with HTTP 503. Only connections that passed
    /// the upgrade checks take one of these slots.
    pub max_connections: usize,
    /// Connections still in their upgrade (not yet admitted) at once; more are refused with
    /// HTTP 503 at once. Separate from `max_connections`, so sockets that never finish their
    /// upgrade cannot keep paired displays out.
    pub max_pending_handshakes: usize,
    /// Connections from one IP address at once, upgrading or admitted; more are refused with
    /// HTTP 429 at once.
    pub max_connections_per_address: usize,
    /// How often the hub pings an idle display.
    #[serde(rename = "ping_interval_ms", with = "millis")]
    pub ping_interval: Duration,
    /// A display that sent nothing (not even a pong) for this long is dropped; also the limit
    /// for one write to a display that does not read.
    #[serde(rename = "pong_timeout_ms", with = "millis")]
    pub pong_timeout: Duration,
    /// Time a client gets to complete the HTTP upgrade, admission checks included; a socket that
    /// has not by then is closed.
    #[serde(rename = "handshake_timeout_ms", with = "millis")]
    pub handshake_timeout: Duration,
    /// Largest frame or message a display may send, in bytes; bigger ones close the
    /// connection with 1009.
    pub max_inbound_message_bytes: usize,
}

impl Default for DisplayConfig {
    fn default() -> Self {
        Self {
            bind: default_bind_addr(),
            known_terminals: Vec::new(),
            pairing_tokens: Vec::new(),
            allowed_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            max_connections: 64,
            max_pending_handshakes: 128,
            max_connections_per_address: 8,
            ping_interval: Duration::from_secs(10),
            pong_timeout: Duration::from_secs(30),
            handshake_timeout: Duration::from_secs(2),
            max_inbound_message_bytes: 4096,
        }
    }
}

/// Durations as whole milliseconds in the config file.
mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        value: &Duration,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(u64::try_from(value.as_millis()).unwrap_or(u64::MAX))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Duration, D::Error> {
        u64::deserialize(deserializer).map(Duration::from_millis)
    }
}

/// Why the display server refuses to start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "display server bound to non-loopback address {0} without pairing tokens; configure tokens or bind 127.0.0.1"
    )]
    TokensRequired(SocketAddr),
    #[error("invalid display server setting: {0}")]
    InvalidSetting(&'static str),
    #[error("cannot read the listener's local address")]
    LocalAddr(#[source] std::io::Error),
}

impl DisplayConfig {
    /// Checks the settings against the address the listener is bound to.
    pub fn check(&self, bound: SocketAddr) -> Result<(), ServeError> {
        if !bound.ip().is_loopback() && self.pairing_tokens.is_empty() {
            return Err(ServeError::TokensRequired(bound));
        }
        if self.max_connections == 0 {
            return Err(ServeError::InvalidSetting(
                "max_connections must be at least 1",
            ));
        }
        if self.max_pending_handshakes == 0 || self.max_connections_per_address == 0 {
            return Err(ServeError::InvalidSetting(
                "max_pending_handshakes and max_connections_per_address must be at least 1",
            ));
        }
        if self.handshake_timeout.is_zero() {
            return Err(ServeError::InvalidSetting(
                "handshake_timeout must be longer than zero",
            ));
        }
        if self.ping_interval.is_zero() || self.pong_timeout <= self.ping_interval {
            return Err(ServeError::InvalidSetting(
                "pong_timeout must be longer than a non-zero ping_interval",
            ));
        }
        if self.max_inbound_message_bytes < 64 {
            return Err(ServeError::InvalidSetting(
                "max_inbound_message_bytes must be at least 64",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_exactly_and_respect_their_terminal() {
        let kasse1 = TerminalId::parse("kasse-1").unwrap();
        let kasse2 = TerminalId::parse("kasse-2").unwrap();
        let any = PairingToken::parse("abcdefghijklmnop").unwrap();
        let only1 = PairingToken::parse("qrstuvwxyz012345")
            .unwrap()
            .for_terminal(kasse1.clone());
        assert!(any.admits("abcdefghijklmnop", &kasse2));
        assert!(!any.admits("abcdefghijklmno", &kasse2));
        assert!(!any.admits("abcdefghijklmnopq", &kasse2));
        assert!(!any.admits("", &kasse2));
        assert!(only1.admits("qrstuvwxyz012345", &kasse1));
        assert!(!only1.admits("qrstuvwxyz012345", &kasse2));
        assert!(PairingToken::parse("short").is_err());
        assert!(PairingToken::parse("has spaces in it here").is_err());
    }

    #[test]
    fn the_config_file_form_reads_back_and_keeps_the_defaults() {
        let config: DisplayConfig = serde_json::from_str(
            r#"{
                "bind": "0.0.0.0:8787",
                "allowed_origins": ["http://localhost:1420"],
                "pairing_tokens": ["abcdefghijklmnop", {"token": "qrstuvwxyz012345", "terminal": "kasse-1"}],
                "handshake_timeout_ms": 1500,
                "max_connections_per_address": 4
            }"#,
        )
        .unwrap();
        assert_eq!(config.bind, "0.0.0.0:8787".parse().unwrap());
        assert_eq!(config.handshake_timeout, Duration::from_millis(1500));
        assert_eq!(config.max_connections_per_address, 4);
        assert_eq!(
            config.max_connections, 64,
            "unset fields keep their defaults"
        );
        assert!(
            config.pairing_tokens[0]
                .admits("abcdefghijklmnop", &TerminalId::parse("kasse-9").unwrap())
        );
        assert!(
            !config.pairing_tokens[1]
                .admits("qrstuvwxyz012345", &TerminalId::parse("kasse-9").unwrap())
        );
        assert!(config.check(config.bind).is_ok());

        let round_trip: DisplayConfig =
            serde_json::from_str(&serde_json::to_string(&config).unwrap()).unwrap();
        assert_eq!(round_trip, config);
        let defaults: DisplayConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(defaults, DisplayConfig::default());
        assert_eq!(defaults.bind, default_bind_addr());

        for bad in [
            r#"{"pairing_tokens": ["short"]}"#,
            r#"{"handshake_timeout": 2}"#,
            r#"{"pairing_tokens": [{"token": "abcdefghijklmnop", "terminal": "kasse 1"}]}"#,
        ] {
            assert!(serde_json::from_str::<DisplayConfig>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lan_bind_without_tokens_is_refused() {
        let config = DisplayConfig::default();
        assert!(config.check("127.0.0.1:1".parse().unwrap()).is_ok());
        assert!(config.check("[::1]:1".parse().unwrap()).is_ok());
        assert!(matches!(
            config.check("0.0.0.0:1".parse().unwrap()),
            Err(ServeError::TokensRequired(_))
        ));
        let with_token = DisplayConfig {
            pairing_tokens: vec![PairingToken::parse("abcdefghijklmnop").unwrap()],
            ..DisplayConfig::default()
        };
        assert!(with_token.check("0.0.0.0:1".parse().unwrap()).is_ok());
    }
}
