//! The authorisation API on a real store file: typed refusals, approvals bound to one action, the
//! audit log filled with every attempt.

use super::*;
use crate::dto::SaleLineInput;
use crate::{App, Config};
use filiale_domain::{Cents, Role, Tender};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

struct TestApp {
    _dir: tempfile::TempDir,
    app: App,
    seconds: Arc<AtomicI64>,
}

fn test_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::config::StoreConfig {
        store_id: "test".into(),
        ..Default::default()
    };
    store.till.id = "kasse-3".into();
    let config = Config::new(dir.path(), store);
    let seconds = Arc::new(AtomicI64::new(1_775_000_000));
    let clock = seconds.clone();
    let app = App::open(config).unwrap().with_clock(Arc::new(move || {
        DateTime::from_timestamp(clock.load(Ordering::SeqCst), 0).unwrap()
    }));
    app.staff()
        .add("Frau Krüger", Role::Manager, "739153", None)
        .unwrap();
    let approval = app
        .staff()
        .authorize_manager(
            "Frau Krüger",
            "739153",
            ManagerAction::StaffChange {
                staff: "Lena".into(),
            },
        )
        .unwrap();
    app.staff()
        .add("Lena", Role::Cashier, "246813", Some((&approval).into()))
        .unwrap();
    TestApp {
        _dir: dir,
        app,
        seconds,
    }
}

fn refusal(result: Result<ManagerApproval, UseCaseError>) -> AuthorizationError {
    match result {
        Err(UseCaseError::Authorization(e)) => e,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn approvals_are_typed_bound_to_one_action_and_audited() {
    let t = test_app();
    let app = &t.app;
    let discount = ManagerAction::Discount {
        sku: "A-1".into(),
        line_total_cents: Cents::new(1000),
        discount_cents: Cents::new(300),
    };
    let approval = app
        .staff()
        .authorize_manager("Frau Krüger", "739153", discount.clone())
        .unwrap();
    assert_eq!(approval.manager(), "Frau Krüger");
    assert_eq!(approval.terminal(), "kasse-3");
    assert!(approval.require(&discount).is_ok());
    let other = ManagerAction::Void { receipt_no: 1 };
    assert_eq!(
        approval.require(&other).unwrap_err().code(),
        "wrong_approval"
    );

    let cases: [(&str, &str, &str); 3] = [
        ("Frau Krüger", "000000", "wrong_pin"),
        ("Lena", "246813", "not_a_manager"),
        ("Niemand", "1234", "unknown_manager"),
    ];
    for (name, pin, code) in cases {
        let error = refusal(app.authorize_manager(name, pin, discount.clone()));
        assert_eq!(error.code(), code, "{name}");
        assert_eq!(UseCaseError::from(error).code(), code);
    }
    for _ in 0..3 {
        refusal(app.authorize_manager("Frau Krüger", "000000", discount.clone()));
    }
    let locked = refusal(app.authorize_manager("Frau Krüger", "000000", discount.clone()));
    assert!(
        matches!(locked, AuthorizationError::LockedOut { .. }),
        "{locked:?}"
    );
    let still = refusal(app.authorize_manager("Frau Krüger", "739153", discount.clone()));
    assert_eq!(
        still.code(),
        "locked_out",
        "the right PIN waits out the lockout"
    );

    let log = app
        .back_office()
        .audit_log(&filiale_store::audit::Filter {
            action: Some("authorization".into()),
            ..Default::default()
        })
        .unwrap();
    let outcomes: Vec<(&str, &str)> = log
        .iter()
        .map(|e| {
            (
                e.action.as_str(),
                e.details["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("authorization.grant", ""), // Lena added
            ("authorization.grant", ""), // the discount
            ("authorization.deny", "wrong_pin"),
            ("authorization.deny", "not_a_manager"),
            ("authorization.deny", "unknown_manager"),
            ("authorization.deny", "wrong_pin"),
            ("authorization.deny", "wrong_pin"),
            ("authorization.deny", "wrong_pin"),
            ("authorization.deny", "locked_out"),
            ("authorization.deny", "locked_out"),
        ]
    );
    assert_eq!(log[1].details["discount_cents"], 300);
    assert!(log.iter().all(|e| e.terminal == "kasse-3"));
}

#[test]
fn a_refund_needs_a_fresh_approval_for_its_own_receipt() {
    let t = test_app();
    let app = &t.app;
    let summary = app
        .back_office()
        .import_articles(b"sku;name;price;vat_rate;stock\nA-1;Rechen;9,99;19;5\n")
        .unwrap();
    assert!(summary.errors.is_empty());
    let cart = app
        .till()
        .build_cart(&[SaleLineInput {
            code: "A-1".into(),
            quantity: 2,
        }])
        .unwrap();
    crate::usecases::till_script::ready_to_sell(app);
    for _ in 0..2 {
        app.till().sell(&cart, Tender::Card, None).unwrap();
    }
    let for_receipt_2 = app
        .staff()
        .authorize_manager(
            "Frau Krüger",
            "739153",
            ManagerAction::Void { receipt_no: 2 },
        )
        .unwrap();
    let wrong = app
        .back_office()
        .refund_with_approval(1, None, "", &for_receipt_2)
        .unwrap_err();
    assert_eq!(wrong.code(), "wrong_approval");

    t.seconds.fetch_add(6 * 60, Ordering::SeqCst);
    let stale = app
        .back_office()
        .refund_with_approval(2, None, "", &for_receipt_2)
        .unwrap_err();
    assert!(
        matches!(
            stale,
            UseCaseError::Refused(crate::ErrorCode::ApprovalStale { .. })
        ),
        "{stale:?}"
    );

    let fresh = app
        .staff()
        .authorize_manager(
            "Frau Krüger",
            "739153",
            ManagerAction::Void { receipt_no: 2 },
        )
        .unwrap();
    let refund = app
        .back_office()
        .refund_with_approval(2, None, "Doppelt gebucht", &fresh)
        .unwrap();
    assert_eq!(refund.total, Cents::new(1998));
    assert_eq!(app.back_office().refunds_of(2).unwrap().len(), 1);
    assert!(app.back_office().refunds_of(1).unwrap().is_empty());
    assert!(app.back_office().audit_verify().unwrap().ok());
}
