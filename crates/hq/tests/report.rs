//! `filiale-hq report --from --to --store --json` on both databases: takings per store, Berlin
//! business day and VAT rate with totals across stores, and clear refusals of bad input.

mod support;

use chrono::{DateTime, Utc};
use filiale_domain::events::{SoldLine, VatLine};
use filiale_domain::{Cents, DomainEvent, VatRate};
use filiale_hq::apply::{Incoming, apply_batch};
use filiale_hq::db::Database;
use std::process::{Command, Output};
use support::*;

on_both_backends!(
    takings_per_store_day_and_vat_rate_with_totals_across_stores,
    bad_report_requests_are_refused_in_german_and_english
);

/// A sale with one line per (rate, net, gross).
fn sale_at_rates(receipt_no: i64, lines: &[(VatRate, i64, i64)]) -> DomainEvent {
    let total: i64 = lines.iter().map(|(_, _, gross)| gross).sum();
    DomainEvent::SaleCompleted {
        receipt_no,
        total_cents: Cents::new(total),
        method: "cash".into(),
        change_cents: Cents::ZERO,
        customer_no: None,
        lines: lines
            .iter()
            .map(|(rate, _, gross)| SoldLine {
                sku: "P-1".into(),
                quantity: 1,
                unit_price_cents: Cents::new(*gross),
                discount_cents: Cents::ZERO,
                line_total_cents: Cents::new(*gross),
                vat_rate: *rate,
            })
            .collect(),
        vat: lines
            .iter()
            .map(|(rate, net, gross)| VatLine {
                rate: *rate,
                net_cents: Cents::new(*net),
                vat_cents: Cents::new(gross - net),
                gross_cents: Cents::new(*gross),
            })
            .collect(),
    }
}

fn at(instant: &str) -> DateTime<Utc> {
    instant.parse().unwrap()
}

/// Three stores' sales around the turn of November 2026 (Berlin is UTC+1 then).
async fn seed(db: &mut Database) {
    let envelopes = [
        // 23:30 in Berlin on 30 November.
        envelope_at(
            "store-001",
            1,
            &sale_at_rates(1, &[(VatRate::Standard, 1000, 1190)]),
            at("2026-11-30T22:30:00Z"),
        ),
        // 00:30 in Berlin on 1 December, though still 30 November in UTC.
        envelope_at(
            "store-001",
            2,
            &sale_at_rates(
                2,
                &[
                    (VatRate::Standard, 500, 595),
                    (VatRate::Reduced, 1000, 1070),
                ],
            ),
            at("2026-11-30T23:30:00Z"),
        ),
        envelope_at(
            "store-002",
            1,
            &sale_at_rates(1, &[(VatRate::Reduced, 500, 535)]),
            at("2026-12-01T09:00:00Z"),
        ),
        // Outside the span asked for.
        envelope_at(
            "store-002",
            2,
            &sale_at_rates(2, &[(VatRate::Standard, 10000, 11900)]),
            at("2026-12-02T09:00:00Z"),
        ),
        envelope_at(
            "store-003",
            1,
            &sale_at_rates(1, &[(VatRate::Zero, 300, 300)]),
            at("2026-12-01T12:00:00Z"),
        ),
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
    apply_batch(db, &batch, Utc::now()).await.unwrap();
}

fn hq(database: &str, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_filiale-hq"))
        .env("FILIALE_DATA_DIR", dir.path())
        .env_remove("FILIALE_NATS_URL")
        .env_remove("FILIALE_HQ_DATABASE")
        .args(["--database", database])
        .args(args)
        .output()
        .unwrap()
}

async fn takings_per_store_day_and_vat_rate_with_totals_across_stores(backend: Backend) {
    let mut test_db = TestDb::open(backend).await;
    seed(&mut test_db.db).await;
    let database = test_db.location();
    let args = [
        "report",
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-01",
        "--store",
        "store-001,store-002",
        "--json",
    ];
    let out = tokio::task::spawn_blocking(move || hq(&database, &args))
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("2026-11-30"), Some("2026-12-01"))
    );
    let stores = json["stores"].as_array().unwrap();
    let ids: Vec<&str> = stores
        .iter()
        .map(|s| s["store_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["store-001", "store-002"],
        "store-003 was not asked for"
    );

    // store-001: the 00:30 sale belongs to 1 December in Berlin.
    let days = &stores[0]["period"]["days"];
    assert_eq!(days[0]["day"], "2026-11-30");
    assert_eq!(
        (
            days[0]["receipts"].as_i64(),
            days[0]["sales_cents"].as_i64()
        ),
        (Some(1), Some(1190))
    );
    assert_eq!(days[1]["day"], "2026-12-01");
    assert_eq!(days[1]["sales_cents"], 1665);
    let rates: Vec<(i64, i64)> = days[1]["revenue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["vat_rate"].as_i64().unwrap(),
                r["gross_cents"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rates, [(19, 595), (7, 1070)]);
    // store-002: its 2 December sale is outside the span.
    assert_eq!(stores[1]["period"]["sales_cents"], 535);
    assert_eq!(stores[1]["events_applied"], 2);

    // Across the two stores: per day, per rate and in all.
    let totals = &json["totals"];
    assert_eq!(
        (totals["receipts"].as_i64(), totals["sales_cents"].as_i64()),
        (Some(3), Some(1190 + 1665 + 535))
    );
    let by_rate: Vec<(i64, i64, i64, i64)> = totals["revenue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["vat_rate"].as_i64().unwrap(),
                r["net_cents"].as_i64().unwrap(),
                r["vat_cents"].as_i64().unwrap(),
                r["gross_cents"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(by_rate, [(19, 1500, 285, 1785), (7, 1500, 105, 1605)]);
    assert_eq!(totals["days"][1]["day"], "2026-12-01");
    assert_eq!(totals["days"][1]["sales_cents"], 1665 + 535);

    // The same as a table, with the totals row.
    let database = test_db.location();
    let out = tokio::task::spawn_blocking(move || {
        hq(
            &database,
            &[
                "report",
                "--from",
                "2026-11-30",
                "--to",
                "2026-12-01",
                "--store",
                "store-001",
                "--store",
                "store-002",
            ],
        )
    })
    .await
    .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("Sales from 2026-11-30 to 2026-12-01"),
        "{table}"
    );
    let all_stores_total = table
        .lines()
        .find(|l| l.starts_with("all stores") && l.contains("total"))
        .unwrap_or_else(|| panic!("no totals row in\n{table}"));
    assert!(all_stores_total.contains("33,90"), "{all_stores_total}");
}

async fn bad_report_requests_are_refused_in_german_and_english(backend: Backend) {
    let mut test_db = TestDb::open(backend).await;
    seed(&mut test_db.db).await;
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["report", "--from", "2026-12-05", "--to", "2026-12-01"],
            "liegt vor",
            "is before",
        ),
        (
            &["report", "--from", "1.12.2026"],
            "ist kein Datum",
            "is not a date",
        ),
        (
            &["report", "--to", "2026-02-30"],
            "ist kein Datum",
            "is not a date",
        ),
        (
            &["report", "--store", "store-001,store-099"],
            "unbekannt",
            "unknown to head office",
        ),
    ];
    for (args, german, english) in cases {
        let database = test_db.location();
        let out = tokio::task::spawn_blocking(move || hq(&database, args))
            .await
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} was accepted");
        assert!(out.stdout.is_empty(), "{args:?} printed a report");
        assert!(
            stderr.contains(german) && stderr.contains(english),
            "{args:?}: {stderr}"
        );
    }
    // The unknown store is named, with those head office knows.
    let database = test_db.location();
    let out =
        tokio::task::spawn_blocking(move || hq(&database, &["report", "--store", "store-099"]))
            .await
            .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("store-099") && stderr.contains("store-001, store-002, store-003"),
        "{stderr}"
    );
}
