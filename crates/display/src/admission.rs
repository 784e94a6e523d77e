//! The checks on the HTTP upgrade request: path and till, `Host`, `Origin` and pairing token.

use std::net::IpAddr;

use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request};
use tokio_tungstenite::tungstenite::http::{StatusCode, header};

use crate::config::DisplayConfig;
use crate::terminal::TerminalId;

/// The path prefix displays connect to; the terminal id follows it.
pub const PATH_PREFIX: &str = "/ws/pos/";

/// Origins of the app's own windows, always allowed.
const TAURI_ORIGINS: [&str; 3] = [
    "tauri://localhost",
    "http://tauri.localhost",
    "https://tauri.localhost",
];

/// Why an upgrade request is turned away, and the HTTP status that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    BadHost,
    BadOrigin,
    MissingOrWrongToken,
    UnknownTerminal,
    Busy,
    TooManyFromAddress,
}

impl Refusal {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Refusal::BadHost | Refusal::BadOrigin => StatusCode::FORBIDDEN,
            Refusal::MissingOrWrongToken => StatusCode::UNAUTHORIZED,
            Refusal::UnknownTerminal => StatusCode::NOT_FOUND,
            Refusal::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::TooManyFromAddress => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    pub(crate) fn reason(&self) -> &'static str {
        match self {
            Refusal::BadHost => "host not allowed",
            Refusal::BadOrigin => "origin not allowed",
            Refusal::MissingOrWrongToken => "missing or wrong pairing token",
            Refusal::UnknownTerminal => "unknown terminal",
            Refusal::Busy => "too many displays connected",
            Refusal::TooManyFromAddress => "too many connections from this address",
        }
    }

    /// What the refused client is told, in German and English.
    pub(crate) fn message(&self) -> &'static str {
        match self {
            Refusal::BadHost => "Host nicht erlaubt / host not allowed",
            Refusal::BadOrigin => "Origin nicht erlaubt / origin not allowed",
            Refusal::MissingOrWrongToken => {
                "Kopplungscode fehlt oder ist falsch / missing or wrong pairing token"
            }
            Refusal::UnknownTerminal => "unbekannte Kasse / unknown terminal",
            Refusal::Busy => "zu viele Kundendisplays verbunden / too many displays connected",
            Refusal::TooManyFromAddress => {
                "zu viele Verbindungen von dieser Adresse / too many connections from this address"
            }
        }
    }

    pub(crate) fn into_response(self) -> ErrorResponse {
        let mut response = ErrorResponse::new(Some(format!("{}\n", self.message())));
        *response.status_mut() = self.status();
        if self == Refusal::MissingOrWrongToken {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// Decides whether `request`, which arrived on local address `local_ip`, may follow a till.
pub(crate) fn admit(
    request: &Request,
    config: &DisplayConfig,
    local_ip: IpAddr,
) -> Result<TerminalId, Refusal> {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .ok_or(Refusal::BadHost)?;
    if !host_allowed(host, config, local_ip) {
        return Err(Refusal::BadHost);
    }
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        let origin = origin.to_str().map_err(|_| Refusal::BadOrigin)?;
        if !origin_allowed(origin, config) {
            return Err(Refusal::BadOrigin);
        }
    }
    let raw_terminal = request
        .uri()
        .path()
        .strip_prefix(PATH_PREFIX)
        .ok_or(Refusal::UnknownTerminal)?;
    let terminal = TerminalId::parse(raw_terminal).map_err(|_| Refusal::UnknownTerminal)?;
    if !config.pairing_tokens.is_empty() {
        let presented = presented_token(request).ok_or(Refusal::MissingOrWrongToken)?;
        if !config
            .pairing_tokens
            .iter()
            .any(|token| token.admits(presented, &terminal))
        {
            return Err(Refusal::MissingOrWrongToken);
        }
    }
    if !config.known_terminals.is_empty() && !config.known_terminals.contains(&terminal) {
        return Err(Refusal::UnknownTerminal);
    }
    Ok(terminal)
}

/// The token from `Authorization: Bearer …`, else from `?token=…`.
fn presented_token(request: &Request) -> Option<&str> {
    let from_header = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    from_header.or_else(|| {
        request
            .uri()
            .query()?
            .split('&')
            .find_map(|pair| pair.strip_prefix("token="))
    })
}

/// The host name of a `Host` header, without port and brackets, lower-cased.
fn host_name(host: &str) -> String {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

fn host_allowed(host: &str, config: &DisplayConfig, local_ip: IpAddr) -> bool {
    let name = host_name(host);
    if name == "localhost" {
        return true;
    }
    if let Ok(ip) = name.parse::<IpAddr>() {
        return ip.is_loopback() || ip == local_ip;
    }
    config
        .allowed_hosts
        .iter()
        .any(|allowed| host_name(allowed) == name)
}

fn origin_allowed(origin: &str, config: &DisplayConfig) -> bool {
    let origin = origin.trim().trim_end_matches('/');
    TAURI_ORIGINS
        .iter()
        .copied()
        .chain(config.allowed_origins.iter().map(String::as_str))
        .any(|allowed| allowed.trim_end_matches('/').eq_ignore_ascii_case(origin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PairingToken;

    fn request(path: &str, headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().uri(path);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).unwrap()
    }

    /// Config, path, headers, expected verdict.
    type Case<'a> = (
        &'a DisplayConfig,
        &'a str,
        Vec<(&'a str, &'a str)>,
        Result<TerminalId, Refusal>,
    );

    #[test]
    fn host_origin_path_and_token_rules() {
        let lan_ip: IpAddr = "192.168.1.20".parse().unwrap();
        let open = DisplayConfig {
            allowed_hosts: vec!["kasse-pc.local".into()],
            allowed_origins: vec!["http://localhost:1420".into()],
            ..DisplayConfig::default()
        };
        let paired = DisplayConfig {
            pairing_tokens: vec![PairingToken::parse("secret-token-0001").unwrap()],
            known_terminals: vec![TerminalId::parse("kasse-1").unwrap()],
            ..DisplayConfig::default()
        };
        let ok = Ok(TerminalId::parse("kasse-1").unwrap());
        let cases: Vec<Case> = vec![
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "127.0.0.1:8787")],
                ok.clone(),
            ),
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "localhost:8787")],
                ok.clone(),
            ),
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "[::1]:8787")],
                ok.clone(),
            ),
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "192.168.1.20:8787")],
                ok.clone(),
            ),
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "KASSE-PC.local:8787")],
                ok.clone(),
            ),
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "evil.example:8787")],
                Err(Refusal::BadHost),
            ),
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "192.168.1.99")],
                Err(Refusal::BadHost),
            ),
            (&open, "/ws/pos/kasse-1", vec![], Err(Refusal::BadHost)),
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "localhost"), ("origin", "tauri://localhost")],
                ok.clone(),
            ),
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "localhost"), ("origin", "https://tauri.localhost")],
                ok.clone(),
            ),
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "localhost"), ("origin", "http://localhost:1420")],
                ok.clone(),
            ),
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "localhost"), ("origin", "http://evil.example")],
                Err(Refusal::BadOrigin),
            ),
            (
                &open,
                "/ws/pos/kasse-1",
                vec![("host", "localhost"), ("origin", "null")],
                Err(Refusal::BadOrigin),
            ),
            (
                &open,
                "/ws/pos/",
                vec![("host", "localhost")],
                Err(Refusal::UnknownTerminal),
            ),
            (
                &open,
                "/ws/pos/a/b",
                vec![("host", "localhost")],
                Err(Refusal::UnknownTerminal),
            ),
            (
                &open,
                "/other/kasse-1",
                vec![("host", "localhost")],
                Err(Refusal::UnknownTerminal),
            ),
            (
                &paired,
                "/ws/pos/kasse-1?token=secret-token-0001",
                vec![("host", "localhost")],
                ok.clone(),
            ),
            (
                &paired,
                "/ws/pos/kasse-1",
                vec![
                    ("host", "localhost"),
                    ("authorization", "Bearer secret-token-0001"),
                ],
                ok.clone(),
            ),
            (
                &paired,
                "/ws/pos/kasse-1",
                vec![("host", "localhost")],
                Err(Refusal::MissingOrWrongToken),
            ),
            (
                &paired,
                "/ws/pos/kasse-1?token=secret-token-0002",
                vec![("host", "localhost")],
                Err(Refusal::MissingOrWrongToken),
            ),
            (
                &paired,
                "/ws/pos/kasse-9?token=secret-token-0001",
                vec![("host", "localhost")],
                Err(Refusal::UnknownTerminal),
            ),
        ];
        for (config, path, headers, expected) in cases {
            let got = admit(&request(path, &headers), config, lan_ip);
            assert_eq!(got, expected, "{path} {headers:?}");
        }
    }
}
