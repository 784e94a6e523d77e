//! A relay process that died is replaced at once, and a `--once` run waits for a live one instead
//! of failing. The holders are real processes (this test binary started again as a relay) against
//! a real nats-server.

mod support;

use filiale_relay::{Relay, lease};
use filiale_store::outbox;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::nats_server::NatsServer;
use support::*;

const DB_VAR: &str = "FILIALE_TEST_RELAY_DB";
const NATS_VAR: &str = "FILIALE_TEST_RELAY_NATS";
const RUN_MS_VAR: &str = "FILIALE_TEST_RELAY_RUN_MS";

/// Settings for both relays: the lease lasts 30 s, and the holder looks at the outbox only once a
/// minute, so what it has not published by then is left to the relay that follows it.
fn relay_config(url: &str) -> filiale_relay::NatsConfig {
    let mut config = config(url);
    config.relay.lease_ttl_ms = 30_000;
    config.relay.poll_interval_ms = 60_000;
    config
}

/// The holder process: a relay running for `FILIALE_TEST_RELAY_RUN_MS`, then stopping cleanly.
#[test]
#[ignore = "started by the other tests of this file as the relay process holding the lease"]
fn relay_process() {
    let path = std::env::var(DB_VAR).expect("started by a lease test");
    let url = std::env::var(NATS_VAR).expect("started by a lease test");
    let run_ms: u64 = std::env::var(RUN_MS_VAR).unwrap().parse().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = open_store(std::path::Path::new(&path), "store-001");
        let relay = Relay::new(store.clone(), relay_config(&url));
        let (board, holder) = (relay.board(), relay.holder().to_owned());
        let running = tokio::spawn(relay.run(tokio::time::sleep(Duration::from_millis(run_ms))));
        eventually(Duration::from_secs(30), "the relay publishes", || {
            board.status(&store, chrono::Utc::now()).unwrap().publishing && pending(&store) == 0
        })
        .await;
        println!("publishing as {holder}");
        running.await.unwrap().unwrap();
        println!("stopped");
    });
}

/// Starts [`relay_process`] and waits until it holds the lease and has published the backlog.
fn start_holder(db: &std::path::Path, url: &str, run_ms: u64) -> (Child, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "relay_process", "--ignored", "--nocapture"])
        .env(DB_VAR, db)
        .env(NATS_VAR, url)
        .env(RUN_MS_VAR, run_ms.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let holder = loop {
        let line = lines
            .next()
            .expect("the holder process says when it publishes")
            .unwrap();
        if let Some(holder) = line.strip_prefix("publishing as ") {
            break holder.to_owned();
        }
    };
    // Keep reading so the child never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, holder)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_killed_with_sigkill_is_replaced_at_once() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let store = open_store(&db, "store-001");
    add_articles(&store, 1);
    let first = sell(&store, &["A0000"]);

    let (mut holder_process, holder) = start_holder(&db, &server.url(), 600_000);
    let held = lease::current(&store).unwrap().unwrap();
    assert_eq!(held.0, holder, "the lease names the running relay");
    assert_eq!(
        filiale_relay::holder::parse(&holder).unwrap().pid,
        holder_process.id(),
        "and its process"
    );
    assert_eq!(stream_messages(&server.url()).await, first as u64);

    let last = sell(&store, &["A0000"]);
    holder_process.kill().unwrap(); // SIGKILL: no chance to give the lease back
    let started = Instant::now();
    // Not reaped yet: the dead relay is still a zombie in the process table.
    let summary = Relay::new(store.clone(), relay_config(&server.url()))
        .drain()
        .await
        .expect("the next once-run takes the dead relay's lease");
    let took = started.elapsed();
    holder_process.wait().unwrap();
    eprintln!("took over the killed relay's lease and drained in {took:?}");

    assert!(
        took < Duration::from_secs(10),
        "took over after {took:?}, not after the 30 s lease"
    );
    assert_eq!(summary.published as i64, last - first);
    assert_eq!(summary.dead_lettered, 0);
    assert_eq!(pending(&store), 0);
    assert_eq!(stream_messages(&server.url()).await, last as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_once_run_waits_for_a_live_relay_and_then_publishes() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let store = open_store(&db, "store-001");
    add_articles(&store, 1);
    let first = sell(&store, &["A0000"]);

    let (mut holder_process, holder) = start_holder(&db, &server.url(), 6_000);
    let held = lease::current(&store).unwrap().unwrap();
    assert_eq!(
        held.0, holder,
        "the holder has the lease when the once-run starts"
    );
    let last = sell(&store, &["A0000"]);
    let started = Instant::now();
    let summary = Relay::new(store.clone(), relay_config(&server.url()))
        .drain()
        .await
        .expect("the once-run waits instead of failing");
    let waited = started.elapsed();
    eprintln!("the once-run waited and drained in {waited:?}");

    let exit = holder_process.wait().unwrap();
    assert!(exit.success(), "the holder stopped cleanly: {exit}");
    // The holder ran for 6 s; it had published the backlog before the once-run started.
    assert!(
        waited >= Duration::from_secs(1) && waited < Duration::from_secs(25),
        "waited {waited:?} for {holder}"
    );
    assert_eq!(summary.published as i64, last - first);
    assert_eq!(pending(&store), 0);
    let rows = store.read(|c| outbox::list(c, false, 100)).unwrap();
    assert!(rows.iter().all(|row| row.published_at.is_some()));
    assert_eq!(stream_messages(&server.url()).await, last as u64);
    assert!(
        lease::current(&store).unwrap().is_none(),
        "both gave the lease back"
    );
}
