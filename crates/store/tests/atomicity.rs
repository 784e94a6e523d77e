//! Atomicity on a real SQLite file: a use case failing after its outbox rows were written leaves nothing.
//! Its own test binary, because failpoints are process-wide.

use chrono::{DateTime, Utc};
use filiale_domain::{ArticleDraft, Cart, Cents, EventEnvelope, Quantity, Tender, VatRate};
use filiale_store::{Store, StoreError, articles, journal, outbox, sales};

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_775_000_000, 0).unwrap()
}

fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("store.sqlite"), "test-store").unwrap()
}

fn add_article(
    store: &Store,
    sku: &str,
    price: i64,
    vat: VatRate,
    stock_qty: i64,
    reorder_point: i64,
) {
    let article = ArticleDraft {
        sku: sku.into(),
        name: format!("Artikel {sku}"),
        price: Cents::new(price),
        vat_rate: Some(vat),
        reorder_point: Some(reorder_point),
        ..ArticleDraft::default()
    }
    .validate()
    .unwrap();
    store
        .write(now(), |tx| articles::upsert(tx, &article, Some(stock_qty)))
        .unwrap();
}

fn cart(store: &Store, lines: &[(&str, i64)]) -> Cart {
    let mut cart = Cart::new();
    for (sku, qty) in lines {
        let article = store.read(|c| articles::require(c, sku)).unwrap().article;
        cart.add(&article, Quantity::new(*qty).unwrap()).unwrap();
    }
    cart
}

fn event_types(store: &Store) -> Vec<String> {
    store
        .read(outbox::envelopes)
        .unwrap()
        .iter()
        .map(|e| serde_json::from_str::<EventEnvelope>(e).unwrap().event_type)
        .collect()
}

#[test]
fn a_sale_that_fails_after_writing_its_outbox_rows_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    add_article(&store, "CAN", 1299, VatRate::Standard, 10, 2);
    let events_before = event_types(&store).len();
    let cart = cart(&store, &[("CAN", 2)]);
    filiale_failpoint::set("sale.after_outbox", "1*error").unwrap();
    let failed = store.write(now(), |tx| {
        sales::record_sale(tx, &cart, Tender::Card, None)
    });
    filiale_failpoint::clear();
    assert!(matches!(failed, Err(StoreError::Injected(_))), "{failed:?}");
    assert_eq!(event_types(&store).len(), events_before, "no orphan event");
    assert_eq!(
        store.read(|c| articles::require(c, "CAN")).unwrap().on_hand,
        10
    );
    assert_eq!(store.read(|c| sales::receipt(c, 1)).unwrap(), None);
    assert_eq!(store.read(journal::entry_count).unwrap(), 0);
    // The next sale gets receipt number 1: the failed one left no gap.
    let sale = store
        .write(now(), |tx| {
            sales::record_sale(tx, &cart, Tender::Card, None)
        })
        .unwrap();
    assert_eq!(sale.receipt_no, 1);
}
