//! The SQLite checkpointer: one row per thread (its head) and one row per checkpoint, written after
//! every node, with an optimistic step compare-and-set so that two writers cannot both advance a
//! thread from the same checkpoint.
//!
//! The tables (`workflow_threads`, `workflow_checkpoints`) are created with
//! `CREATE TABLE IF NOT EXISTS` in whatever database the checkpointer is given, so they may live in
//! the store's own database file.

use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use crate::error::WorkflowError;

const SCHEMA: &str = "
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

/// Where a thread stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ThreadStatus {
    /// A node is due (or was running when the process stopped).
    Running,
    /// Paused before an `interrupt_before` node, waiting for `resume`.
    Interrupted,
    /// Reached END.
    Completed,
    /// A node returned an error; `continue_thread` runs it again.
    Failed,
}

impl ThreadStatus {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Interrupted => "interrupted",
            Self::Completed => "completed",
            Self::Failed => "failed",
        }
    }
}

impl std::fmt::Display for ThreadStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ThreadStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "running" => Ok(Self::Running),
            "interrupted" => Ok(Self::Interrupted),
            "completed" => Ok(Self::Completed),
            "failed" => Ok(Self::Failed),
            other => Err(format!("unknown thread status {other:?}")),
        }
    }
}

/// What wrote a checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum CheckpointSource {
    /// The initial state given to `invoke`.
    Input,
    /// A node finished.
    Loop,
    /// A human's update given to `resume`.
    Update,
}

impl CheckpointSource {
    fn as_str(self) -> &'static str {
        match self {
            Self::Input => "input",
            Self::Loop => "loop",
            Self::Update => "update",
        }
    }
    fn parse(s: &str) -> Self {
        match s {
            "input" => Self::Input,
            "update" => Self::Update,
            _ => Self::Loop,
        }
    }
}

/// One stored checkpoint, with the state still as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    pub checkpoint_id: String,
    pub thread_id: String,
    pub step: i64,
    pub parent_id: Option<String>,
    pub source: CheckpointSource,
    /// The node whose result this is (for `Loop` and failed checkpoints).
    pub node: Option<String>,
    pub state: serde_json::Value,
    /// The nodes due next; empty once the thread reached END.
    pub next: Vec<String>,
    pub status: ThreadStatus,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// One row of a thread listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ThreadSummary {
    pub thread_id: String,
    pub graph: String,
    pub status: ThreadStatus,
    pub step: i64,
    /// Whether a human update has been applied to this thread.
    pub decided: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What an append expects the thread's head to be; anything else is a lost race.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Expect {
    pub step: i64,
    pub status: Option<ThreadStatus>,
}

/// Stores checkpoints in SQLite. Cloning shares the connection.
#[derive(Clone)]
pub struct SqliteCheckpointer {
    /// A std mutex around one connection: every use is a short synchronous transaction.
    conn: Arc<Mutex<Connection>>,
}

impl std::fmt::Debug for SqliteCheckpointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteCheckpointer").finish_non_exhaustive()
    }
}

impl SqliteCheckpointer {
    /// Opens (or creates) the database file at `path` in WAL mode and creates the tables.
    pub fn open(path: &Path) -> Result<Self, WorkflowError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        Self::new(conn)
    }

    /// Uses a connection the caller opened (for example one to the store's database file) and
    /// creates the tables if they are missing. Sets a busy timeout so concurrent writers queue.
    pub fn new(conn: Connection) -> Result<Self, WorkflowError> {
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Creates a thread with its first checkpoint; fails with `ThreadExists` if the id is taken.
    pub(crate) fn create_thread(&self, graph: &str, cp: &Checkpoint) -> Result<(), WorkflowError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let inserted = tx.execute(
            "INSERT INTO workflow_threads (thread_id, graph, head_step, head_checkpoint_id, status,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT (thread_id) DO NOTHING",
            params![
                cp.thread_id,
                graph,
                cp.step,
                cp.checkpoint_id,
                cp.status.as_str(),
                cp.created_at.to_rfc3339()
            ],
        )?;
        if inserted == 0 {
            return Err(WorkflowError::ThreadExists(cp.thread_id.clone()));
        }
        insert_checkpoint(&tx, cp)?;
        tx.commit()?;
        Ok(())
    }

    /// Appends `cp` as the thread's new head if the head is still what `expect` says.
    /// Returns `false` (and stores nothing) when another writer got there first.
    pub(crate) fn append(
        &self,
        cp: &Checkpoint,
        expect: Expect,
        mark_decided: bool,
    ) -> Result<bool, WorkflowError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let updated = tx.execute(
            "UPDATE workflow_threads
                SET head_step = ?1, head_checkpoint_id = ?2, status = ?3, updated_at = ?4,
                    decided = decided OR ?5
              WHERE thread_id = ?6 AND head_step = ?7 AND (?8 IS NULL OR status = ?8)",
            params![
                cp.step,
                cp.checkpoint_id,
                cp.status.as_str(),
                cp.created_at.to_rfc3339(),
                mark_decided,
                cp.thread_id,
                expect.step,
                expect.status.map(ThreadStatus::as_str),
            ],
        )?;
        if updated == 0 {
            return Ok(false);
        }
        insert_checkpoint(&tx, cp)?;
        tx.commit()?;
        Ok(true)
    }

    /// The thread's summary and latest checkpoint.
    pub(crate) fn head(
        &self,
        thread_id: &str,
    ) -> Result<Option<(ThreadSummary, Checkpoint)>, WorkflowError> {
        let conn = self.lock();
        let summary = conn
            .query_row(
                &format!("{THREAD_COLUMNS} WHERE thread_id = ?1"),
                [thread_id],
                thread_from_row,
            )
            .optional()?;
        let Some(summary) = summary else {
            return Ok(None);
        };
        let cp = conn.query_row(
            &format!("{CHECKPOINT_COLUMNS} WHERE thread_id = ?1 AND step = ?2"),
            params![thread_id, summary.step],
            checkpoint_from_row,
        )?;
        Ok(Some((summary, cp)))
    }

    /// Every checkpoint of a thread, newest first.
    pub fn history(&self, thread_id: &str) -> Result<Vec<Checkpoint>, WorkflowError> {
        let conn = self.lock();
        let mut stmt = conn.prepare(&format!(
            "{CHECKPOINT_COLUMNS} WHERE thread_id = ?1 ORDER BY step DESC"
        ))?;
        let rows = stmt.query_map([thread_id], checkpoint_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Threads of `graph`, optionally only those with `status`, most recently updated first.
    pub fn threads(
        &self,
        graph: &str,
        status: Option<ThreadStatus>,
    ) -> Result<Vec<ThreadSummary>, WorkflowError> {
        let conn = self.lock();
        let mut stmt = conn.prepare(&format!(
            "{THREAD_COLUMNS} WHERE graph = ?1 AND (?2 IS NULL OR status = ?2)
             ORDER BY updated_at DESC, thread_id"
        ))?;
        let rows = stmt.query_map(
            params![graph, status.map(ThreadStatus::as_str)],
            thread_from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

const THREAD_COLUMNS: &str = "SELECT thread_id, graph, status, head_step, decided, created_at,
    updated_at FROM workflow_threads";
const CHECKPOINT_COLUMNS: &str = "SELECT checkpoint_id, thread_id, step, parent_id, source, node,
    state_json, next_nodes, status, error, created_at FROM workflow_checkpoints";

fn insert_checkpoint(tx: &rusqlite::Transaction<'_>, cp: &Checkpoint) -> Result<(), WorkflowError> {
    tx.execute(
        "INSERT INTO workflow_checkpoints (checkpoint_id, thread_id, step, parent_id, source, node,
             state_json, next_nodes, status, error, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            cp.checkpoint_id,
            cp.thread_id,
            cp.step,
            cp.parent_id,
            cp.source.as_str(),
            cp.node,
            serde_json::to_string(&cp.state)?,
            serde_json::to_string(&cp.next)?,
            cp.status.as_str(),
            cp.error,
            cp.created_at.to_rfc3339(),
        ],
    )?;
    Ok(())
}

fn parse_time(idx: usize, s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
        })
}

fn parse_status(idx: usize, s: &str) -> rusqlite::Result<ThreadStatus> {
    s.parse().map_err(|e: String| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
    })
}

fn parse_json<T: serde::de::DeserializeOwned>(idx: usize, s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
    })
}

fn thread_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ThreadSummary> {
    Ok(ThreadSummary {
        thread_id: row.get(0)?,
        graph: row.get(1)?,
        status: parse_status(2, &row.get::<_, String>(2)?)?,
        step: row.get(3)?,
        decided: row.get(4)?,
        created_at: parse_time(5, &row.get::<_, String>(5)?)?,
        updated_at: parse_time(6, &row.get::<_, String>(6)?)?,
    })
}

fn checkpoint_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Checkpoint> {
    Ok(Checkpoint {
        checkpoint_id: row.get(0)?,
        thread_id: row.get(1)?,
        step: row.get(2)?,
        parent_id: row.get(3)?,
        source: CheckpointSource::parse(&row.get::<_, String>(4)?),
        node: row.get(5)?,
        state: parse_json(6, &row.get::<_, String>(6)?)?,
        next: parse_json(7, &row.get::<_, String>(7)?)?,
        status: parse_status(8, &row.get::<_, String>(8)?)?,
        error: row.get(9)?,
        created_at: parse_time(10, &row.get::<_, String>(10)?)?,
    })
}
