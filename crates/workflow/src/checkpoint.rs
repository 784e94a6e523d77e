//! Checkpoint storage: one record per thread (its head) and one per checkpoint, written after every
//! node, with an optimistic step compare-and-set so that two writers cannot both advance a thread
//! from the same checkpoint.
//!
//! The engine reaches its storage only through [`CheckpointStore`]. The store's database implements
//! it (its tables `workflow_threads` and `workflow_checkpoints`, through the app);
//! [`MemoryCheckpoints`](crate::memory_checkpoints::MemoryCheckpoints) keeps everything in memory
//! for the replay simulator and tests.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::StorageError;

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
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Input => "input",
            Self::Loop => "loop",
            Self::Update => "update",
        }
    }
    /// Reads the stored spelling back (anything unknown is a node's result).
    pub fn parse(s: &str) -> Self {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expect {
    /// The head's step the writer started from.
    pub step: i64,
    /// The head's status the writer requires, if any (`Interrupted` for a human's decision).
    pub status: Option<ThreadStatus>,
}

/// Where checkpoints are kept. Each method is atomic on its own: `create_thread` and `append` write
/// the thread's head and the checkpoint together or not at all.
pub trait CheckpointStore: Send + Sync {
    /// Creates a thread of `graph` with its first checkpoint `first`. Returns `false` (and stores
    /// nothing) when the thread id is taken.
    fn create_thread(&self, graph: &str, first: &Checkpoint) -> Result<bool, StorageError>;

    /// Appends `checkpoint` as the thread's new head if the head is still what `expect` says
    /// (step and, if given, status), and marks the thread decided when `mark_decided`. Returns
    /// `false` (and stores nothing) when another writer got there first: of two appends from the
    /// same head exactly one succeeds.
    fn append(
        &self,
        checkpoint: &Checkpoint,
        expect: Expect,
        mark_decided: bool,
    ) -> Result<bool, StorageError>;

    /// The thread's summary and latest checkpoint, if the thread exists.
    fn head(&self, thread_id: &str) -> Result<Option<(ThreadSummary, Checkpoint)>, StorageError>;

    /// Every checkpoint of a thread, newest first (empty for an unknown thread).
    fn history(&self, thread_id: &str) -> Result<Vec<Checkpoint>, StorageError>;

    /// Threads of `graph`, optionally only those with `status`, most recently updated first
    /// (ties by thread id).
    fn threads(
        &self,
        graph: &str,
        status: Option<ThreadStatus>,
    ) -> Result<Vec<ThreadSummary>, StorageError>;
}
