//! Crash tests with the `relay.after_publish` failpoint: published but not marked means published
//! again, and neither the stream nor head office counts an event twice.

mod support;

use chrono::Utc;
use filiale_relay::publish_batch;
use support::nats_server::NatsServer;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_failing_after_publish_but_before_marking_republishes_and_nothing_counts_twice() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("store.sqlite"), "store-001");
    add_articles(&store, 2);
    let last = sell(&store, &["A0000", "A0001"]);
    let js = jetstream(&server.url()).await;
    filiale_relay::stream::ensure_stream(&js, &Default::default())
        .await
        .unwrap();

    filiale_failpoint::set("relay.after_publish", "error").unwrap();
    let failed = publish_batch(&store, &js, &batch("one"), None, Utc::now()).await;
    filiale_failpoint::clear();
    assert!(failed.is_err());
    assert_eq!(
        pending(&store),
        last,
        "nothing marked: the relay died before marking"
    );
    assert_eq!(
        stream_messages(&server.url()).await,
        last as u64,
        "but everything reached the stream"
    );

    // The restarted relay publishes the same rows again; the server drops them as duplicates.
    assert_eq!(drain(&store, &js, "one").await as i64, last);
    assert_eq!(stream_messages(&server.url()).await, last as u64);
    let mut hq = head_office(&server.url(), &dir.path().join("hq.sqlite")).await;
    assert_eq!(
        applied_in_stream_order(&dir.path().join("hq.sqlite"), "store-001"),
        (1..=last).collect::<Vec<_>>()
    );
    let report = filiale_hq::report::build(&mut hq, Utc::now())
        .await
        .unwrap();
    assert_eq!(report.stores[0].receipts_today, 1);
}
