//! Sockets that never finish their upgrade cannot keep a paired display out, and one address
//! cannot open more than its share of connections. Real sockets from several loopback addresses.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use filiale_display::{DisplayConfig, DisplayHub, DisplayMessage, DisplayState, PairingToken};
use tokio::io::AsyncReadExt;
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::MaybeTlsStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{Display, PATIENCE, TestServer, cart, connect_url, next_message, terminal};

const TOKEN: &str = "pairing-token-kasse-1";

/// A TCP connection to `server` from the loopback address `127.0.0.<last>`.
async fn connect_from(last: u8, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(
            IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)),
            0,
        ))
        .unwrap();
    socket.connect(server).await.unwrap()
}

/// A display connecting to `url` from the loopback address `127.0.0.<last>`.
async fn display_from(
    last: u8,
    server: SocketAddr,
    url: &str,
) -> Result<Display, tokio_tungstenite::tungstenite::Error> {
    let request = url.into_client_request().unwrap();
    let socket = MaybeTlsStream::Plain(connect_from(last, server).await);
    let (display, _) = tokio_tungstenite::client_async(request, socket).await?;
    Ok(display)
}

/// Everything the server sends until it closes the connection.
async fn read_until_closed(socket: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(PATIENCE, socket.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection in time")
        .expect("a clean close");
    String::from_utf8_lossy(&answer).into_owned()
}

/// True while the server has neither sent anything nor closed the connection.
async fn still_waiting(socket: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    tokio::time::timeout(Duration::from_millis(5), socket.peek(&mut byte))
        .await
        .is_err()
}

#[tokio::test]
async fn sixty_four_idle_sockets_do_not_keep_a_paired_display_out() {
    let config = DisplayConfig {
        pairing_tokens: vec![PairingToken::parse(TOKEN).unwrap()],
        max_connections: 16,
        max_connections_per_address: 8,
        handshake_timeout: Duration::from_secs(3),
        ..DisplayConfig::default()
    };
    let hub = DisplayHub::new();
    let kasse = terminal("kasse-1");
    hub.publish(&kasse, DisplayState::Cart { cart: cart(3) });
    let server = TestServer::start(config, hub.clone()).await;

    // 64 sockets, four times the display cap, eight from each of 127.0.0.2 to 127.0.0.9; none
    // ever sends a byte.
    let mut idle = Vec::new();
    for last in 2..=9 {
        for _ in 0..8 {
            idle.push(connect_from(last, server.addr).await);
        }
    }
    // A ninth from an address that has its eight is turned away at once, with a reason; that
    // the answer comes also shows the server has taken in the eight before it.
    let mut ninth = connect_from(2, server.addr).await;
    let answer = read_until_closed(&mut ninth).await;
    assert!(
        answer.starts_with("HTTP/1.1 429"),
        "refused with 429: {answer:?}"
    );
    assert!(
        answer.contains("too many connections from this address"),
        "{answer:?}"
    );

    // The paired display gets in and sees the cart while all 64 still hang.
    let url = format!("{}?token={TOKEN}", server.url("kasse-1"));
    let mut display = connect_url(&url, &[])
        .await
        .expect("the paired display connects");
    assert_eq!(
        next_message(&mut display).await,
        DisplayMessage::Snapshot {
            terminal_id: kasse.clone(),
            version: 1,
            state: DisplayState::Cart { cart: cart(3) },
        }
    );
    let mut hanging = 0;
    for socket in &mut idle {
        hanging += usize::from(still_waiting(socket).await);
    }
    assert_eq!(
        hanging, 64,
        "the idle sockets were still open when the display got in"
    );

    // Past the handshake deadline the server closes every idle socket without an answer.
    for socket in &mut idle {
        assert_eq!(read_until_closed(socket).await, "");
    }
    // The display stays served, and the addresses have their places back.
    let version = hub.publish(&kasse, DisplayState::Idle);
    assert_eq!(next_message(&mut display).await.version(), version);
    let mut second = display_from(2, server.addr, &url)
        .await
        .expect("a display from 127.0.0.2 connects once its idle sockets are gone");
    assert_eq!(next_message(&mut second).await.version(), version);
    server.wait_for_displays(2).await;
    server.stop().await;
}

#[tokio::test]
async fn an_address_at_its_limit_is_refused_but_other_addresses_are_served() {
    let config = DisplayConfig {
        max_connections_per_address: 2,
        ..DisplayConfig::default()
    };
    let server = TestServer::start(config, DisplayHub::new()).await;
    let url = server.url("kasse-1");
    let from = |last| display_from(last, server.addr, &url);
    let mut first = from(3).await.unwrap();
    let mut second = from(3).await.unwrap();
    next_message(&mut first).await;
    next_message(&mut second).await;
    // Admitted displays count too: a third display from 127.0.0.3 is refused.
    let mut third = connect_from(3, server.addr).await;
    assert!(
        read_until_closed(&mut third)
            .await
            .starts_with("HTTP/1.1 429")
    );
    let mut other = from(4).await.expect("another address is not affected");
    next_message(&mut other).await;
    server.wait_for_displays(3).await;
    drop(first);
    server.wait_for_displays(2).await;
    let mut again = from(3).await.expect("a place freed by a display that left");
    next_message(&mut again).await;
    server.stop().await;
}
