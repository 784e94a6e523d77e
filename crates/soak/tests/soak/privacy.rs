//! Privacy on the real path: after the demo store, card and cash sales, a manager's PIN typed right
//! and wrong, and relaying everything to a real nats-server, no card number (Luhn-valid 13–19 digit
//! run, EANs excluded as explained in `filiale_soak::privacy`) is in any value of the database, the
//! logs, the config file or the published events; the manager's PIN is in no log; the database files are private.

use filiale_soak::binaries;
use filiale_soak::nats::{NatsServer, read_stream};
use filiale_soak::privacy::{card_numbers, database_card_numbers, standalone};
use filiale_soak::shop::Shop;
use std::path::{Path, PathBuf};

/// The demo store's manager PIN (README), and a wrong one a cashier might try.
const DEMO_PIN: &str = "1234";
const WRONG_PIN: &str = "8642";

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn no_card_number_or_pin_leaks_into_files_logs_or_events_and_databases_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("store");
    let shop = Shop {
        filiale: binaries::filiale().unwrap(),
        data_dir: data_dir.clone(),
        store_id: String::new(),
    };
    shop.ok(&["init", "--demo"]).unwrap();
    let skus: Vec<String> = {
        let db = rusqlite::Connection::open(shop.database()).unwrap();
        let mut stmt = db
            .prepare("SELECT sku FROM articles WHERE price_cents > 0 ORDER BY sku LIMIT 3")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for (i, sku) in skus.iter().enumerate() {
        let pay = if i % 2 == 0 { "card" } else { "cash" };
        shop.ok(&["sell", "--line", &format!("{sku}:1"), "--pay", pay])
            .unwrap();
    }
    shop.ok(&["reorder", "start"]).unwrap();
    let proposal = shop
        .ok(&["reorder", "list"])
        .unwrap()
        .split_whitespace()
        .next()
        .map(str::to_owned)
        .expect("the demo store proposes a reorder");
    let wrong = shop
        .command(&["reorder", "approve", &proposal, "--pin", WRONG_PIN])
        .output()
        .unwrap();
    assert!(!wrong.status.success(), "a wrong PIN approves nothing");
    shop.ok(&["reorder", "approve", &proposal, "--pin", DEMO_PIN])
        .unwrap();

    let nats_dir = tempfile::tempdir().unwrap();
    let nats = NatsServer::start(nats_dir.path()).unwrap();
    shop.ok(&["relay", "--once", "--nats-url", &nats.url()])
        .unwrap();
    let published = read_stream(&nats.url(), "erp.>").unwrap();
    assert!(
        published.len() > 100,
        "the demo store's events were published"
    );

    let mut leaks = Vec::new();
    for message in &published {
        for found in card_numbers(&message.payload) {
            leaks.push(format!(
                "event on {}: card number {}",
                message.subject, found.digits
            ));
        }
        let text = String::from_utf8_lossy(&message.payload).to_lowercase();
        if text.contains("\"pin\"") {
            leaks.push(format!("event on {} carries a PIN field", message.subject));
        }
    }
    let files = files_under(&data_dir);
    let logs: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.starts_with(data_dir.join("logs")))
        .collect();
    assert!(!logs.is_empty(), "the store writes logs to <data-dir>/logs");
    for found in database_card_numbers(&shop.database()).unwrap() {
        leaks.push(format!(
            "database {}.{}: card number {}",
            found.table, found.column, found.digits
        ));
    }
    // Every other file (logs, config) byte by byte; the database is read value by value above.
    let not_database = |f: &&PathBuf| {
        !f.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("filiale.sqlite")
    };
    for file in files.iter().filter(not_database) {
        let bytes = std::fs::read(file).unwrap();
        for found in card_numbers(&bytes) {
            leaks.push(format!(
                "{}: card number {} at byte {}",
                file.display(),
                found.digits,
                found.offset
            ));
        }
    }
    for log in &logs {
        let bytes = std::fs::read(log).unwrap();
        for pin in [DEMO_PIN, WRONG_PIN] {
            for at in standalone(&bytes, pin) {
                leaks.push(format!("{}: PIN {pin} at byte {at}", log.display()));
            }
        }
    }
    assert!(leaks.is_empty(), "leaks:\n{}", leaks.join("\n"));

    // FILE PERMISSIONS (owned by the store's file handling): the database and its -wal/-shm files
    // must be readable by their owner only. Keep a connection open so the -wal and -shm exist.
    use std::os::unix::fs::PermissionsExt;
    let db = rusqlite::Connection::open(shop.database()).unwrap();
    db.pragma_update(None, "journal_mode", "WAL").unwrap();
    db.execute_batch("BEGIN IMMEDIATE; CREATE TEMP TABLE t(x); COMMIT;")
        .unwrap();
    let _: i64 = db
        .query_row("SELECT COUNT(*) FROM sales", [], |r| r.get(0))
        .unwrap();
    let mut open_to_others = Vec::new();
    for file in files_under(&data_dir) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("filiale.sqlite") {
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                open_to_others.push(format!("{name} has mode {mode:o}"));
            }
        }
    }
    assert!(
        open_to_others.is_empty(),
        "database files readable by others than their owner: {open_to_others:?}"
    );

    // The scan reads what is really stored: a card number typed into a customer note is found.
    db.execute(
        "UPDATE customers SET notes = 'zahlt mit 4111 1111 1111 1111' WHERE rowid = (SELECT MIN(rowid) FROM customers)",
        [],
    )
    .unwrap();
    let planted = database_card_numbers(&shop.database()).unwrap();
    assert_eq!(
        planted
            .iter()
            .map(|f| f.digits.as_str())
            .collect::<Vec<_>>(),
        ["4111111111111111"],
        "the scan finds a planted card number: {planted:?}"
    );
}
