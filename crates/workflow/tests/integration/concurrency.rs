//! Two managers deciding the same proposal at the same moment, each through its own connection:
//! exactly one decision is recorded, the other is told.

use std::sync::{Arc, Barrier};

use filiale_workflow::reorder::{DecideError, Outcome, ReorderPolicy, Verdict};
use filiale_workflow::{ThreadStatus, VerifiedManager, WorkflowError};

use crate::helpers::{TestStore, as_of, morning, workflow_at};

#[test]
fn of_two_concurrent_decisions_exactly_one_wins() {
    for round in 0..4 {
        let store = TestStore::garden_centre();
        let thread = format!("reorder-race-{round}");
        let started = store
            .workflow()
            .start(&thread, as_of(), ReorderPolicy::default())
            .unwrap();
        assert_eq!(started.status, ThreadStatus::Interrupted);
        let barrier = Arc::new(Barrier::new(2));
        let contenders = [
            ("Frau Krüger", Verdict::Approve),
            (
                "Herr Yilmaz",
                Verdict::Reject {
                    reason: "zu teuer".into(),
                },
            ),
        ];
        let handles: Vec<_> = contenders
            .into_iter()
            .map(|(name, verdict)| {
                let (barrier, db, thread) = (barrier.clone(), store.db_path(), thread.clone());
                std::thread::spawn(move || {
                    let wf = workflow_at(&db);
                    barrier.wait();
                    let manager = VerifiedManager::trusted(name, morning());
                    (name, wf.decide(&thread, &manager, verdict))
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let winners: Vec<_> = results.iter().filter(|(_, r)| r.is_ok()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        let (winner, _) = winners[0];
        for (_, r) in results.iter().filter(|(_, r)| r.is_err()) {
            assert!(
                matches!(
                    r,
                    Err(DecideError::Workflow(WorkflowError::AlreadyDecided { .. }))
                ),
                "round {round}: {r:?}"
            );
        }
        let state = store.workflow().graph().get_state(&thread).unwrap();
        assert_eq!(state.values.decision.unwrap().decided_by, *winner);
        let orders_for_thread = store
            .purchase_orders()
            .iter()
            .filter(|o| o.0 == thread)
            .count();
        match state.values.outcome.unwrap() {
            Outcome::Ordered { .. } => assert_eq!(orders_for_thread, 1),
            Outcome::Rejected { .. } => assert_eq!(orders_for_thread, 0),
            other => panic!("unexpected outcome {other:?}"),
        }
    }
}
