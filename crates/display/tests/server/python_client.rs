//! A display written with Python's `websockets` package follows a till: the protocol works for a
//! client nobody here wrote.

use std::process::Stdio;

use filiale_display::{DisplayConfig, DisplayHub, DisplayMessage, DisplayState, PaymentMethod};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::helpers::{PATIENCE, TestServer, cart, terminal};

const CLIENT: &str = r#"
import asyncio, json, sys
import websockets

async def main(url, updates):
    async with websockets.connect(url, open_timeout=10) as ws:
        print(await ws.recv(), flush=True)                      # snapshot
        await ws.send(json.dumps({"type": "hello", "name": "python display"}))
        await ws.send(json.dumps({"type": "ping"}))
        for _ in range(updates + 1):                            # the pong, then the updates
            print(await ws.recv(), flush=True)

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"#;

/// The Python to run: `FILIALE_PYTHON`, else the project's tool environment (scripts/install-python-tools),
/// else `python3`.
fn python() -> String {
    if let Ok(python) = std::env::var("FILIALE_PYTHON") {
        return python;
    }
    let tools =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv-tools/bin/python");
    if tools.exists() {
        return tools.display().to_string();
    }
    "python3".into()
}

#[tokio::test]
async fn a_python_websockets_client_follows_a_till() {
    let python = python();
    let probe = std::process::Command::new(&python)
        .args(["-c", "import websockets"])
        .output()
        .unwrap_or_else(|error| panic!("cannot run {python} (set FILIALE_PYTHON): {error}"));
    assert!(
        probe.status.success(),
        "Python package `websockets` is missing for {python}: install it with \
         `{python} -m pip install websockets` (or point FILIALE_PYTHON at a python that has it)"
    );

    let hub = DisplayHub::new();
    let kasse = terminal("kasse-7");
    hub.publish(&kasse, DisplayState::Cart { cart: cart(2) });
    let server = TestServer::start(DisplayConfig::default(), hub.clone()).await;

    let mut child = Command::new(&python)
        .args(["-c", CLIENT, &server.url("kasse-7"), "3"])
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = async || -> DisplayMessage {
        let line = tokio::time::timeout(PATIENCE, lines.next_line())
            .await
            .expect("the python display answers in time")
            .unwrap()
            .expect("the python display printed a message");
        serde_json::from_str(&line).expect("a valid message")
    };

    assert_eq!(
        next().await,
        DisplayMessage::Snapshot {
            terminal_id: kasse.clone(),
            version: 1,
            state: DisplayState::Cart { cart: cart(2) },
        }
    );
    assert_eq!(
        next().await,
        DisplayMessage::Pong {
            terminal_id: kasse.clone(),
            version: 1
        }
    );
    let named = hub.connected_displays();
    assert_eq!(named[0].name.as_deref(), Some("python display"));

    let states = [
        DisplayState::PaymentInProgress {
            cart: cart(2),
            method: PaymentMethod::Card,
            tendered_cents: None,
        },
        DisplayState::SaleCompleted {
            receipt_number: "K7-000001".into(),
            total_cents: cart(2).total_cents,
            change_cents: 0,
        },
        DisplayState::Idle,
    ];
    for state in &states {
        hub.publish(&kasse, state.clone());
    }
    for (i, state) in states.into_iter().enumerate() {
        let message = next().await;
        assert_eq!(message.version(), i as u64 + 2);
        assert_eq!(message.into_state(), Some(state));
    }
    let status = tokio::time::timeout(PATIENCE, child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "the python display exited with {status}");
    server.stop().await;
}
