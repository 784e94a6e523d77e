//! The wire protocol: JSON messages tagged by `"type"`, server to display and display to server.

use serde::{Deserialize, Serialize};

use crate::terminal::TerminalId;
use crate::view::{CartView, DisplayState, PaymentMethod};

/// A message the hub sends to a display. Every message names its till and carries that till's
/// `version`, which grows by one with each publish; a display ignores an update whose version is
/// not newer than what it shows. A `snapshot` always replaces what the display shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DisplayMessage {
    /// The full current state: sent first on every connection and again after a display fell
    /// behind.
    Snapshot {
        terminal_id: TerminalId,
        version: u64,
        state: DisplayState,
    },
    CartUpdated {
        terminal_id: TerminalId,
        version: u64,
        cart: CartView,
    },
    PaymentInProgress {
        terminal_id: TerminalId,
        version: u64,
        cart: CartView,
        method: PaymentMethod,
        tendered_cents: Option<i64>,
    },
    ChangeDue {
        terminal_id: TerminalId,
        version: u64,
        cart: CartView,
        tendered_cents: i64,
        change_cents: i64,
    },
    SaleCompleted {
        terminal_id: TerminalId,
        version: u64,
        receipt_number: String,
        total_cents: i64,
        change_cents: i64,
    },
    Idle {
        terminal_id: TerminalId,
        version: u64,
    },
    /// The answer to a display's `{"type":"ping"}`; `version` is the till's current one.
    Pong {
        terminal_id: TerminalId,
        version: u64,
    },
}

impl DisplayMessage {
    /// The incremental message that announces `state` as version `version`.
    pub fn update(terminal_id: TerminalId, version: u64, state: DisplayState) -> Self {
        match state {
            DisplayState::Idle => Self::Idle {
                terminal_id,
                version,
            },
            DisplayState::Cart { cart } => Self::CartUpdated {
                terminal_id,
                version,
                cart,
            },
            DisplayState::PaymentInProgress {
                cart,
                method,
                tendered_cents,
            } => Self::PaymentInProgress {
                terminal_id,
                version,
                cart,
                method,
                tendered_cents,
            },
            DisplayState::ChangeDue {
                cart,
                tendered_cents,
                change_cents,
            } => Self::ChangeDue {
                terminal_id,
                version,
                cart,
                tendered_cents,
                change_cents,
            },
            DisplayState::SaleCompleted {
                receipt_number,
                total_cents,
                change_cents,
            } => Self::SaleCompleted {
                terminal_id,
                version,
                receipt_number,
                total_cents,
                change_cents,
            },
        }
    }

    pub fn version(&self) -> u64 {
        match self {
            Self::Snapshot { version, .. }
            | Self::CartUpdated { version, .. }
            | Self::PaymentInProgress { version, .. }
            | Self::ChangeDue { version, .. }
            | Self::SaleCompleted { version, .. }
            | Self::Idle { version, .. }
            | Self::Pong { version, .. } => *version,
        }
    }

    pub fn terminal_id(&self) -> &TerminalId {
        match self {
            Self::Snapshot { terminal_id, .. }
            | Self::CartUpdated { terminal_id, .. }
            | Self::PaymentInProgress { terminal_id, .. }
            | Self::ChangeDue { terminal_id, .. }
            | Self::SaleCompleted { terminal_id, .. }
            | Self::Idle { terminal_id, .. }
            | Self::Pong { terminal_id, .. } => terminal_id,
        }
    }

    /// The state this message puts on the screen; `None` for a `pong`.
    pub fn into_state(self) -> Option<DisplayState> {
        Some(match self {
            Self::Snapshot { state, .. } => state,
            Self::CartUpdated { cart, .. } => DisplayState::Cart { cart },
            Self::PaymentInProgress {
                cart,
                method,
                tendered_cents,
                ..
            } => DisplayState::PaymentInProgress {
                cart,
                method,
                tendered_cents,
            },
            Self::ChangeDue {
                cart,
                tendered_cents,
                change_cents,
                ..
            } => DisplayState::ChangeDue {
                cart,
                tendered_cents,
                change_cents,
            },
            Self::SaleCompleted {
                receipt_number,
                total_cents,
                change_cents,
                ..
            } => DisplayState::SaleCompleted {
                receipt_number,
                total_cents,
                change_cents,
            },
            Self::Idle { .. } => DisplayState::Idle,
            Self::Pong { .. } => return None,
        })
    }
}

/// Longest display name kept from a `hello`, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 64;

/// What a display may say. Displays are read-only, so this is all there is.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// Application-level keep-alive for clients that cannot see WebSocket pings (browsers).
    Ping,
    /// Optional introduction; `name` shows up in the list of connected displays.
    Hello {
        #[serde(default)]
        name: Option<String>,
    },
}

/// How the hub reads one text frame from a display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientFrame {
    Understood(ClientMessage),
    /// Well-formed JSON object with a `type` the hub does not know: ignored, so newer displays
    /// can talk to older hubs.
    Ignored,
    /// Not a JSON object with a string `type`: the connection is closed.
    Garbage,
}

impl ClientFrame {
    pub fn parse(text: &str) -> Self {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
            return Self::Garbage;
        };
        if !value.get("type").is_some_and(serde_json::Value::is_string) {
            return Self::Garbage;
        }
        match serde_json::from_value::<ClientMessage>(value) {
            Ok(message) => Self::Understood(message),
            Err(_) => Self::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_frames_are_sorted_into_understood_ignored_and_garbage() {
        let cases: [(&str, ClientFrame); 7] = [
            (
                r#"{"type":"ping"}"#,
                ClientFrame::Understood(ClientMessage::Ping),
            ),
            (
                r#"{"type":"hello","name":"Eingang"}"#,
                ClientFrame::Understood(ClientMessage::Hello {
                    name: Some("Eingang".into()),
                }),
            ),
            (r#"{"type":"add_line","sku":"X"}"#, ClientFrame::Ignored),
            (r#"{"type":42}"#, ClientFrame::Garbage),
            (r#"[1,2,3]"#, ClientFrame::Garbage),
            ("hello there", ClientFrame::Garbage),
            ("", ClientFrame::Garbage),
        ];
        for (text, expected) in cases {
            assert_eq!(ClientFrame::parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn update_and_into_state_round_trip_every_phase() {
        let terminal = TerminalId::parse("kasse-1").unwrap();
        let states = [
            DisplayState::Idle,
            DisplayState::Cart {
                cart: CartView::default(),
            },
            DisplayState::PaymentInProgress {
                cart: CartView::default(),
                method: PaymentMethod::Cash,
                tendered_cents: Some(5000),
            },
            DisplayState::ChangeDue {
                cart: CartView::default(),
                tendered_cents: 5000,
                change_cents: 201,
            },
            DisplayState::SaleCompleted {
                receipt_number: "2024-000123".into(),
                total_cents: 4799,
                change_cents: 201,
            },
        ];
        for state in states {
            let message = DisplayMessage::update(terminal.clone(), 3, state.clone());
            let json = serde_json::to_string(&message).unwrap();
            let parsed: DisplayMessage = serde_json::from_str(&json).unwrap();
            assert_eq!(parsed.version(), 3);
            assert_eq!(parsed.into_state(), Some(state));
        }
    }
}
