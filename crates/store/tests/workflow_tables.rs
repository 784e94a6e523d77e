//! The workflow engine's tables belong to the store now (migration 0008). A database written by
//! the previous version — the store's migrations up to 0006 and the tables the workflow crate
//! created itself beside them — opens with its threads, checkpoints and staff intact, and the
//! step compare-and-set lets one of two writers from the same head through.

use chrono::{DateTime, Utc};
use filiale_domain::Role;
use filiale_store::migrate::MIGRATIONS;
use filiale_store::workflow::{self, CheckpointRow, ExpectedHead};
use filiale_store::{Store, staff};

/// The schema the workflow crate's checkpointer created in the store's file before 0008.
const OLD_WORKFLOW_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS workflow_threads (
    thread_id          TEXT PRIMARY KEY,
    graph              TEXT NOT NULL,
    head_step          INTEGER NOT NULL,
    head_checkpoint_id TEXT NOT NULL,
    status             TEXT NOT NULL
                       CHECK (status IN ('running', 'interrupted', 'completed', 'failed')),
    decided            INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS workflow_threads_by_status ON workflow_threads (graph, status);
CREATE TABLE IF NOT EXISTS workflow_checkpoints (
    checkpoint_id TEXT PRIMARY KEY,
    thread_id     TEXT NOT NULL REFERENCES workflow_threads (thread_id),
    step          INTEGER NOT NULL,
    parent_id     TEXT,
    source        TEXT NOT NULL CHECK (source IN ('input', 'loop', 'update')),
    node          TEXT,
    state_json    TEXT NOT NULL,
    next_nodes    TEXT NOT NULL,
    status        TEXT NOT NULL
                  CHECK (status IN ('running', 'interrupted', 'completed', 'failed')),
    error         TEXT,
    created_at    TEXT NOT NULL,
    UNIQUE (thread_id, step)
);
";

fn at(minute: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_775_000_000 + minute * 60, 0).unwrap()
}

/// Writes a database as the previous version left it: the first six migrations (schema version
/// 6), the workflow tables as the old checkpointer created them, one proposal waiting for approval
/// and one manager.
fn previous_version_database(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    for (_, sql) in &MIGRATIONS[..6] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 6).unwrap();
    conn.execute_batch(OLD_WORKFLOW_SCHEMA).unwrap();
    let t0 = at(0).to_rfc3339();
    conn.execute_batch(&format!(
        "INSERT INTO workflow_threads VALUES
             ('BV-20260401-001', 'reorder_proposal', 1, 'cp-1', 'interrupted', 0, '{t0}', '{t0}');
         INSERT INTO workflow_checkpoints VALUES
             ('cp-0', 'BV-20260401-001', 0, NULL, 'input', NULL, '{{\"lines\":0}}',
              '[\"analyse_stock\"]', 'running', NULL, '{t0}'),
             ('cp-1', 'BV-20260401-001', 1, 'cp-0', 'loop', 'generate_proposal',
              '{{\"lines\":3}}', '[\"approval\"]', 'interrupted', NULL, '{t0}');
         INSERT INTO staff VALUES ('Frau Krüger', 'manager', '$argon2id$v=19$m=19456,t=2,p=1$x$y',
              2, NULL, '{t0}', '{t0}');"
    ))
    .unwrap();
}

fn decision(step: i64, id: &str) -> CheckpointRow {
    CheckpointRow {
        checkpoint_id: id.into(),
        thread_id: "BV-20260401-001".into(),
        step,
        parent_id: Some("cp-1".into()),
        source: "update".into(),
        node: None,
        state_json: "{\"lines\":3,\"approved\":true}".into(),
        next_json: "[\"approval\"]".into(),
        status: "running".into(),
        error: None,
        created_at: at(5),
    }
}

#[test]
fn a_database_of_the_previous_version_keeps_its_threads_and_staff() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("filiale.sqlite");
    previous_version_database(&path);

    let store = Store::open(&path, "filiale-1").unwrap();
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        version,
        MIGRATIONS.len() as i64,
        "the workflow tables' migration applied"
    );

    let waiting = store
        .read(|db| workflow::threads(db, "reorder_proposal", Some("interrupted")))
        .unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].thread_id, "BV-20260401-001");
    assert_eq!(waiting[0].created_at, at(0));
    let (thread, head) = store
        .read(|db| workflow::head(db, "BV-20260401-001"))
        .unwrap()
        .unwrap();
    assert_eq!((thread.head_step, head.checkpoint_id.as_str()), (1, "cp-1"));
    assert_eq!(head.state_json, "{\"lines\":3}");
    let history = store
        .read(|db| workflow::history(db, "BV-20260401-001"))
        .unwrap();
    assert_eq!(history.len(), 2);

    let listed = store.read(|db| staff::list(db, None)).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "Frau Krüger");
    assert_eq!(listed[0].role, Role::Manager);
    assert_eq!(listed[0].failed_attempts, 2);
    let credentials = store
        .read(|db| staff::credentials(db, "Frau Krüger"))
        .unwrap()
        .unwrap();
    assert!(credentials.pin_hash.starts_with("$argon2id$"));

    // The waiting proposal can still be decided — once.
    let expect = ExpectedHead {
        step: 1,
        status: Some("interrupted"),
    };
    let first = store
        .write(at(5), |tx| {
            workflow::append(tx, &decision(2, "cp-2"), expect, true)
        })
        .unwrap();
    let second = store
        .write(at(5), |tx| {
            workflow::append(tx, &decision(2, "cp-2b"), expect, true)
        })
        .unwrap();
    assert!(first, "the first decision is stored");
    assert!(!second, "a second decision from the same head is refused");
    let (thread, head) = store
        .read(|db| workflow::head(db, "BV-20260401-001"))
        .unwrap()
        .unwrap();
    assert!(thread.decided);
    assert_eq!((thread.head_step, head.checkpoint_id.as_str()), (2, "cp-2"));
    // Opening again changes nothing.
    drop(store);
    let store = Store::open(&path, "filiale-1").unwrap();
    assert_eq!(
        store
            .read(|db| workflow::history(db, "BV-20260401-001"))
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn a_thread_id_is_created_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("filiale.sqlite"), "filiale-1").unwrap();
    let mut first = decision(0, "cp-0");
    first.parent_id = None;
    first.source = "input".into();
    first.status = "interrupted".into();
    let created = store
        .write(at(0), |tx| {
            workflow::create_thread(tx, "reorder_proposal", &first)
        })
        .unwrap();
    let again = store
        .write(at(0), |tx| {
            workflow::create_thread(tx, "reorder_proposal", &first)
        })
        .unwrap();
    assert!(created && !again);
    assert_eq!(
        store
            .read(|db| workflow::threads(db, "reorder_proposal", None))
            .unwrap()
            .len(),
        1
    );
}
