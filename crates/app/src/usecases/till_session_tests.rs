//! Tests of a trading day at the till on a real store file: opening, selling only while open,
//! cash in and out with the manager's limit, the X-report, the closing with its difference booked,
//! gapless Z numbers per till, a session left open overnight, and bad input changing nothing.

// Amounts are written as euros_cents (180_00 is 180,00 €).
#![allow(clippy::inconsistent_digit_grouping)]

use super::*;
use crate::Config;
use crate::dto::{ManagerPin, SaleLineInput};
use crate::usecases::reorder::DEFAULT_MANAGER;
use chrono::TimeZone;
use filiale_domain::{Role, Tender};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Blumentopf Terrakotta 14 cm, 2,49 € at 19 %.
const POT: &str = "GF-10002";

struct Day {
    app: App,
    clock: Arc<AtomicI64>,
    _dir: tempfile::TempDir,
}

impl Day {
    fn new() -> Day {
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
        let summary = app
            .back_office()
            .import_articles(include_bytes!("../../demo/articles.csv"))
            .unwrap();
        assert!(summary.errors.is_empty());
        app.staff()
            .set_manager_pin(DEFAULT_MANAGER, "1234", None)
            .unwrap();
        let manager = ManagerPin {
            manager: DEFAULT_MANAGER,
            pin: "1234",
        };
        app.staff()
            .add("Kasse", Role::Cashier, "0000", Some(manager.into()))
            .unwrap();
        Day {
            app,
            clock,
            _dir: dir,
        }
    }

    fn later(&self, hours: i64) {
        self.clock.fetch_add(hours * 3600, Ordering::SeqCst);
    }

    fn cashier(&self) -> Cashier {
        Cashier::from(
            &self
                .app
                .till_sessions()
                .sign_in("Kasse", "0000")
                .unwrap()
                .staff,
        )
    }

    fn sell(&self, pots: i64, tender: Tender) -> Result<filiale_domain::Sale, UseCaseError> {
        let till = self.app.till();
        let cart = till.build_cart(&[SaleLineInput {
            code: POT.into(),
            quantity: pots,
        }])?;
        till.sell(&cart, tender, None)
    }

    fn books_hold(&self) {
        let difference = self
            .app
            .store
            .read(filiale_store::journal::trial_balance_difference)
            .unwrap();
        assert_eq!(difference, 0, "the journal is balanced");
        assert!(self.app.back_office().audit_verify().unwrap().ok());
    }

    fn cash_account(&self) -> i64 {
        self.app
            .back_office()
            .journal_view(1)
            .unwrap()
            .balances
            .iter()
            .find(|b| b.number == 1000)
            .unwrap()
            .balance_cents
    }
}

fn code(error: UseCaseError) -> &'static str {
    error.code()
}

#[test]
fn a_day_opens_sells_moves_cash_and_closes_with_its_difference_booked() {
    let day = Day::new();
    let kasse = day.cashier();
    let till = day.app.till_sessions();
    let refused = day.sell(1, Tender::Card).unwrap_err();
    assert_eq!(code(refused), "till_closed", "no sale before the opening");

    let float = CashCount::parse("20=5,10=5,2=10,0.50=20").unwrap();
    let session = till.open(&kasse, &CashInput::Count(float)).unwrap();
    assert_eq!(session.float_cents, 100_00 + 50_00 + 20_00 + 10_00);
    assert_eq!(session.business_day, "2026-03-14");
    let again = till.open(&kasse, &CashInput::Sum(Cents::ZERO)).unwrap_err();
    assert_eq!(code(again), "till_already_open");

    let cash = day
        .sell(
            4,
            Tender::Cash {
                tendered: Cents::new(20_00),
            },
        )
        .unwrap(); // 9,96
    let card = day.sell(2, Tender::Card).unwrap(); // 4,98
    till.cash_in(&kasse, CashReason::Wechselgeld, Cents::new(50_00), "")
        .unwrap();
    till.cash_out(
        &kasse,
        CashReason::AusgabeMitBeleg,
        Cents::new(12_50),
        "Beleg 4711",
        None,
    )
    .unwrap();

    let x = till.x_report().unwrap();
    let f = &x.figures;
    assert_eq!(f.receipts, 2);
    assert_eq!(
        (f.first_receipt, f.last_receipt),
        (Some(cash.receipt_no), Some(card.receipt_no))
    );
    assert_eq!(f.turnover_cents, Cents::new(996 + 498));
    assert_eq!(f.turnover_by_vat[0].gross_cents, Cents::new(996 + 498));
    assert_eq!(
        f.cash_expected_cents,
        Cents::new(180_00 + 996 + 50_00 - 12_50)
    );
    assert_eq!(
        till.x_report().unwrap().figures,
        *f,
        "an X-report changes nothing"
    );

    day.later(9);
    let cash_before = day.cash_account();
    let counted = CashInput::Sum(Cents::new(180_00 + 996 + 50_00 - 12_50 - 3_00));
    let closing = till.close(&kasse, &counted, Cents::new(150_00)).unwrap();
    assert_eq!(closing.z_no, 1);
    assert_eq!(closing.difference_cents, -3_00, "three euros short");
    assert_eq!(closing.expected_cents, f.cash_expected_cents.get());
    assert_eq!(
        day.cash_account() - cash_before,
        -3_00,
        "the shortfall leaves 1000 Kasse"
    );
    day.books_hold();

    let twice = till.close(&kasse, &counted, Cents::ZERO).unwrap_err();
    assert_eq!(code(twice), "till_closed", "a second closing is refused");
    let after = day.sell(1, Tender::Card).unwrap_err();
    assert_eq!(code(after), "till_closed", "no sale after the closing");
    assert_eq!(till.status().unwrap().float_left_cents, Some(150_00));
}

#[test]
fn cash_out_above_the_limit_needs_a_manager_and_never_more_than_the_drawer() {
    let day = Day::new();
    let kasse = day.cashier();
    let till = day.app.till_sessions();
    till.open(&kasse, &CashInput::Sum(Cents::new(100_00)))
        .unwrap();
    till.cash_in(&kasse, CashReason::Einlage, Cents::new(400_00), "")
        .unwrap();
    let events = day.app.outbox().status().unwrap().pending;

    let big = Cents::new(300_00);
    let refused = till
        .cash_out(&kasse, CashReason::Bankeinzahlung, big, "", None)
        .unwrap_err();
    assert_eq!(code(refused), "needs_manager");
    let wrong = ManagerPin {
        manager: DEFAULT_MANAGER,
        pin: "9999",
    };
    let refused = till
        .cash_out(
            &kasse,
            CashReason::Bankeinzahlung,
            big,
            "",
            Some(wrong.into()),
        )
        .unwrap_err();
    assert_eq!(code(refused), "wrong_pin");
    let beyond = till
        .cash_out(
            &kasse,
            CashReason::Privatentnahme,
            Cents::new(500_01),
            "",
            None,
        )
        .unwrap_err();
    assert_eq!(code(beyond), "beyond_drawer");
    let wrong_way = till
        .cash_out(&kasse, CashReason::Einlage, Cents::new(1_00), "", None)
        .unwrap_err();
    assert_eq!(code(wrong_way), "invalid_reason");
    let zero = till
        .cash_in(&kasse, CashReason::Wechselgeld, Cents::ZERO, "")
        .unwrap_err();
    assert_eq!(code(zero), "invalid_amount");
    assert_eq!(
        day.app.outbox().status().unwrap().pending,
        events,
        "refusals wrote no event"
    );

    let right = ManagerPin {
        manager: DEFAULT_MANAGER,
        pin: "1234",
    };
    let out = till
        .cash_out(
            &kasse,
            CashReason::Bankeinzahlung,
            big,
            "Safebag 12",
            Some(right.into()),
        )
        .unwrap();
    assert_eq!(out.approved_by.as_deref(), Some(DEFAULT_MANAGER));
    assert_eq!(out.cash_expected_cents, Cents::new(200_00));
    day.books_hold();
}

#[test]
fn a_till_left_open_overnight_must_be_closed_first_and_z_numbers_run_per_till() {
    let day = Day::new();
    let kasse = day.cashier();
    let one = day.app.till_sessions_at("kasse-1").unwrap();
    let two = day.app.till_sessions_at("kasse-2").unwrap();
    assert_eq!(
        code(day.app.till_sessions_at("kasse-9").unwrap_err()),
        "unknown_till"
    );
    one.open(&kasse, &CashInput::Sum(Cents::new(50_00)))
        .unwrap();
    two.open(&kasse, &CashInput::Sum(Cents::ZERO)).unwrap();
    two.close(&kasse, &CashInput::Sum(Cents::ZERO), Cents::ZERO)
        .unwrap();
    day.sell(
        1,
        Tender::Cash {
            tendered: Cents::new(2_49),
        },
    )
    .unwrap();

    day.later(24);
    let status = one.sign_in("Kasse", "0000").unwrap().status;
    assert!(status.unclosed_from_earlier_day, "flagged at sign-in");
    assert_eq!(
        code(day.sell(1, Tender::Card).unwrap_err()),
        "till_not_closed_yesterday"
    );
    let reopened = one.open(&kasse, &CashInput::Sum(Cents::ZERO)).unwrap_err();
    assert_eq!(code(reopened), "till_not_closed_yesterday");

    let closing = one
        .close(
            &kasse,
            &CashInput::Sum(Cents::new(52_49)),
            Cents::new(52_49),
        )
        .unwrap();
    assert_eq!((closing.z_no, closing.difference_cents), (1, 0));
    assert_eq!(closing.business_day, "2026-03-14", "the day it was opened");
    one.open(&kasse, &CashInput::Sum(Cents::new(52_49)))
        .unwrap();
    let next = one
        .close(&kasse, &CashInput::Sum(Cents::new(52_50)), Cents::ZERO)
        .unwrap();
    assert_eq!((next.z_no, next.difference_cents), (2, 1), "one cent over");
    two.open(&kasse, &CashInput::Sum(Cents::ZERO)).unwrap();
    let z = two
        .close(&kasse, &CashInput::Sum(Cents::ZERO), Cents::ZERO)
        .unwrap();
    assert_eq!(z.z_no, 2, "kasse-2 counts its own closings");
    day.books_hold();
}

#[test]
fn bad_counts_and_floats_change_nothing() {
    let day = Day::new();
    let kasse = day.cashier();
    let till = day.app.till_sessions();
    let negative = till
        .open(&kasse, &CashInput::Sum(Cents::new(-1)))
        .unwrap_err();
    assert_eq!(code(negative), "invalid_amount");
    assert!(till.status().unwrap().session.is_none());
    till.open(&kasse, &CashInput::Sum(Cents::new(10_00)))
        .unwrap();
    let too_much = till
        .close(
            &kasse,
            &CashInput::Sum(Cents::new(10_00)),
            Cents::new(10_01),
        )
        .unwrap_err();
    assert_eq!(code(too_much), "float_above_counted");
    assert!(till.status().unwrap().session.is_some(), "still open");
    assert!(till.closings(10).unwrap().is_empty());
    let wrong_pin = till.sign_in("Kasse", "1111").unwrap_err();
    assert_eq!(code(wrong_pin), "wrong_pin");
}
