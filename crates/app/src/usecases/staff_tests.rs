//! Tests of staff changes and refunds approved with a manager's PIN, as the windows send them.

use super::*;
use crate::Config;
use crate::dto::SaleLineInput;
use crate::dto::{AuditFilter, RefundLineInput};
use filiale_domain::Tender;

const BOSS: ManagerPin<'static> = ManagerPin {
    manager: "Frau Krüger",
    pin: "739153",
};

fn refund_line(sku: &str, quantity: i64) -> RefundLineInput {
    RefundLineInput {
        sku: sku.into(),
        quantity,
    }
}

fn store() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(Config::load(dir.path()).unwrap()).unwrap();
    app.staff()
        .add(
            "Frau Krüger",
            parse_role("Filialleitung").unwrap(),
            "739153",
            None,
        )
        .unwrap();
    (dir, app)
}

fn sold(app: &App) -> i64 {
    app.back_office()
        .import_articles(b"sku;name;price;vat_rate;stock\nA-1;Rechen;9,99;19;5\n")
        .unwrap();
    let cart = app
        .till()
        .build_cart(&[SaleLineInput {
            code: "A-1".into(),
            quantity: 3,
        }])
        .unwrap();
    app.till()
        .sell(&cart, Tender::Card, None)
        .unwrap()
        .receipt_no
}

#[test]
fn a_refund_needs_the_right_pin_and_refuses_more_than_is_left() {
    let (_dir, app) = store();
    let receipt = sold(&app);
    let two = [refund_line("A-1", 2)];
    let wrong = ManagerPin {
        manager: BOSS.manager,
        pin: "000000",
    };
    let refused = app
        .back_office()
        .refund(receipt, Some(&two), "", wrong.into())
        .unwrap_err();
    assert_eq!(refused.code(), "wrong_pin");
    assert!(app.back_office().refunds_of(receipt).unwrap().is_empty());

    let bad_sku = [refund_line("not a sku!", 1)];
    let bad = app
        .back_office()
        .refund(receipt, Some(&bad_sku), "", BOSS.into())
        .unwrap_err();
    assert_eq!(bad.code(), "invalid_input");
    let none = app
        .back_office()
        .refund(receipt, Some(&[]), "", BOSS.into())
        .unwrap_err();
    assert_eq!(none.code(), "invalid_input");

    let refund = app
        .back_office()
        .refund(receipt, Some(&two), "Ware defekt", BOSS.into())
        .unwrap();
    assert_eq!(refund.total.get(), 1998);
    let too_many = app
        .back_office()
        .refund(receipt, Some(&two), "", BOSS.into())
        .unwrap_err();
    assert_eq!(too_many.code(), "refund_refused");

    let rest = app
        .back_office()
        .refund(receipt, None, "Rest", BOSS.into())
        .unwrap();
    assert_eq!(rest.total.get(), 999);
    assert_eq!(
        app.back_office().refundable_receipt(receipt).unwrap().lines[0].remaining,
        0
    );
    let check = app.back_office().chain_check().unwrap();
    assert!(check.ok, "{:?}", check.problem_text);
    assert!(check.links > 0);
}

#[test]
fn staff_changes_go_through_a_managers_pin_and_the_audit_log() {
    let (_dir, app) = store();
    let without = app
        .staff()
        .add("Lena", parse_role("Kasse").unwrap(), "246813", None)
        .unwrap_err();
    assert_eq!(without.code(), "denied");
    app.staff()
        .add(
            "Lena",
            parse_role("Kasse").unwrap(),
            "246813",
            Some(BOSS.into()),
        )
        .unwrap();
    let bad_role = parse_role("Chef").unwrap_err();
    assert_eq!(bad_role.code(), "invalid_input");

    for _ in 0..5 {
        let _ = app.log_in("Lena", "000000");
    }
    let lena = |app: &App| {
        app.staff()
            .rows()
            .unwrap()
            .into_iter()
            .find(|r| r.member.name == "Lena")
            .unwrap()
    };
    assert!(lena(&app).locked, "five wrong PINs lock Lena out");
    app.staff()
        .reset_pin("Lena", "112233", BOSS.into())
        .unwrap();
    assert!(!lena(&app).locked, "a new PIN lifts the lockout");
    app.log_in("Lena", "112233").unwrap();

    let last = app
        .staff()
        .set_role("Frau Krüger", parse_role("cashier").unwrap(), BOSS.into())
        .unwrap_err();
    assert_eq!(last.code(), "denied", "the only manager stays a manager");
    app.staff()
        .set_role("Lena", parse_role("manager").unwrap(), BOSS.into())
        .unwrap();
    assert_eq!(lena(&app).member.role, Role::Manager);

    let log = app
        .back_office()
        .audit_log(&AuditFilter {
            actor: None,
            action: Some("staff".into()),
            limit: 100,
        })
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"staff.set_pin"), "{actions:?}");
    assert!(actions.contains(&"staff.set_role"), "{actions:?}");
    let everything = app
        .back_office()
        .audit_log(&AuditFilter {
            limit: 1000,
            ..AuditFilter::default()
        })
        .unwrap()
        .iter()
        .map(|e| format!("{} {} {}", e.subject, e.actor, e.details))
        .collect::<String>();
    for pin in ["246813", "112233", "739153"] {
        assert!(!everything.contains(pin), "no PIN in the audit log");
    }
}
