//! Store tests on real SQLite files: each fact writes its rows and events atomically and in order.

use filiale_domain::{Cents, CustomerDraft, EventEnvelope, LeadStatus, Tender, VatRate};
use filiale_store::leads::LeadDraft;
mod common;

use common::{add_article, cart, event_types, now, open};
use filiale_store::{Store, StoreError, articles, customers, journal, leads, outbox, sales, stock};

#[test]
fn a_sale_writes_receipt_stock_journal_and_its_events_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    add_article(&store, "CAN", 1299, VatRate::Standard, 10, 2);
    add_article(&store, "SEED", 299, VatRate::Reduced, 3, 2);
    let before = event_types(&store).len();
    let cart = cart(&store, &[("CAN", 1), ("SEED", 2)]);
    let sale = store
        .write(now(), |tx| {
            sales::record_sale(
                tx,
                &cart,
                Tender::Cash {
                    tendered: Cents::new(2000),
                },
                None,
            )
        })
        .unwrap();
    assert_eq!(sale.receipt_no, 1);
    assert_eq!(sale.change, Cents::new(2000 - 1897));
    let types = event_types(&store);
    assert_eq!(
        &types[before..],
        [
            "SaleCompleted",
            "StockUpdated",
            "StockUpdated",
            "LowStockDetected", // SEED 3 -> 1, reorder point 2
            "JournalEntryPosted",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
        ]
    );
    let envelopes: Vec<EventEnvelope> = store
        .read(outbox::envelopes)
        .unwrap()
        .iter()
        .map(|e| serde_json::from_str(e).unwrap())
        .collect();
    let seqs: Vec<i64> = envelopes.iter().map(|e| e.store_seq).collect();
    assert_eq!(
        seqs,
        (1..=seqs.len() as i64).collect::<Vec<_>>(),
        "store_seq is gapless"
    );
    assert_eq!(store.read(journal::trial_balance_difference).unwrap(), 0);
    let balances = store.read(journal::balances).unwrap();
    let cash = balances.iter().find(|b| b.number == 1000).unwrap();
    assert_eq!(cash.balance_cents, 1897);
    assert_eq!(
        store
            .read(|c| articles::require(c, "SEED"))
            .unwrap()
            .on_hand,
        1
    );
}

#[test]
fn low_stock_is_reported_once_not_on_every_sale() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    add_article(&store, "FEED", 1999, VatRate::Reduced, 4, 3);
    for _ in 0..4 {
        let cart = cart(&store, &[("FEED", 1)]);
        store
            .write(now(), |tx| {
                sales::record_sale(tx, &cart, Tender::Card, None)
            })
            .unwrap();
    }
    let lows = event_types(&store)
        .iter()
        .filter(|t| *t == "LowStockDetected")
        .count();
    assert_eq!(lows, 1);
    assert_eq!(
        store
            .read(|c| articles::require(c, "FEED"))
            .unwrap()
            .on_hand,
        0
    );
}

#[test]
fn selling_beyond_book_stock_is_recorded_and_stock_goes_negative() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    add_article(&store, "POT", 499, VatRate::Standard, 1, 0);
    let cart = cart(&store, &[("POT", 3)]);
    store
        .write(now(), |tx| {
            sales::record_sale(tx, &cart, Tender::Card, None)
        })
        .unwrap();
    assert_eq!(
        store.read(|c| articles::require(c, "POT")).unwrap().on_hand,
        -2
    );
}

#[test]
fn unknown_customer_and_low_tender_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    add_article(&store, "CAN", 1299, VatRate::Standard, 10, 2);
    let events_before = event_types(&store).len();
    let cart = cart(&store, &[("CAN", 1)]);
    let unknown = store.write(now(), |tx| {
        sales::record_sale(tx, &cart, Tender::Card, Some("K-99999"))
    });
    assert!(matches!(unknown, Err(StoreError::UnknownCustomer(_))));
    let low = store.write(now(), |tx| {
        sales::record_sale(
            tx,
            &cart,
            Tender::Cash {
                tendered: Cents::new(1000),
            },
            None,
        )
    });
    assert!(matches!(low, Err(StoreError::Sale(_))));
    assert_eq!(event_types(&store).len(), events_before);
}

#[test]
fn upserting_identical_articles_is_idempotent_and_changes_emit_updates() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    add_article(&store, "CAN", 1299, VatRate::Standard, 10, 2);
    let count = event_types(&store).len();
    add_article(&store, "CAN", 1299, VatRate::Standard, 10, 2);
    assert_eq!(event_types(&store).len(), count);
    add_article(&store, "CAN", 1399, VatRate::Standard, 10, 2);
    assert_eq!(event_types(&store).last().unwrap(), "ArticleUpdated");
    assert_eq!(
        store.read(|c| articles::require(c, "CAN")).unwrap().on_hand,
        10,
        "stock untouched by update"
    );
}

#[test]
fn converting_a_lead_creates_a_customer_and_impossible_moves_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let lead = store
        .write(now(), |tx| {
            leads::create(
                tx,
                &LeadDraft {
                    name: "Anna Hof".into(),
                    company: Some("Hof Anna GbR".into()),
                    ..LeadDraft::default()
                },
            )
        })
        .unwrap();
    store
        .write(now(), |tx| {
            leads::change_status(tx, lead.id, LeadStatus::Qualified)
        })
        .unwrap();
    let back = store.write(now(), |tx| {
        leads::change_status(tx, lead.id, LeadStatus::Contacted)
    });
    assert!(matches!(back, Err(StoreError::Lead(_))));
    let (lead, customer) = store
        .write(now(), |tx| leads::convert(tx, lead.id))
        .unwrap();
    assert_eq!(
        lead.customer_no.as_deref(),
        Some(customer.customer_no.as_str())
    );
    assert_eq!(customer.name, "Hof Anna GbR");
    let types = event_types(&store);
    assert_eq!(
        &types[types.len() - 3..],
        ["CustomerCreated", "LeadStatusChanged", "LeadConverted"]
    );
    let again = store.write(now(), |tx| leads::convert(tx, lead.id));
    assert!(matches!(again, Err(StoreError::Lead(_))));
    let draft = CustomerDraft {
        customer_no: Some(customer.customer_no.clone()),
        name: "X".into(),
        ..CustomerDraft::default()
    };
    let dup = store.write(now(), |tx| customers::create(tx, &draft));
    assert!(matches!(dup, Err(StoreError::DuplicateCustomer(_))));
}

#[test]
fn stocktake_adjusts_to_the_counted_quantity() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    add_article(&store, "SOIL", 799, VatRate::Standard, 20, 5);
    let sku = filiale_domain::Sku::parse("SOIL").unwrap();
    let change = store
        .write(now(), |tx| stock::adjust_to(tx, &sku, 4, "Inventur"))
        .unwrap();
    assert_eq!(
        (change.delta, change.after, change.crossed_reorder_point),
        (-16, 4, true)
    );
}

#[test]
fn a_database_of_another_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(&dir));
    let other = Store::open(&dir.path().join("store.sqlite"), "other-store");
    assert!(matches!(other, Err(StoreError::WrongStore { .. })));
}
