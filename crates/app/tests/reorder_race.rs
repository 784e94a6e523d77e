//! Two managers at two tills (two processes' worth of connections to one store file) decide the
//! same reorder proposal at the same moment: the store-backed checkpoints let exactly one decision
//! through, and the other manager is told it was already decided.

use std::sync::{Arc, Barrier};

use filiale_app::dto::ManagerPin;
use filiale_app::{App, Config};
use filiale_workflow::ThreadStatus;
use filiale_workflow::reorder::Verdict;

fn open_app(dir: &std::path::Path, till: &str) -> App {
    let mut store = filiale_app::demo::store_config();
    store.till.id = till.into();
    App::open(Config::new(dir, store)).unwrap()
}

#[test]
fn of_two_concurrent_decisions_on_one_proposal_exactly_one_wins() {
    for round in 0..2 {
        let dir = tempfile::tempdir().unwrap();
        let first = open_app(dir.path(), "kasse-1");
        // The demo store: stock below reorder points, sales history, the manager's PIN 1234.
        filiale_app::demo::load(&first).unwrap();
        let proposal = first.purchasing().start().unwrap();
        assert_eq!(proposal.status, ThreadStatus::Interrupted, "round {round}");
        let thread = proposal.thread_id.clone();
        let barrier = Arc::new(Barrier::new(2));
        let verdicts = [
            Verdict::Approve,
            Verdict::Reject {
                reason: "Lager voll".into(),
            },
        ];
        let handles: Vec<_> = verdicts
            .into_iter()
            .enumerate()
            .map(|(till, verdict)| {
                let app = open_app(dir.path(), &format!("kasse-{}", till + 1));
                let (barrier, thread) = (barrier.clone(), thread.clone());
                std::thread::spawn(move || {
                    // Open the workflow before the race, so both start deciding together.
                    app.purchasing().show(&thread).unwrap();
                    barrier.wait();
                    let approving = matches!(verdict, Verdict::Approve);
                    let manager = ManagerPin {
                        manager: "Filialleitung",
                        pin: "1234",
                    };
                    let outcome = app.purchasing().decide(&thread, manager.into(), verdict);
                    (approving, outcome)
                })
            })
            .collect();
        let outcomes: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let winners: Vec<bool> = outcomes
            .iter()
            .filter(|(_, o)| o.is_ok())
            .map(|(approving, _)| *approving)
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {outcomes:?}");
        let loser = outcomes.iter().find_map(|(_, o)| o.as_ref().err()).unwrap();
        assert!(
            loser.to_string().contains("already been decided"),
            "round {round}: {loser}"
        );
        let orders = first.purchasing().purchase_orders(&thread).unwrap();
        assert_eq!(
            !orders.is_empty(),
            winners[0],
            "round {round}: orders exist exactly when the approval won"
        );
        let shown = first.purchasing().show(&thread).unwrap();
        assert_eq!(shown.status, ThreadStatus::Completed, "round {round}");
    }
}
