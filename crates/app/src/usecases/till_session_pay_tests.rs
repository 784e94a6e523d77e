//! Tests of paying as the signed-in cashier on a real store file: only in an open session of
//! today, only by the cashier who holds it, and recorded under their name.

// Amounts are written as euros_cents (100_00 is 100,00 €).
#![allow(clippy::inconsistent_digit_grouping)]

use super::*;
use crate::dto::ManagerPin;
use crate::usecases::reorder::DEFAULT_MANAGER;
use crate::usecases::{CashInput, TillStatus};
use crate::{App, Config};
use chrono::{DateTime, TimeZone, Utc};
use filiale_domain::{Cents, Role};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Blumentopf Terrakotta 14 cm, 2,49 €.
const POT: &str = "GF-10002";

struct Store {
    app: App,
    clock: Arc<AtomicI64>,
    _dir: tempfile::TempDir,
}

impl Store {
    fn new() -> Store {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(AtomicI64::new(
            Utc.with_ymd_and_hms(2026, 3, 14, 8, 0, 0)
                .unwrap()
                .timestamp(),
        ));
        let seen = clock.clone();
        let app = App::open(Config::new(dir.path(), crate::demo::store_config()))
            .unwrap()
            .with_clock(Arc::new(move || {
                DateTime::from_timestamp(seen.load(Ordering::SeqCst), 0).unwrap()
            }));
        app.back_office()
            .import_articles(include_bytes!("../../demo/articles.csv"))
            .unwrap();
        app.staff()
            .set_manager_pin(DEFAULT_MANAGER, "1234", None)
            .unwrap();
        for (name, pin) in [("Kasse", "0000"), ("Lena", "2468")] {
            let manager = ManagerPin {
                manager: DEFAULT_MANAGER,
                pin: "1234",
            };
            app.staff()
                .add(name, Role::Cashier, pin, Some(manager.into()))
                .unwrap();
        }
        Store {
            app,
            clock,
            _dir: dir,
        }
    }

    fn signed_in(&self, name: &str, pin: &str) -> Cashier {
        Cashier::from(&self.app.till_sessions().sign_in(name, pin).unwrap().staff)
    }

    fn status(&self) -> TillStatus {
        self.app.till_sessions().status().unwrap()
    }

    fn pots_in_cart(&self, n: i64) {
        self.app.till().scan(POT, n).unwrap();
    }
}

#[test]
fn the_signed_in_cashier_pays_in_the_open_session_and_the_sale_is_theirs() {
    let store = Store::new();
    let kasse = store.signed_in("Kasse", "0000");
    let till = store.app.till_sessions();
    store.pots_in_cart(2);

    let closed = till.pay_as(&kasse, Tender::Card).unwrap_err();
    assert_eq!(
        closed.code(),
        "till_closed",
        "a closed till is not opened by paying"
    );
    assert!(store.status().session.is_none(), "still closed");
    assert_eq!(
        store.app.till().show().unwrap().cart.lines.len(),
        1,
        "the cart is kept"
    );

    till.open(&kasse, &CashInput::Sum(Cents::new(100_00)))
        .unwrap();
    let sale = till.pay_as(&kasse, Tender::Card).unwrap();
    assert_eq!(sale.total, Cents::new(498));
    let x = till.x_report().unwrap();
    assert_eq!(x.figures.receipts, 1);
    assert_eq!(x.figures.by_cashier[0].cashier, "Kasse");
}

#[test]
fn a_second_cashier_sells_only_after_taking_the_till_over() {
    let store = Store::new();
    let kasse = store.signed_in("Kasse", "0000");
    let lena = store.signed_in("Lena", "2468");
    let till = store.app.till_sessions();
    till.open(&kasse, &CashInput::Sum(Cents::ZERO)).unwrap();
    store.pots_in_cart(1);

    let refused = till.pay_as(&lena, Tender::Card).unwrap_err();
    assert_eq!(refused.code(), "held_by_other");
    assert_eq!(till.x_report().unwrap().figures.receipts, 0, "nothing sold");

    till.take_over(&lena).unwrap();
    till.pay_as(&lena, Tender::Card).unwrap();
    let held = till.pay_as(&kasse, Tender::Card).unwrap_err();
    assert_eq!(
        held.code(),
        "held_by_other",
        "Kasse has handed the till over"
    );
    let x = till.x_report().unwrap();
    assert_eq!(x.figures.by_cashier.len(), 1);
    assert_eq!(x.figures.by_cashier[0].cashier, "Lena");
}

#[test]
fn a_session_left_open_yesterday_refuses_the_sale_until_it_is_closed() {
    let store = Store::new();
    let kasse = store.signed_in("Kasse", "0000");
    let till = store.app.till_sessions();
    till.open(&kasse, &CashInput::Sum(Cents::new(50_00)))
        .unwrap();
    store.clock.fetch_add(24 * 3600, Ordering::SeqCst);
    store.pots_in_cart(1);
    assert!(store.status().unclosed_from_earlier_day, "flagged");
    let stale = till.pay_as(&kasse, Tender::Card).unwrap_err();
    assert_eq!(stale.code(), "till_not_closed_yesterday");

    till.close(&kasse, &CashInput::Sum(Cents::new(50_00)), Cents::ZERO)
        .unwrap();
    till.open(&kasse, &CashInput::Sum(Cents::ZERO)).unwrap();
    till.pay_as(&kasse, Tender::Card).unwrap();
}
