//! Selling through the CLI: the receipt, the events in order, and every kind of bad input refused.

use crate::helpers::{GERMAN_ARTICLES, TestStore};

fn stocked_store() -> TestStore {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    store
}

#[test]
fn a_cash_sale_prints_a_receipt_and_writes_its_events_in_order() {
    let store = stocked_store();
    let before = store.event_types().len();
    let out = store.ok(&[
        "sell",
        "--line",
        "T-1:1",
        "--line",
        "4006381333931:1",
        "--line",
        "T-2:3",
        "--pay",
        "cash",
        "--tendered",
        "50",
    ]);
    assert!(out.contains("SUMME EUR") && out.contains("33,45"), "{out}");
    assert!(out.contains("Rückgeld") && out.contains("16,55"), "{out}");
    let types = store.event_types();
    assert_eq!(
        types[before..],
        [
            // The script's first sale opened the till (zero float) in the sale's transaction.
            "TillOpened",
            "SaleCompleted",
            "StockUpdated",
            "StockUpdated",
            "JournalEntryPosted",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
        ]
    );
    store.assert_gapless_store_seq();
    assert_eq!(
        store.count("SELECT on_hand FROM articles WHERE sku = 'T-1'"),
        8,
        "the EAN line merged into T-1"
    );
    assert_eq!(
        store.count("SELECT SUM(debit_cents) - SUM(credit_cents) FROM journal_lines"),
        0
    );
    let status = store.ok(&["outbox", "status", "--json"]);
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["pending"], types.len());
}

#[test]
fn card_sales_book_to_card_clearing_and_receipt_numbers_are_gapless() {
    let store = stocked_store();
    store.ok(&["sell", "--line", "T-2:1", "--pay", "card"]);
    store.fails(&[
        "sell",
        "--line",
        "T-2:1",
        "--pay",
        "cash",
        "--tendered",
        "1",
    ]);
    store.ok(&["sell", "--line", "T-2:2", "--pay", "card"]);
    assert_eq!(
        store.count("SELECT balance_cents FROM accounts WHERE number = 1360"),
        747
    );
    assert_eq!(
        store.count("SELECT group_concat(receipt_no) = '1,2' FROM sales"),
        1
    );
}

#[test]
fn bad_sales_get_one_clear_line_and_change_nothing() {
    let store = stocked_store();
    let events = store.event_types().len();
    let cases: [(&[&str], &str); 6] = [
        (
            &["sell", "--line", "NOPE:1", "--pay", "card"],
            "unknown article NOPE",
        ),
        (
            &["sell", "--line", "T-1:0", "--pay", "card"],
            "quantity 0 is impossible",
        ),
        (
            &["sell", "--line", "T-1:-3", "--pay", "card"],
            "quantity -3 is impossible",
        ),
        (
            &[
                "sell",
                "--line",
                "T-1:1",
                "--pay",
                "cash",
                "--tendered",
                "5",
            ],
            "less than the total",
        ),
        (
            &[
                "sell",
                "--line",
                "T-1:1",
                "--pay",
                "cash",
                "--tendered",
                "zwölf",
            ],
            "not an amount",
        ),
        (
            &[
                "sell",
                "--line",
                "T-1:1",
                "--pay",
                "card",
                "--customer",
                "K-99999",
            ],
            "unknown customer K-99999",
        ),
    ];
    for (args, message) in cases {
        let err = store.fails(args);
        assert!(err.contains(message), "{args:?}: {err}");
        assert_eq!(
            err.trim().lines().count(),
            1,
            "{args:?} printed more than one line: {err}"
        );
    }
    assert_eq!(store.event_types().len(), events);
    assert_eq!(store.count("SELECT COUNT(*) FROM sales"), 0);
}

#[test]
fn an_item_on_the_counter_sells_even_when_book_stock_is_zero() {
    let store = stocked_store();
    let out = store.ok(&["sell", "--line", "T-3:7", "--pay", "card"]);
    assert!(out.contains("SUMME"), "{out}");
    assert_eq!(
        store.count("SELECT on_hand FROM articles WHERE sku = 'T-3'"),
        -2
    );
    assert!(store.event_types().contains(&"LowStockDetected".to_owned()));
}

#[test]
fn every_event_kind_can_be_produced_from_the_command_line() {
    let store = stocked_store();
    store.ok(&[
        "article",
        "add",
        "--sku",
        "N-1",
        "--name",
        "Vogelhaus",
        "--price",
        "24,90",
        "--vat",
        "19",
        "--stock",
        "2",
        "--reorder-point",
        "1",
    ]);
    store.ok(&["stock", "receive", "N-1", "5"]);
    store.ok(&["stock", "adjust", "N-1", "--by", "-6", "--reason", "Bruch"]);
    store.ok(&[
        "customer",
        "add",
        "--name",
        "Hof Janssen",
        "--postal-code",
        "49377",
        "--city",
        "Vechta",
    ]);
    store.ok(&[
        "lead",
        "add",
        "--name",
        "Petra Kühn",
        "--company",
        "Kita Sonnenschein",
    ]);
    store.ok(&["lead", "status", "1", "contacted"]);
    let err = store.fails(&["lead", "status", "1", "new"]);
    assert!(err.contains("cannot move from contacted to new"), "{err}");
    let converted = store.ok(&["lead", "convert", "1"]);
    assert!(converted.contains("K-00002"), "{converted}");
    store.ok(&[
        "sell",
        "--line",
        "T-1:1",
        "--pay",
        "card",
        "--customer",
        "K-00002",
    ]);
    let types = store.event_types();
    for expected in [
        "ArticleCreated",
        "StockUpdated",
        "LowStockDetected",
        "CustomerCreated",
        "LeadStatusChanged",
        "LeadConverted",
        "SaleCompleted",
        "JournalEntryPosted",
        "AccountBalanceChanged",
    ] {
        assert!(
            types.iter().any(|t| t == expected),
            "no {expected} in {types:?}"
        );
    }
    store.assert_gapless_store_seq();
}
