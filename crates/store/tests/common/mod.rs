//! Helpers shared by the store's test binaries: a fresh store file, articles, carts, outbox reading.

use chrono::{DateTime, Utc};
use filiale_domain::{ArticleDraft, Cart, Cents, EventEnvelope, Quantity, VatRate};
use filiale_store::{Store, articles, outbox};

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_775_000_000, 0).unwrap()
}

pub fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("store.sqlite"), "test-store").unwrap()
}

pub fn add_article(
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

pub fn cart(store: &Store, lines: &[(&str, i64)]) -> Cart {
    let mut cart = Cart::new();
    for (sku, qty) in lines {
        let article = store.read(|c| articles::require(c, sku)).unwrap().article;
        cart.add(&article, Quantity::new(*qty).unwrap()).unwrap();
    }
    cart
}

pub fn event_types(store: &Store) -> Vec<String> {
    store
        .read(outbox::envelopes)
        .unwrap()
        .iter()
        .map(|e| serde_json::from_str::<EventEnvelope>(e).unwrap().event_type)
        .collect()
}
