//! Purchase orders on the demo store through the real binary: proposal → approval → order →
//! partial receipt → final receipt → the next proposal counts only what is still open; refusals
//! that change nothing; a crash inside a receipt; the supplier's documents.

use crate::helpers::TestStore;
use serde_json::Value;

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// Starts a proposal and approves it as proposed; returns the new order numbers.
fn propose_and_approve(store: &TestStore) -> Vec<String> {
    let started = store.ok(&["reorder", "start"]);
    let id = started.split_whitespace().nth(1).unwrap().to_owned();
    let approved = store.ok(&["reorder", "approve", &id, "--pin", "1234"]);
    approved
        .lines()
        .filter_map(|l| l.strip_prefix("Bestellung "))
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect()
}

fn order(store: &TestStore, no: &str) -> Value {
    json(&store.ok(&["order", "show", no, "--json"]))
}

/// (on hand, on order) of an article.
fn stock(store: &TestStore, sku: &str) -> (i64, i64) {
    store
        .db()
        .query_row(
            "SELECT on_hand, on_order FROM articles WHERE sku = ?1",
            [sku],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// (sku, ordered) of each line of an order.
fn lines(order: &Value) -> Vec<(String, i64)> {
    order["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["sku"].as_str().unwrap().to_owned(),
                l["ordered"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// Units of each article still open on all orders expecting goods.
fn open_on_orders(store: &TestStore) -> std::collections::HashMap<String, i64> {
    let list = json(&store.ok(&["order", "list", "--open", "--json"]));
    let mut open = std::collections::HashMap::new();
    for o in list.as_array().unwrap() {
        let o = order(store, o["order_no"].as_str().unwrap());
        for l in o["lines"].as_array().unwrap() {
            *open
                .entry(l["sku"].as_str().unwrap().to_owned())
                .or_insert(0) += l["open"].as_i64().unwrap();
        }
    }
    open
}

#[test]
fn two_purchasing_cycles_receive_partly_then_fully_and_the_next_proposal_counts_only_what_is_open()
{
    let store = TestStore::with_demo();
    let numbers = propose_and_approve(&store);
    assert!(
        numbers.len() >= 2,
        "the demo store orders from several suppliers: {numbers:?}"
    );
    let listed = json(&store.ok(&["order", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), numbers.len());
    for o in listed.as_array().unwrap() {
        assert_eq!(o["state"], "open");
        assert!(o["expected_on"].as_str().unwrap().len() == 10, "{o}");
    }

    // Order A arrives in two deliveries: half of its first line, then everything else.
    let a = order(&store, &numbers[0]);
    let a_lines = lines(&a);
    let (first_sku, first_qty) = a_lines[0].clone();
    let before = stock(&store, &first_sku);
    let half = (first_qty / 2).max(1);
    let out = store.ok(&[
        "order",
        "receive",
        &numbers[0],
        "--line",
        &format!("{first_sku}:{half}"),
        "--note",
        "LS 4711",
    ]);
    assert!(out.contains("Wareneingang WE-00001"), "{out}");
    assert_eq!(
        stock(&store, &first_sku),
        (before.0 + half, before.1 - half),
        "stock up, on order down by what came"
    );
    let a = order(&store, &numbers[0]);
    assert_eq!(
        a["state"],
        if a_lines.len() == 1 && half == first_qty {
            "received"
        } else {
            "partly_received"
        }
    );
    assert_eq!(a["lines"][0]["open"], first_qty - half);
    assert_eq!(a["receipts"][0]["note"], "LS 4711");

    let positions_before: Vec<i64> = a_lines
        .iter()
        .map(|(sku, _)| {
            let (h, o) = stock(&store, sku);
            h + o
        })
        .collect();
    let mut rest = vec!["order".to_owned(), "receive".into(), numbers[0].clone()];
    for (i, (sku, qty)) in a_lines.iter().enumerate() {
        let left = if i == 0 { qty - half } else { *qty };
        if left > 0 {
            rest.extend(["--line".into(), format!("{sku}:{left}")]);
        }
    }
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    store.ok(&rest);
    let a = order(&store, &numbers[0]);
    assert_eq!(a["state"], "received");
    let open = open_on_orders(&store);
    for (i, (sku, _)) in a_lines.iter().enumerate() {
        let (on_hand, on_order) = stock(&store, sku);
        assert_eq!(
            on_hand + on_order,
            positions_before[i],
            "{sku}: a receipt moves units from on order to on hand, the position stays"
        );
        assert_eq!(open.get(sku).copied().unwrap_or(0), on_order, "{sku}");
    }

    // Order B: its first line comes partly, the rest stays open.
    let b = order(&store, &numbers[1]);
    let (b_sku, b_qty) = lines(&b)[0].clone();
    let b_part = (b_qty / 3).max(1);
    store.ok(&[
        "order",
        "receive",
        &numbers[1],
        "--line",
        &format!("{b_sku}:{b_part}"),
    ]);
    assert_eq!(order(&store, &numbers[1])["state"], "partly_received");

    // Second cycle: the proposal sees on order exactly what is still open on the orders.
    let started = store.ok(&["reorder", "start"]);
    let id = started.split_whitespace().nth(1).unwrap().to_owned();
    let proposal = json(&store.ok(&["reorder", "show", &id, "--json"]));
    let candidates = proposal["values"]["candidates"].as_array().unwrap();
    let open = open_on_orders(&store);
    for c in candidates {
        let sku = c["article"]["sku"].as_str().unwrap();
        assert_eq!(
            c["article"]["on_order"].as_i64().unwrap(),
            open.get(sku).copied().unwrap_or(0),
            "{sku}: on order in the proposal is what is still open"
        );
    }
    for (sku, _) in &a_lines {
        if let Some(c) = candidates
            .iter()
            .find(|c| c["article"]["sku"] == sku.as_str())
        {
            assert_eq!(
                c["article"]["on_order"], 0,
                "{sku} arrived: nothing on order any more"
            );
        }
    }
    let second = if !started.contains("Wartet auf Freigabe") {
        Vec::new()
    } else {
        let approved = store.ok(&["reorder", "approve", &id, "--pin", "1234"]);
        approved
            .lines()
            .filter_map(|l| l.strip_prefix("Bestellung "))
            .map(|l| l.split_whitespace().next().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    // Everything of the second cycle arrives; order B is closed short; the others are cancelled.
    for no in &second {
        let mut args = vec!["order".to_owned(), "receive".into(), no.clone()];
        for (sku, qty) in lines(&order(&store, no)) {
            args.extend(["--line".into(), format!("{sku}:{qty}")]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        store.ok(&args);
        assert_eq!(order(&store, no)["state"], "received");
    }
    let closed = store.ok(&["order", "receive", &numbers[1], "--close"]);
    assert!(closed.contains("abgeschlossen"), "{closed}");
    let b = order(&store, &numbers[1]);
    assert_eq!(b["state"], "received");
    assert_eq!(b["lines"][0]["received"], b_part);
    for no in &numbers[2..] {
        store.ok(&["order", "cancel", no]);
        assert_eq!(order(&store, no)["state"], "cancelled");
    }
    assert_eq!(
        store.count("SELECT COALESCE(SUM(on_order), 0) FROM articles"),
        0,
        "with every order received, closed or cancelled nothing is on order"
    );
    assert!(
        store
            .ok(&["order", "list", "--open"])
            .contains("Keine Bestellungen")
    );
    let types = store.event_types();
    let count = |t: &str| types.iter().filter(|x| *x == t).count();
    assert_eq!(count("GoodsReceived"), 3 + second.len());
    assert_eq!(count("PurchaseOrderClosed"), numbers.len() + second.len());
    assert_eq!(
        store.count("SELECT COUNT(*) FROM audit_log WHERE action = 'purchasing.goods_receipt'"),
        4 + second.len() as i64
    );
    store.assert_gapless_store_seq();
    store.ok(&["audit", "verify"]);
}

/// Everything a refusal must leave as it was.
fn fingerprint(store: &TestStore) -> (i64, i64, i64, i64, i64) {
    (
        store.count("SELECT COUNT(*) FROM outbox"),
        store.count("SELECT COUNT(*) FROM goods_receipts"),
        store.count("SELECT SUM(on_hand) FROM articles"),
        store.count("SELECT SUM(on_order) FROM articles"),
        store.count("SELECT COUNT(*) FROM audit_log"),
    )
}

#[test]
fn bad_receipts_are_refused_in_both_languages_and_change_nothing() {
    let store = TestStore::with_demo();
    let numbers = propose_and_approve(&store);
    let a = order(&store, &numbers[0]);
    let supplier = a["supplier"].as_str().unwrap().to_owned();
    let (sku, qty) = lines(&a)[0].clone();
    let other: String = store
        .db()
        .query_row(
            "SELECT sku FROM articles WHERE supplier IS NOT NULL AND supplier <> ?1 LIMIT 1",
            [&supplier],
            |r| r.get(0),
        )
        .unwrap();
    store.ok(&["order", "cancel", &numbers[1]]);
    let unchanged = fingerprint(&store);
    let far_too_many = format!("{sku}:{}", qty * 10 + 1);
    let cases: Vec<(Vec<String>, &str, &str)> = vec![
        (
            vec!["B-99999".into(), "--line".into(), format!("{sku}:1")],
            "keine Bestellung B-99999",
            "no purchase order B-99999",
        ),
        (
            vec![numbers[1].clone(), "--line".into(), format!("{sku}:1")],
            "storniert",
            "cancelled",
        ),
        (
            vec![numbers[0].clone(), "--line".into(), format!("{sku}:-3")],
            "Menge -3",
            "quantity -3",
        ),
        (
            vec![numbers[0].clone(), "--line".into(), format!("{sku}:0")],
            "Menge 0",
            "quantity 0",
        ),
        (
            vec![numbers[0].clone(), "--line".into(), "NOPE-1:2".into()],
            "NOPE-1",
            "unknown article NOPE-1",
        ),
        (
            vec![numbers[0].clone(), "--line".into(), format!("{other}:2")],
            "kommt von",
            "comes from",
        ),
        (
            vec![numbers[0].clone(), "--line".into(), far_too_many],
            "bestätigen",
            "confirm",
        ),
        (vec![numbers[0].clone()], "keine Zeilen", "no lines"),
    ];
    for (args, de, en) in &cases {
        let mut full = vec!["order", "receive"];
        full.extend(args.iter().map(String::as_str));
        let english = store.fails(&full);
        assert!(english.contains(en), "{args:?}: {english}");
        let german = store
            .command(&full)
            .env("FILIALE_LANG", "de")
            .output()
            .unwrap();
        assert!(!german.status.success());
        let german = String::from_utf8(german.stderr).unwrap();
        assert!(german.contains(de), "{args:?}: {german}");
        assert_eq!(fingerprint(&store), unchanged, "{args:?} changed something");
    }
    let again = store.fails(&["order", "cancel", &numbers[1]]);
    assert!(again.contains("cancelled"), "{again}");
    assert!(
        store
            .fails(&["order", "show", "B-99999"])
            .contains("no purchase order")
    );
    // Confirmed, the large delivery is booked; only what was ordered leaves on order.
    let (_, on_order) = stock(&store, &sku);
    store.ok(&[
        "order",
        "receive",
        &numbers[0],
        "--confirm",
        "--line",
        &format!("{sku}:{}", qty * 10 + 1),
    ]);
    assert_eq!(stock(&store, &sku).1, on_order - qty);
}

#[test]
fn a_different_article_and_a_new_price_are_booked_and_the_closed_order_takes_no_more() {
    let store = TestStore::with_demo();
    let numbers = propose_and_approve(&store);
    let a = order(&store, &numbers[0]);
    let supplier = a["supplier"].as_str().unwrap().to_owned();
    let ordered: Vec<String> = lines(&a).into_iter().map(|(s, _)| s).collect();
    let (sku, qty) = lines(&a)[0].clone();
    let substitute: String = store
        .db()
        .query_row(
            &format!(
                "SELECT sku FROM articles WHERE supplier = ?1 AND sku NOT IN ('{}') LIMIT 1",
                ordered.join("','")
            ),
            [&supplier],
            |r| r.get(0),
        )
        .unwrap();
    let (sub_hand, sub_order) = stock(&store, &substitute);
    let out = store.ok(&[
        "order",
        "receive",
        &numbers[0],
        "--line",
        &format!("{sku}:{qty}@9,87"),
        "--line",
        &format!("{substitute}:3"),
        "--close",
    ]);
    assert!(out.contains("Einkaufspreis"), "{out}");
    assert_eq!(
        store.count(&format!(
            "SELECT purchase_price_cents FROM articles WHERE sku = '{sku}'"
        )),
        987
    );
    assert_eq!(
        stock(&store, &substitute),
        (sub_hand + 3, sub_order),
        "not ordered: stock only"
    );
    let a = order(&store, &numbers[0]);
    assert_eq!(a["state"], "received");
    assert_eq!(a["extra"][0]["sku"], substitute.as_str());
    for (s, _) in lines(&a).iter().skip(1) {
        assert_eq!(
            stock(&store, s).1,
            0,
            "{s}: the missing line is written off on close"
        );
    }
    let closed = store.fails(&[
        "order",
        "receive",
        &numbers[0],
        "--line",
        &format!("{sku}:1"),
    ]);
    assert!(
        closed.contains("received") && closed.contains("stock receive"),
        "{closed}"
    );

    // Without an order the receipt is possible and says so, naming open orders of the article.
    let b = order(&store, &numbers[1]);
    let (b_sku, _) = lines(&b)[0].clone();
    let out = store.ok(&["stock", "receive", &b_sku, "5"]);
    assert!(out.contains("booked without a purchase order"), "{out}");
    assert!(out.contains(&numbers[1]), "{out}");
}

#[test]
fn a_crash_inside_a_receipt_leaves_all_or_nothing() {
    let store = TestStore::with_demo();
    let numbers = propose_and_approve(&store);
    let (sku, qty) = lines(&order(&store, &numbers[0]))[0].clone();
    let before = fingerprint(&store);
    let line = format!("{sku}:{qty}");
    for failpoint in [
        "goods_receipt.after_stock=abort",
        "store.before_commit=abort",
    ] {
        let out = store
            .command(&["order", "receive", &numbers[0], "--line", &line])
            .env("FILIALE_FAILPOINTS", failpoint)
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "{failpoint}: the process should have died"
        );
        assert_eq!(
            fingerprint(&store),
            before,
            "{failpoint}: nothing of the receipt remains"
        );
        assert_eq!(order(&store, &numbers[0])["state"], "open");
    }
    store.ok(&["order", "receive", &numbers[0], "--line", &line]);
    assert_eq!(store.count("SELECT COUNT(*) FROM goods_receipts"), 1);
    let out = store.ok(&["order", "show", &numbers[0]]);
    assert!(
        out.contains("WE-00001"),
        "the number the crashed receipts did not keep: {out}"
    );
    store.assert_gapless_store_seq();
}

#[test]
fn an_order_exports_the_supplier_csv_and_a_printable_page() {
    let store = TestStore::with_demo();
    let numbers = propose_and_approve(&store);
    let a = order(&store, &numbers[0]);
    let csv_path = store.path().join("bestellung.csv");
    store.ok(&["order", "export", &numbers[0], csv_path.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "Artikelnummer;Lieferantenartikelnummer;EAN;Menge;VPE"
    );
    assert_eq!(rows.len(), 1 + a["lines"].as_array().unwrap().len());
    for (row, line) in rows[1..].iter().zip(a["lines"].as_array().unwrap()) {
        let cells: Vec<&str> = row.split(';').collect();
        assert_eq!(cells[0], line["sku"].as_str().unwrap());
        assert_eq!(cells[2], line["ean"].as_str().unwrap_or(""));
        assert_eq!(cells[3], line["ordered"].as_i64().unwrap().to_string());
        assert_eq!(cells[4], line["pack_size"].as_i64().unwrap().to_string());
        let qty: i64 = cells[3].parse().unwrap();
        let pack: i64 = cells[4].parse().unwrap();
        assert_eq!(qty % pack, 0, "whole packs: {row}");
    }
    let page_path = store.path().join("bestellung.html");
    store.ok(&["order", "export", &numbers[0], page_path.to_str().unwrap()]);
    let page = std::fs::read_to_string(&page_path).unwrap();
    assert!(page.contains(&format!("Bestellung {}", numbers[0])));
    assert!(page.contains(a["supplier"].as_str().unwrap()));
    assert!(page.contains("Liefertermin"));
    assert!(!page.contains("<script"));
}

#[test]
fn reorder_simulate_replays_the_demo_stores_own_sales_with_both_rules() {
    let store = TestStore::with_demo();
    let report = json(&store.ok(&["reorder", "simulate", "--days", "28", "--json"]));
    assert_eq!(report["days"], 28);
    assert_eq!(
        report["filiale"]["demand_units"],
        report["naive"]["demand_units"]
    );
    for rule in ["filiale", "naive"] {
        let level = report[rule]["service_level"].as_f64().unwrap();
        assert!((0.5..=1.0).contains(&level), "{rule}: {level}");
    }
    let table = store.ok(&["reorder", "simulate", "--days", "28"]);
    assert!(
        table.contains("Filiale") && table.contains("Min/Max"),
        "{table}"
    );
    let refused = store.fails(&["reorder", "simulate", "--days", "3"]);
    assert!(refused.contains("7 to 366"), "{refused}");
}
