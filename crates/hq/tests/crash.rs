//! Head office crashing in the middle of a batch: before the commit nothing is applied, after it
//! the redelivered messages are recognised, and no event is ever counted twice.

mod support;

use chrono::Utc;
use filiale_hq::{consume, db, report};
use std::time::Duration;
use support::nats_server::NatsServer;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_mid_batch_applies_nothing_twice() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_client, consumer) = consume::connect(&config(&server.url())).await.unwrap();
    let mut hq = db::open(&dir.path().join("hq.sqlite")).unwrap();
    let js = jetstream(&server.url()).await;
    for seq in 1..=50 {
        publish(&js, &envelope("store-001", seq, &sale(seq, 1000))).await;
    }

    // Dies before committing: the batch is rolled back and redelivered.
    filiale_failpoint::set("hq.before_commit", "error").unwrap();
    let failed = consume::pull_batch(&consumer, &mut hq, 20, Duration::from_millis(500)).await;
    filiale_failpoint::clear();
    assert!(failed.is_err());
    assert!(report::build(&hq, Utc::now()).unwrap().stores.is_empty());

    // Dies after committing but before acking: applied once, then seen again as duplicates.
    filiale_failpoint::set("hq.after_commit", "error").unwrap();
    let failed = consume::pull_batch(&consumer, &mut hq, 20, Duration::from_millis(500)).await;
    filiale_failpoint::clear();
    assert!(failed.is_err());

    tokio::time::sleep(Duration::from_millis(1_200)).await; // the ack wait runs out
    let total = drain(&consumer, &mut hq).await;
    assert_eq!(total.applied + total.duplicates, total.messages);
    assert!(total.duplicates >= 20, "{total:?}");

    let report = report::build(&hq, Utc::now()).unwrap();
    let store = &report.stores[0];
    assert_eq!((store.events_applied, store.last_seq), (50, 50));
    assert_eq!(store.receipts_today, 50);
    assert_eq!(store.sales_today_cents, 50 * 1000);
    assert!(store.gaps.is_empty());
}
