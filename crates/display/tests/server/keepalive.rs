//! Dead displays are dropped by the ping/pong keep-alive; live ones stay. Runs on paused time.

use std::time::Duration;

use filiale_display::{DisplayConfig, DisplayHub, DisplayMessage, DisplayState};
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{PATIENCE, TestServer, next_message, terminal};

#[tokio::test(start_paused = true)]
async fn a_display_that_stops_answering_pings_is_dropped_and_a_live_one_stays() {
    let hub = DisplayHub::new();
    let config = DisplayConfig {
        ping_interval: Duration::from_secs(5),
        pong_timeout: Duration::from_secs(15),
        ..DisplayConfig::default()
    };
    let server = TestServer::start(config, hub.clone()).await;

    // Reads its snapshot, then never reads again: it cannot answer pings.
    let mut dead = server.connect("kasse-1").await;
    next_message(&mut dead).await;

    // Reads all the time; tungstenite answers each ping while reading.
    let mut live = server.connect("kasse-1").await;
    next_message(&mut live).await;
    let live_addr = match live.get_ref() {
        tokio_tungstenite::MaybeTlsStream::Plain(stream) => stream.local_addr().unwrap(),
        _ => unreachable!("plain TCP"),
    };
    let (versions, mut seen) = mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        let mut pings = 0u32;
        while let Some(Ok(frame)) = live.next().await {
            match frame {
                Message::Ping(_) => pings += 1,
                Message::Text(text) => {
                    let message: DisplayMessage = serde_json::from_str(&text).unwrap();
                    let _ = versions.send(message.version());
                }
                _ => {}
            }
        }
        pings
    });
    server.wait_for_displays(2).await;

    // A minute of quiet shop: twelve ping rounds.
    tokio::time::sleep(Duration::from_secs(60)).await;

    server.wait_for_displays(1).await;
    assert_eq!(
        hub.connected_displays()[0].peer,
        live_addr,
        "the live display stays"
    );

    let version = hub.publish(&terminal("kasse-1"), DisplayState::Idle);
    let got = tokio::time::timeout(PATIENCE, seen.recv()).await.unwrap();
    assert_eq!(got, Some(version));

    // The dead display finds its connection gone once it reads again (no close handshake: the
    // server does not wait for a peer that does not answer).
    let ended = tokio::time::timeout(PATIENCE, async {
        while let Some(Ok(_)) = dead.next().await {}
    })
    .await;
    assert!(ended.is_ok(), "the dead display's connection was closed");

    server.stop().await;
    let pings = reader.await.unwrap();
    assert!(
        pings >= 10,
        "the live display was pinged every 5 s, got {pings} pings"
    );
}
