//! A staff change and its audit entry are one transaction: when the audit entry cannot be written
//! (a failpoint between the two), neither the change nor the entry remains. Its own test binary,
//! because failpoints are armed for the whole process.

use std::sync::{Arc, Mutex};

use chrono::DateTime;
use filiale_app::store_bridge::STAFF_BEFORE_AUDIT;
use filiale_app::{App, Config};
use filiale_domain::{ManagerAction, Role};
use filiale_store::audit::{Entry, Filter};

/// The tests of this binary run one at a time: an armed failpoint must meet only its own test.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn open_app(dir: &std::path::Path) -> App {
    let mut config = Config::load(dir).unwrap();
    config.store.store_id = "test".into();
    App::open(config).unwrap().with_clock(Arc::new(|| {
        DateTime::from_timestamp(1_775_000_000, 0).unwrap()
    }))
}

fn audit_actions(app: &App) -> Vec<String> {
    let filter = Filter {
        limit: 100,
        ..Filter::default()
    };
    app.back_office()
        .audit_log(&filter)
        .unwrap()
        .into_iter()
        .map(|e: Entry| format!("{} {}", e.action, e.subject))
        .collect()
}

#[test]
fn a_staff_change_whose_audit_entry_fails_leaves_neither_behind() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());

    // The first manager: the audit entry fails, so the manager is not on the list either.
    filiale_failpoint::set(STAFF_BEFORE_AUDIT, "error").unwrap();
    let refused = app
        .staff()
        .add("Frau Krüger", Role::Manager, "739153", None);
    filiale_failpoint::clear();
    assert!(refused.is_err(), "the failpoint did not fire");
    assert!(app.staff().list().unwrap().is_empty());
    assert!(audit_actions(&app).is_empty(), "{:?}", audit_actions(&app));

    // Without the failpoint the same change goes through, with its entry.
    app.staff()
        .add("Frau Krüger", Role::Manager, "739153", None)
        .unwrap();
    assert_eq!(audit_actions(&app), ["staff.add Frau Krüger"]);

    let approval = |staff: &str| {
        app.staff()
            .authorize_manager(
                "Frau Krüger",
                "739153",
                ManagerAction::StaffChange {
                    staff: staff.into(),
                },
            )
            .unwrap()
    };
    app.staff()
        .add(
            "Lena",
            Role::Cashier,
            "246813",
            Some((&approval("Lena")).into()),
        )
        .unwrap();
    let before = audit_actions(&app);

    // A role change and a PIN reset whose entries fail change nothing.
    let grant = approval("Lena");
    let after_grant = audit_actions(&app);
    filiale_failpoint::set(STAFF_BEFORE_AUDIT, "error").unwrap();
    let role = app.staff().set_role("Lena", Role::Manager, (&grant).into());
    let pin = app.staff().reset_pin("Lena", "135791", (&grant).into());
    filiale_failpoint::clear();
    assert!(role.is_err() && pin.is_err());
    let lena = app
        .staff()
        .list()
        .unwrap()
        .into_iter()
        .find(|m| m.name == "Lena")
        .unwrap();
    assert_eq!(lena.role, Role::Cashier);
    assert!(
        app.staff().log_in("Lena", "246813").is_ok(),
        "the old PIN still holds"
    );
    assert!(
        app.staff().log_in("Lena", "135791").is_err(),
        "the new PIN was not kept"
    );
    let after = audit_actions(&app);
    assert_eq!(after_grant.len(), before.len() + 1, "the grant is audited");
    assert_eq!(
        &after[..after_grant.len()],
        &after_grant[..],
        "no staff entry was written: {after:?}"
    );
    assert!(
        !after.iter().any(|a| a.starts_with("staff.set_")),
        "{after:?}"
    );
}

#[test]
fn a_wrong_pin_counts_and_is_audited_together() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    app.staff()
        .add("Frau Krüger", Role::Manager, "739153", None)
        .unwrap();
    assert!(app.staff().log_in("Frau Krüger", "000000").is_err());
    let member = app.staff().list().unwrap().remove(0);
    assert_eq!(member.failed_attempts, 1);
    let denied: Vec<Entry> = app
        .back_office()
        .audit_log(&Filter {
            action: Some("staff.login".into()),
            limit: 10,
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[0].outcome, "denied");
}
