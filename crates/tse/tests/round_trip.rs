//! The software TSE as the till uses it: start, update, finish; counters that only go up; state
//! that survives closing and reopening; the refusals a till can run into; the failing wrapper.

use filiale_domain::money::Cents;
use filiale_tse::{
    ClientId, FailingTse, KassenbelegData, LogTime, Operation, ProcessType, Refusal, SoftwareTse,
    SoftwareTseOptions, Tender, TimeFormat, Tse, TseError, Unreachable, VatBucket, Vorgangstyp,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

fn client(id: &str) -> ClientId {
    ClientId::new(id).unwrap()
}

/// Options with a clock the test moves by hand.
fn options_with_clock(format: TimeFormat) -> (SoftwareTseOptions, Arc<AtomicI64>) {
    let now = Arc::new(AtomicI64::new(1_700_000_000));
    let clock = now.clone();
    let options = SoftwareTseOptions {
        time_format: format,
        clock: Arc::new(move || clock.load(Ordering::SeqCst)),
    };
    (options, now)
}

fn receipt_data() -> String {
    let mut data = KassenbelegData::new(Vorgangstyp::Beleg);
    data.add_gross(VatBucket::Standard, Cents::new(7533))
        .add_gross(VatBucket::Reduced, Cents::new(799))
        .add_payment(Tender::Bar, Cents::new(1000))
        .add_payment(Tender::Unbar, Cents::new(7332));
    data.to_process_data()
}

#[test]
fn a_receipt_is_started_updated_and_finished_with_rising_counters() {
    let dir = tempfile::tempdir().unwrap();
    let (options, now) = options_with_clock(TimeFormat::UnixTime);
    let tse = SoftwareTse::open(dir.path(), options).unwrap();
    let kasse = client("kasse-1");
    tse.register_client(&kasse).unwrap();

    let start = tse
        .start_transaction(&kasse, ProcessType::Kassenbeleg, "")
        .unwrap();
    now.fetch_add(3, Ordering::SeqCst);
    let update = tse
        .update_transaction(
            &kasse,
            start.transaction_number,
            ProcessType::Kassenbeleg,
            "x",
        )
        .unwrap();
    assert_eq!(tse.open_transactions().unwrap().len(), 1);
    now.fetch_add(40, Ordering::SeqCst);
    let finish = tse
        .finish_transaction(
            &kasse,
            start.transaction_number,
            ProcessType::Kassenbeleg,
            &receipt_data(),
        )
        .unwrap();

    assert_eq!(start.transaction_number, 1);
    assert_eq!(
        [
            start.signature_counter,
            update.signature_counter,
            finish.signature_counter
        ],
        [1, 2, 3]
    );
    assert_eq!(finish.operation, Operation::Finish);
    assert_eq!(finish.start_time, LogTime::from_unix_seconds(1_700_000_000));
    assert_eq!(finish.log_time, LogTime::from_unix_seconds(1_700_000_043));
    assert!(tse.open_transactions().unwrap().is_empty());

    let info = tse.info().unwrap();
    assert!(!info.certified && !tse.certified());
    assert!(tse.description().contains("nicht zertifiziert"));
    assert!(tse.description().contains("not certified"));
    assert_eq!(info.serial_number.len(), 64);
    assert_eq!(info.signature_algorithm, "ecdsa-plain-SHA256");
    assert!(info.public_key.starts_with('B'), "uncompressed point 0x04…");

    let qr = finish.qr_code_v0().unwrap();
    let fields: Vec<&str> = qr.split(';').collect();
    assert_eq!(fields.len(), 12);
    assert_eq!(
        &fields[..6],
        &[
            "V0",
            "kasse-1",
            "Kassenbeleg-V1",
            "Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar_73.32:Unbar",
            "1",
            "3"
        ]
    );
    assert_eq!(fields[6], "2023-11-14T22:13:20.000Z");
    assert_eq!(fields[7], "2023-11-14T22:14:03.000Z");
    assert_eq!(&fields[8..10], &["ecdsa-plain-SHA256", "unixTime"]);
    assert_eq!(fields[10], finish.signature);
    assert_eq!(fields[11], info.public_key);
    assert_eq!(start.qr_code_v0(), None);
}

#[test]
fn counters_and_open_transactions_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let kasse = client("kasse-2");
    let (serial, open_number, last_counter) = {
        let tse = SoftwareTse::open(dir.path(), SoftwareTseOptions::default()).unwrap();
        tse.register_client(&kasse).unwrap();
        for _ in 0..5 {
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
        let open = tse
            .start_transaction(&kasse, ProcessType::Kassenbeleg, "")
            .unwrap();
        (
            tse.info().unwrap().serial_number,
            open.transaction_number,
            open.signature_counter,
        )
    };

    let tse = SoftwareTse::open(dir.path(), SoftwareTseOptions::default()).unwrap();
    assert_eq!(
        tse.info().unwrap().serial_number,
        serial,
        "same key after reopening"
    );
    assert_eq!(tse.registered_clients().unwrap(), vec![kasse.clone()]);
    let open = tse.open_transactions().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].transaction_number, open_number);
    assert_eq!(open[0].last_signature_counter, last_counter);

    let finish = tse
        .finish_transaction(&kasse, open_number, ProcessType::Kassenbeleg, "")
        .unwrap();
    assert_eq!(finish.signature_counter, last_counter + 1);
    let next = tse
        .start_transaction(&kasse, ProcessType::Kassenbeleg, "")
        .unwrap();
    assert_eq!(next.transaction_number, open_number + 1);
    let report = tse.self_test().unwrap();
    assert_eq!(report.signature_counter, next.signature_counter);
    assert_eq!(report.log_messages, 13);
    assert_eq!(report.open_transactions, 1);
}

#[test]
fn the_time_format_is_fixed_when_the_tse_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let (options, _) = options_with_clock(TimeFormat::UtcTime);
    drop(SoftwareTse::open(dir.path(), options).unwrap());
    let tse = SoftwareTse::open(dir.path(), SoftwareTseOptions::default()).unwrap();
    assert_eq!(tse.info().unwrap().time_format, TimeFormat::UtcTime);
}

#[test]
fn refusals_say_why_in_german_and_english_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let tse = SoftwareTse::open(dir.path(), SoftwareTseOptions::default()).unwrap();
    let kasse = client("kasse-1");
    let other = client("kasse-2");
    tse.register_client(&kasse).unwrap();
    tse.register_client(&other).unwrap();
    let stranger = client("kasse-9");

    let unknown = tse
        .start_transaction(&stranger, ProcessType::Kassenbeleg, "")
        .unwrap_err();
    assert_eq!(
        unknown,
        TseError::Refused(Refusal::UnknownClient {
            client_id: "kasse-9".into()
        })
    );
    assert!(unknown.message_de().contains("nicht angemeldet"));
    assert!(unknown.message_en().contains("not registered"));

    let not_open = tse
        .finish_transaction(&kasse, 42, ProcessType::Kassenbeleg, "")
        .unwrap_err();
    assert!(not_open.is_refused() && !not_open.is_unreachable());
    assert!(
        not_open
            .to_string()
            .contains("Transaktion 42 ist nicht offen")
    );
    assert!(not_open.to_string().contains("Transaction 42 is not open"));

    let start = tse
        .start_transaction(&kasse, ProcessType::Kassenbeleg, "")
        .unwrap();
    let foreign = tse
        .finish_transaction(
            &other,
            start.transaction_number,
            ProcessType::Kassenbeleg,
            "",
        )
        .unwrap_err();
    assert!(matches!(
        foreign,
        TseError::Refused(Refusal::TransactionOfOtherClient { .. })
    ));

    let huge = "x".repeat(filiale_tse::software::MAX_PROCESS_DATA + 1);
    let too_large = tse
        .update_transaction(
            &kasse,
            start.transaction_number,
            ProcessType::Kassenbeleg,
            &huge,
        )
        .unwrap_err();
    assert!(too_large.message_de().contains("zu groß"));

    // None of that used a counter: the next signature follows the start directly.
    let finish = tse
        .finish_transaction(
            &kasse,
            start.transaction_number,
            ProcessType::Kassenbeleg,
            "",
        )
        .unwrap();
    assert_eq!(finish.signature_counter, start.signature_counter + 1);
    let again = tse
        .finish_transaction(
            &kasse,
            start.transaction_number,
            ProcessType::Kassenbeleg,
            "",
        )
        .unwrap_err();
    assert!(matches!(
        again,
        TseError::Refused(Refusal::TransactionNotOpen { .. })
    ));
}

#[test]
fn a_second_process_cannot_use_the_same_tse() {
    let dir = tempfile::tempdir().unwrap();
    let first = SoftwareTse::open(dir.path(), SoftwareTseOptions::default()).unwrap();
    let second = SoftwareTse::open(dir.path(), SoftwareTseOptions::default());
    let error = second.err().unwrap();
    assert_eq!(error, TseError::Unreachable(Unreachable::InUse));
    assert!(error.message_de().contains("anderen Programm"));
    drop(first);
    assert!(SoftwareTse::open(dir.path(), SoftwareTseOptions::default()).is_ok());
}

#[cfg(unix)]
#[test]
fn the_key_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("tse");
    drop(SoftwareTse::open(&folder, SoftwareTseOptions::default()).unwrap());
    let mode = |name: &str| {
        std::fs::metadata(folder.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(""), 0o700);
    assert_eq!(mode("signing-key"), 0o600);
    assert_eq!(mode("counters"), 0o600);
    assert_eq!(std::fs::read(folder.join("signing-key")).unwrap().len(), 32);
}

#[test]
fn a_failing_tse_is_unreachable_until_it_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let tse =
        FailingTse::new(SoftwareTse::open(dir.path(), SoftwareTseOptions::default()).unwrap());
    let kasse = client("kasse-1");
    tse.register_client(&kasse).unwrap();
    let switch = tse.switch();

    switch.fail_all();
    for _ in 0..3 {
        let error = tse
            .start_transaction(&kasse, ProcessType::Kassenbeleg, "")
            .unwrap_err();
        assert_eq!(error, TseError::Unreachable(Unreachable::Simulated));
        assert!(error.is_unreachable());
        assert!(error.message_de().contains("nicht erreichbar"));
        assert!(error.message_en().contains("unreachable"));
    }
    switch.recover();
    let start = tse
        .start_transaction(&kasse, ProcessType::Kassenbeleg, "")
        .unwrap();
    assert_eq!(start.signature_counter, 1, "failed calls signed nothing");

    switch.fail_next(1);
    assert!(tse.self_test().unwrap_err().is_unreachable());
    assert!(tse.self_test().is_ok());
}

#[test]
fn tills_on_several_threads_share_one_tse_without_sharing_a_counter() {
    let dir = tempfile::tempdir().unwrap();
    let tse: Arc<dyn Tse> =
        Arc::new(SoftwareTse::open(dir.path(), SoftwareTseOptions::default()).unwrap());
    let threads: Vec<_> = (1..=4)
        .map(|till| {
            let tse = Arc::clone(&tse);
            std::thread::spawn(move || {
                let kasse = client(&format!("kasse-{till}"));
                tse.register_client(&kasse).unwrap();
                let mut counters = Vec::new();
                for _ in 0..5 {
                    let start = tse
                        .start_transaction(&kasse, ProcessType::Kassenbeleg, "")
                        .unwrap();
                    let finish = tse
                        .finish_transaction(
                            &kasse,
                            start.transaction_number,
                            ProcessType::Kassenbeleg,
                            "",
                        )
                        .unwrap();
                    counters.extend([start.signature_counter, finish.signature_counter]);
                }
                counters
            })
        })
        .collect();
    let mut all: Vec<u64> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    all.sort_unstable();
    assert_eq!(
        all,
        (1..=40).collect::<Vec<u64>>(),
        "every counter once, none skipped"
    );
    assert_eq!(tse.registered_clients().unwrap().len(), 4);
}
