//! Upgrade requests the server turns away with an HTTP status, and the config it refuses to run.

use filiale_display::{DisplayConfig, DisplayHub, PairingToken, ServeError, TerminalId};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::http::StatusCode;

use crate::helpers::{TestServer, next_message, upgrade_status};

const TOKEN: &str = "pairing-token-kasse-1";

/// URL, extra headers, expected HTTP status (`None`: upgraded).
type Case<'a> = (String, Vec<(&'a str, &'a str)>, Option<StatusCode>);

#[tokio::test]
async fn unknown_tills_bad_origins_and_bad_hosts_are_refused_during_the_handshake() {
    let config = DisplayConfig {
        known_terminals: vec![TerminalId::parse("kasse-1").unwrap()],
        allowed_origins: vec!["http://localhost:1420".into()],
        allowed_hosts: vec!["kasse-pc.local".into()],
        ..DisplayConfig::default()
    };
    let server = TestServer::start(config, DisplayHub::new()).await;
    let port = server.addr.port();
    let localhost = format!("localhost:{port}");
    let rebinding = format!("evil.example:{port}");
    let named = format!("kasse-pc.local:{port}");
    let good = server.url("kasse-1");

    let cases: Vec<Case> = vec![
        (good.clone(), vec![], None),
        (good.clone(), vec![("origin", "tauri://localhost")], None),
        (
            good.clone(),
            vec![("origin", "http://tauri.localhost")],
            None,
        ),
        (
            good.clone(),
            vec![("origin", "https://tauri.localhost")],
            None,
        ),
        (
            good.clone(),
            vec![("origin", "http://localhost:1420")],
            None,
        ),
        (good.clone(), vec![("host", &localhost)], None),
        (good.clone(), vec![("host", &named)], None),
        (server.url("kasse-2"), vec![], Some(StatusCode::NOT_FOUND)),
        (server.url("kasse%201"), vec![], Some(StatusCode::NOT_FOUND)),
        (
            format!("ws://{}/ws/other/kasse-1", server.addr),
            vec![],
            Some(StatusCode::NOT_FOUND),
        ),
        (
            good.clone(),
            vec![("origin", "http://evil.example")],
            Some(StatusCode::FORBIDDEN),
        ),
        (
            good.clone(),
            vec![("origin", "null")],
            Some(StatusCode::FORBIDDEN),
        ),
        (
            good.clone(),
            vec![("host", &rebinding)],
            Some(StatusCode::FORBIDDEN),
        ),
    ];
    for (url, headers, expected) in cases {
        assert_eq!(
            upgrade_status(&url, &headers).await,
            expected,
            "{url} {headers:?}"
        );
    }
    assert!(server.hub.connected_displays().is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_lan_bind_needs_tokens_and_every_display_must_present_one() {
    let lan = TcpListener::bind("0.0.0.0:0").await.unwrap();
    let refused =
        filiale_display::run(lan, DisplayConfig::default(), DisplayHub::new(), async {}).await;
    assert!(
        matches!(refused, Err(ServeError::TokensRequired(_))),
        "{refused:?}"
    );

    let config = DisplayConfig {
        pairing_tokens: vec![PairingToken::parse(TOKEN).unwrap()],
        ..DisplayConfig::default()
    };
    let lan = TcpListener::bind("0.0.0.0:0").await.unwrap();
    let port = lan.local_addr().unwrap().port();
    let server = TestServer::start_on(lan, config, DisplayHub::new());
    let base = format!("ws://127.0.0.1:{port}/ws/pos/kasse-1");
    let bearer = format!("Bearer {TOKEN}");
    let cases: Vec<Case> = vec![
        (base.clone(), vec![], Some(StatusCode::UNAUTHORIZED)),
        (
            format!("{base}?token=wrong-token-000000"),
            vec![],
            Some(StatusCode::UNAUTHORIZED),
        ),
        (
            base.clone(),
            vec![("authorization", "Bearer wrong-token-000000")],
            Some(StatusCode::UNAUTHORIZED),
        ),
        (format!("{base}?token={TOKEN}"), vec![], None),
        (base.clone(), vec![("authorization", &bearer)], None),
    ];
    for (url, headers, expected) in cases {
        assert_eq!(
            upgrade_status(&url, &headers).await,
            expected,
            "{url} {headers:?}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn displays_beyond_the_cap_get_503_and_the_others_are_unaffected() {
    let config = DisplayConfig {
        max_connections: 1,
        ..DisplayConfig::default()
    };
    let server = TestServer::start(config, DisplayHub::new()).await;
    let mut first = server.connect("kasse-1").await;
    next_message(&mut first).await;
    assert_eq!(
        upgrade_status(&server.url("kasse-1"), &[]).await,
        Some(StatusCode::SERVICE_UNAVAILABLE)
    );
    server.hub.publish(
        &TerminalId::parse("kasse-1").unwrap(),
        filiale_display::DisplayState::Idle,
    );
    assert_eq!(next_message(&mut first).await.version(), 1);
    drop(first);
    server.wait_for_displays(0).await;
    // The slot is free again.
    let mut second = server.connect("kasse-1").await;
    assert_eq!(next_message(&mut second).await.version(), 1);
    server.stop().await;
}
