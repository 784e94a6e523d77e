//! The generic engine on a toy graph: interrupts, resumes, routing, failures, history, listings.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use filiale_workflow::{
    CheckpointSource, END, ManualClock, NodeContext, StateGraph, ThreadStatus, WorkflowError,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::helpers::morning;
use crate::store_backed::checkpoints_at;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Counter {
    count: i64,
    #[serde(default)]
    approved: Option<bool>,
    #[serde(default)]
    log: Vec<String>,
}

/// count -> check (interrupt) -> double | END, with `fail_double` making `double` fail once.
fn counter_graph(
    db: &std::path::Path,
    fail_double: Arc<AtomicBool>,
) -> filiale_workflow::CompiledGraph<Counter> {
    StateGraph::new("counter")
        .add_node("count", |_: &NodeContext, mut s: Counter| {
            s.count += 1;
            s.log.push("count".into());
            Ok(s)
        })
        .add_node("check", |_: &NodeContext, mut s: Counter| {
            s.log.push("check".into());
            Ok(s)
        })
        .add_node("double", move |_: &NodeContext, mut s: Counter| {
            if fail_double.swap(false, Ordering::SeqCst) {
                anyhow::bail!("printer out of paper");
            }
            s.count *= 2;
            s.log.push("double".into());
            Ok(s)
        })
        .set_entry_point("count")
        .add_edge("count", "check")
        .add_conditional_edges(
            "check",
            |s: &Counter| {
                if s.approved == Some(true) {
                    "double"
                } else {
                    END
                }
                .to_owned()
            },
            &["double", END],
        )
        .add_edge("double", END)
        .interrupt_before(&["check"])
        .compile(checkpoints_at(db), Arc::new(ManualClock::new(morning())))
        .unwrap()
}

fn start() -> Counter {
    Counter {
        count: 1,
        approved: None,
        log: vec![],
    }
}

#[test]
fn a_thread_pauses_before_the_interrupt_node_and_resumes_with_the_update() {
    let dir = tempfile::tempdir().unwrap();
    let graph = counter_graph(&dir.path().join("wf.db"), Arc::default());

    let paused = graph.invoke("t1", start()).unwrap();
    assert_eq!(paused.status, ThreadStatus::Interrupted);
    assert_eq!(paused.next, ["check"]);
    assert_eq!(paused.values.count, 2);

    let done = graph.resume("t1", json!({ "approved": true })).unwrap();
    assert_eq!(done.status, ThreadStatus::Completed);
    assert_eq!(done.values.count, 4);
    assert_eq!(done.values.log, ["count", "check", "double"]);
    assert!(done.next.is_empty());

    // input, count, update, check, double — newest first, each pointing at its parent.
    let history = graph.get_state_history("t1").unwrap();
    let steps: Vec<i64> = history.iter().map(|h| h.step).collect();
    assert_eq!(steps, [4, 3, 2, 1, 0]);
    assert_eq!(history[2].source, CheckpointSource::Update);
    for pair in history.windows(2) {
        assert_eq!(
            pair[0].parent_id.as_deref(),
            Some(pair[1].checkpoint_id.as_str())
        );
    }
    assert_eq!(graph.get_state("t1").unwrap(), done);
}

#[test]
fn the_router_can_end_the_thread_and_threads_are_listed_by_status() {
    let dir = tempfile::tempdir().unwrap();
    let graph = counter_graph(&dir.path().join("wf.db"), Arc::default());
    graph.invoke("waiting", start()).unwrap();
    graph.invoke("declined", start()).unwrap();
    let done = graph
        .resume("declined", json!({ "approved": false }))
        .unwrap();
    assert_eq!(done.status, ThreadStatus::Completed);
    assert_eq!(done.values.count, 2, "double did not run");

    let ids = |s| {
        graph
            .list_threads(Some(s))
            .unwrap()
            .into_iter()
            .map(|t| t.thread_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(ThreadStatus::Interrupted), ["waiting"]);
    assert_eq!(ids(ThreadStatus::Completed), ["declined"]);
    assert_eq!(graph.list_threads(None).unwrap().len(), 2);
}

#[test]
fn a_bad_update_or_a_wrong_thread_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let graph = counter_graph(&dir.path().join("wf.db"), Arc::default());
    graph.invoke("t", start()).unwrap();
    let before = graph.get_state_history("t").unwrap();

    let err = graph.resume("t", json!({ "count": "many" })).unwrap_err();
    assert!(matches!(err, WorkflowError::InvalidUpdate { .. }), "{err}");
    assert!(matches!(
        graph.resume("nope", json!({})).unwrap_err(),
        WorkflowError::UnknownThread(_)
    ));
    assert!(matches!(
        graph.invoke("t", start()).unwrap_err(),
        WorkflowError::ThreadExists(_)
    ));
    assert!(matches!(
        graph
            .resume_at("t", 99, json!({ "approved": true }))
            .unwrap_err(),
        WorkflowError::AlreadyDecided { .. }
    ));
    assert_eq!(graph.get_state_history("t").unwrap(), before);
}

#[test]
fn resuming_twice_is_already_decided() {
    let dir = tempfile::tempdir().unwrap();
    let graph = counter_graph(&dir.path().join("wf.db"), Arc::default());
    graph.invoke("t", start()).unwrap();
    graph.resume("t", json!({ "approved": true })).unwrap();
    let err = graph.resume("t", json!({ "approved": false })).unwrap_err();
    assert!(matches!(err, WorkflowError::AlreadyDecided { .. }), "{err}");
    assert_eq!(graph.get_state("t").unwrap().values.count, 4);
}

#[test]
fn a_failed_node_is_stored_and_runs_again_when_the_thread_is_continued() {
    let dir = tempfile::tempdir().unwrap();
    let fail = Arc::new(AtomicBool::new(true));
    let graph = counter_graph(&dir.path().join("wf.db"), fail);
    graph.invoke("t", start()).unwrap();
    let err = graph.resume("t", json!({ "approved": true })).unwrap_err();
    assert!(
        matches!(&err, WorkflowError::NodeFailed { node, .. } if node == "double"),
        "{err}"
    );
    let failed = graph.get_state("t").unwrap();
    assert_eq!(failed.status, ThreadStatus::Failed);
    assert_eq!(failed.next, ["double"]);
    assert!(failed.error.unwrap().contains("printer out of paper"));
    assert_eq!(
        graph
            .list_threads(Some(ThreadStatus::Failed))
            .unwrap()
            .len(),
        1
    );

    let done = graph.continue_thread("t").unwrap();
    assert_eq!(done.status, ThreadStatus::Completed);
    assert_eq!(done.values.count, 4);
}

#[test]
fn a_resume_on_a_thread_that_never_waited_is_not_awaiting_input() {
    let dir = tempfile::tempdir().unwrap();
    let graph = StateGraph::new("straight")
        .add_node("only", |_: &NodeContext, s: Counter| Ok(s))
        .set_entry_point("only")
        .add_edge("only", END)
        .compile(
            checkpoints_at(&dir.path().join("wf.db")),
            Arc::new(ManualClock::new(morning())),
        )
        .unwrap();
    assert_eq!(
        graph.invoke("t", start()).unwrap().status,
        ThreadStatus::Completed
    );
    let err = graph.resume("t", json!({})).unwrap_err();
    assert!(
        matches!(err, WorkflowError::NotAwaitingInput { .. }),
        "{err}"
    );
}

#[test]
fn an_inconsistent_graph_is_refused_at_compile_time() {
    let dir = tempfile::tempdir().unwrap();
    let err = StateGraph::<Counter>::new("broken")
        .add_node("a", |_: &NodeContext, s| Ok(s))
        .add_edge("a", "missing")
        .interrupt_before(&["ghost"])
        .compile(
            checkpoints_at(&dir.path().join("wf.db")),
            Arc::new(ManualClock::new(morning())),
        )
        .unwrap_err();
    let text = err.to_string();
    for expected in [
        "no entry point",
        "unknown node missing",
        "unknown node ghost",
    ] {
        assert!(text.contains(expected), "{text}");
    }
}
