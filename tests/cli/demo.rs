//! The demo store: `init --demo` gives a believable garden centre with history and every event kind.

use crate::helpers::TestStore;

#[test]
fn init_demo_creates_a_believable_garden_centre() {
    let store = TestStore::with_demo();
    assert!(store.count("SELECT COUNT(*) FROM articles") >= 300);
    assert_eq!(
        store.count("SELECT COUNT(DISTINCT category) FROM articles"),
        10
    );
    assert!(store.count("SELECT COUNT(*) FROM customers") >= 50);
    assert!(store.count("SELECT COUNT(*) FROM leads") >= 20);
    let history_days = store.count(
        "SELECT CAST(julianday(MAX(day)) - julianday(MIN(day)) AS INTEGER) FROM daily_sales",
    );
    assert!(
        history_days >= 540,
        "18 months of history, got {history_days} days"
    );
    // Spring peak: seeds sell far more in April than in November.
    let april: i64 = store.count(
        "SELECT SUM(quantity) FROM daily_sales d JOIN articles a USING (sku) WHERE a.category = 'Saatgut' AND substr(day, 6, 2) = '04'",
    );
    let november: i64 = store.count(
        "SELECT SUM(quantity) FROM daily_sales d JOIN articles a USING (sku) WHERE a.category = 'Saatgut' AND substr(day, 6, 2) = '11'",
    );
    assert!(april > 2 * november, "April {april} vs November {november}");
    let types = store.event_types();
    for expected in [
        "ArticleCreated",
        "StockUpdated",
        "CustomerCreated",
        "LeadStatusChanged",
        "LeadConverted",
        "SaleCompleted",
        "JournalEntryPosted",
        "AccountBalanceChanged",
    ] {
        assert!(
            types.iter().any(|t| t == expected),
            "no {expected} in the demo outbox"
        );
    }
    store.assert_gapless_store_seq();
    let status = store.ok(&["status"]);
    assert!(status.contains("Gartencenter Grünfink"), "{status}");
    let again = store.ok(&["init", "--demo"]);
    assert!(
        again.contains("0 created"),
        "loading the demo twice changes nothing: {again}"
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_listing_quietly() {
    let store = TestStore::with_demo();
    let mut listing = store
        .command(&["article", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Like `filiale article list | head -0`: the reader is gone before the first line.
    drop(listing.stdout.take());
    let out = listing.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141), "{stderr}");
}
