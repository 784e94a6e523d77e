//! The audit itself can fail: it notices a lost receipt, a sale without its events and a gap.

use filiale_soak::audit::audit;
use filiale_soak::binaries;
use filiale_soak::shop::{Shop, printed_receipt};
use std::collections::BTreeSet;

fn shop_with_three_sales() -> (tempfile::TempDir, Shop, BTreeSet<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let shop = Shop::create(
        &binaries::filiale().unwrap(),
        &dir.path().join("s"),
        "audit",
    )
    .unwrap();
    let mut confirmed = BTreeSet::new();
    for line in ["SOAK-1:1", "SOAK-2:2", "SOAK-3:1"] {
        let out = shop.ok(&["sell", "--line", line, "--pay", "card"]).unwrap();
        confirmed.insert(printed_receipt(&out).unwrap());
    }
    (dir, shop, confirmed)
}

#[test]
fn a_clean_store_passes_and_every_kind_of_damage_is_found() {
    let (_dir, shop, confirmed) = shop_with_three_sales();
    let clean = audit(&shop.database(), &confirmed).unwrap();
    assert!(clean.clean(), "{clean:?}");
    assert_eq!((clean.sales, confirmed.len()), (3, 3));

    let damage: &[(&str, &str)] = &[
        (
            "SaleCompleted",
            "DELETE FROM outbox WHERE event_type = 'SaleCompleted' AND aggregate_id = '2'",
        ),
        (
            "balanced journal entry",
            "UPDATE journal_lines SET credit_cents = credit_cents + 1
             WHERE entry_id = (SELECT id FROM journal_entries WHERE reference = 'receipt:3') AND line_no = 2",
        ),
        (
            "receipt numbers have gaps",
            "PRAGMA foreign_keys = OFF; DELETE FROM sale_vat WHERE receipt_no = 1;
             DELETE FROM sale_lines WHERE receipt_no = 1; DELETE FROM sales WHERE receipt_no = 1",
        ),
    ];
    for (expected, sql) in damage {
        let (_dir, shop, confirmed) = shop_with_three_sales();
        let conn = rusqlite::Connection::open(shop.database()).unwrap();
        // Booked records refuse changes through triggers; someone tampering with the file drops
        // them first, and the audit must still notice the damage.
        let triggers: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for trigger in triggers {
            conn.execute_batch(&format!("DROP TRIGGER \"{trigger}\""))
                .unwrap();
        }
        conn.execute_batch(sql).unwrap();
        let found = audit(&shop.database(), &confirmed).unwrap();
        assert!(
            found.problems.iter().any(|p| p.contains(expected)),
            "{expected}: {found:?}"
        );
        if expected.contains("gaps") {
            assert_eq!(
                found.lost_sales,
                vec![1],
                "receipt 1 was shown to a customer"
            );
        }
    }
}
