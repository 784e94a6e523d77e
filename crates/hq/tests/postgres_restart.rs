//! PostgreSQL killed (SIGKILL) while head office is applying a steady stream of events, then
//! restarted: head office waits, reconnects and goes on; no event is lost and none counted twice.
//! And `filiale-hq run` started before PostgreSQL waits for it.

mod support;

use chrono::Utc;
use filiale_hq::db::Database;
use filiale_hq::{consume, report};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::nats_server::NatsServer;
use support::postgres_server::{PostgresServer, free_port};
use support::*;

const STORES: [&str; 3] = ["store-001", "store-002", "store-003"];
const EVENTS_PER_STORE: i64 = 400;
const BUSINESS_DAY: &str = "2026-06-15";

fn sold_at() -> chrono::DateTime<Utc> {
    "2026-06-15T10:00:00Z".parse().unwrap()
}

/// Events applied so far, read through a connection of its own; `None` while PostgreSQL is away.
async fn events_applied(url: &str) -> Option<i64> {
    let mut db = Database::connect_postgres(url).await.ok()?;
    let report = report::build(&mut db, Utc::now()).await.ok()?;
    Some(report.stores.iter().map(|s| s.events_applied).sum())
}

/// Whether another connection (head office) is in the middle of a transaction.
async fn in_a_transaction(watcher: &mut Database) -> bool {
    let mut tx = watcher.snapshot().await.unwrap();
    let busy = tx
        .query_opt(
            "SELECT COUNT(*) FROM pg_stat_activity
             WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'
               AND state IN ('active', 'idle in transaction') AND xact_start IS NOT NULL",
            &[],
        )
        .await
        .unwrap()
        .map(|row| row.int(0).unwrap())
        .unwrap_or(0);
    tx.commit().await.unwrap();
    busy > 0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_killed_mid_run_and_restarted_loses_no_event_and_applies_none_twice() {
    let nats = NatsServer::start();
    let test_db = TestDb::open(Backend::Postgres).await;
    let url = test_db.location();
    let mut postgres = test_db.server.expect("a PostgreSQL server");
    let mut db = test_db.db;
    let mut config = config(&nats.url());
    config.consumer.batch_size = 50;
    let (_client, consumer) = consume::connect(&config).await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let settings = config.consumer.clone();
    let head_office = tokio::spawn(async move {
        consume::run(&consumer, &mut db, &settings, async {
            let _ = stopped.await;
        })
        .await
    });

    // The stores keep selling throughout: one sale of (seq × 10) cents per event.
    let js = jetstream(&nats.url()).await;
    let publisher = tokio::spawn(async move {
        for seq in 1..=EVENTS_PER_STORE {
            for store in STORES {
                let event = sale(seq, seq * 10);
                publish(&js, &envelope_at(store, seq, &event, sold_at())).await;
            }
            if seq % 10 == 0 {
                tokio::time::sleep(Duration::from_millis(15)).await;
            }
        }
    });

    // Kill once a good part is applied, at a moment head office is inside a transaction.
    let mut watcher = Database::connect_postgres(&url).await.unwrap();
    let started = Instant::now();
    loop {
        let applied = events_applied(&url).await.unwrap_or(0);
        if applied >= 150 && in_a_transaction(&mut watcher).await {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "head office applied only {applied} events"
        );
    }
    drop(watcher);
    let kill_blocking = tokio::task::spawn_blocking(move || {
        postgres.kill();
        postgres
    });
    let mut postgres = kill_blocking.await.unwrap();
    let at_kill = events_applied(&url).await;
    assert_eq!(at_kill, None, "PostgreSQL is down");
    // Sales go on while the database is away.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let postgres = tokio::task::spawn_blocking(move || {
        postgres.restart();
        postgres
    })
    .await
    .unwrap();
    publisher.await.unwrap();

    let expected = EVENTS_PER_STORE * STORES.len() as i64;
    let started = Instant::now();
    while events_applied(&url).await != Some(expected) {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "head office has {:?} of {expected} events after the restart",
            events_applied(&url).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = stop.send(());
    let total = head_office.await.unwrap().unwrap();
    eprintln!("head office across the kill: {total:?}");
    assert!(
        total.failed_batches >= 1,
        "head office never noticed: {total:?}"
    );
    assert!(
        total.applied as i64 <= expected,
        "applied more often than published: {total:?}"
    );

    let mut db = Database::connect_postgres(&url).await.unwrap();
    let that_day = report::Selection::parse(Some(BUSINESS_DAY), Some(BUSINESS_DAY), &[]).unwrap();
    let report = report::build_for(&mut db, Utc::now(), &that_day)
        .await
        .unwrap();
    assert_eq!(report.stores.len(), STORES.len());
    let takings = EVENTS_PER_STORE * (EVENTS_PER_STORE + 1) / 2 * 10;
    for store in &report.stores {
        assert_eq!(
            (store.events_applied, store.last_seq, store.missing_events),
            (EVENTS_PER_STORE, EVENTS_PER_STORE, 0),
            "{}",
            store.store_id
        );
        // A sale applied twice would show in the receipts and the takings.
        assert_eq!(
            store.period.receipts, EVENTS_PER_STORE,
            "{}",
            store.store_id
        );
        assert_eq!(store.period.sales_cents, takings, "{}", store.store_id);
    }
    assert_eq!(report.totals.receipts, expected);
    assert_eq!(report.poison_total, 0);
    drop(db);
    drop(postgres);
}

/// A child process killed when dropped.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filiale_hq_run_waits_for_postgresql_and_then_applies_what_the_stores_sent() {
    let nats = NatsServer::start();
    // The stream and head office's durable consumer exist (as once head office has run).
    consume::connect(&config(&nats.url())).await.unwrap();
    let js = jetstream(&nats.url()).await;
    for seq in 1..=3 {
        publish(
            &js,
            &envelope_at("store-001", seq, &sale(seq, 100), sold_at()),
        )
        .await;
    }
    let port = free_port();
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let dir = tempfile::tempdir().unwrap();
    let mut head_office = Running(
        Command::new(env!("CARGO_BIN_EXE_filiale-hq"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(["--database", &url, "--nats-url", &nats.url(), "run"])
            .env_remove("FILIALE_HQ_DATABASE")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert!(
        head_office.0.try_wait().unwrap().is_none(),
        "filiale-hq gave up while PostgreSQL was not there yet"
    );
    let _postgres = tokio::task::spawn_blocking(move || PostgresServer::start_on(port))
        .await
        .unwrap();
    let started = Instant::now();
    while events_applied(&url).await != Some(3) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "head office did not apply the 3 events after PostgreSQL came up"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        !dir.path().join("hq.sqlite").exists(),
        "nothing went to SQLite"
    );
}
