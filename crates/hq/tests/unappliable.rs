//! An event whose amounts head office cannot hold (sums beyond 64 bits) is set aside as poison; it
//! never fails the batch, which would block the consumer for ever; on SQLite and on PostgreSQL.

mod support;

use chrono::Utc;
use filiale_hq::apply::{Incoming, Verdict, apply_batch};
use filiale_hq::report;
use support::*;

on_both_backends!(a_sale_too_large_to_add_up_is_poison_and_the_rest_of_the_batch_applies);

async fn a_sale_too_large_to_add_up_is_poison_and_the_rest_of_the_batch_applies(backend: Backend) {
    let mut test_db = TestDb::open(backend).await;
    let hq = &mut test_db.db;
    // Two of these add up beyond i64::MAX.
    let huge = i64::MAX / 2 + 1;
    let envelopes = [
        envelope("store-001", 1, &sale_with_net(1, huge, huge / 119 * 100)),
        envelope("store-001", 2, &sale_with_net(2, huge, huge / 119 * 100)),
        envelope("store-001", 3, &sale(3, 595)),
    ];
    let payloads: Vec<(String, Vec<u8>)> = envelopes
        .iter()
        .map(|e| (e.subject(), serde_json::to_vec(e).unwrap()))
        .collect();
    let batch: Vec<Incoming<'_>> = payloads
        .iter()
        .map(|(subject, payload)| Incoming {
            subject,
            payload,
            stream_seq: None,
        })
        .collect();

    let verdicts = apply_batch(hq, &batch, Utc::now())
        .await
        .expect("the batch must not fail");
    assert_eq!(verdicts[0], Verdict::Applied);
    assert!(
        matches!(&verdicts[1], Verdict::Poison(reason) if reason.contains("cannot be applied")),
        "{verdicts:?}"
    );
    assert_eq!(verdicts[2], Verdict::Applied);

    let report = report::build(hq, Utc::now()).await.unwrap();
    let store = &report.stores[0];
    assert_eq!(
        store.receipts_today, 2,
        "the poisoned sale left nothing behind"
    );
    assert_eq!(store.sales_today_cents, huge + 595);
}
