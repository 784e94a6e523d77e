//! The audit trail through the CLI: the demo store verifies; a record changed behind Filiale's
//! back (trigger dropped, or one byte in the file) is named and `audit verify` fails; the audit
//! log says who did what and never holds a PIN; the files are private.

use crate::helpers::TestStore;

/// Runs `audit verify` and returns its exit code and output.
fn verify(store: &TestStore) -> (Option<i32>, String) {
    let out = store.run(&["audit", "verify"]);
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_demo_store_verifies_and_an_edited_receipt_is_named() {
    let store = TestStore::with_demo();
    let (code, out) = verify(&store);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("records verified"), "{out}");
    assert!(out.contains("chain head "), "{out}");

    let db = store.db();
    let refused = db
        .execute(
            "UPDATE sale_lines SET quantity = 1 WHERE receipt_no = 3",
            [],
        )
        .unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
    db.execute_batch(
        "DROP TRIGGER sale_lines_no_update;
         UPDATE sale_lines SET quantity = quantity + 1 WHERE receipt_no = 3 AND line_no = 1;",
    )
    .unwrap();
    drop(db);
    let (code, out) = verify(&store);
    assert_eq!(code, Some(3), "{out}");
    assert!(
        out.contains("NOT VERIFIED: sale (receipt) 3 was changed after it was sealed"),
        "{out}"
    );
    assert!(
        out.contains("trigger sale_lines_no_update is missing"),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&store.run(&["audit", "verify", "--json"]).stdout).unwrap();
    assert_eq!(json["problem"]["kind"], "sale");
    assert_eq!(json["problem"]["record_id"], 3);
    assert_eq!(json["problem"]["fault"], "content_changed");
}

#[test]
fn one_byte_changed_in_the_database_file_fails_verification() {
    let store = TestStore::new();
    store.ok(&[
        "article", "add", "--sku", "Z-1", "--name", "Rechen", "--price", "9,99", "--stock", "5",
    ]);
    store.ok(&[
        "staff",
        "add",
        "Herr Yilmaz",
        "--role",
        "manager",
        "--pin",
        "482913",
    ]);
    store.ok(&["sell", "--line", "Z-1:1", "--pay", "card"]);
    store.ok(&[
        "refund",
        "1",
        "--manager",
        "Herr Yilmaz",
        "--pin",
        "482913",
        "--reason",
        "Kunde-QXJ-Umtausch",
    ]);
    assert_eq!(verify(&store).0, Some(0));
    // Fold the WAL into the file so the bytes are where a hex editor would find them.
    store
        .db()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let path = store.path().join("filiale.sqlite");
    let mut bytes = std::fs::read(&path).unwrap();
    let needle = b"Kunde-QXJ";
    let positions: Vec<usize> = bytes
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| w == needle)
        .map(|(i, _)| i)
        .collect();
    assert!(!positions.is_empty(), "the reason is in the file");
    for at in positions {
        bytes[at + 6] = b'Z'; // QXJ -> ZXJ
    }
    std::fs::write(&path, bytes).unwrap();
    let (code, out) = verify(&store);
    assert_eq!(code, Some(3), "{out}");
    assert!(out.contains("NOT VERIFIED: refund 1 was changed"), "{out}");
}

#[test]
fn the_audit_log_says_who_did_what_and_never_holds_a_pin() {
    let store = TestStore::new();
    store.ok(&[
        "article", "add", "--sku", "Z-1", "--name", "Rechen", "--price", "9,99", "--stock", "5",
    ]);
    store.ok(&[
        "staff",
        "add",
        "Frau Krüger",
        "--role",
        "manager",
        "--pin",
        "739153",
    ]);
    let refused = store.fails(&["staff", "add", "Lena", "--role", "cashier", "--pin", "2468"]);
    assert!(refused.contains("needs a manager's approval"), "{refused}");
    store.ok(&[
        "staff",
        "add",
        "Lena",
        "--role",
        "cashier",
        "--pin",
        "246813",
        "--manager",
        "Frau Krüger",
        "--manager-pin",
        "739153",
    ]);
    store.ok(&["staff", "login", "Lena", "--pin", "246813"]);
    store.fails(&["staff", "login", "Lena", "--pin", "999999"]);
    store.ok(&["sell", "--line", "Z-1:2", "--pay", "cash"]);
    store.ok(&[
        "refund",
        "1",
        "--line",
        "Z-1:1",
        "--manager",
        "Frau Krüger",
        "--pin",
        "739153",
    ]);
    store.ok(&[
        "staff",
        "set-pin",
        "Lena",
        "--pin",
        "135790",
        "--old-pin",
        "246813",
    ]);

    let log: serde_json::Value =
        serde_json::from_str(&store.ok(&["audit", "log", "--json"])).unwrap();
    let rows: Vec<(String, String, String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap().to_owned(),
                e["action"].as_str().unwrap().to_owned(),
                e["outcome"].as_str().unwrap().to_owned(),
                e["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let row = |a: &str, b: &str, c: &str, d: &str| (a.into(), b.into(), c.into(), d.into());
    assert_eq!(
        rows,
        [
            row("Frau Krüger", "staff.add", "ok", "Frau Krüger"),
            row("Frau Krüger", "authorization.grant", "ok", "Lena"),
            row("Frau Krüger", "staff.add", "ok", "Lena"),
            row("Lena", "staff.login", "ok", "Lena"),
            row("Lena", "staff.login", "denied", "Lena"),
            // The script's sale opened the closed till for the store's first manager.
            row("Frau Krüger", "till.open", "ok", "kasse-1"),
            row("Frau Krüger", "authorization.grant", "ok", "Bon 1"),
            row("Frau Krüger", "sale.refund", "ok", "Bon 1"),
            row("Lena", "staff.login", "ok", "Lena"),
            row("Lena", "staff.set_pin", "ok", "Lena"),
        ]
    );
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|e| e["terminal"] == "kasse-1")
    );
    let text = store.ok(&["audit", "log", "--action", "sale"]);
    assert_eq!(text.lines().count(), 1, "{text}");

    // No PIN anywhere: not in the audit log, not in the database, not in the log files.
    let dump = store.ok(&["audit", "log", "--json", "--limit", "1000"]);
    let mut haystacks = vec![
        dump,
        String::from_utf8_lossy(&std::fs::read(store.path().join("filiale.sqlite")).unwrap())
            .into_owned(),
    ];
    for entry in std::fs::read_dir(store.path().join("logs")).unwrap() {
        haystacks.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    for pin in ["739153", "246813", "999999", "135790"] {
        for text in &haystacks {
            assert!(!text.contains(pin), "PIN {pin} leaked");
        }
    }
    assert_eq!(verify(&store).0, Some(0));
}

#[cfg(unix)]
#[test]
fn the_store_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let store = TestStore::new();
    store.ok(&[
        "staff",
        "add",
        "Frau Krüger",
        "--role",
        "manager",
        "--pin",
        "739153",
    ]);
    let db = store.db(); // keeps the WAL and SHM files in place while we look
    db.query_row("SELECT COUNT(*) FROM sales", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let mode = |name: &str| {
        std::fs::metadata(store.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(""), 0o700, "data directory");
    assert_eq!(mode("logs"), 0o700);
    for file in [
        "filiale.sqlite",
        "filiale.sqlite-wal",
        "filiale.sqlite-shm",
        "filiale.toml",
    ] {
        assert_eq!(mode(file), 0o600, "{file}");
    }
}
