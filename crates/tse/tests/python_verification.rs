//! The export and the QR codes checked by code nobody here wrote: `verify_export.py` parses the
//! TR-03151 TAR with Python's `tarfile` and `asn1crypto`, and verifies every signature, the serial
//! number and the certificate with `cryptography` (installed by scripts/install-python-tools).

use filiale_domain::money::Cents;
use filiale_tse::{
    ClientId, KassenbelegData, ProcessType, SoftwareTse, SoftwareTseOptions, Tender, TimeFormat,
    Tse, VatBucket, Vorgangstyp,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/verify_export.py")
}

/// Runs the verifier; returns its JSON summary, or its complaint as the error.
fn verify(
    archive: &Path,
    public_key: &str,
    qr_codes: &[String],
) -> Result<serde_json::Value, String> {
    let python = python();
    let mut child = Command::new(&python)
        .arg(script())
        .arg(archive)
        .arg(public_key)
        .arg("--qr")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {python}: {error}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(qr_codes.join("\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains("ModuleNotFoundError"),
        "Python packages missing for {python}: run scripts/install-python-tools\n{stderr}"
    );
    if output.status.success() {
        Ok(serde_json::from_slice(&output.stdout).unwrap())
    } else {
        Err(stderr)
    }
}

struct Signed {
    counters: Vec<u64>,
    qr_codes: Vec<String>,
    public_key: String,
    serial_number: String,
    archive: PathBuf,
}

/// Signs a day's worth of business cases on two tills and exports them.
fn sign_and_export(dir: &Path, time_format: TimeFormat) -> Signed {
    let options = SoftwareTseOptions {
        time_format,
        ..SoftwareTseOptions::default()
    };
    let tse = SoftwareTse::open(dir.join("tse"), options).unwrap();
    let tills = [
        ClientId::new("kasse-1").unwrap(),
        ClientId::new("kasse-2").unwrap(),
    ];
    for till in &tills {
        tse.register_client(till).unwrap();
    }
    let mut counters = Vec::new();
    let mut qr_codes = Vec::new();
    for (index, till) in tills.iter().cycle().take(6).enumerate() {
        let start = tse
            .start_transaction(till, ProcessType::Kassenbeleg, "")
            .unwrap();
        counters.push(start.signature_counter);
        let update = tse
            .update_transaction(
                till,
                start.transaction_number,
                ProcessType::Kassenbeleg,
                "Beleg^",
            )
            .unwrap();
        counters.push(update.signature_counter);
        let data = if index == 4 {
            KassenbelegData::belegabbruch()
        } else {
            let mut data = KassenbelegData::new(Vorgangstyp::Beleg);
            data.add_gross(VatBucket::Standard, Cents::new(7533 + index as i64))
                .add_gross(VatBucket::Reduced, Cents::new(799))
                .add_payment(Tender::Bar, Cents::new(1000))
                .add_payment(Tender::Unbar, Cents::new(7332 + index as i64));
            data
        };
        let finish = tse
            .finish_transaction(
                till,
                start.transaction_number,
                ProcessType::Kassenbeleg,
                &data.to_process_data(),
            )
            .unwrap();
        counters.push(finish.signature_counter);
        qr_codes.push(finish.qr_code_v0().unwrap());
    }
    // One left open: it is in the export too.
    counters.push(
        tse.start_transaction(&tills[0], ProcessType::Kassenbeleg, "")
            .unwrap()
            .signature_counter,
    );

    let archive = dir.join("export.tar");
    let mut file = std::fs::File::create(&archive).unwrap();
    let summary = tse.export_tar(&mut file).unwrap();
    assert_eq!(summary.log_messages, counters.len() as u64);
    let info = tse.info().unwrap();
    Signed {
        counters,
        qr_codes,
        public_key: info.public_key,
        serial_number: info.serial_number,
        archive,
    }
}

#[test]
fn every_exported_signature_and_qr_code_verifies_with_python_cryptography() {
    for time_format in [TimeFormat::UnixTime, TimeFormat::UtcTime] {
        let dir = tempfile::tempdir().unwrap();
        let signed = sign_and_export(dir.path(), time_format);
        let summary = verify(&signed.archive, &signed.public_key, &signed.qr_codes)
            .unwrap_or_else(|reason| panic!("{time_format:?}: {reason}"));
        assert_eq!(summary["log_messages"], 19);
        assert_eq!(summary["qr_codes"], 6);
        assert_eq!(summary["serial_number"], signed.serial_number.as_str());
        let counters: Vec<u64> = summary["signature_counters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_u64().unwrap())
            .collect();
        assert_eq!(counters, signed.counters);
        assert_eq!(summary["operations"][0], "Start");
        assert_eq!(summary["operations"][2], "Finish");
    }
}

#[test]
fn python_notices_a_changed_amount_in_the_export_or_the_qr_code() {
    let dir = tempfile::tempdir().unwrap();
    let signed = sign_and_export(dir.path(), TimeFormat::UnixTime);

    let mut forged_qr = signed.qr_codes.clone();
    forged_qr[0] = forged_qr[0].replacen("75.33", "65.33", 1);
    let reason = verify(&signed.archive, &signed.public_key, &forged_qr).unwrap_err();
    assert!(
        reason.contains("QR code signature does not verify"),
        "{reason}"
    );

    let mut archive = std::fs::read(&signed.archive).unwrap();
    let at = archive
        .windows(5)
        .position(|w| w == b"75.33")
        .expect("the receipt's amount is in the export");
    archive[at] = b'6';
    let forged = dir.path().join("forged.tar");
    std::fs::write(&forged, &archive).unwrap();
    let reason = verify(&forged, &signed.public_key, &[]).unwrap_err();
    assert!(reason.contains("signature does not verify"), "{reason}");

    let other = tempfile::tempdir().unwrap();
    let stranger = sign_and_export(other.path(), TimeFormat::UnixTime);
    let reason = verify(&signed.archive, &stranger.public_key, &[]).unwrap_err();
    assert!(reason.contains("another public key"), "{reason}");
}
