//! Fuzzes how the customer-display hub reads a text frame from a display, and the wire messages
//! a display reads from the hub: the hub's verdict on a frame must follow from what the JSON says
//! (an independent reading decides the expected verdict), and every hub message a display can
//! parse must serialise back to the same message.

#![no_main]

use filiale_display::DisplayMessage;
use filiale_display::message::{ClientFrame, ClientMessage};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|bytes: &[u8]| {
    // WebSocket text frames are UTF-8 by the time the hub sees them (tungstenite checks).
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let verdict = ClientFrame::parse(text);
    assert_eq!(verdict, expected_verdict(text), "frame {text:?}");

    if let Ok(message) = serde_json::from_str::<DisplayMessage>(text) {
        let again = serde_json::to_string(&message).expect("a display message serialises");
        let back: DisplayMessage = serde_json::from_str(&again)
            .unwrap_or_else(|e| panic!("{again} does not parse back: {e}"));
        assert_eq!(back, message, "round trip of {text:?}");
        let version = message.version();
        let terminal = message.terminal_id().clone();
        // A snapshot's state is what an update with the same state would show.
        if let Some(state) = message.into_state() {
            let update = DisplayMessage::update(terminal, version, state.clone());
            assert_eq!(update.version(), version);
            assert_eq!(update.into_state(), Some(state));
        }
    }
});

/// The protocol as documented: not a JSON object with a string `type` is garbage; `ping` and
/// `hello` (with an optional string or null `name`) are understood, whatever else the object
/// carries; any other well-formed object is ignored.
fn expected_verdict(text: &str) -> ClientFrame {
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(text) else {
        return ClientFrame::Garbage;
    };
    let Some(Value::String(kind)) = object.get("type") else {
        return ClientFrame::Garbage;
    };
    match kind.as_str() {
        "ping" => ClientFrame::Understood(ClientMessage::Ping),
        "hello" => match object.get("name") {
            None | Some(Value::Null) => {
                ClientFrame::Understood(ClientMessage::Hello { name: None })
            }
            Some(Value::String(name)) => ClientFrame::Understood(ClientMessage::Hello {
                name: Some(name.clone()),
            }),
            Some(_) => ClientFrame::Ignored,
        },
        _ => ClientFrame::Ignored,
    }
}
