//! Checkpoints kept in memory: the [`CheckpointStore`] of the replay simulator and of tests. Same
//! semantics as the store's tables — one head per thread, the step compare-and-set — behind one
//! mutex, so every call is atomic. Nothing survives the process.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use crate::checkpoint::{Checkpoint, CheckpointStore, Expect, ThreadStatus, ThreadSummary};
use crate::error::StorageError;

/// One thread: its summary (the head) and its checkpoints in step order.
#[derive(Debug, Clone)]
struct Thread {
    summary: ThreadSummary,
    checkpoints: Vec<Checkpoint>,
}

/// Checkpoints in memory. Share it behind an `Arc` to let several graphs see the same threads.
#[derive(Debug, Default)]
pub struct MemoryCheckpoints {
    /// A std mutex: every call is short and synchronous.
    threads: Mutex<BTreeMap<String, Thread>>,
}

impl MemoryCheckpoints {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Thread>> {
        self.threads.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl CheckpointStore for MemoryCheckpoints {
    fn create_thread(&self, graph: &str, first: &Checkpoint) -> Result<bool, StorageError> {
        let mut threads = self.lock();
        if threads.contains_key(&first.thread_id) {
            return Ok(false);
        }
        let summary = ThreadSummary {
            thread_id: first.thread_id.clone(),
            graph: graph.to_owned(),
            status: first.status,
            step: first.step,
            decided: false,
            created_at: first.created_at,
            updated_at: first.created_at,
        };
        threads.insert(
            first.thread_id.clone(),
            Thread {
                summary,
                checkpoints: vec![first.clone()],
            },
        );
        Ok(true)
    }

    fn append(
        &self,
        checkpoint: &Checkpoint,
        expect: Expect,
        mark_decided: bool,
    ) -> Result<bool, StorageError> {
        let mut threads = self.lock();
        let Some(thread) = threads.get_mut(&checkpoint.thread_id) else {
            return Ok(false);
        };
        let head = &mut thread.summary;
        if head.step != expect.step || expect.status.is_some_and(|s| s != head.status) {
            return Ok(false);
        }
        if thread
            .checkpoints
            .iter()
            .any(|c| c.step == checkpoint.step || c.checkpoint_id == checkpoint.checkpoint_id)
        {
            return Err(format!(
                "checkpoint step {} of thread {} is already stored",
                checkpoint.step, checkpoint.thread_id
            )
            .into());
        }
        head.step = checkpoint.step;
        head.status = checkpoint.status;
        head.updated_at = checkpoint.created_at;
        head.decided |= mark_decided;
        thread.checkpoints.push(checkpoint.clone());
        Ok(true)
    }

    fn head(&self, thread_id: &str) -> Result<Option<(ThreadSummary, Checkpoint)>, StorageError> {
        let threads = self.lock();
        let Some(thread) = threads.get(thread_id) else {
            return Ok(None);
        };
        let head = thread
            .checkpoints
            .iter()
            .find(|c| c.step == thread.summary.step)
            .ok_or_else(|| format!("thread {thread_id} has no checkpoint at its head"))?;
        Ok(Some((thread.summary.clone(), head.clone())))
    }

    fn history(&self, thread_id: &str) -> Result<Vec<Checkpoint>, StorageError> {
        let threads = self.lock();
        let mut history = threads
            .get(thread_id)
            .map(|t| t.checkpoints.clone())
            .unwrap_or_default();
        history.sort_by_key(|c| std::cmp::Reverse(c.step));
        Ok(history)
    }

    fn threads(
        &self,
        graph: &str,
        status: Option<ThreadStatus>,
    ) -> Result<Vec<ThreadSummary>, StorageError> {
        let mut listed: Vec<ThreadSummary> = self
            .lock()
            .values()
            .map(|t| t.summary.clone())
            .filter(|t| t.graph == graph && status.is_none_or(|s| s == t.status))
            .collect();
        listed.sort_by(|a, b| {
            b.updated_at
                .cmp(&a.updated_at)
                .then_with(|| a.thread_id.cmp(&b.thread_id))
        });
        Ok(listed)
    }
}
