//! Status queries against fake printers on real sockets: good status, paper out, cover open,
//! garbage and silence, each as the typed error the till shows.

use std::time::{Duration, Instant};

use filiale_printer::{PrintError, PrinterProfile, STATUS_REQUEST};

use crate::support::{StatusPrinter, network_printer};

const TIMEOUT: Duration = Duration::from_millis(500);

fn ask(answer: &[u8]) -> (Result<filiale_printer::PrinterStatus, PrintError>, Vec<u8>) {
    let fake = StatusPrinter::start(answer);
    let printer = network_printer(&fake.address, PrinterProfile::default(), TIMEOUT);
    let status = printer.check_ready();
    (status, fake.request())
}

#[test]
fn a_healthy_printer_is_ready() {
    let (status, request) = ask(&[0x12, 0x12, 0x12]);
    let status = status.unwrap();
    assert!(!status.paper_out && !status.cover_open && !status.offline);
    assert_eq!(request, STATUS_REQUEST, "DLE EOT 1, 2 and 4, nothing else");
}

#[test]
fn paper_out_is_reported_as_such() {
    let (status, _) = ask(&[0x1A, 0x32, 0x72]);
    let error = status.unwrap_err();
    assert_eq!(error, PrintError::PaperOut);
    assert!(error.message_de().contains("Papier"));
    assert!(error.message_en().contains("out of paper"));
}

#[test]
fn an_open_cover_is_reported_as_such() {
    let (status, _) = ask(&[0x1A, 0x16, 0x12]);
    assert_eq!(status.unwrap_err(), PrintError::CoverOpen);
}

#[test]
fn paper_near_end_still_prints() {
    let (status, _) = ask(&[0x12, 0x12, 0x1E]);
    assert!(status.unwrap().paper_near_end);
}

#[test]
fn garbage_is_a_typed_error() {
    let (status, _) = ask(b"HTTP/1.1 400 Bad Request\r\n");
    match status {
        Err(PrintError::Garbage { bytes, .. }) => assert_eq!(bytes, b"HTT"),
        other => panic!("expected garbage, got {other:?}"),
    }
    let (status, _) = ask(&[0x12, 0x00, 0x12]);
    assert!(
        matches!(status, Err(PrintError::Garbage { .. })),
        "{status:?}"
    );
    let message = PrintError::Garbage {
        target: "x".into(),
        bytes: vec![0x41],
    }
    .to_string();
    assert!(
        message.contains("unverständlich") && message.contains("garbage"),
        "{message}"
    );
}

#[test]
fn a_silent_printer_answers_no_answer_within_the_default_two_seconds() {
    let fake = StatusPrinter::start(&[]);
    let printer = network_printer(
        &fake.address,
        PrinterProfile::default(),
        filiale_printer::Timeouts::DEFAULT,
    );
    let started = Instant::now();
    let status = printer.status();
    let elapsed = started.elapsed();
    assert!(
        matches!(status, Err(PrintError::NoAnswer { .. })),
        "{status:?}"
    );
    assert!(
        elapsed >= Duration::from_millis(1900) && elapsed < Duration::from_millis(3500),
        "gave up after {elapsed:?}"
    );
    assert_eq!(fake.request(), STATUS_REQUEST);
}
