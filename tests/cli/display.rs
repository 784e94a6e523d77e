//! The customer display follows the till: a cart changed from the command line reaches a display
//! connected to `filiale serve` at once, and the sale ends with a thank-you.

use crate::helpers::{GERMAN_ARTICLES, TestStore};
use futures_util::StreamExt;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

/// `filiale serve` on a free port; killed when dropped.
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(store: &TestStore) -> (Serve, String) {
    let mut child = store
        .command(&["serve", "--ws-port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = BufReader::new(stdout)
        .lines()
        .next()
        .expect("serve prints its address")
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("ws://"))
        .expect("a ws:// url")
        .to_owned();
    (Serve(child), url.replace("<terminal>", "kasse-1"))
}

async fn next_json(
    ws: &mut (impl StreamExt<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin),
) -> serde_json::Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a display message in time")
            .expect("the connection stays open")
            .unwrap();
        if let Message::Text(text) = message {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cart_changed_from_the_command_line_reaches_the_display_at_once() {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    let (_serve, url) = serve(&store);
    let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .unwrap();
    let snapshot = next_json(&mut ws).await;
    assert_eq!(snapshot["type"], "snapshot");

    store.ok(&["cart", "add", "T-1:2"]);
    let update = next_json(&mut ws).await;
    assert_eq!(update["type"], "cart_updated", "{update}");
    let line = &update["cart"]["lines"][0];
    assert_eq!(
        (line["sku"].as_str(), line["quantity"].as_i64()),
        (Some("T-1"), Some(2)),
        "{update}"
    );
    assert_eq!(update["cart"]["total_cents"], 2598);

    store.ok(&["cart", "add", "4006381333931"]);
    let update = next_json(&mut ws).await;
    assert_eq!(
        update["cart"]["lines"][0]["quantity"], 3,
        "the scanned EAN adds to the line"
    );
    assert!(update["version"].as_u64() > snapshot["version"].as_u64());

    let receipt = store.ok(&["cart", "pay", "--pay", "cash", "--tendered", "50"]);
    assert!(receipt.contains("Rückgeld"), "{receipt}");
    let done = next_json(&mut ws).await;
    assert_eq!(done["type"], "sale_completed", "{done}");
    assert_eq!(done["change_cents"], 5000 - 3897);
    assert_eq!(store.count("SELECT COUNT(*) FROM sales"), 1);
}

/// `filiale serve` under systemd is stopped with SIGTERM: it closes the hub and the relay and
/// exits with success, instead of dying by the signal.
#[test]
fn serve_stops_cleanly_on_sigterm() {
    let store = TestStore::with_demo();
    let (mut serve, _url) = serve(&store);
    let pid = serve.0.id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -TERM {pid}");
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = serve.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "serve still runs 15 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "serve ended by the signal: {status:?}");
}
