//! Checks Filiale's barcode reading against `biip`, an independent GS1 barcode interpreter from PyPI
//! (installed by scripts/install-python-tools): thousands of generated GTINs and German in-store
//! labels, valid and damaged, must be accepted, refused and read alike.

use filiale_domain::barcode::{gs1_check_digit, price_weight_check_digit};
use filiale_domain::{Gtin, InStoreLayouts, Scanned};
use std::io::Write;
use std::process::{Command, Stdio};

/// Reads one code per line and answers one line each: "refused", "gtin <digits>" (normalised like
/// Filiale: 13 digits, or 14 for packaging indicators 1-9), "price <cents>" or "weight <grams>".
const BIIP_READER: &str = r#"
import sys
from biip import ParseConfig, ParseError
from biip.gtin import Gtin
from biip.rcn import Rcn, RcnRegion

config = ParseConfig(rcn_region=RcnRegion.GERMANY)
for line in sys.stdin:
    code = line.strip()
    try:
        gtin = Gtin.parse(code, config=config)
    except ParseError:
        print("refused")
        continue
    if isinstance(gtin, Rcn) and gtin.price is not None:
        print("price", int(gtin.price * 100))
    elif isinstance(gtin, Rcn) and gtin.weight is not None:
        print("weight", int(gtin.weight * 1000))
    else:
        digits = gtin.as_gtin_14()
        print("gtin", digits[1:] if digits.startswith("0") else digits)
"#;

/// The Python to run: `FILIALE_PYTHON`, else the project's tool environment
/// (scripts/install-python-tools), else `python3`.
fn python() -> String {
    if let Ok(python) = std::env::var("FILIALE_PYTHON") {
        return python;
    }
    let tools =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv-tools/bin/python");
    if tools.exists() {
        return tools.display().to_string();
    }
    "python3".into()
}

/// A small deterministic pseudo-random sequence (64-bit LCG).
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }

    fn digits(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.below(10) as u8).collect()
    }
}

fn text(digits: &[u8]) -> String {
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

/// Completes `payload` with its check digit, then damages one digit in a third of the cases.
fn finish(mut payload: Vec<u8>, random: &mut Random) -> String {
    payload.push(gs1_check_digit(&payload));
    if random.below(3) == 0 {
        let position = random.below(payload.len() as u64) as usize;
        payload[position] = (payload[position] + 1 + random.below(9) as u8) % 10;
    }
    text(&payload)
}

fn generated_codes() -> Vec<String> {
    let mut random = Random(0x5eed_2026);
    let mut codes = Vec::new();
    for round in 0..3_000 {
        if round % 2 == 0 {
            let length = [8, 12, 13, 14][random.below(4) as usize];
            let mut payload = random.digits(length - 1);
            // In-store codes are generated below, with prefixes whose meaning both sides share.
            if payload[0] == 2 && length == 13 || payload[..2] == [0, 2] && length == 14 {
                payload[length - 13] = 4;
            }
            codes.push(finish(payload, &mut random));
        } else {
            let prefix = [[2, 0], [2, 2], [2, 3], [2, 8], [2, 9]][random.below(5) as usize];
            let mut payload = prefix.to_vec();
            if prefix == [2, 0] {
                payload.extend(random.digits(10));
            } else {
                payload.extend(random.digits(4));
                let value = random.digits(5);
                let mut embedded = price_weight_check_digit(&value).unwrap();
                if random.below(4) == 0 {
                    embedded = (embedded + 1 + random.below(9) as u8) % 10;
                }
                payload.push(embedded);
                payload.extend(value);
            }
            if random.below(5) == 0 {
                payload.insert(0, 0); // the same label read as GTIN-14
            }
            codes.push(finish(payload, &mut random));
        }
    }
    codes
}

fn filiale_reading(code: &str, layouts: &InStoreLayouts) -> String {
    match Scanned::parse(code, layouts) {
        Err(_) => "refused".into(),
        Ok(Scanned::Gtin(gtin)) => format!("gtin {gtin}"),
        Ok(Scanned::InStorePrice { price, .. }) => format!("price {}", price.get()),
        Ok(Scanned::InStoreWeight { grams, .. }) => format!("weight {grams}"),
        Ok(Scanned::InStoreArticle { article_code }) => {
            let gtin = Gtin::parse(code).unwrap();
            assert_eq!(article_code.as_str(), &gtin.as_str()[2..12], "{code}");
            format!("gtin {gtin}")
        }
    }
}

#[test]
fn filiale_reads_gtins_and_german_in_store_labels_like_biip() {
    let python = python();
    let probe = Command::new(&python)
        .args(["-c", "import biip"])
        .output()
        .unwrap_or_else(|error| panic!("cannot run {python} (set FILIALE_PYTHON): {error}"));
    assert!(
        probe.status.success(),
        "Python package `biip` is missing for {python}: run scripts/install-python-tools \
         (or point FILIALE_PYTHON at a python that has biip)"
    );

    let codes = generated_codes();
    let mut child = Command::new(&python)
        .args(["-c", BIIP_READER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = codes.join("\n") + "\n";
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(output.status.success(), "biip reader failed");
    let answers: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(answers.len(), codes.len());

    let layouts = InStoreLayouts::german_default();
    let mut tally = std::collections::BTreeMap::<String, usize>::new();
    for (code, biip) in codes.iter().zip(&answers) {
        assert_eq!(&filiale_reading(code, &layouts), biip, "code {code}");
        let kind = biip.split(' ').next().unwrap_or_default().to_owned();
        *tally.entry(kind).or_default() += 1;
    }
    // The sweep covers every outcome in earnest.
    for kind in ["refused", "gtin", "price", "weight"] {
        assert!(tally.get(kind).copied().unwrap_or(0) >= 200, "{tally:?}");
    }
    println!("agreed with biip on {} codes: {tally:?}", codes.len());
}
