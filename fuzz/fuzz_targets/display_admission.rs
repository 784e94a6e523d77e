//! Fuzzes the customer-display hub's checks on the WebSocket upgrade request (`Host`, `Origin`,
//! path and till, pairing token) with arbitrary requests and configurations: whatever is sent, a
//! request let through names a well-formed, known till in its path, came with an allowed host and
//! origin, and presented a configured token that may be used for that till.
//!
//! The checks are private to the display crate, so its `admission.rs` and `config.rs` are
//! compiled into this target from their source files unchanged.

#![no_main]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tokio_tungstenite::tungstenite::handshake::server::Request;
use tokio_tungstenite::tungstenite::http::{HeaderValue, Uri, header, uri::Authority};

#[allow(dead_code)]
#[path = "../../crates/display/src/admission.rs"]
mod admission;
#[allow(dead_code)]
#[path = "../../crates/display/src/config.rs"]
mod config;
mod terminal {
    pub use filiale_display::terminal::*;
}

use admission::{PATH_PREFIX, admit};
use config::{DisplayConfig, PairingToken};
use terminal::TerminalId;

#[derive(Debug, Arbitrary)]
struct Upgrade {
    path: String,
    host: Option<Vec<u8>>,
    origin: Option<Vec<u8>>,
    authorization: Option<Vec<u8>>,
    local_ip: LocalIp,
    allowed_hosts: Vec<String>,
    allowed_origins: Vec<String>,
    tokens: Vec<(String, Option<String>)>,
    known_terminals: Vec<String>,
}

#[derive(Debug, Arbitrary)]
enum LocalIp {
    V4([u8; 4]),
    V6([u16; 8]),
}

const TAURI_ORIGINS: [&str; 3] = [
    "tauri://localhost",
    "http://tauri.localhost",
    "https://tauri.localhost",
];

fuzz_target!(|upgrade: Upgrade| {
    let Ok(uri) = upgrade.path.parse::<Uri>() else {
        return;
    };
    let mut builder = Request::builder().uri(uri);
    for (name, value) in [
        (header::HOST, &upgrade.host),
        (header::ORIGIN, &upgrade.origin),
        (header::AUTHORIZATION, &upgrade.authorization),
    ] {
        if let Some(value) = value {
            let Ok(value) = HeaderValue::from_bytes(value) else {
                return;
            };
            builder = builder.header(name, value);
        }
    }
    let Ok(request) = builder.body(()) else {
        return;
    };
    let local_ip = match upgrade.local_ip {
        LocalIp::V4(octets) => IpAddr::V4(Ipv4Addr::from(octets)),
        LocalIp::V6(segments) => IpAddr::V6(Ipv6Addr::from(segments)),
    };
    let tokens: Vec<PairingToken> = upgrade
        .tokens
        .iter()
        .filter_map(|(secret, terminal)| {
            let token = PairingToken::parse(secret).ok()?;
            Some(match terminal.as_deref().map(TerminalId::parse) {
                None => token,
                Some(Ok(terminal)) => token.for_terminal(terminal),
                Some(Err(_)) => return None,
            })
        })
        .collect();
    let config = DisplayConfig {
        known_terminals: upgrade
            .known_terminals
            .iter()
            .filter_map(|t| TerminalId::parse(t).ok())
            .collect(),
        pairing_tokens: tokens,
        allowed_origins: upgrade.allowed_origins.clone(),
        allowed_hosts: upgrade.allowed_hosts.clone(),
        ..DisplayConfig::default()
    };

    let Ok(terminal) = admit(&request, &config, local_ip) else {
        return;
    };

    // The till is the whole rest of the path.
    assert_eq!(
        request.uri().path(),
        format!("{PATH_PREFIX}{terminal}"),
        "admitted terminal does not match the path"
    );
    assert!(TerminalId::parse(terminal.as_str()).is_ok());
    if !config.known_terminals.is_empty() {
        assert!(
            config.known_terminals.contains(&terminal),
            "unknown till {terminal} admitted"
        );
    }

    check_host(&request, &config, local_ip);
    check_origin(&request, &config);
    check_token(&request, &upgrade.tokens, &terminal);
});

/// A let-through `Host` names this machine by a loopback name or address, the address the
/// display connected to, or a configured host name (ports, brackets, case and a final dot aside).
fn check_host(request: &Request, config: &DisplayConfig, local_ip: IpAddr) {
    let host = request
        .headers()
        .get(header::HOST)
        .expect("admitted without Host")
        .to_str()
        .expect("admitted with a non-text Host");
    // Read the header with the http crate's own parser; what it cannot read is left alone.
    let Ok(authority) = host.trim().parse::<Authority>() else {
        return;
    };
    let name = normalise(authority.host());
    if name == "localhost" {
        return;
    }
    if let Ok(ip) = name.parse::<IpAddr>() {
        assert!(
            ip.is_loopback() || ip == local_ip,
            "host {host:?} admitted: {ip} is neither loopback nor {local_ip}"
        );
        return;
    }
    let allowed = config.allowed_hosts.iter().any(|allowed| {
        let allowed = allowed.trim();
        let allowed = allowed
            .parse::<Authority>()
            .map(|a| a.host().to_owned())
            .unwrap_or_else(|_| allowed.to_owned());
        normalise(&allowed) == name
    });
    assert!(allowed, "host {host:?} admitted but not configured");
}

fn normalise(host: &str) -> String {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// A let-through `Origin` is absent or one of the app's windows or a configured origin.
fn check_origin(request: &Request, config: &DisplayConfig) {
    let Some(origin) = request.headers().get(header::ORIGIN) else {
        return;
    };
    let origin = origin.to_str().expect("admitted with a non-text Origin");
    let origin = origin.trim().trim_end_matches('/');
    let allowed = TAURI_ORIGINS
        .iter()
        .copied()
        .chain(config.allowed_origins.iter().map(String::as_str))
        .any(|allowed| allowed.trim_end_matches('/').eq_ignore_ascii_case(origin));
    assert!(allowed, "origin {origin:?} admitted but not allowed");
}

/// With tokens configured, a let-through request presented one of them, exactly, in the
/// `Authorization` header or the `token` query parameter, and that token may follow this till.
fn check_token(request: &Request, raw_tokens: &[(String, Option<String>)], terminal: &TerminalId) {
    let configured: Vec<(&str, Option<&str>)> = raw_tokens
        .iter()
        .filter(|(secret, only)| {
            PairingToken::parse(secret).is_ok()
                && only.as_deref().is_none_or(|t| TerminalId::parse(t).is_ok())
        })
        .map(|(secret, only)| (secret.as_str(), only.as_deref()))
        .collect();
    if configured.is_empty() {
        return;
    }
    let mut presented: Vec<&str> = Vec::new();
    if let Some(value) = request.headers().get(header::AUTHORIZATION)
        && let Ok(value) = value.to_str()
        && let Some(token) = value.strip_prefix("Bearer ")
    {
        presented.push(token.trim());
    }
    if let Some(query) = request.uri().query() {
        presented.extend(
            query
                .split('&')
                .filter_map(|pair| pair.strip_prefix("token=")),
        );
    }
    let fits = configured.iter().any(|(secret, only)| {
        presented.contains(secret) && only.is_none_or(|t| t == terminal.as_str())
    });
    assert!(
        fits,
        "till {terminal} admitted without a token that fits it"
    );
}
