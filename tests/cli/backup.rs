//! Backups and restore on the real binary: a backup taken while another process sells is a
//! complete, checked copy; a damaged database is refused when it opens, with the way out; restoring
//! a backup brings every receipt back and keeps the damaged file; a damaged backup or another
//! store's backup is refused and changes nothing.

use crate::helpers::{GERMAN_ARTICLES, TestStore};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

fn store_with_articles() -> TestStore {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    store
}

fn sell(store: &TestStore) {
    store.ok(&["sell", "--line", "T-2:1", "--pay", "card"]);
}

fn backup(store: &TestStore, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["backup", "--json"];
    args.extend(extra);
    serde_json::from_str(&store.ok(&args)).unwrap()
}

fn receipts_in(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM sales", [], |r| r.get(0))
        .unwrap()
}

/// Overwrites the first page of the `sales` table with garbage, as a failing disk would.
fn damage_sales_table(db: &Path) {
    let (page_size, root): (i64, i64) = {
        let conn = rusqlite::Connection::open(db).unwrap();
        let page_size = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'sales'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
        (page_size, root)
    };
    let mut file = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    file.seek(SeekFrom::Start(((root - 1) * page_size) as u64))
        .unwrap();
    file.write_all(&vec![0xA5; page_size as usize]).unwrap();
    file.sync_all().unwrap();
}

#[test]
fn a_backup_taken_while_another_process_sells_is_complete_and_checked() {
    let store = store_with_articles();
    sell(&store);
    let selling = std::thread::scope(|scope| {
        let seller = scope.spawn(|| {
            for _ in 0..5 {
                sell(&store);
            }
        });
        let done = backup(&store, &[]);
        seller.join().unwrap();
        done
    });
    let path = PathBuf::from(selling["check"]["path"].as_str().unwrap());
    assert!(path.starts_with(store.path().join("backups")), "{path:?}");
    let in_backup = receipts_in(&path);
    assert!(
        (1..=6).contains(&in_backup),
        "a consistent snapshot between the first and the last sale: {in_backup}"
    );
    assert_eq!(selling["check"]["sales"], in_backup);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "backups are their owner's only: {mode:o}");
    }
    // The sales went on: all six are in the store.
    assert_eq!(store.count("SELECT COUNT(*) FROM sales"), 6);
}

#[test]
fn the_backup_folder_keeps_the_newest_backups_only() {
    let store = store_with_articles();
    let config = std::fs::read_to_string(store.path().join("filiale.toml")).unwrap();
    assert!(config.contains("keep = 14"), "{config}");
    std::fs::write(
        store.path().join("filiale.toml"),
        config.replace("keep = 14", "keep = 2"),
    )
    .unwrap();
    for _ in 0..3 {
        sell(&store);
        backup(&store, &[]);
    }
    let listed: Vec<String> =
        serde_json::from_str(&store.ok(&["backup", "--list", "--json"])).unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(receipts_in(Path::new(&listed[1])), 3, "the newest is kept");
}

#[test]
fn a_damaged_database_is_refused_and_restoring_a_backup_brings_every_receipt_back() {
    let store = store_with_articles();
    for _ in 0..3 {
        sell(&store);
    }
    let elsewhere = tempfile::tempdir().unwrap();
    let done = backup(&store, &["--to", elsewhere.path().to_str().unwrap()]);
    let saved = done["check"]["path"].as_str().unwrap().to_owned();
    assert!(saved.starts_with(elsewhere.path().to_str().unwrap()));

    let db = store.path().join("filiale.sqlite");
    damage_sales_table(&db);
    let refused = store.fails(&["status"]);
    assert!(
        refused.contains("is damaged") && refused.contains("filiale restore"),
        "{refused}"
    );

    // A damaged backup is refused, and the store's file stays as it is.
    let broken_copy = elsewhere.path().join("kaputt.sqlite");
    std::fs::copy(&saved, &broken_copy).unwrap();
    damage_sales_table(&broken_copy);
    let before = std::fs::read(&db).unwrap();
    let refused = store.fails(&["restore", broken_copy.to_str().unwrap()]);
    assert!(refused.contains("is damaged"), "{refused}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing replaced");

    let restored: serde_json::Value =
        serde_json::from_str(&store.ok(&["restore", &saved, "--json"])).unwrap();
    assert_eq!(restored["sales"], 3);
    assert_eq!(restored["last_receipt_no"], 3);
    assert!(store.ok(&["receipt", "3"]).contains("Tomatensamen"));
    assert!(store.ok(&["audit", "verify"]).contains("records verified"));
    sell(&store);
    assert!(store.ok(&["receipt", "4"]).contains("Tomatensamen"));
    let kept: Vec<_> = std::fs::read_dir(store.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("filiale.sqlite.before-restore-")
        })
        .collect();
    assert!(!kept.is_empty(), "the damaged file is kept, not deleted");
}

#[test]
fn another_stores_backup_is_refused() {
    let ours = store_with_articles();
    sell(&ours);
    let other = tempfile::tempdir().unwrap();
    let copy = other.path().join("other.sqlite");
    let done = backup(&ours, &["--to", other.path().to_str().unwrap()]);
    std::fs::rename(done["check"]["path"].as_str().unwrap(), &copy).unwrap();
    rusqlite::Connection::open(&copy)
        .unwrap()
        .execute(
            "UPDATE store_meta SET value = 'other-store' WHERE key = 'store_id'",
            [],
        )
        .unwrap();
    let refused = ours.fails(&["restore", copy.to_str().unwrap()]);
    assert!(refused.contains("other-store"), "{refused}");
    assert_eq!(
        ours.count("SELECT COUNT(*) FROM sales"),
        1,
        "nothing replaced"
    );
}
