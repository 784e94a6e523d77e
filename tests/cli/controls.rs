//! Money controls in the back office on the real binary: a price change or a stock correction
//! beyond the store's limits needs a manager's PIN and otherwise changes nothing; every price
//! change and stock correction lands in the audit log with who approved it.

// Amounts are written as euros_cents (13_99 is 13,99 €).
#![allow(clippy::inconsistent_digit_grouping)]

use crate::helpers::{GERMAN_ARTICLES, TestStore};

/// A store with the three German articles and a manager (Chef, 1234).
fn store_with_manager() -> TestStore {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    store.ok(&["staff", "add", "Chef", "--role", "manager", "--pin", "1234"]);
    store
}

fn price(store: &TestStore, sku: &str) -> i64 {
    store
        .db()
        .query_row(
            "SELECT price_cents FROM articles WHERE sku = ?1",
            [sku],
            |r| r.get(0),
        )
        .unwrap()
}

fn on_hand(store: &TestStore, sku: &str) -> i64 {
    store
        .db()
        .query_row("SELECT on_hand FROM articles WHERE sku = ?1", [sku], |r| {
            r.get(0)
        })
        .unwrap()
}

/// (actor, subject) of the audit entries with `action`, oldest first.
fn audited(store: &TestStore, action: &str) -> Vec<(String, String)> {
    let db = store.db();
    let mut stmt = db
        .prepare("SELECT actor, subject FROM audit_log WHERE action = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([action], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn set_price<'a>(sku: &'a str, eur: &'a str) -> Vec<&'a str> {
    vec![
        "article",
        "add",
        "--sku",
        sku,
        "--name",
        "Gießkanne 10 l",
        "--price",
        eur,
    ]
}

#[test]
fn a_small_price_change_is_audited_and_a_large_one_needs_the_manager() {
    let store = store_with_manager();
    store.ok(&set_price("T-1", "13,99"));
    assert_eq!(price(&store, "T-1"), 13_99);
    assert_eq!(
        audited(&store, "article.price_change"),
        [("Backoffice".to_owned(), "T-1".to_owned())]
    );

    // 13,99 € -> 1,00 €: more than 20 % down, refused without a manager, nothing changed.
    let refused = store.fails(&set_price("T-1", "1,00"));
    assert!(
        refused.contains("needs a manager's approval") && refused.contains("T-1"),
        "{refused}"
    );
    assert_eq!(price(&store, "T-1"), 13_99);
    let mut wrong = set_price("T-1", "1,00");
    wrong.extend(["--manager", "Chef", "--manager-pin", "9999"]);
    let refused = store.fails(&wrong);
    assert!(
        refused.contains("Wrong PIN") || refused.contains("wrong PIN"),
        "{refused}"
    );
    assert_eq!(price(&store, "T-1"), 13_99);
    assert_eq!(audited(&store, "article.price_change").len(), 1);

    let mut approved = set_price("T-1", "1,00");
    approved.extend(["--manager", "Chef", "--manager-pin", "1234"]);
    store.ok(&approved);
    assert_eq!(price(&store, "T-1"), 1_00);
    assert_eq!(
        audited(&store, "article.price_change").last().unwrap(),
        &("Chef".to_owned(), "T-1".to_owned())
    );
    assert!(store.ok(&["audit", "verify"]).contains("records verified"));
}

#[test]
fn an_import_with_large_price_changes_changes_nothing_without_the_manager() {
    let store = store_with_manager();
    // T-1 up by 7 %, T-2 doubled: the whole file waits for the manager.
    let changed = GERMAN_ARTICLES
        .replace("Bewässerung;Stk;12,99", "Bewässerung;Stk;13,90")
        .replace("Saatgut;Pck;2,49", "Saatgut;Pck;4,98");
    let file = store.write_file("neu.csv", changed.as_bytes());
    let refused = store.fails(&["import", "articles", file.to_str().unwrap()]);
    assert!(refused.contains("T-2"), "{refused}");
    assert_eq!((price(&store, "T-1"), price(&store, "T-2")), (12_99, 2_49));
    assert!(audited(&store, "article.price_change").is_empty());

    store.ok(&[
        "import",
        "articles",
        file.to_str().unwrap(),
        "--manager",
        "Chef",
        "--manager-pin",
        "1234",
    ]);
    assert_eq!((price(&store, "T-1"), price(&store, "T-2")), (13_90, 4_98));
    let entries = audited(&store, "article.price_change");
    assert_eq!(
        entries,
        [
            ("Chef".to_owned(), "T-1".to_owned()),
            ("Chef".to_owned(), "T-2".to_owned())
        ]
    );
    assert_eq!(audited(&store, "authorization.grant").len(), 1);
}

#[test]
fn a_stock_correction_worth_more_than_the_limit_needs_the_manager() {
    let store = store_with_manager();
    // Two packets of seed (2 × 2,49 €) are within the 100 € limit.
    store.ok(&["stock", "adjust", "T-2", "--by", "-2", "--reason", "Bruch"]);
    assert_eq!(on_hand(&store, "T-2"), 38);
    // One bag at 1.234,50 € is not.
    let refused = store.fails(&["stock", "adjust", "T-3", "--to", "4"]);
    assert!(
        refused.contains("1.234,50") && refused.contains("needs a manager's approval"),
        "{refused}"
    );
    assert_eq!(on_hand(&store, "T-3"), 5);
    store.ok(&[
        "stock",
        "adjust",
        "T-3",
        "--to",
        "4",
        "--manager",
        "Chef",
        "--manager-pin",
        "1234",
    ]);
    assert_eq!(on_hand(&store, "T-3"), 4);
    assert_eq!(
        audited(&store, "stock.correction"),
        [
            ("Backoffice".to_owned(), "T-2".to_owned()),
            ("Chef".to_owned(), "T-3".to_owned())
        ]
    );
    assert!(store.ok(&["audit", "verify"]).contains("records verified"));
}

#[test]
fn a_store_being_set_up_without_a_manager_corrects_stock_and_the_audit_log_says_so() {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    store.ok(&["stock", "adjust", "T-3", "--to", "4"]);
    assert_eq!(on_hand(&store, "T-3"), 4);
    let details: String = store
        .db()
        .query_row(
            "SELECT details FROM audit_log WHERE action = 'stock.correction'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let details: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["no_manager_enrolled"], true, "{details}");
    assert_eq!(details["value_cents"], 1_234_50, "{details}");
}
