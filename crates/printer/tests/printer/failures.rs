//! A missing, full or jammed printer ends the job with a typed error within the timeout, over TCP
//! and through a device file; a device file that takes the job gets exactly the encoded bytes.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use filiale_printer::{
    DeviceTransport, NetworkTransport, PrintDocument, PrintError, Printer, PrinterProfile,
    Timeouts, Transport, decode, encode,
};

use crate::receipts::{Payment, sale_receipt};
use crate::support::{JammedPrinter, closed_address, network_printer};

const TIMEOUT: Duration = Duration::from_millis(400);
/// Scheduling slack on a busy two-core machine.
const SLACK: Duration = Duration::from_millis(1500);

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let result = work();
    (result, started.elapsed())
}

#[test]
fn a_closed_port_is_unreachable_at_once() {
    let address = closed_address();
    let printer = network_printer(&address, PrinterProfile::default(), Timeouts::DEFAULT);
    let (result, elapsed) = timed(|| printer.print(&sale_receipt(Payment::Cash)));
    match result {
        Err(PrintError::Unreachable { target, .. }) => assert_eq!(target, address),
        other => panic!("expected unreachable, got {other:?}"),
    }
    assert!(elapsed < SLACK, "took {elapsed:?}");
    let (status, _) = timed(|| printer.status());
    assert!(
        matches!(status, Err(PrintError::Unreachable { .. })),
        "{status:?}"
    );
}

#[test]
fn a_printer_that_accepts_no_connection_times_out() {
    // A listener whose accept queue is full drops further connection attempts, like a printer
    // that hangs: fill it without ever accepting.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    for _ in 0..1024 {
        match TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
            Ok(stream) => queued.push(stream),
            Err(_) => break,
        }
    }
    assert!(queued.len() < 1024, "the accept queue never filled");
    let printer = network_printer(&address.to_string(), PrinterProfile::default(), TIMEOUT);
    let (result, elapsed) = timed(|| printer.print(&PrintDocument::new()));
    assert!(
        matches!(result, Err(PrintError::ConnectTimeout { .. })),
        "{result:?}"
    );
    assert!(
        elapsed >= TIMEOUT && elapsed < TIMEOUT + SLACK,
        "took {elapsed:?}"
    );
}

#[test]
fn a_jammed_printer_that_takes_no_data_stalls_the_job_not_the_till() {
    let fake = JammedPrinter::start();
    let transport = NetworkTransport::new(&fake.address, Timeouts::uniform(TIMEOUT));
    // Far more than the socket buffers of both ends hold.
    let job = vec![b'x'; 64 << 20];
    let (result, elapsed) = timed(|| transport.send(&job));
    match &result {
        Err(error @ PrintError::Stalled { .. }) => {
            assert!(error.message_de().contains("nimmt keine Daten an"));
            assert!(error.message_en().contains("accepts no data"));
        }
        other => panic!("expected a stall, got {other:?}"),
    }
    assert!(elapsed < TIMEOUT + SLACK + SLACK, "took {elapsed:?}");
    fake.stop();
}

fn device_printer(path: &Path, timeout: Duration) -> Printer {
    Printer::new(
        Box::new(DeviceTransport::new(path, Timeouts::uniform(timeout))),
        PrinterProfile::default(),
    )
}

fn make_fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo (coreutils) runs");
    assert!(status.success());
}

#[test]
fn a_missing_device_file_is_unreachable() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("lp0");
    let (result, elapsed) = timed(|| device_printer(&path, TIMEOUT).print(&PrintDocument::new()));
    assert!(
        matches!(result, Err(PrintError::Unreachable { .. })),
        "{result:?}"
    );
    assert!(elapsed < SLACK);
}

#[test]
fn a_device_without_a_printer_behind_it_is_unreachable() {
    // A FIFO nobody reads refuses a non-blocking writer (ENXIO), as an unplugged USB printer does.
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("lp0");
    make_fifo(&path);
    let (result, elapsed) = timed(|| device_printer(&path, TIMEOUT).print(&PrintDocument::new()));
    assert!(
        matches!(result, Err(PrintError::Unreachable { .. })),
        "{result:?}"
    );
    assert!(elapsed < SLACK);
}

#[test]
fn a_device_receives_exactly_the_encoded_job() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("lp0");
    make_fifo(&path);
    let reader_path = path.clone();
    let reader = std::thread::spawn(move || std::fs::read(reader_path).unwrap());
    // The reader opens the FIFO asynchronously: retry until it is there.
    let printer = device_printer(&path, Duration::from_secs(2));
    let document = sale_receipt(Payment::Cash);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match printer.print(&document) {
            Ok(()) => break,
            Err(PrintError::Unreachable { .. }) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(other) => panic!("{other:?}"),
        }
    }
    let received = reader.join().unwrap();
    assert_eq!(received, encode(&document, &PrinterProfile::default()));
    assert_eq!(decode(&received).unwrap().drawer_kicks(), 1);
}

#[test]
fn a_device_that_takes_no_more_data_stalls_within_the_timeout() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("lp0");
    make_fifo(&path);
    // Holds the FIFO open for reading and never reads: the pipe buffer fills up.
    let holder = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    let transport = DeviceTransport::new(&path, Timeouts::uniform(TIMEOUT));
    let (result, elapsed) = timed(|| transport.send(&vec![b'x'; 4 << 20]));
    assert!(
        matches!(result, Err(PrintError::Stalled { .. })),
        "{result:?}"
    );
    assert!(
        elapsed >= TIMEOUT && elapsed < TIMEOUT + SLACK,
        "took {elapsed:?}"
    );
    drop(holder);
}
