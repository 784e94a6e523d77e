//! Running a compiled graph: `invoke` a new thread, `resume` an interrupted one with a human's
//! update, `continue_thread` after a crash or failure, and read threads back.
//!
//! Every node's result is stored as a checkpoint before the next node starts. A node that was
//! running when the process died has no checkpoint, so it runs again on `continue_thread`:
//! **nodes with side effects must be idempotent** (key them by the thread id).
//!
//! Failpoints for crash tests: `workflow.before_node.<node>` (before the node runs) and
//! `workflow.after_node.<node>` (after it ran, before its checkpoint is stored).

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::checkpoint::{
    Checkpoint, CheckpointSource, CheckpointStore, Expect, ThreadStatus, ThreadSummary,
};
use crate::clock::Clock;
use crate::error::WorkflowError;
use crate::graph::{END, Edge, NodeContext, StateGraph};

/// A thread's state at one checkpoint, with the state deserialised.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StateSnapshot<S> {
    pub thread_id: String,
    pub checkpoint_id: String,
    pub parent_id: Option<String>,
    pub step: i64,
    pub values: S,
    /// The nodes due next (the interrupted node while `Interrupted`); empty when completed.
    pub next: Vec<String>,
    pub status: ThreadStatus,
    /// The node that produced this checkpoint, if any.
    pub node: Option<String>,
    pub source: CheckpointSource,
    pub error: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One thread continued by [`CompiledGraph::recover`]: its id and how it went.
pub type Recovered<S> = (String, Result<StateSnapshot<S>, WorkflowError>);

/// A graph bound to a checkpointer: the thing that runs threads.
pub struct CompiledGraph<S> {
    graph: StateGraph<S>,
    checkpointer: Arc<dyn CheckpointStore>,
    clock: Arc<dyn Clock>,
}

impl<S> std::fmt::Debug for CompiledGraph<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompiledGraph")
            .field("graph", &self.graph)
            .finish_non_exhaustive()
    }
}

impl<S: Serialize + DeserializeOwned + 'static> CompiledGraph<S> {
    pub(crate) fn new(
        graph: StateGraph<S>,
        checkpointer: Arc<dyn CheckpointStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            graph,
            checkpointer,
            clock,
        }
    }

    /// The graph's name, stored with each of its threads.
    pub fn name(&self) -> &str {
        &self.graph.name
    }

    /// Starts thread `thread_id` with `initial` and runs it until it is interrupted, completes or
    /// fails. A thread id can be used once (`ThreadExists`).
    pub fn invoke(&self, thread_id: &str, initial: S) -> Result<StateSnapshot<S>, WorkflowError> {
        let entry = self
            .graph
            .entry
            .clone()
            .ok_or_else(|| WorkflowError::InvalidGraph("no entry point".into()))?;
        let status = if self.graph.interrupt_before.contains(&entry) {
            ThreadStatus::Interrupted
        } else {
            ThreadStatus::Running
        };
        let cp = Checkpoint {
            checkpoint_id: Uuid::now_v7().to_string(),
            thread_id: thread_id.to_owned(),
            step: 0,
            parent_id: None,
            source: CheckpointSource::Input,
            node: None,
            state: serde_json::to_value(&initial)?,
            next: vec![entry],
            status,
            error: None,
            created_at: self.clock.now(),
        };
        if !self.checkpointer.create_thread(&self.graph.name, &cp)? {
            return Err(WorkflowError::ThreadExists(cp.thread_id));
        }
        self.run_from(cp)
    }

    /// Applies a human's `update` to an interrupted thread and runs on. The update is a JSON merge
    /// patch over the state (objects merge key by key, `null` removes a key); it must still
    /// deserialise into `S`, else nothing is stored (`InvalidUpdate`).
    ///
    /// Of two concurrent resumes exactly one wins; the other gets `AlreadyDecided`.
    pub fn resume(
        &self,
        thread_id: &str,
        update: serde_json::Value,
    ) -> Result<StateSnapshot<S>, WorkflowError> {
        self.resume_checked(thread_id, None, update)
    }

    /// Like [`resume`](Self::resume), but only if the thread is still at `expected_step` — the
    /// checkpoint the human looked at. A stale view gets `AlreadyDecided`.
    pub fn resume_at(
        &self,
        thread_id: &str,
        expected_step: i64,
        update: serde_json::Value,
    ) -> Result<StateSnapshot<S>, WorkflowError> {
        self.resume_checked(thread_id, Some(expected_step), update)
    }

    fn resume_checked(
        &self,
        thread_id: &str,
        expected_step: Option<i64>,
        update: serde_json::Value,
    ) -> Result<StateSnapshot<S>, WorkflowError> {
        let (summary, head) = self.load_head(thread_id)?;
        if head.status != ThreadStatus::Interrupted {
            return Err(not_awaiting(&summary));
        }
        if expected_step.is_some_and(|s| s != head.step) {
            return Err(WorkflowError::AlreadyDecided {
                thread_id: thread_id.to_owned(),
            });
        }
        let mut merged = head.state.clone();
        merge_patch(&mut merged, &update);
        if let Err(e) = serde_json::from_value::<S>(merged.clone()) {
            return Err(WorkflowError::InvalidUpdate {
                thread_id: thread_id.to_owned(),
                reason: e.to_string(),
            });
        }
        let cp = Checkpoint {
            checkpoint_id: Uuid::now_v7().to_string(),
            thread_id: thread_id.to_owned(),
            step: head.step + 1,
            parent_id: Some(head.checkpoint_id.clone()),
            source: CheckpointSource::Update,
            node: None,
            state: merged,
            next: head.next.clone(),
            status: ThreadStatus::Running,
            error: None,
            created_at: self.clock.now(),
        };
        let expect = Expect {
            step: head.step,
            status: Some(ThreadStatus::Interrupted),
        };
        if !self.checkpointer.append(&cp, expect, true)? {
            return Err(WorkflowError::AlreadyDecided {
                thread_id: thread_id.to_owned(),
            });
        }
        self.run_from(cp)
    }

    /// Runs a thread on from its last checkpoint: after a crash (`Running`: the interrupted node
    /// runs again) or after a failure (`Failed`: the failed node runs again). An interrupted or
    /// completed thread is returned as it is.
    pub fn continue_thread(&self, thread_id: &str) -> Result<StateSnapshot<S>, WorkflowError> {
        let (_, head) = self.load_head(thread_id)?;
        match head.status {
            ThreadStatus::Running | ThreadStatus::Failed => self.run_from(head),
            ThreadStatus::Interrupted | ThreadStatus::Completed => self.snapshot(head),
        }
    }

    /// Continues every thread of this graph left `Running` (call once at start-up). Returns each
    /// thread's outcome; one thread's failure does not stop the others.
    pub fn recover(&self) -> Result<Vec<Recovered<S>>, WorkflowError> {
        let running = self.list_threads(Some(ThreadStatus::Running))?;
        Ok(running
            .into_iter()
            .map(|t| {
                let outcome = self.continue_thread(&t.thread_id);
                (t.thread_id, outcome)
            })
            .collect())
    }

    /// The thread's latest checkpoint.
    pub fn get_state(&self, thread_id: &str) -> Result<StateSnapshot<S>, WorkflowError> {
        let (_, head) = self.load_head(thread_id)?;
        self.snapshot(head)
    }

    /// Every checkpoint of the thread, newest first.
    pub fn get_state_history(
        &self,
        thread_id: &str,
    ) -> Result<Vec<StateSnapshot<S>>, WorkflowError> {
        let history = self.checkpointer.history(thread_id)?;
        if history.is_empty() {
            return Err(WorkflowError::UnknownThread(thread_id.to_owned()));
        }
        history.into_iter().map(|cp| self.snapshot(cp)).collect()
    }

    /// This graph's threads, optionally only those with `status`, most recently updated first.
    pub fn list_threads(
        &self,
        status: Option<ThreadStatus>,
    ) -> Result<Vec<ThreadSummary>, WorkflowError> {
        Ok(self.checkpointer.threads(&self.graph.name, status)?)
    }

    fn load_head(&self, thread_id: &str) -> Result<(ThreadSummary, Checkpoint), WorkflowError> {
        self.checkpointer
            .head(thread_id)?
            .ok_or_else(|| WorkflowError::UnknownThread(thread_id.to_owned()))
    }

    fn snapshot(&self, cp: Checkpoint) -> Result<StateSnapshot<S>, WorkflowError> {
        Ok(StateSnapshot {
            values: serde_json::from_value(cp.state)?,
            thread_id: cp.thread_id,
            checkpoint_id: cp.checkpoint_id,
            parent_id: cp.parent_id,
            step: cp.step,
            next: cp.next,
            status: cp.status,
            node: cp.node,
            source: cp.source,
            error: cp.error,
            created_at: cp.created_at,
        })
    }

    /// Runs nodes from `head` (whose `next` is due) until the thread stops being `Running`.
    fn run_from(&self, mut head: Checkpoint) -> Result<StateSnapshot<S>, WorkflowError> {
        let mut steps = 0;
        while matches!(head.status, ThreadStatus::Running | ThreadStatus::Failed) {
            let Some(node) = head.next.first().cloned() else {
                break;
            };
            steps += 1;
            if steps > self.graph.step_limit {
                return Err(WorkflowError::StepLimit {
                    thread_id: head.thread_id.clone(),
                    limit: self.graph.step_limit,
                });
            }
            head = match self.run_node(&head, &node) {
                Ok(next) => next,
                Err(message) => {
                    self.store_failure(&head, &node, &message)?;
                    return Err(WorkflowError::NodeFailed {
                        thread_id: head.thread_id.clone(),
                        node,
                        message,
                    });
                }
            };
        }
        self.snapshot(head)
    }

    /// Runs one node and stores its checkpoint. `Err` carries a node failure's message.
    fn run_node(&self, head: &Checkpoint, node: &str) -> Result<Checkpoint, String> {
        let func = self
            .graph
            .nodes
            .get(node)
            .ok_or_else(|| format!("checkpoint names unknown node {node}"))?;
        filiale_failpoint::hit(&format!("workflow.before_node.{node}"))
            .map_err(|e| e.to_string())?;
        let state: S = serde_json::from_value(head.state.clone()).map_err(|e| e.to_string())?;
        let ctx = NodeContext {
            thread_id: head.thread_id.clone(),
            step: head.step + 1,
            now: self.clock.now(),
        };
        tracing::debug!(thread_id = %ctx.thread_id, node, step = ctx.step, "running node");
        let state = func(&ctx, state).map_err(|e| format!("{e:#}"))?;
        filiale_failpoint::hit(&format!("workflow.after_node.{node}"))
            .map_err(|e| e.to_string())?;
        let next = self.route(node, &state)?;
        let status = match next.as_deref() {
            None => ThreadStatus::Completed,
            Some(n) if self.graph.interrupt_before.contains(n) => ThreadStatus::Interrupted,
            Some(_) => ThreadStatus::Running,
        };
        let cp = Checkpoint {
            checkpoint_id: Uuid::now_v7().to_string(),
            thread_id: head.thread_id.clone(),
            step: head.step + 1,
            parent_id: Some(head.checkpoint_id.clone()),
            source: CheckpointSource::Loop,
            node: Some(node.to_owned()),
            state: serde_json::to_value(&state).map_err(|e| e.to_string())?,
            next: next.into_iter().collect(),
            status,
            error: None,
            created_at: self.clock.now(),
        };
        let expect = Expect {
            step: head.step,
            status: None,
        };
        match self.checkpointer.append(&cp, expect, false) {
            Ok(true) => Ok(cp),
            Ok(false) => Err(WorkflowError::Conflict {
                thread_id: head.thread_id.clone(),
                step: head.step,
            }
            .to_string()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// The node after `node`, or `None` for END.
    fn route(&self, node: &str, state: &S) -> Result<Option<String>, String> {
        let next = match self.graph.edges.get(node) {
            Some(Edge::Static(to)) => to.clone(),
            Some(Edge::Conditional { router, targets }) => {
                let to = router(state);
                if !targets.contains(&to) {
                    return Err(format!(
                        "router of {node} chose {to}, not one of its targets"
                    ));
                }
                to
            }
            None => return Err(format!("node {node} has no outgoing edge")),
        };
        Ok((next != END).then_some(next))
    }

    /// Stores a `failed` checkpoint: the state before the node, the node still due.
    fn store_failure(
        &self,
        head: &Checkpoint,
        node: &str,
        message: &str,
    ) -> Result<(), WorkflowError> {
        tracing::warn!(thread_id = %head.thread_id, node, message, "workflow node failed");
        let cp = Checkpoint {
            checkpoint_id: Uuid::now_v7().to_string(),
            thread_id: head.thread_id.clone(),
            step: head.step + 1,
            parent_id: Some(head.checkpoint_id.clone()),
            source: CheckpointSource::Loop,
            node: Some(node.to_owned()),
            state: head.state.clone(),
            next: vec![node.to_owned()],
            status: ThreadStatus::Failed,
            error: Some(message.to_owned()),
            created_at: self.clock.now(),
        };
        let expect = Expect {
            step: head.step,
            status: None,
        };
        // Losing this race means another writer advanced the thread; its checkpoint stands.
        self.checkpointer.append(&cp, expect, false)?;
        Ok(())
    }
}

fn not_awaiting(summary: &ThreadSummary) -> WorkflowError {
    if summary.decided {
        WorkflowError::AlreadyDecided {
            thread_id: summary.thread_id.clone(),
        }
    } else {
        WorkflowError::NotAwaitingInput {
            thread_id: summary.thread_id.clone(),
            status: summary.status.to_string(),
        }
    }
}

/// RFC 7396 JSON merge patch: objects merge key by key, `null` removes, anything else replaces.
pub fn merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value) {
    use serde_json::Value;
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    let Value::Object(target) = target else {
        return;
    };
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
        } else {
            merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}
