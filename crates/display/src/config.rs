//! Settings of the display server: who may connect, from where, and how long the hub waits.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

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

impl fmt::Debug for PairingToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PairingToken")
            .field("secret", &"<redacted>")
            .field("terminal", &self.terminal)
            .finish()
    }
}

/// Everything [`crate::run`] needs to know besides the socket and the hub.
#[derive(Debug, Clone)]
pub struct DisplayConfig {
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
    /// Displays served at once; one more is refused with HTTP 503.
    pub max_connections: usize,
    /// How often the hub pings an idle display.
    pub ping_interval: Duration,
    /// A display that sent nothing (not even a pong) for this long is dropped; also the limit
    /// for one write to a display that does not read.
    pub pong_timeout: Duration,
    /// Time a client gets to complete the HTTP upgrade.
    pub handshake_timeout: Duration,
    /// Largest frame or message a display may send, in bytes; bigger ones close the
    /// connection with 1009.
    pub max_inbound_message_bytes: usize,
}

impl Default for DisplayConfig {
    fn default() -> Self {
        Self {
            known_terminals: Vec::new(),
            pairing_tokens: Vec::new(),
            allowed_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            max_connections: 64,
            ping_interval: Duration::from_secs(10),
            pong_timeout: Duration::from_secs(30),
            handshake_timeout: Duration::from_secs(10),
            max_inbound_message_bytes: 4096,
        }
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
