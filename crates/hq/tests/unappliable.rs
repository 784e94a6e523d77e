//! An event whose amounts head office cannot hold (sums beyond 64 bits) is set aside as poison; it
//! never fails the batch, which would block the consumer for ever.

mod support;

use chrono::Utc;
use filiale_domain::events::{SoldLine, VatLine};
use filiale_domain::{Cents, DomainEvent, VatRate};
use filiale_hq::apply::{Incoming, Verdict, apply_batch};
use filiale_hq::{db, report};
use support::*;

#[test]
fn a_sale_too_large_to_add_up_is_poison_and_the_rest_of_the_batch_applies() {
    let dir = tempfile::tempdir().unwrap();
    let mut hq = db::open(&dir.path().join("hq.sqlite")).unwrap();
    // Two of these add up beyond i64::MAX.
    let huge = i64::MAX / 2 + 1;
    let envelopes = [
        envelope("store-001", 1, &huge_sale(1, huge)),
        envelope("store-001", 2, &huge_sale(2, huge)),
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

    let verdicts = apply_batch(&mut hq, &batch, Utc::now()).expect("the batch must not fail");
    assert_eq!(verdicts[0], Verdict::Applied);
    assert!(
        matches!(&verdicts[1], Verdict::Poison(reason) if reason.contains("cannot be applied")),
        "{verdicts:?}"
    );
    assert_eq!(verdicts[2], Verdict::Applied);

    let report = report::build(&hq, Utc::now()).unwrap();
    let store = &report.stores[0];
    assert_eq!(
        store.receipts_today, 2,
        "the poisoned sale left nothing behind"
    );
    assert_eq!(store.sales_today_cents, huge + 595);
}

/// A forged sale of `gross` cents (VAT split without overflowing).
fn huge_sale(receipt_no: i64, gross: i64) -> DomainEvent {
    let net = gross / 119 * 100;
    DomainEvent::SaleCompleted {
        receipt_no,
        total_cents: Cents::new(gross),
        method: "card".into(),
        change_cents: Cents::ZERO,
        customer_no: None,
        lines: vec![SoldLine {
            sku: "GF-1".into(),
            quantity: 1,
            unit_price_cents: Cents::new(gross),
            discount_cents: Cents::ZERO,
            line_total_cents: Cents::new(gross),
            vat_rate: VatRate::Standard,
        }],
        vat: vec![VatLine {
            rate: VatRate::Standard,
            net_cents: Cents::new(net),
            vat_cents: Cents::new(gross - net),
            gross_cents: Cents::new(gross),
        }],
    }
}
