//! The export checked by code nobody here wrote: `validate_with_pretix.py` runs pretix's
//! `dsfinvk` validator on the ZIP, compares every file name and header with the package's table
//! definitions, validates index.xml against the DTD with lxml and recomputes each closing's totals
//! from the single records (installed by scripts/install-python-tools).

mod support;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `FILIALE_PYTHON`, else the project's tool environment; never silently skipped.
fn python() -> String {
    if let Ok(python) = std::env::var("FILIALE_PYTHON") {
        return python;
    }
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv-tools/bin/python");
    assert!(
        tools.exists(),
        "{} is missing: run scripts/install-python-tools (or set FILIALE_PYTHON)",
        tools.display()
    );
    tools.display().to_string()
}

/// Runs the checker; its JSON summary, or what it complained about.
fn validate(archive: &Path) -> Result<serde_json::Value, String> {
    let python = python();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate_with_pretix.py");
    let output = Command::new(&python)
        .arg(script)
        .arg(archive)
        .output()
        .unwrap_or_else(|error| panic!("cannot run {python}: {error}"));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains("ModuleNotFoundError"),
        "Python packages missing for {python} (dsfinvk==2.4.0, lxml): run scripts/install-python-tools\n{stderr}"
    );
    if output.status.success() {
        Ok(serde_json::from_slice(&output.stdout).expect("the checker prints JSON"))
    } else {
        Err(stderr)
    }
}

fn write_sample(dir: &Path) -> (PathBuf, filiale_dsfinvk::ExportSummary) {
    let input = support::sample_input(&dir.join("tse"));
    let path = dir.join("dsfinvk.zip");
    let file = std::fs::File::create(&path).unwrap();
    let summary = filiale_dsfinvk::write_export(&input, file).unwrap();
    (path, summary)
}

#[test]
fn the_export_passes_pretix_validator_and_reconciles() {
    let dir = tempfile::tempdir().unwrap();
    let (path, summary) = write_sample(dir.path());
    assert_eq!(summary.closings, 3);
    assert_eq!(summary.receipts, 8, "6 receipts + 2 cash movements");
    assert_eq!(summary.tables.len(), 20);

    let report = validate(&path).unwrap_or_else(|complaint| panic!("{complaint}"));
    let closings = &report["closings"];
    assert_eq!(closings["KASSE-1/1"]["payments"], "148.93");
    assert_eq!(closings["KASSE-1/1"]["cash"], "129.97");
    assert_eq!(closings["KASSE-1/1"]["receipts"], 3);
    assert_eq!(closings["KASSE-1/1"]["revenue_by_vat_key"]["1"], "36.46000");
    assert_eq!(closings["KASSE-1/1"]["revenue_by_vat_key"]["2"], "12.47000");
    assert_eq!(closings["KASSE-1/2"]["payments"], "-47.99");
    assert_eq!(closings["KASSE-1/2"]["cash"], "-47.99");
    assert_eq!(closings["KASSE-1/2"]["revenue_by_vat_key"]["2"], "-4.99000");
    assert_eq!(closings["KASSE-2/1"]["payments"], "52.40");
    assert_eq!(closings["KASSE-2/1"]["cash"], "20.00");
    assert_eq!(report["outages"], serde_json::json!(["K1-5"]));
    let tables = &report["tables"];
    assert_eq!(tables["transactions.csv"], 8);
    assert_eq!(tables["lines.csv"], 11);
    assert_eq!(tables["itemamounts.csv"], 2);
    assert_eq!(tables["references.csv"], 1);
    assert_eq!(tables["cashpointclosing.csv"], 3);
    assert_eq!(tables["vat.csv"], 21, "7 keys for each of 3 closings");
    assert_eq!(tables["tse.csv"], 3);
    assert_eq!(tables["slaves.csv"], 0);
}

/// Rewrites one file of the archive with `edit` applied to its text.
fn tamper(path: &Path, file: &str, edit: impl Fn(&str) -> String) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().to_owned();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        if name == file {
            text = edit(&text);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn the_checker_catches_a_wrong_total_a_german_decimal_and_a_wrong_header() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = write_sample(dir.path());

    tamper(&path, "payment.csv", |text| {
        text.replace(";32.40", ";32.41")
    });
    let complaint = validate(&path).unwrap_err();
    assert!(complaint.contains("payment"), "{complaint}");

    let (path, _) = write_sample(&dir.path().join("2"));
    tamper(&path, "lines_vat.csv", |text| {
        text.replace("9.98000", "9,98000")
    });
    let complaint = validate(&path).unwrap_err();
    assert!(complaint.contains("not a valid decimal"), "{complaint}");

    let (path, _) = write_sample(&dir.path().join("3"));
    tamper(&path, "lines.csv", |text| {
        text.replacen("GV_NAME;GV_TYP", "x", 1)
            .replacen("GV_TYP;GV_NAME", "GV_NAME;GV_TYP", 1)
    });
    let complaint = validate(&path).unwrap_err();
    assert!(complaint.contains("GV_TYP"), "{complaint}");
}
