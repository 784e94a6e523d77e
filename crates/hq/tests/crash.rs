//! Head office crashing in the middle of a batch: before the commit nothing is applied, after it
//! the redelivered messages are recognised, and no event is ever counted twice; on SQLite and on a
//! real PostgreSQL (one after the other: the failpoints are shared by the whole test process).

mod support;

use chrono::Utc;
use filiale_hq::{consume, report};
use std::time::Duration;
use support::nats_server::NatsServer;
use support::*;

on_both_backends!(a_crash_mid_batch_applies_nothing_twice);

/// The failpoints are process-wide: the two backends' runs must not overlap.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn a_crash_mid_batch_applies_nothing_twice(backend: Backend) {
    let _alone = ONE_AT_A_TIME.lock().await;
    let server = NatsServer::start();
    let (_client, consumer) = consume::connect(&config(&server.url())).await.unwrap();
    let mut test_db = TestDb::open(backend).await;
    let hq = &mut test_db.db;
    let js = jetstream(&server.url()).await;
    for seq in 1..=50 {
        publish(&js, &envelope("store-001", seq, &sale(seq, 1000))).await;
    }

    // Dies before committing: the batch is rolled back and redelivered.
    filiale_failpoint::set("hq.before_commit", "error").unwrap();
    let failed = consume::pull_batch(&consumer, hq, 20, Duration::from_millis(500)).await;
    filiale_failpoint::clear();
    assert!(failed.is_err());
    assert!(
        report::build(hq, Utc::now())
            .await
            .unwrap()
            .stores
            .is_empty()
    );

    // Dies after committing but before acking: applied once, then seen again as duplicates.
    filiale_failpoint::set("hq.after_commit", "error").unwrap();
    let failed = consume::pull_batch(&consumer, hq, 20, Duration::from_millis(500)).await;
    filiale_failpoint::clear();
    assert!(failed.is_err());

    tokio::time::sleep(Duration::from_millis(1_200)).await; // the ack wait runs out
    let total = drain(&consumer, hq).await;
    assert_eq!(total.applied + total.duplicates, total.messages);
    assert!(total.duplicates >= 20, "{total:?}");

    let report = report::build(hq, Utc::now()).await.unwrap();
    let store = &report.stores[0];
    assert_eq!((store.events_applied, store.last_seq), (50, 50));
    assert_eq!(store.receipts_today, 50);
    assert_eq!(store.sales_today_cents, 50 * 1000);
    assert!(store.gaps.is_empty());
}
