//! Fake printers on real sockets of 127.0.0.1: one that captures the bytes of each job, one that
//! answers status requests as scripted, one that never reads; and the paths of test files.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::Duration;

use filiale_printer::{
    Logo, NetworkTransport, PaperWidth, Printer, PrinterProfile, STATUS_REQUEST, Timeouts,
};

/// How long a fake printer waits for the till before it gives up, so no test can hang.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A network printer that records every byte of `jobs` connections.
pub struct CapturingPrinter {
    pub address: String,
    handle: JoinHandle<Vec<Vec<u8>>>,
}

impl CapturingPrinter {
    pub fn start(jobs: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let handle = std::thread::spawn(move || {
            (0..jobs)
                .map(|_| {
                    let (mut stream, _) = listener.accept().unwrap();
                    stream.set_read_timeout(Some(PATIENCE)).unwrap();
                    let mut bytes = Vec::new();
                    stream
                        .read_to_end(&mut bytes)
                        .expect("the job ends with the connection closed");
                    bytes
                })
                .collect()
        });
        CapturingPrinter { address, handle }
    }

    /// The bytes of each job, in order.
    pub fn jobs(self) -> Vec<Vec<u8>> {
        self.handle.join().unwrap()
    }
}

/// A network printer that checks it is asked `DLE EOT 1`, `2`, `4` and answers `answer`.
/// With `answer` empty it stays silent until the till hangs up.
pub struct StatusPrinter {
    pub address: String,
    handle: JoinHandle<Vec<u8>>,
}

impl StatusPrinter {
    pub fn start(answer: &[u8]) -> Self {
        let answer = answer.to_vec();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let handle = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            stream.set_read_timeout(Some(PATIENCE)).unwrap();
            let mut request = vec![0_u8; STATUS_REQUEST.len()];
            stream.read_exact(&mut request).unwrap();
            stream.write_all(&answer).unwrap();
            let mut rest = Vec::new();
            let _ = stream.read_to_end(&mut rest);
            request.extend(rest);
            request
        });
        StatusPrinter { address, handle }
    }

    /// Everything the till sent.
    pub fn request(self) -> Vec<u8> {
        self.handle.join().unwrap()
    }
}

/// A network printer that accepts the connection and then never reads: a jammed printer whose
/// buffer is full.
pub struct JammedPrinter {
    pub address: String,
    _listener: TcpListener,
    handle: JoinHandle<TcpStream>,
}

impl JammedPrinter {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let accepting = listener.try_clone().unwrap();
        let handle = std::thread::spawn(move || accepting.accept().unwrap().0);
        JammedPrinter {
            address,
            _listener: listener,
            handle,
        }
    }

    /// Ends the fake (after the test is done with it).
    pub fn stop(self) {
        drop(self.handle.join().unwrap());
    }
}

/// An address on 127.0.0.1 where nothing listens.
pub fn closed_address() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

/// A printer on `address` with `profile` and the given timeout for every step.
pub fn network_printer(address: &str, profile: PrinterProfile, timeout: Duration) -> Printer {
    Printer::new(
        Box::new(NetworkTransport::new(address, Timeouts::uniform(timeout))),
        profile,
    )
}

/// 80 mm or 58 mm paper, everything else as on an Epson printer, with the test logo.
pub fn profile_with_logo(paper: PaperWidth) -> PrinterProfile {
    PrinterProfile {
        logo: Some(test_logo()),
        ..PrinterProfile::new(paper)
    }
}

pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn logo_path() -> PathBuf {
    crate_dir().join("tests/fixtures/logo.pbm")
}

pub fn test_logo() -> Logo {
    Logo::from_pbm(&std::fs::read(logo_path()).unwrap()).unwrap()
}

/// Whether `haystack` contains `needle`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
