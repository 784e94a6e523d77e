//! Conformance with code nobody here wrote: Python's own `cp858` codec checks the code page
//! table, and the python-escpos library (scripts/install-python-tools) produces the QR code, drawer
//! kick, cut and raster image commands, which must equal the encoder's bytes, and a receipt of its
//! own, which the test decoder must read back.

use std::path::PathBuf;
use std::process::Command;

use filiale_printer::{
    Align, CutMode, DrawerPin, PaperWidth, PrintDocument, PrinterProfile, QrCode,
    QrErrorCorrection, TextSize, codepage, decode, drawer_kick, encode,
};

use crate::support::{contains, crate_dir, logo_path, profile_with_logo};

const REFERENCE: &str = r#"
import json, sys
from escpos.printer import Dummy
from escpos.constants import QR_ECLEVEL_M

logo, qr_data, german = sys.argv[1], sys.argv[2], sys.argv[3]
out = {"cp858": bytes(range(0x80, 0x100)).decode("cp858"),
       "german": german.encode("cp858").hex()}

def commands(name, action):
    printer = Dummy()
    action(printer)
    out[name] = printer.output.hex()

commands("qr", lambda p: p.qr(qr_data, native=True, size=6, ec=QR_ECLEVEL_M))
commands("kick2", lambda p: p.cashdraw(2))
commands("kick5", lambda p: p.cashdraw(5))
commands("partial_cut", lambda p: p.cut(mode="PART", feed=False))
commands("logo", lambda p: p.image(logo, impl="bitImageRaster"))

def receipt(p):
    p.charcode("CP858")
    p.set(align="center", bold=True, double_height=True, double_width=True)
    p.textln("Gärtnerei Weiß")
    p.set(normal_textsize=True, bold=False, align="left")
    p.textln("Blumenerde 40 l          12,99 €")
    p.textln("Gießkanne, Größe M")
    p.set(bold=True, align="right")
    p.textln("SUMME 12,99 €")
    p.qr(qr_data, native=True, size=6, ec=QR_ECLEVEL_M)
    p.cashdraw(2)
    p.cut(mode="PART", feed=False)
commands("receipt", receipt)
# python-escpos prints notes of its own: the answer is the last line.
print(json.dumps(out))
"#;

const GERMAN: &str = "Größe Gießkanne Blumenerde ÄÖÜ äöü ß 12,99 € § ° µ Ø ½";
const QR_DATA: &str = "V0;Kasse-1;Kassenbeleg-V1;Beleg^59.37_0.00_0.00_0.00_0.00^59.37:Bar";

/// The project's tool Python (scripts/install-python-tools), or `FILIALE_PYTHON`.
pub fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("FILIALE_PYTHON") {
        return python.into();
    }
    crate_dir().join("../../.venv-tools/bin/python")
}

struct Reference(serde_json::Map<String, serde_json::Value>);

impl Reference {
    fn run() -> Reference {
        let python = python();
        let output = Command::new(&python)
            .arg("-c")
            .arg(REFERENCE)
            .arg(logo_path())
            .arg(QR_DATA)
            .arg(GERMAN)
            .output()
            .unwrap_or_else(|error| {
                panic!(
                    "cannot run {}: {error}. Run scripts/install-python-tools (or set FILIALE_PYTHON \
                     to a python with python-escpos)",
                    python.display()
                )
            });
        assert!(
            output.status.success(),
            "python-escpos reference failed (run scripts/install-python-tools): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        let last = stdout
            .lines()
            .last()
            .expect("the reference printed its answer");
        Reference(serde_json::from_str(last).unwrap())
    }

    fn text(&self, name: &str) -> &str {
        self.0[name].as_str().unwrap()
    }

    fn bytes(&self, name: &str) -> Vec<u8> {
        let hex = self.text(name);
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }
}

fn only(line: PrintDocument, profile: &PrinterProfile) -> Vec<u8> {
    encode(&line, profile)
}

#[test]
fn the_code_page_and_the_commands_match_python_escpos() {
    let reference = Reference::run();

    // Python's cp858 codec and the table agree on all 128 upper bytes.
    let python_table: Vec<char> = reference.text("cp858").chars().collect();
    assert_eq!(python_table.len(), 128);
    for (index, expected) in python_table.iter().enumerate() {
        let byte = 0x80 + u8::try_from(index).unwrap();
        assert_eq!(
            codepage::char_for(byte),
            Some(*expected),
            "byte {byte:#04x}"
        );
    }
    assert_eq!(codepage::encode_text(GERMAN), reference.bytes("german"));

    let profile = profile_with_logo(PaperWidth::Mm80);
    let mut qr = PrintDocument::new();
    qr.qr(QrCode::with_options(QR_DATA, 6, QrErrorCorrection::Medium).unwrap());
    assert!(
        contains(&only(qr, &profile), &reference.bytes("qr")),
        "QR code commands differ from python-escpos"
    );

    assert_eq!(
        drawer_kick(DrawerPin::Pin2).to_vec(),
        reference.bytes("kick2")
    );
    assert_eq!(
        drawer_kick(DrawerPin::Pin5).to_vec(),
        reference.bytes("kick5")
    );

    let mut cut = PrintDocument::new();
    cut.cut();
    let partial = PrinterProfile {
        cut: CutMode::Partial,
        ..profile.clone()
    };
    assert!(only(cut, &partial).ends_with(&reference.bytes("partial_cut")));

    let mut logo = PrintDocument::new();
    logo.logo();
    assert!(
        only(logo, &profile).ends_with(&reference.bytes("logo")),
        "raster image differs from python-escpos"
    );
}

#[test]
fn the_test_decoder_reads_a_receipt_python_escpos_made() {
    let reference = Reference::run();
    let job = decode(&reference.bytes("receipt")).unwrap();
    assert_eq!(
        job.texts(),
        [
            "Gärtnerei Weiß",
            "Blumenerde 40 l          12,99 €",
            "Gießkanne, Größe M",
            "SUMME 12,99 €"
        ]
    );
    let lines: Vec<_> = job.lines().collect();
    assert_eq!(
        (lines[0].align, lines[0].bold, lines[0].size),
        (Align::Center, true, TextSize::Double)
    );
    assert_eq!(
        (lines[1].align, lines[1].bold, lines[1].size),
        (Align::Left, false, TextSize::Normal)
    );
    assert_eq!((lines[3].align, lines[3].bold), (Align::Right, true));
    assert_eq!(job.code_pages(), [19]);
    assert_eq!(job.qr_payloads(), [QR_DATA]);
    assert_eq!(job.drawer_kicks(), 1);
    assert_eq!(job.cuts(), 1);
}
