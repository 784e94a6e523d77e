//! Alarms: a TSE whose stored state went backwards or was changed refuses to open, and says so in
//! German and English. An interrupted append is not an alarm.

use filiale_tse::{
    ClientId, Counter, ProcessType, Refusal, SoftwareTse, SoftwareTseOptions, Tse, TseError,
};
use std::path::Path;

/// A TSE folder with three finished receipts (six signatures, three transactions).
fn used_tse(dir: &Path) {
    let tse = SoftwareTse::open(dir, SoftwareTseOptions::default()).unwrap();
    let kasse = ClientId::new("kasse-1").unwrap();
    tse.register_client(&kasse).unwrap();
    for _ in 0..3 {
        let start = tse
            .start_transaction(&kasse, ProcessType::Kassenbeleg, "")
            .unwrap();
        tse.finish_transaction(
            &kasse,
            start.transaction_number,
            ProcessType::Kassenbeleg,
            "",
        )
        .unwrap();
    }
}

fn write_counters(dir: &Path, signature: u64, transaction: u64) {
    std::fs::write(
        dir.join("counters"),
        format!("filiale-tse counters 1\nsignature_counter={signature}\ntransaction_number={transaction}\n"),
    )
    .unwrap();
}

fn open_error(dir: &Path) -> TseError {
    SoftwareTse::open(dir, SoftwareTseOptions::default())
        .err()
        .expect("the TSE must refuse")
}

#[test]
fn a_signature_counter_that_went_backwards_is_an_alarm() {
    let dir = tempfile::tempdir().unwrap();
    used_tse(dir.path());
    write_counters(dir.path(), 4, 3);

    let error = open_error(dir.path());
    assert_eq!(
        error,
        TseError::Refused(Refusal::CounterWentBackwards {
            counter: Counter::Signature,
            stored: 4,
            already_used: 6,
        })
    );
    assert!(error.is_refused());
    assert_eq!(
        error.message_de(),
        "ALARM: Signaturzähler der TSE ist zurückgegangen (gespeichert 4, bereits vergeben 6); \
         die TSE signiert nicht mehr"
    );
    assert_eq!(
        error.message_en(),
        "ALARM: the TSE's signature counter went backwards (stored 4, already used 6); \
         the TSE no longer signs"
    );
    assert_eq!(
        error.to_string(),
        format!("{} / {}", error.message_de(), error.message_en())
    );

    // The alarm stays until the state is right again; nothing was changed by the refusal.
    assert_eq!(open_error(dir.path()), error);
    write_counters(dir.path(), 6, 3);
    let tse = SoftwareTse::open(dir.path(), SoftwareTseOptions::default()).unwrap();
    let kasse = ClientId::new("kasse-1").unwrap();
    let start = tse
        .start_transaction(&kasse, ProcessType::Kassenbeleg, "")
        .unwrap();
    assert_eq!((start.signature_counter, start.transaction_number), (7, 4));
}

#[test]
fn a_transaction_number_that_went_backwards_is_an_alarm() {
    let dir = tempfile::tempdir().unwrap();
    used_tse(dir.path());
    write_counters(dir.path(), 6, 1);
    let error = open_error(dir.path());
    assert!(matches!(
        error,
        TseError::Refused(Refusal::CounterWentBackwards {
            counter: Counter::Transaction,
            stored: 1,
            already_used: 3
        })
    ));
    assert!(error.message_de().contains("Transaktionsnummer"));
    assert!(error.message_en().contains("transaction number"));
}

#[test]
fn a_deleted_counter_file_or_key_is_an_alarm() {
    let dir = tempfile::tempdir().unwrap();
    used_tse(dir.path());
    std::fs::remove_file(dir.path().join("counters")).unwrap();
    assert!(open_error(dir.path()).message_en().contains("damaged"));

    let dir = tempfile::tempdir().unwrap();
    used_tse(dir.path());
    std::fs::remove_file(dir.path().join("signing-key")).unwrap();
    let error = open_error(dir.path());
    assert!(
        error
            .message_de()
            .contains("Schlüssel einer benutzten TSE fehlt"),
        "{error}"
    );
}

#[test]
fn a_log_signed_by_another_key_is_an_alarm() {
    let dir = tempfile::tempdir().unwrap();
    used_tse(dir.path());
    let other = tempfile::tempdir().unwrap();
    drop(SoftwareTse::open(other.path(), SoftwareTseOptions::default()).unwrap());
    std::fs::copy(
        other.path().join("signing-key"),
        dir.path().join("signing-key"),
    )
    .unwrap();
    assert_eq!(
        open_error(dir.path()),
        TseError::Refused(Refusal::KeyMismatch)
    );
}

#[test]
fn a_changed_log_message_is_an_alarm() {
    let dir = tempfile::tempdir().unwrap();
    used_tse(dir.path());
    let path = dir.path().join("transaction-log.der");
    let mut log = std::fs::read(&path).unwrap();
    // Drop the third message's tail and glue the rest on: the structure no longer reads back.
    let cut = log.len() / 2;
    log.drain(cut..cut + 5);
    std::fs::write(&path, &log).unwrap();
    assert!(matches!(
        open_error(dir.path()),
        TseError::Refused(Refusal::StateCorrupt { .. })
    ));
}

#[test]
fn an_interrupted_append_is_cut_off_and_counting_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    used_tse(dir.path());
    let path = dir.path().join("transaction-log.der");
    let complete = std::fs::read(&path).unwrap();
    let mut torn = complete.clone();
    torn.extend_from_slice(&complete[..40]); // half a message, as a crash mid-append leaves it
    std::fs::write(&path, &torn).unwrap();
    // The crash happened after the 7th counter was reserved.
    write_counters(dir.path(), 7, 3);

    let tse = SoftwareTse::open(dir.path(), SoftwareTseOptions::default()).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), complete);
    let kasse = ClientId::new("kasse-1").unwrap();
    let start = tse
        .start_transaction(&kasse, ProcessType::Kassenbeleg, "")
        .unwrap();
    assert_eq!(start.signature_counter, 8, "never below what was reserved");
    assert!(tse.self_test().is_ok());
}

#[test]
fn the_self_test_notices_a_log_changed_while_open() {
    let dir = tempfile::tempdir().unwrap();
    used_tse(dir.path());
    let tse = SoftwareTse::open(dir.path(), SoftwareTseOptions::default()).unwrap();
    assert!(tse.self_test().is_ok());
    let path = dir.path().join("transaction-log.der");
    let log = std::fs::read(&path).unwrap();
    std::fs::write(&path, &log[..log.len() - 10]).unwrap();
    let error = tse.self_test().unwrap_err();
    assert!(error.message_de().contains("außerhalb der TSE"), "{error}");
}
