//! Refunds by reversal on real SQLite files: own number, restock, reversing entry, events, audit
//! entry and seal in one transaction; never more than was sold.

mod common;

use common::{add_article, cart, event_types, now, open};
use filiale_domain::{Cents, RefundError, RefundKind, Sku, Tender, VatRate};
use filiale_store::refunds::{self, RefundRequest};
use filiale_store::{Store, StoreError, articles, chain, journal, sales};

fn on_hand(store: &Store, sku: &str) -> i64 {
    store.read(|c| articles::require(c, sku)).unwrap().on_hand
}

fn balance(store: &Store, account: u32) -> i64 {
    store
        .read(journal::balances)
        .unwrap()
        .into_iter()
        .find(|b| b.number == account)
        .unwrap()
        .balance_cents
}

fn request(receipt_no: i64, lines: Option<&[(Sku, i64)]>) -> RefundRequest<'_> {
    RefundRequest {
        receipt_no,
        lines,
        authorized_by: "Frau Krüger",
        terminal: "kasse-2",
        reason: "Ware defekt",
    }
}

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

#[test]
fn a_partial_refund_restocks_reverses_the_books_and_tells_head_office() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    add_article(&store, "CAN", 1299, VatRate::Standard, 10, 2);
    add_article(&store, "SEED", 299, VatRate::Reduced, 10, 2);
    let cart = cart(&store, &[("CAN", 2), ("SEED", 3)]);
    let sale = store
        .write(now(), |tx| {
            sales::record_sale(
                tx,
                &cart,
                Tender::Cash {
                    tendered: Cents::new(5000),
                },
                None,
            )
        })
        .unwrap();
    let cash_after_sale = balance(&store, 1000);
    let events_before = event_types(&store).len();

    let lines = [(sku("CAN"), 1)];
    let refund = store
        .write(now(), |tx| {
            refunds::record_refund(tx, &request(sale.receipt_no, Some(&lines)))
        })
        .unwrap();
    assert_eq!(refund.refund_no, 1);
    assert_eq!(refund.kind, RefundKind::Refund);
    assert_eq!(refund.total, Cents::new(1299));
    assert_eq!(on_hand(&store, "CAN"), 9, "one of two back on the shelf");
    assert_eq!(balance(&store, 1000), cash_after_sale - 1299);
    assert_eq!(store.read(journal::trial_balance_difference).unwrap(), 0);
    assert_eq!(
        &event_types(&store)[events_before..],
        [
            "SaleRefunded",
            "StockUpdated",
            "JournalEntryPosted",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
            "AccountBalanceChanged",
        ]
    );

    // The rest of the receipt: one CAN and three SEED; a void is only a void of an untouched receipt.
    let rest = store
        .write(now(), |tx| {
            refunds::record_refund(tx, &request(sale.receipt_no, None))
        })
        .unwrap();
    assert_eq!(rest.refund_no, 2);
    assert_eq!(rest.kind, RefundKind::Refund);
    assert_eq!(rest.total, Cents::new(1299 + 3 * 299));
    assert_eq!(balance(&store, 1000), cash_after_sale - sale.total.get());
    for account in [1776, 1771, 8400, 8300] {
        assert_eq!(
            balance(&store, account),
            0,
            "account {account} back to zero"
        );
    }
    let verification = store.read(chain::verify).unwrap();
    assert!(verification.ok(), "{verification:?}");
    assert_eq!(
        verification.links,
        2 + 2 * 3,
        "sale + entry, then per refund: refund, entry, audit"
    );
}

#[test]
fn refunding_more_than_was_sold_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    add_article(&store, "CAN", 1299, VatRate::Standard, 10, 2);
    let cart = cart(&store, &[("CAN", 2)]);
    let sale = store
        .write(now(), |tx| {
            sales::record_sale(tx, &cart, Tender::Card, None)
        })
        .unwrap();
    let events = event_types(&store).len();
    let too_many = [(sku("CAN"), 3)];
    let refused = store.write(now(), |tx| {
        refunds::record_refund(tx, &request(sale.receipt_no, Some(&too_many)))
    });
    assert!(
        matches!(
            refused,
            Err(StoreError::Refund(RefundError::MoreThanSold {
                left: 2,
                ..
            }))
        ),
        "{refused:?}"
    );
    let unknown = store.write(now(), |tx| refunds::record_refund(tx, &request(42, None)));
    assert!(matches!(unknown, Err(StoreError::UnknownReceipt(42))));
    assert_eq!(event_types(&store).len(), events, "no event");
    assert_eq!(on_hand(&store, "CAN"), 8, "no restock");

    let void = store
        .write(now(), |tx| {
            refunds::record_refund(tx, &request(sale.receipt_no, None))
        })
        .unwrap();
    assert_eq!(void.refund_no, 1, "the refused attempts took no number");
    assert_eq!(void.kind, RefundKind::Void);
    let again = store.write(now(), |tx| {
        refunds::record_refund(tx, &request(sale.receipt_no, None))
    });
    assert!(matches!(
        again,
        Err(StoreError::Refund(RefundError::NothingLeft(_)))
    ));
}
