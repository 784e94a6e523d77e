//! How fast head office applies events on each database (batches of 500 sales, as the consumer
//! pulls them), without NATS in the way. A measurement, so not run by default:
//! `cargo test -p filiale-hq --release --test throughput -- --ignored --nocapture`.

mod support;

use chrono::Utc;
use filiale_hq::apply::{Incoming, Verdict, apply_batch};
use filiale_hq::report;
use std::time::Instant;
use support::*;

const EVENTS: i64 = 20_000;
const BATCH: usize = 500;

async fn measure(backend: Backend) {
    let mut test_db = TestDb::open(backend).await;
    let payloads: Vec<(String, Vec<u8>)> = (1..=EVENTS)
        .map(|seq| {
            let store = format!("store-{:03}", seq % 10);
            let envelope = envelope(&store, seq / 10 + 1, &sale(seq, 100 + seq % 900));
            (envelope.subject(), serde_json::to_vec(&envelope).unwrap())
        })
        .collect();
    let messages: Vec<Incoming<'_>> = payloads
        .iter()
        .map(|(subject, payload)| Incoming {
            subject,
            payload,
            stream_seq: None,
        })
        .collect();
    let started = Instant::now();
    let mut applied = 0;
    for batch in messages.chunks(BATCH) {
        let verdicts = apply_batch(&mut test_db.db, batch, Utc::now())
            .await
            .unwrap();
        applied += verdicts.iter().filter(|v| **v == Verdict::Applied).count();
    }
    let took = started.elapsed();
    assert_eq!(applied as i64, EVENTS);
    let report = report::build(&mut test_db.db, Utc::now()).await.unwrap();
    assert_eq!(report.totals.receipts, EVENTS);
    eprintln!(
        "{backend:?}: {EVENTS} events in batches of {BATCH} in {:.2} s = {:.0} events/s",
        took.as_secs_f64(),
        EVENTS as f64 / took.as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; run with --ignored --nocapture"]
async fn events_applied_per_second_on_sqlite_and_postgresql() {
    eprintln!("{}", filiale_benchkit::machine_line());
    measure(Backend::Sqlite).await;
    measure(Backend::Postgres).await;
}
