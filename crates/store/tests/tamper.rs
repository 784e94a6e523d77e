//! Tamper evidence on real SQLite files: the books refuse UPDATE and DELETE, the hash chain names
//! the first record changed behind Filiale's back, and untouched stores verify.

#[allow(dead_code)] // shared with the other test binaries, which use all of it
mod common;

use common::{add_article, cart, now, open};
use filiale_domain::{Tender, VatRate};
use filiale_store::chain::{self, Fault, RecordKind};
use filiale_store::{Store, audit, migrate, sales};
use rusqlite::Connection;

fn sell(store: &Store, lines: &[(&str, i64)]) -> i64 {
    let cart = cart(store, lines);
    store
        .write(now(), |tx| {
            sales::record_sale(tx, &cart, Tender::Card, None)
        })
        .unwrap()
        .receipt_no
}

fn store_with_three_sales(dir: &tempfile::TempDir) -> Store {
    let store = open(dir);
    add_article(&store, "CAN", 1299, VatRate::Standard, 50, 2);
    add_article(&store, "SEED", 299, VatRate::Reduced, 50, 2);
    sell(&store, &[("CAN", 1)]);
    sell(&store, &[("CAN", 2), ("SEED", 3)]);
    sell(&store, &[("SEED", 1)]);
    store
}

/// A second connection to the file, as someone with a SQLite shell would have.
fn shell(dir: &tempfile::TempDir) -> Connection {
    Connection::open(dir.path().join("store.sqlite")).unwrap()
}

fn verify(store: &Store) -> chain::Verification {
    store.read(chain::verify).unwrap()
}

#[test]
fn an_untouched_store_verifies_with_one_link_per_sale_and_journal_entry() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_three_sales(&dir);
    let verification = verify(&store);
    assert!(verification.ok(), "{verification:?}");
    assert_eq!(verification.links, 6, "3 sales + 3 journal entries");
    assert_eq!(verification.head.as_ref().map(String::len), Some(64));
}

#[test]
fn the_books_refuse_update_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let _store = store_with_three_sales(&dir);
    let sql = shell(&dir);
    for statement in [
        "UPDATE sales SET total_cents = 1 WHERE receipt_no = 1",
        "DELETE FROM sales WHERE receipt_no = 3",
        "UPDATE sale_lines SET quantity = 9",
        "DELETE FROM sale_vat",
        "UPDATE journal_entries SET text = 'x'",
        "DELETE FROM journal_lines WHERE entry_id = 1",
        "UPDATE hash_chain SET hash = 'x'",
        "DELETE FROM hash_chain",
    ] {
        let error = sql.execute(statement, []).unwrap_err().to_string();
        assert!(error.contains("append-only"), "{statement}: {error}");
    }
    let total: i64 = sql
        .query_row(
            "SELECT total_cents FROM sales WHERE receipt_no = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(total, 1299, "nothing changed");
}

#[test]
fn an_edited_sale_line_is_named_after_the_trigger_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_three_sales(&dir);
    let sql = shell(&dir);
    sql.execute_batch(
        "DROP TRIGGER sale_lines_no_update;
         UPDATE sale_lines SET quantity = 1 WHERE receipt_no = 2 AND sku = 'SEED';",
    )
    .unwrap();
    let verification = verify(&store);
    let problem = verification.problem.clone().expect("the edit is found");
    assert_eq!(
        (problem.kind, problem.record_id, problem.fault),
        (RecordKind::Sale, 2, Fault::ContentChanged)
    );
    assert_eq!(problem.position, Some(3), "sale 1, its entry, then sale 2");
    assert_eq!(verification.missing_triggers, ["sale_lines_no_update"]);
    assert!(problem.to_string().contains("sale (receipt) 2 was changed"));
}

#[test]
fn deleted_records_rewritten_links_and_records_written_around_filiale_are_found() {
    let cases: [(&str, RecordKind, i64, Fault); 4] = [
        (
            "DROP TRIGGER journal_lines_no_delete; DROP TRIGGER journal_entries_no_delete;
             DELETE FROM journal_lines WHERE entry_id = 3; DELETE FROM journal_entries WHERE id = 3;",
            RecordKind::JournalEntry,
            3,
            Fault::RecordMissing,
        ),
        (
            "DROP TRIGGER hash_chain_no_update;
             UPDATE hash_chain SET content_hash = prev_hash WHERE position = 4;",
            RecordKind::JournalEntry,
            2,
            Fault::LinkBroken,
        ),
        (
            "DROP TRIGGER hash_chain_no_delete; DELETE FROM hash_chain WHERE position = 2;",
            RecordKind::Sale,
            2,
            Fault::LinkMissing,
        ),
        (
            "INSERT INTO sales (receipt_no, completed_at, total_cents, method, change_cents)
             VALUES (99, '2026-01-01T00:00:00.000Z', 100, 'cash', 0);",
            RecordKind::Sale,
            99,
            Fault::Unsealed,
        ),
    ];
    for (sql, kind, id, fault) in cases {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_three_sales(&dir);
        shell(&dir).execute_batch(sql).unwrap();
        let problem = verify(&store).problem.expect(sql);
        assert_eq!(
            (problem.kind, problem.record_id, problem.fault),
            (kind, id, fault),
            "{sql}"
        );
    }
}

#[test]
fn a_byte_changed_in_the_file_is_found() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open(&dir);
        add_article(&store, "CAN", 1299, VatRate::Standard, 50, 2);
        sell(&store, &[("CAN", 1)]);
        store
            .write(now(), |tx| {
                audit::record(
                    tx,
                    &audit::NewEntry {
                        terminal: "kasse-1",
                        actor: "Frau Krüger",
                        action: "sale.void",
                        outcome: audit::Outcome::Ok,
                        subject: "Bon 1",
                        details: serde_json::json!({"reason": "Kundin-XYZ-Reklamation"}),
                    },
                )
            })
            .unwrap();
        store.checkpoint().unwrap();
    }
    let path = dir.path().join("store.sqlite");
    let mut bytes = std::fs::read(&path).unwrap();
    let needle = b"Kundin-XYZ";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the audit entry is in the file");
    bytes[at + 7] = b'Q'; // one byte: XYZ -> QYZ
    std::fs::write(&path, bytes).unwrap();

    let store = open(&dir);
    let problem = verify(&store).problem.expect("the changed byte is found");
    assert_eq!((problem.kind, problem.record_id), (RecordKind::Audit, 1));
    assert_eq!(problem.fault, Fault::ContentChanged);
}

#[test]
fn upgrading_a_store_seals_its_earlier_books_and_keeps_the_manager_pin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        for (_, sql) in &migrate::MIGRATIONS[..4] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "PRAGMA user_version = 4;
             INSERT INTO store_meta VALUES ('store_id', 'test-store');
             INSERT INTO accounts (number, name, debit_normal) VALUES (1000, 'Kasse', 1), (1360, 'Geldtransit', 1),
                 (8400, 'Erlöse 19 %', 0), (1776, 'USt 19 %', 0);
             INSERT INTO counters VALUES ('receipt_no', 1);
             INSERT INTO sales VALUES (1, '2026-03-01T09:00:00.000Z', 500, 'cash', 500, 0, NULL);
             INSERT INTO journal_entries VALUES (1, '2026-03-01T09:00:00.000Z', 'Verkauf Bon 1', 'receipt:1');
             INSERT INTO journal_lines VALUES (1, 1, 1000, 500, 0), (1, 2, 8400, 0, 500);
             CREATE TABLE workflow_manager_pins (manager TEXT PRIMARY KEY, pin_hash TEXT NOT NULL,
                 failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until TEXT, updated_at TEXT NOT NULL);
             INSERT INTO workflow_manager_pins VALUES ('Filialleitung', '$argon2id$x', 0, NULL, '2026-03-01T09:00:00Z');",
        )
        .unwrap();
    }
    let store = open(&dir);
    let verification = verify(&store);
    assert!(verification.ok(), "{verification:?}");
    assert_eq!(verification.links, 2);
    let role: String = shell(&dir)
        .query_row(
            "SELECT role FROM staff WHERE name = 'Filialleitung'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(role, "manager");
    assert_eq!(sell_after_upgrade(&store), 2, "numbering goes on");
    assert!(verify(&store).ok());
}

fn sell_after_upgrade(store: &Store) -> i64 {
    add_article(store, "CAN", 1299, VatRate::Standard, 5, 1);
    sell(store, &[("CAN", 1)])
}
