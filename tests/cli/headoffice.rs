//! Store to head office on real processes: a sale sold with `filiale sell` while `filiale serve`
//! relays to a real nats-server shows up in `filiale-hq report`, and the backlog of an outage drains.

use crate::helpers::{GERMAN_ARTICLES, TestStore};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn nats_server_bin() -> PathBuf {
    if let Ok(bin) = std::env::var("NATS_SERVER_BIN") {
        return bin.into();
    }
    let tools = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv-tools/bin/nats-server");
    assert!(
        tools.exists(),
        "nats-server is missing: run scripts/install-nats-server"
    );
    tools
}

fn hq_bin() -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_filiale")).with_file_name("filiale-hq");
    assert!(
        bin.exists(),
        "filiale-hq is not built: run `cargo build -p filiale-hq` (cargo test --workspace does)"
    );
    bin
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_nats(port: u16, dir: &std::path::Path) -> Running {
    let child = Command::new(nats_server_bin())
        .args(["-js", "-a", "127.0.0.1", "-p", &port.to_string(), "-sd"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nats-server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Running(child)
}

fn receipts_at_head_office(hq_dir: &std::path::Path) -> i64 {
    let out = Command::new(hq_bin())
        .arg("--data-dir")
        .arg(hq_dir)
        .args(["report", "--json"])
        .output()
        .unwrap();
    if !out.status.success() {
        return 0;
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    report["stores"]
        .as_array()
        .map(|stores| {
            stores
                .iter()
                .filter(|s| s["store_id"] == "test-store")
                .map(|s| s["receipts_today"].as_i64().unwrap_or(0))
                .sum()
        })
        .unwrap_or(0)
}

fn wait_for_receipts(hq_dir: &std::path::Path, expected: i64, within: Duration) -> Duration {
    let start = Instant::now();
    while receipts_at_head_office(hq_dir) < expected {
        assert!(
            start.elapsed() < within,
            "head office did not see {expected} receipts within {within:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    start.elapsed()
}

#[test]
fn a_sale_reaches_head_office_and_an_outage_only_delays_it() {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    let nats_dir = tempfile::tempdir().unwrap();
    let hq_dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let url = format!("nats://127.0.0.1:{port}");
    let nats = start_nats(port, nats_dir.path());
    let _serve = Running(
        store
            .command(&["serve", "--ws-port", "0", "--nats-url", &url])
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let _hq = Running(
        Command::new(hq_bin())
            .arg("--data-dir")
            .arg(hq_dir.path())
            .args(["--nats-url", &url, "run"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    store.ok(&["sell", "--line", "T-1:1", "--pay", "card"]);
    let took = wait_for_receipts(hq_dir.path(), 1, Duration::from_secs(20));
    eprintln!("first sale at head office after {took:?} (includes start-up)");
    store.ok(&["sell", "--line", "T-2:1", "--pay", "card"]);
    let took = wait_for_receipts(hq_dir.path(), 2, Duration::from_secs(5));
    eprintln!("second sale at head office after {took:?}");

    drop(nats);
    for _ in 0..5 {
        store.ok(&["sell", "--line", "T-2:1", "--pay", "cash"]);
    }
    assert_eq!(
        store.count("SELECT COUNT(*) FROM sales"),
        7,
        "selling goes on while head office is unreachable"
    );
    let _nats = start_nats(port, nats_dir.path());
    wait_for_receipts(hq_dir.path(), 7, Duration::from_secs(60));
    assert_eq!(
        store.count("SELECT COUNT(*) FROM outbox WHERE published_at IS NULL"),
        0,
        "the backlog drained"
    );
}
