//! The engine's typed errors: the cases a caller (UI, CLI, recovery loop) branches on.

/// What a storage implementation (the store's tables, the in-memory one) reports when it fails.
pub type StorageError = Box<dyn std::error::Error + Send + Sync + 'static>;

impl From<StorageError> for WorkflowError {
    fn from(error: StorageError) -> Self {
        WorkflowError::Storage(error)
    }
}

/// Why a workflow operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    /// `invoke` was given a thread id that already has checkpoints.
    #[error("workflow thread {0} already exists")]
    ThreadExists(String),
    /// No checkpoint exists for this thread id.
    #[error("workflow thread {0} does not exist")]
    UnknownThread(String),
    /// `resume` on a thread that is not waiting for a human decision and never was decided.
    #[error("workflow thread {thread_id} is not awaiting input (status {status})")]
    NotAwaitingInput { thread_id: String, status: String },
    /// `resume` lost the race: another decision was recorded first (or the caller's view is stale).
    #[error("workflow thread {thread_id} has already been decided")]
    AlreadyDecided { thread_id: String },
    /// Another process advanced the thread while this one was running a node.
    #[error("workflow thread {thread_id} was advanced concurrently at step {step}")]
    Conflict { thread_id: String, step: i64 },
    /// The human's update does not fit the state type; nothing was stored.
    #[error("invalid update for workflow thread {thread_id}: {reason}")]
    InvalidUpdate { thread_id: String, reason: String },
    /// A node returned an error; a `failed` checkpoint was stored and the thread can be continued.
    #[error("node {node} of workflow thread {thread_id} failed: {message}")]
    NodeFailed {
        thread_id: String,
        node: String,
        message: String,
    },
    /// The graph definition is inconsistent (unknown node, missing edge, no entry).
    #[error("invalid graph: {0}")]
    InvalidGraph(String),
    /// A run took more steps than the graph's step limit (a loop that never reaches END).
    #[error("workflow thread {thread_id} exceeded the limit of {limit} steps")]
    StepLimit { thread_id: String, limit: usize },
    /// The checkpoint storage failed.
    #[error("checkpoint storage failed: {0}")]
    Storage(#[source] StorageError),
    /// A stored state could not be (de)serialised.
    #[error("workflow state could not be serialised: {0}")]
    State(#[from] serde_json::Error),
}
