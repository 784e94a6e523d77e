//! A trading day at the till on the real binary: opening with a counted float, cash and card
//! sales, a refund, cash in and out, the X-report, and the closing whose every figure is checked
//! against the sales in the database; thirty closings with crashes injected into them; bad input.

// Amounts are written as euros_cents (170_00 is 170,00 €).
#![allow(clippy::inconsistent_digit_grouping)]

use crate::helpers::{GERMAN_ARTICLES, TestStore};
use std::io::Write;
use std::process::Stdio;

/// A store with articles, a manager (Chef, 1234) and a cashier (Anna, 0000).
fn staffed_store() -> TestStore {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    store.ok(&["staff", "add", "Chef", "--role", "manager", "--pin", "1234"]);
    store.ok(&[
        "staff",
        "add",
        "Anna",
        "--role",
        "cashier",
        "--pin",
        "0000",
        "--manager",
        "Chef",
        "--manager-pin",
        "1234",
    ]);
    store
}

const ANNA: [&str; 4] = ["--cashier", "Anna", "--pin", "0000"];

fn with_anna<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(ANNA);
    all
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn cents(value: &serde_json::Value) -> i64 {
    value
        .as_i64()
        .unwrap_or_else(|| panic!("not cents: {value}"))
}

fn books_hold(store: &TestStore) {
    assert_eq!(
        store.count("SELECT COALESCE(SUM(debit_cents) - SUM(credit_cents), 0) FROM journal_lines"),
        0,
        "the journal is balanced"
    );
    let out = store.ok(&["audit", "verify"]);
    assert!(out.contains("records verified"), "{out}");
    store.assert_gapless_store_seq();
}

/// What the drawer holds and the figures, straight from the sales of the session.
struct FromSales {
    receipts: i64,
    turnover: i64,
    cash: i64,
    card: i64,
    cash_refunds: i64,
    vat19_gross: i64,
    vat19_net: i64,
    vat7_gross: i64,
}

fn from_sales(store: &TestStore, session_id: i64) -> FromSales {
    let sum = |sql: &str| store.count(&sql.replace("{s}", &session_id.to_string()));
    FromSales {
        receipts: sum("SELECT COUNT(*) FROM sales WHERE till_session_id = {s}"),
        turnover: sum(
            "SELECT COALESCE(SUM(total_cents), 0) FROM sales WHERE till_session_id = {s}",
        ),
        cash: sum(
            "SELECT COALESCE(SUM(total_cents), 0) FROM sales WHERE till_session_id = {s} AND method = 'cash'",
        ),
        card: sum(
            "SELECT COALESCE(SUM(total_cents), 0) FROM sales WHERE till_session_id = {s} AND method = 'card'",
        ),
        cash_refunds: sum(
            "SELECT COALESCE(SUM(total_cents), 0) FROM refunds WHERE till_session_id = {s} AND method = 'cash'",
        ),
        vat19_gross: sum(
            "SELECT COALESCE(SUM(v.gross_cents), 0) FROM sale_vat v JOIN sales s USING (receipt_no) WHERE s.till_session_id = {s} AND v.vat_rate = 19",
        ),
        vat19_net: sum(
            "SELECT COALESCE(SUM(v.net_cents), 0) FROM sale_vat v JOIN sales s USING (receipt_no) WHERE s.till_session_id = {s} AND v.vat_rate = 19",
        ),
        vat7_gross: sum(
            "SELECT COALESCE(SUM(v.gross_cents), 0) FROM sale_vat v JOIN sales s USING (receipt_no) WHERE s.till_session_id = {s} AND v.vat_rate = 7",
        ),
    }
}

#[test]
fn a_whole_day_ends_in_a_z_report_whose_every_figure_matches_the_sales() {
    let store = staffed_store();
    // The PIN from standard input, as a careful script gives it.
    let mut open = store
        .command(&[
            "till",
            "open",
            "--cashier",
            "Anna",
            "--pin",
            "-",
            "--count",
            "20=5,10=5,2=10",
            "--json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    open.stdin.take().unwrap().write_all(b"0000\n").unwrap();
    let opened = open.wait_with_output().unwrap();
    assert!(
        opened.status.success(),
        "{}",
        String::from_utf8_lossy(&opened.stderr)
    );
    let session = json(&String::from_utf8(opened.stdout).unwrap());
    assert_eq!(session["float_cents"], 170_00);
    assert_eq!(session["opened_by"], "Anna");
    let session_id = session["id"].as_i64().unwrap();

    store.ok(&[
        "sell",
        "--line",
        "T-1:2",
        "--line",
        "T-2:3",
        "--pay",
        "cash",
        "--tendered",
        "50",
    ]);
    store.ok(&["sell", "--line", "T-1:1", "--pay", "card"]);
    store.ok(&["sell", "--line", "T-2:4", "--pay", "cash"]);
    store.ok(&[
        "refund",
        "3",
        "--line",
        "T-2",
        "--qty",
        "1",
        "--manager",
        "Chef",
        "--pin",
        "1234",
        "--reason",
        "welk",
    ]);
    store.ok(&with_anna(&[
        "till",
        "cash-in",
        "--amount",
        "50",
        "--reason",
        "Wechselgeld",
    ]));
    store.ok(&with_anna(&[
        "till",
        "cash-out",
        "--amount",
        "20,00",
        "--reason",
        "Ausgabe mit Beleg",
        "--note",
        "Beleg 17",
    ]));

    let x = json(&store.ok(&["till", "x-report", "--json"]));
    let expected = 170_00 + (33_45 + 9_96) - 2_49 + 50_00 - 20_00;
    assert_eq!(cents(&x["figures"]["cash_expected_cents"]), expected);
    assert_eq!(
        json(&store.ok(&["till", "x-report", "--json"]))["figures"],
        x["figures"]
    );
    let text = store.ok(&["till", "x-report"]);
    assert!(text.contains("X-BON") && text.contains("240,92"), "{text}");

    let counted = expected - 1_50;
    let z = json(&store.ok(&with_anna(&[
        "till",
        "close",
        "--counted",
        "239,42",
        "--float-next",
        "150",
        "--json",
    ])));
    let truth = from_sales(&store, session_id);
    let f = &z["figures"];
    assert_eq!(z["z_no"], 1);
    assert_eq!(cents(&f["receipts"]), truth.receipts);
    assert_eq!(truth.receipts, 3);
    assert_eq!(
        (f["first_receipt"].as_i64(), f["last_receipt"].as_i64()),
        (Some(1), Some(3))
    );
    assert_eq!(cents(&f["turnover_cents"]), truth.turnover);
    assert_eq!(truth.turnover, 33_45 + 12_99 + 9_96);
    let by_vat = f["turnover_by_vat"].as_array().unwrap();
    assert_eq!(
        (by_vat[0]["rate"].as_i64(), cents(&by_vat[0]["gross_cents"])),
        (Some(19), truth.vat19_gross)
    );
    assert_eq!(cents(&by_vat[0]["net_cents"]), truth.vat19_net);
    assert_eq!(
        (by_vat[1]["rate"].as_i64(), cents(&by_vat[1]["gross_cents"])),
        (Some(7), truth.vat7_gross)
    );
    let tender = |method: &str| {
        f["by_tender"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["method"] == method)
            .unwrap()
            .clone()
    };
    assert_eq!(cents(&tender("cash")["total_cents"]), truth.cash);
    assert_eq!(cents(&tender("cash")["refunds_cents"]), truth.cash_refunds);
    assert_eq!(cents(&tender("card")["total_cents"]), truth.card);
    assert_eq!(
        (cents(&f["refunds"]), cents(&f["refunds_cents"])),
        (1, 2_49)
    );
    assert_eq!(cents(&f["discounts_cents"]), 0);
    assert_eq!(
        (cents(&f["cash_in_cents"]), cents(&f["cash_out_cents"])),
        (50_00, 20_00)
    );
    assert_eq!(cents(&f["float_cents"]), 170_00);
    assert_eq!(
        cents(&f["cash_expected_cents"]),
        170_00 + truth.cash - truth.cash_refunds + 50_00 - 20_00
    );
    assert_eq!(cents(&z["counted_cents"]), counted);
    assert_eq!(cents(&z["difference_cents"]), -1_50);
    assert_eq!(cents(&z["float_next_cents"]), 150_00);
    assert_eq!(f["by_cashier"][0]["cashier"], "Anna");

    // The shortfall is booked: 4900 debited, 1000 Kasse credited.
    assert_eq!(
        store.count("SELECT balance_cents FROM accounts WHERE number = 4900"),
        1_50
    );
    assert_eq!(
        store.count("SELECT balance_cents FROM accounts WHERE number = 4980"),
        20_00
    );
    assert_eq!(
        store.count("SELECT balance_cents FROM accounts WHERE number = 1000"),
        truth.cash - truth.cash_refunds + 50_00 - 20_00 - 1_50,
        "1000 Kasse moves with cash sales, refunds, movements and the difference"
    );
    books_hold(&store);
    let types = store.event_types();
    for event in ["TillOpened", "CashMovementRecorded", "TillClosed"] {
        assert!(types.iter().any(|t| t == event), "{event} in the outbox");
    }

    let again = store.fails(&with_anna(&["till", "close", "--counted", "0"]));
    assert!(
        again.contains("nicht geöffnet") && again.contains("not open"),
        "{again}"
    );
    let closings = json(&store.ok(&["till", "closings", "--json"]));
    assert_eq!(closings.as_array().unwrap().len(), 1);
    let listed = store.ok(&["till", "closings"]);
    assert!(listed.contains("-1,50"), "{listed}");

    // A script's sale on the closed till opens it again with a zero float, and says so.
    let out = store.run(&["sell", "--line", "T-2:1", "--pay", "card"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("nicht geöffnet") && said.contains("zero float"),
        "{said}"
    );
    assert_eq!(
        store.count("SELECT COUNT(*) FROM till_sessions WHERE state = 'open'"),
        1
    );
}

#[test]
fn thirty_days_of_closings_with_crashes_injected_keep_z_numbers_gapless() {
    let store = staffed_store();
    let (mut crashes, mut differences, mut booked) = (0, 0, 0i64);
    for day in 1..=30i64 {
        store.ok(&with_anna(&["till", "open", "--float", "100"]));
        store.ok(&["sell", "--line", "T-2:2", "--pay", "cash"]);
        store.ok(&["sell", "--line", "T-1:1", "--pay", "card"]);
        let expected = 100_00 + 4_98;
        // Some days the drawer is short, some over, most exact.
        let difference = match day % 5 {
            1 => -1_00,
            3 => 50,
            _ => 0,
        };
        let total = expected + difference;
        let counted = format!("{},{:02}", total / 100, total % 100);
        let close = with_anna(&[
            "till",
            "close",
            "--counted",
            &counted,
            "--float-next",
            "100",
        ]);
        let failpoint = match day % 3 {
            0 => Some("till.close.before_commit=abort"),
            // The second commit of the command: the first is the sign-in's audit entry.
            1 if day % 2 == 0 => Some("store.before_commit=2*abort"),
            _ => None,
        };
        if let Some(failpoint) = failpoint {
            let out = store
                .command(&close)
                .env("FILIALE_FAILPOINTS", failpoint)
                .output()
                .unwrap();
            assert!(
                !out.status.success(),
                "day {day}: {failpoint} should kill the closing"
            );
            crashes += 1;
            assert_eq!(
                store.count("SELECT COUNT(*) FROM till_closings"),
                day - 1,
                "day {day}: a killed closing leaves nothing"
            );
            assert_eq!(
                store.count("SELECT COUNT(*) FROM till_sessions WHERE state = 'open'"),
                1
            );
            books_hold(&store);
        }
        let z = json(&store.ok(&[close.as_slice(), &["--json"]].concat()));
        assert_eq!(z["z_no"].as_i64(), Some(day), "Z numbers run without a gap");
        assert_eq!(cents(&z["difference_cents"]), difference);
        if difference != 0 {
            differences += 1;
            booked += difference;
        }
        books_hold(&store);
    }
    assert_eq!(
        store.count("SELECT COUNT(DISTINCT z_no) FROM till_closings WHERE till_id = 'kasse-1'"),
        30
    );
    assert_eq!(store.count("SELECT MAX(z_no) FROM till_closings"), 30);
    let net_difference = store.count("SELECT balance_cents FROM accounts WHERE number = 2700")
        - store.count("SELECT balance_cents FROM accounts WHERE number = 4900");
    assert_eq!(net_difference, booked, "the differences are booked");
    println!(
        "days simulated: 30, crashes injected into closings: {crashes}, differences booked: {differences} (net {booked} ct)"
    );
}

#[test]
fn bad_input_at_the_till_is_refused_in_german_and_english_and_changes_nothing() {
    let store = staffed_store();
    let state = |store: &TestStore| {
        (
            store.count("SELECT COUNT(*) FROM till_sessions"),
            store.count("SELECT COUNT(*) FROM cash_movements"),
            store.count("SELECT COUNT(*) FROM till_closings"),
            store.count("SELECT COUNT(*) FROM journal_entries"),
        )
    };
    let before = state(&store);
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["till", "close", "--counted", "10"],
            "nicht geöffnet",
            "not open",
        ),
        (&["till", "open", "--count", "50=-2"], "negativ", "negative"),
        (
            &["till", "open", "--count", "3=1"],
            "kein Euro-Schein",
            "no euro note",
        ),
        (
            &["till", "open", "--count", "20=99999"],
            "zu viele",
            "too many",
        ),
        (
            &[
                "till",
                "cash-in",
                "--amount",
                "5",
                "--reason",
                "wechselgeld",
            ],
            "nicht geöffnet",
            "not open",
        ),
    ];
    for (args, de, en) in cases {
        let err = store.fails(&with_anna(args));
        assert!(err.contains(de) && err.contains(en), "{args:?}: {err}");
    }
    let wrong = store.fails(&[
        "till",
        "open",
        "--float",
        "100",
        "--cashier",
        "Anna",
        "--pin",
        "9999",
    ]);
    assert!(
        wrong.contains("falsche PIN") && wrong.contains("wrong PIN"),
        "{wrong}"
    );
    assert_eq!(state(&store), before, "nothing changed");

    store.ok(&with_anna(&["till", "open", "--float", "100"]));
    let opened = state(&store);
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["till", "open", "--float", "100"],
            "bereits geöffnet",
            "already open",
        ),
        (
            &[
                "till",
                "cash-out",
                "--amount",
                "100,01",
                "--reason",
                "privatentnahme",
            ],
            "mehr als in der Kasse",
            "more than the drawer",
        ),
        (
            &["till", "cash-out", "--amount", "5", "--reason", "einlage"],
            "Auszahlung",
            "does not fit",
        ),
        (
            &["till", "cash-out", "--amount", "5", "--reason", "trinkgeld"],
            "Unbekannter Grund",
            "unknown reason",
        ),
        (
            &[
                "till",
                "cash-in",
                "--amount",
                "0",
                "--reason",
                "wechselgeld",
            ],
            "ungültig",
            "invalid",
        ),
        (
            &[
                "till",
                "close",
                "--counted",
                "100",
                "--float-next",
                "100,01",
            ],
            "höher als das Gezählte",
            "more than was counted",
        ),
    ];
    for (args, de, en) in cases {
        let err = store.fails(&with_anna(args));
        assert!(err.contains(de) && err.contains(en), "{args:?}: {err}");
    }
    store.ok(&with_anna(&[
        "till", "cash-in", "--amount", "300", "--reason", "einlage",
    ]));
    let limit = store.fails(&with_anna(&[
        "till",
        "cash-out",
        "--amount",
        "250",
        "--reason",
        "bankeinzahlung",
    ]));
    assert!(
        limit.contains("Filialleitung") && limit.contains("manager"),
        "{limit}"
    );
    let after_cash_in = state(&store);
    assert_eq!(after_cash_in.1, opened.1 + 1);
    for _ in 0..5 {
        store.fails(&["till", "take-over", "--cashier", "Anna", "--pin", "1111"]);
    }
    let locked = store.fails(&with_anna(&["till", "take-over"]));
    assert!(
        locked.contains("gesperrt") && locked.contains("locked out"),
        "{locked}"
    );
    assert_eq!(state(&store), after_cash_in, "refusals changed nothing");
    store.ok(&[
        "till",
        "cash-out",
        "--amount",
        "250",
        "--reason",
        "bankeinzahlung",
        "--cashier",
        "Chef",
        "--pin",
        "1234",
        "--manager",
        "Chef",
        "--manager-pin",
        "1234",
    ]);
    books_hold(&store);
}

#[test]
fn reorder_set_pin_needs_an_existing_managers_consent_once_the_store_has_one() {
    let store = staffed_store();
    for manager in ["Chef", "Neu"] {
        let refused = store.fails(&["reorder", "set-pin", "--manager", manager, "--pin", "9999"]);
        assert!(
            refused.contains("Freigabe") && refused.contains("approval"),
            "{refused}"
        );
    }
    store.fails(&["staff", "login", "Neu", "--pin", "9999"]);
    store.ok(&["staff", "login", "Chef", "--pin", "1234"]);
    store.ok(&[
        "reorder",
        "set-pin",
        "--manager",
        "Neu",
        "--pin",
        "9999",
        "--approver",
        "Chef",
        "--approver-pin",
        "1234",
    ]);
    store.ok(&["staff", "login", "Neu", "--pin", "9999"]);
}
