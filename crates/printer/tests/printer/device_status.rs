//! Status queries through a device file: a Python process holds the other end of a
//! pseudo-terminal in raw mode and answers like a USB printer answers on its bulk-in endpoint.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use filiale_printer::{
    DeviceTransport, PrintError, Printer, PrinterProfile, STATUS_REQUEST, Timeouts,
};

use crate::python_escpos::python;

const FAKE_PRINTER: &str = r#"
import os, pty, sys, tty
master, slave = pty.openpty()
tty.setraw(slave)
print(os.ttyname(slave), flush=True)
request = b""
while len(request) < 9:
    request += os.read(master, 9 - len(request))
os.write(master, bytes.fromhex(sys.argv[1]))
print(request.hex(), flush=True)
sys.stdin.read()
"#;

struct PtyPrinter {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
    path: String,
}

impl PtyPrinter {
    fn start(answer_hex: &str) -> PtyPrinter {
        let python = python();
        let mut child = Command::new(&python)
            .args(["-c", FAKE_PRINTER, answer_hex])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot run {}: {error}", python.display()));
        let stdin = child.stdin.take();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let path = lines.next().unwrap().unwrap();
        PtyPrinter {
            child,
            stdin,
            lines,
            path,
        }
    }

    /// What the printer was sent, as hex; ends the fake.
    fn request(mut self) -> String {
        let request = self.lines.next().unwrap().unwrap();
        self.stop();
        request
    }

    fn stop(&mut self) {
        if let Some(mut stdin) = self.stdin.take() {
            let _ = stdin.flush();
        }
        let _ = self.child.wait();
    }
}

fn printer(path: &str) -> Printer {
    Printer::new(
        Box::new(DeviceTransport::new(
            path,
            Timeouts::uniform(Duration::from_millis(800)),
        )),
        PrinterProfile::default(),
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_usb_printer_reports_its_status_through_the_device_file() {
    let fake = PtyPrinter::start("121212");
    let status = printer(&fake.path).check_ready().unwrap();
    assert!(!status.paper_out);
    assert_eq!(fake.request(), hex(&STATUS_REQUEST));
}

#[test]
fn a_usb_printer_out_of_paper_says_so_through_the_device_file() {
    let fake = PtyPrinter::start("1a3272");
    assert_eq!(printer(&fake.path).check_ready(), Err(PrintError::PaperOut));
    fake.request();
}

#[test]
fn a_silent_usb_printer_gives_no_answer_within_the_timeout() {
    let mut fake = PtyPrinter::start("");
    let started = std::time::Instant::now();
    let status = printer(&fake.path).status();
    assert!(
        matches!(status, Err(PrintError::NoAnswer { .. })),
        "{status:?}"
    );
    assert!(started.elapsed() < Duration::from_millis(2300));
    fake.stop();
}
