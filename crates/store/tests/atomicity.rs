//! Atomicity on a real SQLite file: a use case failing after its outbox rows were written leaves nothing.
//! Its own test binary, because failpoints are process-wide.

use filiale_domain::{Tender, VatRate};
mod common;

use common::{add_article, cart, event_types, now, open};
use filiale_store::{StoreError, articles, journal, sales};

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
