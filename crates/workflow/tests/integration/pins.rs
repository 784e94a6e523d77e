//! Staff PINs: argon2 hashes in the store's database, wrong PINs counted, lockout after five, roles.

use chrono::Duration;
use filiale_domain::Role;
use filiale_workflow::PinError;
use filiale_workflow::pins::{LOCKOUT, MAX_FAILED_ATTEMPTS};

use crate::helpers::morning;
use crate::store_backed::pins_at;

#[test]
fn wrong_pins_count_down_then_lock_out_even_the_right_pin() {
    let dir = tempfile::tempdir().unwrap();
    let pins = pins_at(&dir.path().join("pins.db"));
    let t0 = morning();
    pins.add("Frau Krüger", Role::Manager, "1234", t0).unwrap();

    let ok = pins.verify_manager("Frau Krüger", "1234", t0).unwrap();
    assert_eq!(ok.name(), "Frau Krüger");
    assert_eq!(ok.verified_at(), t0);

    for remaining in (1..MAX_FAILED_ATTEMPTS).rev() {
        match pins.verify("Frau Krüger", "9999", t0) {
            Err(PinError::WrongPin { remaining: r }) => assert_eq!(r, remaining),
            other => panic!("expected WrongPin, got {other:?}"),
        }
    }
    assert!(matches!(
        pins.verify("Frau Krüger", "9999", t0),
        Err(PinError::LockedOut { .. })
    ));
    match pins.verify("Frau Krüger", "1234", t0 + Duration::minutes(5)) {
        Err(PinError::LockedOut { until }) => assert_eq!(until, t0 + LOCKOUT),
        other => panic!("the right PIN must not open a lockout: {other:?}"),
    }
    let listed = pins.member("Frau Krüger").unwrap().unwrap();
    assert_eq!(listed.failed_attempts, MAX_FAILED_ATTEMPTS);
    assert_eq!(listed.locked_until, Some(t0 + LOCKOUT));
    // A second connection sees the same lockout: it is stored, not held in memory.
    let other = pins_at(&dir.path().join("pins.db"));
    assert!(matches!(
        other.verify("Frau Krüger", "1234", t0),
        Err(PinError::LockedOut { .. })
    ));

    let later = t0 + LOCKOUT + Duration::seconds(1);
    assert!(pins.verify("Frau Krüger", "1234", later).is_ok());
    assert!(matches!(
        pins.verify("Frau Krüger", "0000", later),
        Err(PinError::WrongPin { remaining: 4 })
    ));
}

#[test]
fn pins_are_stored_as_argon2_hashes_and_bad_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pins.db");
    let pins = pins_at(&path);
    pins.add("Herr Yilmaz", Role::Manager, "482913", morning())
        .unwrap();
    let stored: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT pin_hash FROM staff", [], |r| r.get(0))
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(!stored.contains("482913"));

    assert!(matches!(
        pins.set_pin("Herr Yilmaz", "12a4", morning()),
        Err(PinError::InvalidPin)
    ));
    assert!(matches!(
        pins.set_pin("Herr Yilmaz", "12", morning()),
        Err(PinError::InvalidPin)
    ));
    assert!(matches!(
        pins.add(" ", Role::Cashier, "1234", morning()),
        Err(PinError::InvalidName)
    ));
    assert!(matches!(
        pins.add("Herr Yilmaz", Role::Cashier, "5555", morning()),
        Err(PinError::AlreadyEnrolled(_))
    ));
    assert!(
        pins.verify("Herr Yilmaz", "482913", morning()).is_ok(),
        "old PIN still valid, role unchanged"
    );
    assert!(matches!(
        pins.verify("Niemand", "1234", morning()),
        Err(PinError::UnknownStaff(_))
    ));
    assert!(matches!(
        pins.set_pin("Niemand", "1234", morning()),
        Err(PinError::UnknownStaff(_))
    ));
}

#[test]
fn a_cashier_with_the_right_pin_is_still_not_a_manager() {
    let dir = tempfile::tempdir().unwrap();
    let pins = pins_at(&dir.path().join("pins.db"));
    let t0 = morning();
    pins.add("Lena", Role::Cashier, "2468", t0).unwrap();
    let lena = pins.verify("Lena", "2468", t0).unwrap();
    assert_eq!(lena.role(), Role::Cashier);
    assert!(matches!(
        pins.verify_manager("Lena", "2468", t0),
        Err(PinError::NotAManager(name)) if name == "Lena"
    ));
    pins.set_role("Lena", Role::Manager, t0).unwrap();
    assert!(pins.verify_manager("Lena", "2468", t0).is_ok());
    pins.enroll("Lena", Role::Cashier, "1357", t0).unwrap();
    assert_eq!(
        pins.verify("Lena", "1357", t0).unwrap().role(),
        Role::Manager,
        "enroll changes the PIN of someone listed, not the role"
    );
    let names: Vec<String> = pins.list().unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["Lena"]);
}

/// The median time of five runs of `check`.
fn median_time(check: &dyn Fn()) -> std::time::Duration {
    let mut times: Vec<_> = (0..5)
        .map(|_| {
            let start = std::time::Instant::now();
            check();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[2]
}

#[test]
fn an_unknown_name_costs_as_much_as_checking_a_pin_so_names_cannot_be_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let pins = pins_at(&dir.path().join("pins.db"));
    let t0 = morning();
    pins.add("Lena", Role::Cashier, "2468", t0).unwrap();
    let known = median_time(&|| {
        pins.verify("Lena", "2468", t0).unwrap();
    });
    let unknown = median_time(&|| {
        assert!(matches!(
            pins.verify("Niemand", "2468", t0),
            Err(PinError::UnknownStaff(_))
        ));
    });
    // Without the decoy check an unknown name answers a thousand times faster than a PIN check;
    // with it both cost one argon2 verification. A third leaves room for a noisy machine.
    assert!(
        unknown * 3 >= known,
        "unknown name answered in {unknown:?}, a PIN check takes {known:?}"
    );
}
