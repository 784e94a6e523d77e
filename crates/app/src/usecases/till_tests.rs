//! Tests of the till's use cases on a real store file: line discounts and the manager PIN,
//! the article search at the till.

use super::*;
use crate::Config;
use crate::usecases::reorder::DEFAULT_MANAGER;
use chrono::{TimeZone, Utc};
use std::sync::Arc;

/// Blumentopf Terrakotta 14 cm, 2,49 € — four of them make a 9,96 € line.
const POT: &str = "GF-10002";

fn app_with_pot_in_cart(dir: &std::path::Path) -> App {
    let config = Config::new(dir, crate::demo::store_config());
    let now = Utc.with_ymd_and_hms(2025, 3, 14, 9, 0, 0).unwrap();
    let app = App::open(config).unwrap().with_clock(Arc::new(move || now));
    let summary = app
        .back_office()
        .import_articles(include_bytes!("../../demo/articles.csv"))
        .unwrap();
    assert!(summary.errors.is_empty());
    app.staff()
        .set_manager_pin(DEFAULT_MANAGER, "1234")
        .unwrap();
    let approval = app
        .staff()
        .authorize_manager(
            DEFAULT_MANAGER,
            "1234",
            filiale_domain::ManagerAction::StaffChange {
                staff: "Kasse".into(),
            },
        )
        .unwrap();
    app.staff()
        .add(
            "Kasse",
            filiale_domain::Role::Cashier,
            "0000",
            Some((&approval).into()),
        )
        .unwrap();
    app.till().scan(POT, 4).unwrap();
    app
}

fn pot_line_total(app: &App) -> i64 {
    let till = app.till().show().unwrap();
    till.cart
        .lines
        .iter()
        .find(|l| l.sku == POT)
        .unwrap()
        .line_total_cents
}

#[test]
fn the_cashier_gives_up_to_ten_percent_alone() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_pot_in_cart(dir.path());
    // 10 % of 9,96 € is 99,6 ct: 99 ct is allowed, 1,00 € is not.
    let view = app.till().discount_line(POT, 99).unwrap();
    assert_eq!(view.cart.total_cents, 996 - 99);
    let refused = app.till().discount_line(POT, 100).unwrap_err();
    assert_eq!(refused.code(), "needs_manager");
    assert!(refused.to_string().contains("store manager"), "{refused}");
    assert_eq!(
        pot_line_total(&app),
        996 - 99,
        "a refused discount changes nothing"
    );
}

#[test]
fn a_larger_discount_needs_the_right_manager_pin_and_wrong_pins_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_pot_in_cart(dir.path());
    let before = app.till().show().unwrap().version;

    let cases: &[(&str, &str, &str)] = &[
        (DEFAULT_MANAGER, "9999", "wrong_pin"),
        ("Niemand", "1234", "unknown_manager"),
        ("Kasse", "0000", "not_a_manager"),
        (DEFAULT_MANAGER, "12345", "wrong_pin"),
    ];
    for (manager, pin, code) in cases {
        let refused = app
            .till()
            .discount_line_with_pin(POT, 300, manager, pin)
            .unwrap_err();
        assert_eq!(refused.code(), *code, "{manager}/{pin}: {refused}");
        assert_eq!(pot_line_total(&app), 996);
        assert_eq!(
            app.till().show().unwrap().version,
            before,
            "the till was not saved"
        );
    }
    let wrong = app
        .till()
        .discount_line_with_pin(POT, 300, DEFAULT_MANAGER, "1111")
        .unwrap_err();
    assert!(
        wrong
            .to_string()
            .starts_with("wrong PIN for Filialleitung; 2 attempts left"),
        "{wrong}"
    );

    let view = app
        .till()
        .discount_line_with_pin(POT, 300, DEFAULT_MANAGER, "1234")
        .unwrap();
    let line = view.cart.lines.iter().find(|l| l.sku == POT).unwrap();
    assert_eq!(line.line_total_cents, 696);
    assert_eq!(view.cart.total_cents, 696);
}

#[test]
fn five_wrong_pins_lock_the_manager_out_even_with_the_right_pin() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_pot_in_cart(dir.path());
    for _ in 0..4 {
        let e = app
            .till()
            .discount_line_with_pin(POT, 500, DEFAULT_MANAGER, "0000")
            .unwrap_err();
        assert_eq!(e.code(), "wrong_pin");
    }
    let locked = app
        .till()
        .discount_line_with_pin(POT, 500, DEFAULT_MANAGER, "0000")
        .unwrap_err();
    assert_eq!(locked.code(), "locked_out");
    let still = app
        .till()
        .discount_line_with_pin(POT, 500, DEFAULT_MANAGER, "1234")
        .unwrap_err();
    assert_eq!(still.code(), "locked_out");
    assert!(
        still
            .to_string()
            .contains("is locked out after too many wrong PINs until"),
        "{still}"
    );
    assert_eq!(pot_line_total(&app), 996);
}

#[test]
fn bad_discounts_are_refused_before_any_pin_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_pot_in_cart(dir.path());
    let cases: &[(&str, i64, &str)] = &[
        (POT, -1, "invalid_input"),
        (POT, 997, "invalid_input"),
        ("GF-10001", 10, "invalid_input"),
        ("kein sku", 10, "invalid_input"),
    ];
    for (sku, cents, code) in cases {
        let e = app
            .till()
            .discount_line_with_pin(sku, *cents, DEFAULT_MANAGER, "1234")
            .unwrap_err();
        assert_eq!(e.code(), *code, "{sku} {cents}: {e}");
    }
    assert_eq!(pot_line_total(&app), 996);
}

#[test]
fn the_till_search_puts_the_exact_code_first_and_reads_current_stock() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_pot_in_cart(dir.path());
    let by_ean = app.till().search("4301745100021", 5).unwrap();
    assert_eq!(by_ean.articles[0].article.sku.as_str(), POT);
    let by_name = app.till().search("terrakotta topf", 5).unwrap();
    assert!(
        by_name
            .articles
            .iter()
            .any(|a| a.article.sku.as_str() == POT),
        "{:?}",
        by_name
            .articles
            .iter()
            .map(|a| &a.article.name)
            .collect::<Vec<_>>()
    );
    assert!(["hybrid", "lexical"].contains(&by_name.mode));
    assert!(by_name.articles.len() <= 5);
    let too_long = app.till().search(&"x".repeat(201), 5).unwrap_err();
    assert_eq!(too_long.code(), "invalid_input");
    assert!(app.till().search("  ", 5).unwrap().articles.is_empty());
}
