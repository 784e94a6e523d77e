//! German fiscal law on the real binary: every business case of a day signed by the software TSE,
//! the closing, the DSFinV-K export checked by the PyPI `dsfinvk` validator, every TSE log
//! signature (and every receipt's QR code) verified by Python's `cryptography`; a TSE outage
//! marked on the receipt and in the export; the export's refusals of an empty range and of a day
//! not closed yet. Crashes while signing are in `fiscal_crash.rs`.

// Amounts are written as euros_cents (170_00 is 170,00 €).
#![allow(clippy::inconsistent_digit_grouping)]

use crate::helpers::{GERMAN_ARTICLES, TestStore};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The project's Python tools (`scripts/install-python-tools`), or `FILIALE_PYTHON`.
fn python() -> String {
    if let Ok(python) = std::env::var("FILIALE_PYTHON") {
        return python;
    }
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-tools/bin/python");
    assert!(
        tools.exists(),
        "{} is missing: run scripts/install-python-tools (or set FILIALE_PYTHON)",
        tools.display()
    );
    tools.display().to_string()
}

pub(crate) fn script(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs a Python checker; its JSON summary, or what it complained about.
pub(crate) fn check(args: &[&str], stdin: &str) -> Result<serde_json::Value, String> {
    use std::io::Write;
    let mut child = Command::new(python())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("ModuleNotFoundError"),
        "Python packages missing: run scripts/install-python-tools\n{stderr}"
    );
    if out.status.success() {
        Ok(serde_json::from_slice(&out.stdout).unwrap())
    } else {
        Err(stderr)
    }
}

pub(crate) fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// A store with articles, a manager (Chef, 1234) and a cashier (Anna, 0000).
pub(crate) fn staffed_store() -> TestStore {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    store.ok(&["staff", "add", "Chef", "--role", "manager", "--pin", "1234"]);
    store.ok(&[
        "staff",
        "add",
        "Anna",
        "--role",
        "cashier",
        "--pin",
        "0000",
        "--manager",
        "Chef",
        "--manager-pin",
        "1234",
    ]);
    store
}

pub(crate) fn with_anna<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--cashier", "Anna", "--pin", "0000"]);
    all
}

/// Today's business day as the till sees it.
fn today(store: &TestStore) -> String {
    json(&store.ok(&["till", "status", "--json"]))["business_day"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The QR code content printed under "QR-Code (V0):" on a receipt, joined from its lines.
fn qr_code(receipt: &str) -> Option<String> {
    let mut lines = receipt
        .lines()
        .skip_while(|l| !l.starts_with("QR-Code (V0):"));
    lines.next()?;
    Some(
        lines
            .take_while(|l| l.starts_with("  "))
            .map(str::trim)
            .collect(),
    )
}

fn set_tse_kind(store: &TestStore, kind: &str) {
    let path = store.path().join("filiale.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: String = match text.find("\n[tse]") {
        Some(at) => {
            let rest = &text[at + 1..];
            let end = rest[1..].find("\n[").map_or(rest.len(), |e| e + 2);
            format!("{}{}", &text[..at + 1], &rest[end..])
        }
        None => text,
    };
    std::fs::write(&path, format!("{kept}\n[tse]\nkind = \"{kind}\"\n")).unwrap();
}

#[test]
fn a_signed_day_closes_exports_and_passes_the_dsfinvk_validator_and_python_cryptography() {
    let store = staffed_store();
    store.ok(&with_anna(&["till", "open", "--float", "100"]));
    let cash = store.ok(&[
        "sell",
        "--line",
        "T-1:2",
        "--line",
        "T-2:3",
        "--pay",
        "cash",
        "--tendered",
        "50",
    ]);
    for field in [
        "Teststore",
        "TSE-Transaktion",
        "Signaturzähler",
        "Start",
        "Ende",
        "TSE-Seriennummer:",
        "Signatur:",
        "ecdsa-plain-SHA256",
        "nicht zertifiziert",
        "A 19%",
        "B 7%",
        "Bar",
        "Rückgeld",
        "QR-Code (V0):",
    ] {
        assert!(cash.contains(field), "the receipt lacks {field:?}:\n{cash}");
    }
    store.ok(&["sell", "--line", "T-1:1", "--pay", "card"]);
    store.ok(&["sell", "--line", "T-2:4", "--pay", "cash"]);
    store.ok(&[
        "refund",
        "3",
        "--line",
        "T-2",
        "--qty",
        "1",
        "--manager",
        "Chef",
        "--pin",
        "1234",
        "--reason",
        "welk",
    ]);
    store.ok(&with_anna(&[
        "till",
        "cash-in",
        "--amount",
        "50",
        "--reason",
        "Wechselgeld",
    ]));
    store.ok(&with_anna(&[
        "till",
        "cash-out",
        "--amount",
        "20,00",
        "--reason",
        "Ausgabe mit Beleg",
        "--note",
        "Beleg 17",
    ]));
    let z = json(&store.ok(&with_anna(&[
        "till",
        "close",
        "--counted",
        "239,42",
        "--float-next",
        "100",
        "--json",
    ])));
    assert_eq!(z["z_no"], 1);

    // Every business case has its signature, stored in its transaction; counters only go up.
    assert_eq!(
        store.count("SELECT COUNT(*) FROM tse_transactions WHERE signature IS NOT NULL"),
        1 + 3 + 1 + 2 + 1,
        "the opening, three sales, a refund, two cash movements and the closing are signed"
    );
    let counters: Vec<i64> = {
        let db = store.db();
        let mut stmt = db
            .prepare("SELECT signature_counter FROM tse_transactions ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(counters.windows(2).all(|w| w[0] < w[1]), "{counters:?}");

    // Head office learns the closing's first and last signature counter.
    let closed: String = store
        .db()
        .query_row(
            "SELECT envelope FROM outbox WHERE event_type = 'TillClosed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let closed = json(&closed);
    let first = store.count("SELECT MIN(start_signature_counter) FROM tse_transactions");
    assert_eq!(
        closed["payload"]["tse_first_signature_counter"].as_i64(),
        Some(first)
    );
    assert_eq!(
        closed["payload"]["tse_last_signature_counter"].as_i64(),
        Some(*counters.last().unwrap())
    );

    // The DSFinV-K export of the day, checked by pretix's validator and reconciled to the cent.
    let day = today(&store);
    let zip = store.path().join("dsfinvk.zip");
    let out = store.ok(&[
        "export",
        "dsfinvk",
        "--from",
        &day,
        "--to",
        &day,
        zip.to_str().unwrap(),
        "--json",
    ]);
    let summary = json(&out);
    assert_eq!(summary["closings"], 1);
    assert_eq!(summary["receipts"], 3 + 1 + 2);
    assert_eq!(summary["outages"], 0);
    let report = check(
        &[
            script("crates/dsfinvk/tests/validate_with_pretix.py")
                .to_str()
                .unwrap(),
            zip.to_str().unwrap(),
        ],
        "",
    )
    .unwrap_or_else(|complaint| panic!("the validator refused the export:\n{complaint}"));
    let closing = &report["closings"]["kasse-1/1"];
    // Cash: 33,45 + 9,96 − 2,49 + 50 − 20; card 12,99.
    assert_eq!(closing["cash"], "70.92");
    assert_eq!(closing["payments"], "83.91");
    assert_eq!(report["outages"], serde_json::json!([]));
    assert_eq!(report["tables"]["transactions_tse.csv"], 6);

    // The TSE's own export: every log message's signature verified by `cryptography`, and the
    // receipts' QR codes against the signed data.
    let status = json(&store.ok(&["tse", "status", "--json"]));
    assert_eq!(status["certified"], false);
    assert_eq!(status["self_test_passed"], true);
    let public_key = status["public_key"].as_str().unwrap().to_owned();
    let tar = store.path().join("tse.tar");
    store.ok(&["tse", "export", tar.to_str().unwrap()]);
    let qr_codes: Vec<String> = (1..=3)
        .map(|no| qr_code(&store.ok(&["receipt", &no.to_string()])).expect("a QR code"))
        .collect();
    let verified = check(
        &[
            script("crates/tse/tests/verify_export.py")
                .to_str()
                .unwrap(),
            tar.to_str().unwrap(),
            &public_key,
            "--qr",
        ],
        &qr_codes.join("\n"),
    )
    .unwrap_or_else(|complaint| panic!("a signature did not verify:\n{complaint}"));
    assert_eq!(
        verified["log_messages"].as_i64(),
        Some(2 * counters.len() as i64),
        "a start and a finish for each business case: {verified}"
    );
    assert_eq!(verified["qr_codes"], 3);
}

#[test]
fn a_tse_outage_marks_the_receipts_is_retried_and_exported() {
    let store = staffed_store();
    store.ok(&with_anna(&["till", "open", "--float", "0"]));
    store.ok(&["sell", "--line", "T-2:1", "--pay", "card"]);

    set_tse_kind(&store, "unreachable");
    let down = store.ok(&["sell", "--line", "T-1:1", "--pay", "cash"]);
    assert!(down.contains("TSE ausgefallen"), "{down}");
    assert!(!down.contains("QR-Code"), "{down}");
    store.ok(&["sell", "--line", "T-2:2", "--pay", "card"]);
    let reprint = store.ok(&["receipt", "2"]);
    assert!(reprint.contains("TSE ausgefallen"), "{reprint}");
    let status = json(&store.ok(&["tse", "status", "--json"]));
    assert_eq!(status["reachable"], false);
    assert_eq!(status["outages"][0]["ended_at"], serde_json::Value::Null);
    assert_eq!(status["outages"][0]["business_cases"], 2);

    // No receipt without either a signature or a recorded outage.
    assert_eq!(
        store.count(
            "SELECT COUNT(*) FROM sales s WHERE NOT EXISTS (SELECT 1 FROM tse_transactions t
              WHERE t.record_kind = 'sale' AND t.record_id = s.receipt_no
                AND (t.signature IS NOT NULL OR t.outage_id IS NOT NULL))"
        ),
        0
    );

    // The TSE answers again: the next sale is signed and the outage has ended.
    set_tse_kind(&store, "software");
    let up = store.ok(&["sell", "--line", "T-2:1", "--pay", "card"]);
    assert!(
        up.contains("Signaturzähler") && !up.contains("ausgefallen"),
        "{up}"
    );
    assert_eq!(
        store.count("SELECT COUNT(*) FROM tse_outages WHERE ended_at IS NOT NULL"),
        1
    );
    store.ok(&with_anna(&[
        "till",
        "close",
        "--counted",
        "12,99",
        "--float-next",
        "0",
    ]));

    let day = today(&store);
    let zip = store.path().join("dsfinvk.zip");
    store.ok(&[
        "export",
        "dsfinvk",
        "--from",
        &day,
        "--to",
        &day,
        zip.to_str().unwrap(),
    ]);
    let report = check(
        &[
            script("crates/dsfinvk/tests/validate_with_pretix.py")
                .to_str()
                .unwrap(),
            zip.to_str().unwrap(),
        ],
        "",
    )
    .unwrap_or_else(|complaint| panic!("{complaint}"));
    assert_eq!(report["outages"], serde_json::json!(["S2", "S3"]));
}

#[test]
fn an_export_over_nothing_or_before_the_closing_says_why_in_both_languages() {
    let store = staffed_store();
    let zip = store.path().join("x.zip");
    let zip = zip.to_str().unwrap();
    let empty = store.fails(&[
        "export",
        "dsfinvk",
        "--from",
        "2020-01-01",
        "--to",
        "2020-01-31",
        zip,
    ]);
    assert!(empty.contains("nichts zu exportieren"), "{empty}");
    assert!(empty.contains("nothing to export"), "{empty}");
    let backwards = store.fails(&[
        "export",
        "dsfinvk",
        "--from",
        "2020-02-01",
        "--to",
        "2020-01-31",
        zip,
    ]);
    assert!(backwards.contains("is after"), "{backwards}");
    let bad = store.fails(&[
        "export",
        "dsfinvk",
        "--from",
        "gestern",
        "--to",
        "2020-01-31",
        zip,
    ]);
    assert!(bad.contains("YYYY-MM-DD"), "{bad}");

    store.ok(&["sell", "--line", "T-2:1", "--pay", "card"]);
    let day = today(&store);
    let open = store.fails(&["export", "dsfinvk", "--from", &day, "--to", &day, zip]);
    assert!(open.contains("noch keinen Tagesabschluss"), "{open}");
    assert!(open.contains("close the till first"), "{open}");
    assert!(!Path::new(zip).exists(), "a refused export writes no file");
}
