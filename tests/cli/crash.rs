//! Crashes: a process aborted in the middle of a sale leaves no trace, and every committed sale survives.

use crate::helpers::{GERMAN_ARTICLES, TestStore};

#[test]
fn a_sale_aborted_after_writing_its_outbox_rows_leaves_nothing_and_committed_sales_survive() {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    for _ in 0..3 {
        store.ok(&["sell", "--line", "T-2:1", "--pay", "card"]);
    }
    let events = store.event_types().len();
    for failpoint in ["sale.after_outbox=abort", "store.before_commit=abort"] {
        let out = store
            .command(&["sell", "--line", "T-1:2", "--pay", "card"])
            .env("FILIALE_FAILPOINTS", failpoint)
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "{failpoint}: the process should have died"
        );
        let integrity: String = store
            .db()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
        assert_eq!(
            store.count("SELECT COUNT(*) FROM sales"),
            3,
            "{failpoint}: committed sales kept, aborted one gone"
        );
        assert_eq!(
            store.event_types().len(),
            events,
            "{failpoint}: no orphan event"
        );
        assert_eq!(
            store.count("SELECT on_hand FROM articles WHERE sku = 'T-1'"),
            10
        );
    }
    let out = store.ok(&["sell", "--line", "T-1:1", "--pay", "card"]);
    assert!(
        out.contains("Bon-Nr. 4"),
        "the next receipt number follows without a gap: {out}"
    );
    store.assert_gapless_store_seq();
}
