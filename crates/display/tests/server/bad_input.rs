//! What a display may send: pings and hellos are answered, everything else closes only its own
//! connection with a reason code.

use filiale_display::{DisplayConfig, DisplayHub, DisplayMessage, DisplayState};
use futures_util::SinkExt;
use tokio_tungstenite::tungstenite::{Bytes, Message};

use crate::helpers::{TestServer, cart, close_frame, next_message, terminal};

#[tokio::test]
async fn ping_and_hello_are_answered_and_unknown_messages_change_nothing() {
    let hub = DisplayHub::new();
    let kasse = terminal("kasse-1");
    hub.publish(&kasse, DisplayState::Cart { cart: cart(2) });
    let server = TestServer::start(DisplayConfig::default(), hub.clone()).await;
    let mut display = server.connect("kasse-1").await;
    next_message(&mut display).await;

    display
        .send(Message::text(
            r#"{"type":"hello","name":"Kundendisplay Eingang"}"#,
        ))
        .await
        .unwrap();
    // A display trying to change the cart is ignored: the protocol has no such message.
    display
        .send(Message::text(
            r#"{"type":"cart_updated","version":99,"cart":{}}"#,
        ))
        .await
        .unwrap();
    display
        .send(Message::text(r#"{"type":"ping"}"#))
        .await
        .unwrap();
    assert_eq!(
        next_message(&mut display).await,
        DisplayMessage::Pong {
            terminal_id: kasse.clone(),
            version: 1
        }
    );
    let listed = hub.connected_displays();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name.as_deref(), Some("Kundendisplay Eingang"));
    assert_eq!(
        hub.current(&kasse),
        Some((1, DisplayState::Cart { cart: cart(2) }))
    );
    server.stop().await;
}

#[tokio::test]
async fn garbage_binary_and_oversized_frames_close_only_the_sender() {
    let hub = DisplayHub::new();
    let kasse = terminal("kasse-1");
    let config = DisplayConfig {
        max_inbound_message_bytes: 4096,
        ..DisplayConfig::default()
    };
    let server = TestServer::start(config, hub.clone()).await;
    let mut bystander = server.connect("kasse-1").await;
    next_message(&mut bystander).await;

    let cases: [(Message, u16); 5] = [
        (Message::text("hello?"), 1008),
        (Message::text(r#"{"no_type":true}"#), 1008),
        (Message::text("{\"type\":"), 1008),
        (
            Message::Binary(Bytes::from_static(&[0xde, 0xad, 0xbe, 0xef])),
            1008,
        ),
        (
            Message::text(format!(
                r#"{{"type":"hello","name":"{}"}}"#,
                "x".repeat(10_000)
            )),
            1009,
        ),
    ];
    for (round, (frame, expected_code)) in cases.into_iter().enumerate() {
        let mut offender = server.connect("kasse-1").await;
        next_message(&mut offender).await;
        offender.send(frame).await.unwrap();
        let close = close_frame(&mut offender)
            .await
            .expect("a close frame with a reason");
        assert_eq!(
            u16::from(close.code),
            expected_code,
            "round {round}: {close:?}"
        );
        assert!(!close.reason.is_empty());

        // The bystander still follows the till and the till's state is untouched.
        let version = hub.publish(
            &kasse,
            DisplayState::Cart {
                cart: cart(round + 1),
            },
        );
        let update = next_message(&mut bystander).await;
        assert_eq!(update.version(), version);
        assert_eq!(
            update.into_state(),
            Some(DisplayState::Cart {
                cart: cart(round + 1)
            })
        );
    }
    server.wait_for_displays(1).await;
    drop(bystander);
    server.stop().await;
}
