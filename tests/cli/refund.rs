//! Refunds and voids through the CLI: a manager's PIN, an own document number, stock back, the
//! reversing events, never more than was sold, and every attempt in the audit log.

use crate::helpers::{GERMAN_ARTICLES, TestStore};

/// A store with the articles of the German test file, a manager and a cashier, and one sale of
/// 2 × T-1 (Gießkanne) and 3 × T-2 (Tomatensamen) paid in cash as receipt 1.
fn store_with_a_sale() -> TestStore {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    store.ok(&[
        "staff",
        "add",
        "Frau Krüger",
        "--role",
        "manager",
        "--pin",
        "739153",
    ]);
    store.ok(&[
        "staff",
        "add",
        "Lena",
        "--role",
        "cashier",
        "--pin",
        "2468",
        "--manager",
        "Frau Krüger",
        "--manager-pin",
        "739153",
    ]);
    store.ok(&[
        "sell", "--line", "T-1:2", "--line", "T-2:3", "--pay", "cash",
    ]);
    store
}

fn on_hand(store: &TestStore, sku: &str) -> i64 {
    store.count(&format!("SELECT on_hand FROM articles WHERE sku = '{sku}'"))
}

#[test]
fn a_manager_refunds_one_line_and_the_store_reverses_it() {
    let store = store_with_a_sale();
    let events_before = store.event_types().len();
    let out = store.ok(&[
        "refund",
        "1",
        "--line",
        "T-1",
        "--qty",
        "1",
        "--manager",
        "Frau Krüger",
        "--pin",
        "739153",
        "--reason",
        "Henkel gebrochen",
    ]);
    assert!(out.contains("Erstattung 1 zu Bon 1"), "{out}");
    assert!(out.contains("-12,99"), "{out}");
    assert_eq!(on_hand(&store, "T-1"), 9, "10 - 2 sold + 1 back");
    assert_eq!(
        &store.event_types()[events_before..],
        [
            "SaleRefunded",
            "StockUpdated",
            "JournalEntryPosted",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
        ]
    );
    store.assert_gapless_store_seq();
    let refunded: serde_json::Value = serde_json::from_str(
        &store
            .db()
            .query_row(
                "SELECT envelope FROM outbox WHERE event_type = 'SaleRefunded'",
                [],
                |r| r.get::<_, String>(0),
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(refunded["domain"], "sales");
    assert_eq!(refunded["payload"]["receipt_no"], 1);
    assert_eq!(refunded["payload"]["total_cents"], 1299);
    assert_eq!(refunded["payload"]["authorized_by"], "Frau Krüger");
    assert_eq!(
        store.count("SELECT COALESCE(SUM(debit_cents) - SUM(credit_cents), 1) FROM journal_lines"),
        0,
        "the books balance"
    );
    assert_eq!(
        store.count("SELECT total_cents FROM sales WHERE receipt_no = 1"),
        2 * 1299 + 3 * 249,
        "the sale itself is unchanged"
    );

    // The rest of the receipt, then nothing is left.
    let rest = store.ok(&["refund", "1", "--manager", "Frau Krüger", "--pin", "739153"]);
    assert!(rest.contains("Erstattung 2 zu Bon 1"), "{rest}");
    assert_eq!(on_hand(&store, "T-1"), 10);
    assert_eq!(on_hand(&store, "T-2"), 40);
    assert_eq!(
        store.count("SELECT balance_cents FROM accounts WHERE number = 1000"),
        0,
        "all cash paid back"
    );
    let none_left = store.fails(&["refund", "1", "--manager", "Frau Krüger", "--pin", "739153"]);
    assert!(none_left.contains("refunded completely"), "{none_left}");
    assert!(store.ok(&["audit", "verify"]).contains("records verified"));
}

#[test]
fn more_than_sold_a_wrong_pin_or_a_cashier_change_nothing() {
    let store = store_with_a_sale();
    let events = store.event_types().len();
    let krueger = ["--manager", "Frau Krüger"];
    let cases: [(&[&str], &[&str], &str); 5] = [
        (
            &krueger,
            &["--line", "T-1", "--qty", "3", "--pin", "739153"],
            "cannot refund 3 × T-1: 2 sold",
        ),
        (
            &krueger,
            &["--line", "T-3", "--pin", "739153"],
            "article T-3 is not on the receipt",
        ),
        (
            &krueger,
            &["--pin", "000000"],
            "wrong PIN for Frau Krüger; 4 attempts left",
        ),
        (
            &["--manager", "Lena"],
            &["--pin", "2468"],
            "Lena is not a manager",
        ),
        (
            &["--manager", "Niemand"],
            &["--pin", "1234"],
            "Niemand is not on the staff list",
        ),
    ];
    for (manager, args, expected) in cases {
        let mut full = vec!["refund", "1"];
        full.extend_from_slice(manager);
        full.extend_from_slice(args);
        let error = store.fails(&full);
        assert!(error.contains(expected), "{full:?}: {error}");
    }
    let missing = store.fails(&["refund", "7", "--pin", "739153", "--manager", "Frau Krüger"]);
    assert!(missing.contains("there is no receipt 7"), "{missing}");
    assert_eq!(store.event_types().len(), events, "no event");
    assert_eq!(store.count("SELECT COUNT(*) FROM refunds"), 0);
    assert_eq!(on_hand(&store, "T-1"), 8);

    let log: serde_json::Value = serde_json::from_str(&store.ok(&[
        "audit",
        "log",
        "--json",
        "--action",
        "authorization.deny",
    ]))
    .unwrap();
    let reasons: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["details"]["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["wrong_pin", "not_a_manager", "unknown_manager"]);
}

#[test]
fn refusals_are_worded_in_german_when_the_language_is_german() {
    let store = store_with_a_sale();
    let in_german = |args: &[&str]| {
        let out = store
            .command(args)
            .env("FILIALE_LANG", "de")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    };
    let krueger = ["--manager", "Frau Krüger"];
    let too_many = in_german(
        &[
            &[
                "refund", "1", "--line", "T-1", "--qty", "3", "--pin", "739153",
            ][..],
            &krueger,
        ]
        .concat(),
    );
    assert!(
        too_many
            .contains("error: 3 × T-1 geht nicht: 2 verkauft, 0 schon erstattet, noch 2 offen."),
        "{too_many}"
    );
    let wrong = in_german(&[&["refund", "1", "--pin", "000000"][..], &krueger].concat());
    assert!(
        wrong.contains("error: Falsche PIN für Frau Krüger. Noch 4 Versuche bis zur Sperre."),
        "{wrong}"
    );
    let missing = in_german(&[&["refund", "7", "--pin", "739153"][..], &krueger].concat());
    assert!(
        missing.contains("Einen Bon mit der Nummer 7 gibt es nicht."),
        "{missing}"
    );
}

#[test]
fn five_wrong_pins_lock_the_manager_out_of_refunds() {
    let store = store_with_a_sale();
    for _ in 0..4 {
        store.fails(&["refund", "1", "--manager", "Frau Krüger", "--pin", "111111"]);
    }
    let locked = store.fails(&["refund", "1", "--manager", "Frau Krüger", "--pin", "111111"]);
    assert!(locked.contains("locked out"), "{locked}");
    let still = store.fails(&["refund", "1", "--manager", "Frau Krüger", "--pin", "739153"]);
    assert!(
        still.contains("locked out"),
        "the right PIN waits too: {still}"
    );
    let listed = store.ok(&["staff", "list"]);
    assert!(listed.contains("gesperrt bis"), "{listed}");
    assert_eq!(store.count("SELECT COUNT(*) FROM refunds"), 0);
}

#[test]
fn a_pin_from_standard_input_stays_out_of_the_arguments() {
    use std::io::Write;
    use std::process::Stdio;
    let store = store_with_a_sale();
    let mut child = store
        .command(&[
            "refund",
            "1",
            "--line",
            "T-2:2",
            "--manager",
            "Frau Krüger",
            "--pin",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"739153\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(on_hand(&store, "T-2"), 39, "40 - 3 sold + 2 back");
    let receipt = store.ok(&["receipt", "1"]);
    assert!(receipt.contains("Erstattung 1 (Frau Krüger)"), "{receipt}");
    assert!(receipt.contains("-4,98"), "{receipt}");
}

#[test]
fn a_refund_aborted_after_its_outbox_rows_leaves_nothing_behind() {
    let store = store_with_a_sale();
    let events = store.event_types().len();
    let audit_entries = store.count("SELECT COUNT(*) FROM audit_log");
    let out = store
        .command(&["refund", "1", "--manager", "Frau Krüger", "--pin", "739153"])
        .env("FILIALE_FAILPOINTS", "refund.after_outbox=abort")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the process was aborted");
    assert_eq!(store.count("SELECT COUNT(*) FROM refunds"), 0);
    assert_eq!(store.event_types().len(), events, "no event of the refund");
    assert_eq!(on_hand(&store, "T-1"), 8, "no restock");
    assert_eq!(
        store.count("SELECT COUNT(*) FROM audit_log"),
        audit_entries + 1,
        "only the approval, committed before the refund began"
    );
    assert!(store.ok(&["audit", "verify"]).contains("records verified"));
    let void = store.ok(&["refund", "1", "--manager", "Frau Krüger", "--pin", "739153"]);
    assert!(
        void.contains("Storno 1 zu Bon 1"),
        "the number was not used: {void}"
    );
}
