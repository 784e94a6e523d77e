//! Manager PINs: argon2 hashes in SQLite, wrong PINs counted, lockout after five.

use chrono::Duration;
use filiale_workflow::pins::{LOCKOUT, MAX_FAILED_ATTEMPTS};
use filiale_workflow::{ManagerPins, PinError};

use crate::helpers::morning;

#[test]
fn wrong_pins_count_down_then_lock_out_even_the_right_pin() {
    let dir = tempfile::tempdir().unwrap();
    let pins = ManagerPins::open(&dir.path().join("pins.db")).unwrap();
    let t0 = morning();
    pins.set_pin("Frau Krüger", "1234", t0).unwrap();

    let ok = pins.verify("Frau Krüger", "1234", t0).unwrap();
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
    // A second connection sees the same lockout: it is stored, not held in memory.
    let other = ManagerPins::open(&dir.path().join("pins.db")).unwrap();
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
    let pins = ManagerPins::open(&path).unwrap();
    pins.set_pin("Herr Yilmaz", "482913", morning()).unwrap();
    let stored: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT pin_hash FROM workflow_manager_pins", [], |r| {
            r.get(0)
        })
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
        pins.set_pin(" ", "1234", morning()),
        Err(PinError::InvalidManager)
    ));
    assert!(
        pins.verify("Herr Yilmaz", "482913", morning()).is_ok(),
        "old PIN still valid"
    );
    assert!(matches!(
        pins.verify("Niemand", "1234", morning()),
        Err(PinError::UnknownManager(_))
    ));
}
