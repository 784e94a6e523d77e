//! Till sessions on a real SQLite file: a sale records its till, session and cashier; cash
//! movements and closings are posted, sealed and append-only; a closed session stays closed; a
//! closing edited behind Filiale's back is named by the hash chain.

#[allow(dead_code)] // shared with the other test binaries, which use all of it
mod common;

use common::{add_article, cart, now, open};
use filiale_domain::{CashDirection, CashReason, Cents, Tender, VatRate};
use filiale_store::chain::{self, Fault, RecordKind};
use filiale_store::till_sessions::{self, NewClosing, NewMovement, NewSession};
use filiale_store::{journal, sales};
use rusqlite::Connection;

#[test]
fn a_day_is_sealed_append_only_and_a_changed_closing_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    add_article(&store, "CAN", 1299, VatRate::Standard, 50, 2);
    let session = store
        .write(now(), |tx| {
            till_sessions::open(
                tx,
                &NewSession {
                    till_id: "kasse-2",
                    business_day: "2026-03-31",
                    cashier: "Anna",
                    float: Cents::new(10_000),
                    float_count: None,
                },
            )
        })
        .unwrap();
    let cart = cart(&store, &[("CAN", 2)]);
    let origin = sales::SaleOrigin {
        till_id: "kasse-2",
        session_id: session.id,
        cashier: "Anna",
    };
    store
        .write(now(), |tx| {
            sales::record_sale_from(
                tx,
                &cart,
                Tender::Cash {
                    tendered: Cents::new(3_000),
                },
                None,
                Some(origin),
            )
        })
        .unwrap();
    store
        .write(now(), |tx| {
            till_sessions::record_movement(
                tx,
                &NewMovement {
                    session: &session,
                    direction: CashDirection::Out,
                    reason: CashReason::Bankeinzahlung,
                    amount: Cents::new(5_000),
                    cashier: "Anna",
                    approved_by: None,
                    note: "",
                },
            )
        })
        .unwrap();
    let figures = store.read(|c| till_sessions::figures(c, &session)).unwrap();
    assert_eq!(
        figures.cash_expected_cents,
        Cents::new(10_000 + 2_598 - 5_000)
    );
    assert_eq!(figures.by_cashier[0].cashier, "Anna");
    let closing = store
        .write(now(), |tx| {
            till_sessions::record_closing(
                tx,
                &NewClosing {
                    session: &session,
                    closed_by: "Anna",
                    figures: &figures,
                    counted: Cents::new(7_500),
                    count: None,
                    float_next: Cents::new(7_500),
                    tse_counters: (None, None),
                },
            )
        })
        .unwrap();
    assert_eq!((closing.z_no, closing.difference_cents), (1, -98));
    assert_eq!(store.read(journal::trial_balance_difference).unwrap(), 0);
    assert!(store.read(chain::verify).unwrap().ok());

    let shell = Connection::open(dir.path().join("store.sqlite")).unwrap();
    for sql in [
        "UPDATE till_closings SET counted_cents = 7598",
        "DELETE FROM till_closings",
        "UPDATE cash_movements SET amount_cents = 1",
        "DELETE FROM cash_movements",
        "UPDATE till_sessions SET state = 'open'",
        "UPDATE till_sessions SET float_cents = 0",
        "DELETE FROM till_sessions",
    ] {
        assert!(shell.execute(sql, []).is_err(), "{sql} must be refused");
    }
    shell
        .execute_batch(
            "DROP TRIGGER till_closings_no_update;
             UPDATE till_closings SET counted_cents = 7598, difference_cents = 0;",
        )
        .unwrap();
    let verification = store.read(chain::verify).unwrap();
    let problem = verification.problem.unwrap();
    assert_eq!(
        (problem.kind, problem.fault),
        (RecordKind::TillClosing, Fault::ContentChanged)
    );
    assert_eq!(
        verification.missing_triggers,
        ["till_closings_no_update".to_owned()]
    );
}
