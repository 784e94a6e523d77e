//! Reorder proposals on the demo store through the CLI: stop for approval, PIN checks, one order.

use crate::helpers::TestStore;

/// Articles of the demo catalogue that never sell.
const NEVER_SELLING: [&str; 3] = ["GF-17029", "GF-19017", "GF-19033"];

#[test]
fn a_proposal_waits_for_the_manager_and_approval_creates_the_orders_once() {
    let store = TestStore::with_demo();
    let started = store.ok(&["reorder", "start"]);
    assert!(started.contains("Wartet auf Freigabe"), "{started}");
    let id = started
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_owned();
    let shown = store.ok(&["reorder", "show", &id, "--json"]);
    let snapshot: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(snapshot["status"], "interrupted");
    let lines: Vec<&serde_json::Value> = snapshot["values"]["proposal"]["suppliers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["lines"].as_array().unwrap())
        .collect();
    assert!(!lines.is_empty(), "the demo store has low stock to reorder");
    for line in &lines {
        let sku = line["sku"].as_str().unwrap();
        assert!(
            !NEVER_SELLING.contains(&sku),
            "{sku} never sells and must not be ordered"
        );
        let quantity = line["quantity"].as_i64().unwrap();
        let pack = line["pack_size"].as_i64().unwrap();
        assert!(
            quantity > 0 && quantity % pack == 0,
            "{sku}: {quantity} is not a multiple of the pack size {pack}"
        );
        assert!(
            !line["reason"].as_str().unwrap().is_empty(),
            "every line says why"
        );
    }
    assert!(store.ok(&["reorder", "list", "--open"]).contains(&id));

    let wrong = store.fails(&["reorder", "approve", &id, "--pin", "9999"]);
    assert!(wrong.contains("not allowed"), "{wrong}");
    assert_eq!(store.count("SELECT COUNT(*) FROM purchase_orders"), 0);

    let first_sku = lines[0]["sku"].as_str().unwrap();
    let on_order_before = store.count(&format!(
        "SELECT on_order FROM articles WHERE sku = '{first_sku}'"
    ));
    let approved = store.ok(&["reorder", "approve", &id, "--pin", "1234"]);
    assert!(approved.contains("Bestellung B-00001"), "{approved}");
    let suppliers = store.count("SELECT COUNT(DISTINCT supplier) FROM purchase_orders");
    assert_eq!(
        store.count("SELECT COUNT(*) FROM purchase_orders"),
        suppliers,
        "one order per supplier"
    );
    let events = store
        .event_types()
        .iter()
        .filter(|t| *t == "PurchaseOrderCreated")
        .count() as i64;
    assert_eq!(events, suppliers);
    let on_order_after = store.count(&format!(
        "SELECT on_order FROM articles WHERE sku = '{first_sku}'"
    ));
    assert_eq!(
        on_order_after - on_order_before,
        lines[0]["quantity"].as_i64().unwrap()
    );

    let again = store.fails(&["reorder", "approve", &id, "--pin", "1234"]);
    assert!(again.contains("reorder workflow"), "{again}");
    assert_eq!(
        store.count("SELECT COUNT(*) FROM purchase_orders"),
        suppliers,
        "approving twice orders nothing more"
    );
    store.assert_gapless_store_seq();
}

#[test]
fn a_rejected_proposal_orders_nothing_and_keeps_the_reason() {
    let store = TestStore::with_demo();
    let started = store.ok(&["reorder", "start"]);
    let id = started
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_owned();
    let rejected = store.ok(&[
        "reorder",
        "reject",
        &id,
        "--reason",
        "Lager voll",
        "--pin",
        "1234",
    ]);
    assert!(rejected.contains("abgelehnt: Lager voll"), "{rejected}");
    assert_eq!(store.count("SELECT COUNT(*) FROM purchase_orders"), 0);
    let shown: serde_json::Value =
        serde_json::from_str(&store.ok(&["reorder", "show", &id, "--json"])).unwrap();
    assert_eq!(shown["values"]["decision"]["decided_by"], "Filialleitung");
}

#[test]
fn low_stock_starts_a_proposal_when_the_background_services_run() {
    use crate::helpers::GERMAN_ARTICLES;
    let store = crate::helpers::TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    store.ok(&["sell", "--line", "T-3:4", "--pay", "card"]);
    assert!(store.event_types().contains(&"LowStockDetected".to_owned()));
    assert!(store.ok(&["reorder", "list"]).trim().is_empty());
    let mut serve = store
        .command(&["serve", "--ws-port", "0"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut listed = String::new();
    while std::time::Instant::now() < deadline {
        listed = store.ok(&["reorder", "list"]);
        if !listed.trim().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let _ = serve.kill();
    let _ = serve.wait();
    assert_eq!(
        listed.trim().lines().count(),
        1,
        "one proposal started by the low stock: {listed:?}"
    );
}
