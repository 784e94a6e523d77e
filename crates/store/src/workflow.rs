//! The workflow engine's threads and checkpoints (`workflow_threads`, `workflow_checkpoints`,
//! migration 0008): one row per thread holding its head, one row per checkpoint. A new head is
//! written only if the thread's head is still the one the writer started from (a step
//! compare-and-set inside the write transaction), so of two concurrent decisions one wins.
//!
//! The rows are plain text and numbers here; the workflow crate's types are mapped by the app.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use crate::{Db, StoreError, Tx};

/// One stored checkpoint (state and next nodes as JSON text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRow {
    pub checkpoint_id: String,
    pub thread_id: String,
    pub step: i64,
    pub parent_id: Option<String>,
    /// `input`, `loop` or `update`.
    pub source: String,
    pub node: Option<String>,
    pub state_json: String,
    /// A JSON array of node names.
    pub next_json: String,
    /// `running`, `interrupted`, `completed` or `failed`.
    pub status: String,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// One thread: its head step and status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadRow {
    pub thread_id: String,
    pub graph: String,
    pub status: String,
    pub head_step: i64,
    pub decided: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the head must still be for an append to go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpectedHead<'a> {
    pub step: i64,
    /// The status the head must have, if any.
    pub status: Option<&'a str>,
}

const THREAD_COLUMNS: &str = "SELECT thread_id, graph, status, head_step, decided, created_at,
    updated_at FROM workflow_threads";
const CHECKPOINT_COLUMNS: &str = "SELECT checkpoint_id, thread_id, step, parent_id, source, node,
    state_json, next_nodes, status, error, created_at FROM workflow_checkpoints";

/// Creates thread `first.thread_id` of `graph` with its first checkpoint. `false` (nothing
/// written) when the thread id is taken.
pub fn create_thread(tx: &Tx<'_>, graph: &str, first: &CheckpointRow) -> Result<bool, StoreError> {
    let inserted = tx.sql().execute(
        "INSERT INTO workflow_threads (thread_id, graph, head_step, head_checkpoint_id, status,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT (thread_id) DO NOTHING",
        params![
            first.thread_id,
            graph,
            first.step,
            first.checkpoint_id,
            first.status,
            first.created_at.to_rfc3339()
        ],
    )?;
    if inserted == 0 {
        return Ok(false);
    }
    insert_checkpoint(tx, first)?;
    Ok(true)
}

/// Makes `checkpoint` the thread's head if the head is still `expect`, marking the thread decided
/// when `mark_decided`. `false` (nothing written) when another writer got there first.
pub fn append(
    tx: &Tx<'_>,
    checkpoint: &CheckpointRow,
    expect: ExpectedHead<'_>,
    mark_decided: bool,
) -> Result<bool, StoreError> {
    let updated = tx.sql().execute(
        "UPDATE workflow_threads
            SET head_step = ?1, head_checkpoint_id = ?2, status = ?3, updated_at = ?4,
                decided = decided OR ?5
          WHERE thread_id = ?6 AND head_step = ?7 AND (?8 IS NULL OR status = ?8)",
        params![
            checkpoint.step,
            checkpoint.checkpoint_id,
            checkpoint.status,
            checkpoint.created_at.to_rfc3339(),
            mark_decided,
            checkpoint.thread_id,
            expect.step,
            expect.status,
        ],
    )?;
    if updated == 0 {
        return Ok(false);
    }
    insert_checkpoint(tx, checkpoint)?;
    Ok(true)
}

fn insert_checkpoint(tx: &Tx<'_>, cp: &CheckpointRow) -> Result<(), StoreError> {
    tx.sql().execute(
        "INSERT INTO workflow_checkpoints (checkpoint_id, thread_id, step, parent_id, source, node,
             state_json, next_nodes, status, error, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            cp.checkpoint_id,
            cp.thread_id,
            cp.step,
            cp.parent_id,
            cp.source,
            cp.node,
            cp.state_json,
            cp.next_json,
            cp.status,
            cp.error,
            cp.created_at.to_rfc3339(),
        ],
    )?;
    Ok(())
}

/// The thread and its head checkpoint.
pub fn head(db: &Db, thread_id: &str) -> Result<Option<(ThreadRow, CheckpointRow)>, StoreError> {
    let conn = db.conn();
    let thread = conn
        .query_row(
            &format!("{THREAD_COLUMNS} WHERE thread_id = ?1"),
            [thread_id],
            thread_from_row,
        )
        .optional()?;
    let Some(thread) = thread else {
        return Ok(None);
    };
    let head = conn.query_row(
        &format!("{CHECKPOINT_COLUMNS} WHERE thread_id = ?1 AND step = ?2"),
        params![thread_id, thread.head_step],
        checkpoint_from_row,
    )?;
    Ok(Some((thread, head)))
}

/// Every checkpoint of a thread, newest first.
pub fn history(db: &Db, thread_id: &str) -> Result<Vec<CheckpointRow>, StoreError> {
    let mut stmt = db.conn().prepare(&format!(
        "{CHECKPOINT_COLUMNS} WHERE thread_id = ?1 ORDER BY step DESC"
    ))?;
    let rows = stmt.query_map([thread_id], checkpoint_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Threads of `graph`, optionally only those with `status`, most recently updated first.
pub fn threads(db: &Db, graph: &str, status: Option<&str>) -> Result<Vec<ThreadRow>, StoreError> {
    let mut stmt = db.conn().prepare(&format!(
        "{THREAD_COLUMNS} WHERE graph = ?1 AND (?2 IS NULL OR status = ?2)
         ORDER BY updated_at DESC, thread_id"
    ))?;
    let rows = stmt.query_map(params![graph, status], thread_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn time(row: &Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(idx)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
        })
}

fn thread_from_row(row: &Row<'_>) -> rusqlite::Result<ThreadRow> {
    Ok(ThreadRow {
        thread_id: row.get(0)?,
        graph: row.get(1)?,
        status: row.get(2)?,
        head_step: row.get(3)?,
        decided: row.get(4)?,
        created_at: time(row, 5)?,
        updated_at: time(row, 6)?,
    })
}

fn checkpoint_from_row(row: &Row<'_>) -> rusqlite::Result<CheckpointRow> {
    Ok(CheckpointRow {
        checkpoint_id: row.get(0)?,
        thread_id: row.get(1)?,
        step: row.get(2)?,
        parent_id: row.get(3)?,
        source: row.get(4)?,
        node: row.get(5)?,
        state_json: row.get(6)?,
        next_json: row.get(7)?,
        status: row.get(8)?,
        error: row.get(9)?,
        created_at: time(row, 10)?,
    })
}
