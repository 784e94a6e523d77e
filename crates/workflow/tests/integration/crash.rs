//! The process is killed at each node in turn (a failpoint aborts a child process) and a fresh
//! process continues the thread: it completes and exactly one purchase order exists.

use std::path::Path;
use std::process::Command;

use filiale_workflow::reorder::workflow::{CREATE_PURCHASE_ORDER, NODES};
use filiale_workflow::reorder::{Outcome, ReorderPolicy, Verdict};
use filiale_workflow::{ThreadStatus, VerifiedManager};

use crate::helpers::{TestStore, as_of, morning, workflow_at};

/// Set in the child process: `start:<db>` or `decide:<db>`.
const CHILD_ENV: &str = "FILIALE_WORKFLOW_CRASH_CHILD";
const THREAD: &str = "reorder-crash";

fn manager() -> VerifiedManager {
    VerifiedManager::trusted("Herr Yilmaz", morning())
}

/// Runs only as a child of `killed_at_every_node_...`: does one step with failpoints armed.
#[test]
fn crash_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    filiale_failpoint::configure_from_env().unwrap();
    let (action, db) = spec.split_once(':').unwrap();
    let wf = workflow_at(Path::new(db));
    match action {
        "start" => drop(wf.start(THREAD, as_of(), ReorderPolicy::default()).unwrap()),
        "decide" => drop(wf.decide(THREAD, &manager(), Verdict::Approve).unwrap()),
        other => panic!("unknown child action {other}"),
    }
    // Reaching this line means the failpoint never fired.
    std::process::exit(3);
}

fn run_child(action: &str, db: &Path, failpoint: &str) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash::crash_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, format!("{action}:{}", db.display()))
        .env("FILIALE_FAILPOINTS", format!("{failpoint}=abort"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "child survived {failpoint}: {stderr}"
    );
    assert!(
        stderr.contains(&format!("failpoint {failpoint}: aborting")),
        "child did not die at {failpoint}: {out:?}"
    );
}

#[test]
fn killed_at_every_node_the_thread_continues_and_orders_exactly_once() {
    for node in NODES {
        for phase in ["before_node", "after_node"] {
            let failpoint = format!("workflow.{phase}.{node}");
            let store = TestStore::garden_centre();
            let db = store.db_path();
            let decides_in_child = node == NODES[3] || node == CREATE_PURCHASE_ORDER;
            if decides_in_child {
                store
                    .workflow()
                    .start(THREAD, as_of(), ReorderPolicy::default())
                    .unwrap();
                run_child("decide", &db, &failpoint);
            } else {
                run_child("start", &db, &failpoint);
            }

            // A fresh process: new connections, recover what was running.
            let wf = workflow_at(&db);
            let crashed = wf.graph().get_state(THREAD).unwrap();
            assert_eq!(crashed.status, ThreadStatus::Running, "{failpoint}");
            if phase == "before_node" || crashed.node.as_deref() != Some(node) {
                assert_eq!(crashed.next, [node], "{failpoint}: {node} is due again");
            }
            for (thread, outcome) in wf.graph().recover().unwrap() {
                assert_eq!(thread, THREAD);
                outcome.unwrap();
            }
            let mut state = wf.graph().get_state(THREAD).unwrap();
            if state.status == ThreadStatus::Interrupted {
                state = wf.decide(THREAD, &manager(), Verdict::Approve).unwrap();
            }
            assert_eq!(state.status, ThreadStatus::Completed, "{failpoint}");
            assert!(
                matches!(state.values.outcome, Some(Outcome::Ordered { .. })),
                "{failpoint}: {:?}",
                state.values.outcome
            );
            let orders = store.purchase_orders();
            assert_eq!(orders.len(), 1, "{failpoint}: exactly one purchase order");
            let proposal = state.values.proposal.unwrap();
            assert_eq!(orders[0].3, proposal.lines().count() as i64, "{failpoint}");
            let first = proposal.lines().next().unwrap();
            assert_eq!(
                store.on_order(&first.sku),
                first.quantity,
                "{failpoint}: ordered once"
            );
        }
    }
}
