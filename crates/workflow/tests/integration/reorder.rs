//! The reorder graph over a real SQLite file: proposal contents, approval, edits, rejection.

use std::collections::{BTreeMap, BTreeSet};

use filiale_workflow::reorder::workflow::APPROVAL;
use filiale_workflow::reorder::{DecideError, InvalidDecision, Outcome, ReorderPolicy, Verdict};
use filiale_workflow::simulate::synthetic::Category;
use filiale_workflow::{ThreadStatus, VerifiedManager};

use crate::helpers::{TestStore, as_of, morning};

fn manager() -> VerifiedManager {
    VerifiedManager::trusted("Frau Krüger", morning())
}

#[test]
fn spring_proposal_orders_seeds_and_fertiliser_ahead_and_nothing_that_does_not_sell() {
    let store = TestStore::garden_centre();
    let wf = store.workflow();
    let snap = wf
        .start("reorder-spring", as_of(), ReorderPolicy::default())
        .unwrap();
    assert_eq!(snap.status, ThreadStatus::Interrupted);
    assert_eq!(snap.next, [APPROVAL]);
    let proposal = snap.values.proposal.clone().unwrap();
    let line = |sku: &str| proposal.lines().find(|l| l.sku == sku);

    for a in &store.catalogue {
        let sku = &a.article.sku;
        let recent = snap.values.profiles[sku].recent_rate;
        match a.category {
            Category::Dead => {
                assert!(line(sku).is_none(), "{} never sells", a.article.name);
                let skipped = proposal.skipped.iter().find(|s| &s.sku == sku).unwrap();
                assert!(
                    skipped.reason.starts_with("kein Absatz"),
                    "{}",
                    skipped.reason
                );
            }
            Category::Seeds | Category::Fertiliser => {
                let l = line(sku).unwrap_or_else(|| panic!("{} must be ordered", a.article.name));
                assert!(
                    l.forecast_rate > 1.3 * recent,
                    "{}: spring forecast {} vs recent {}",
                    l.name,
                    l.forecast_rate,
                    recent
                );
                assert!(l.reason.contains("Frühjahrssaison +"), "{}", l.reason);
            }
            Category::BirdFeed => {
                if let Some(l) = line(sku) {
                    assert!(l.forecast_rate < recent, "{}: winter is ending", l.name);
                }
            }
            _ => {}
        }
        if let Some(l) = line(sku) {
            assert_eq!(l.quantity % l.pack_size, 0, "{} rounded to packs", l.name);
            assert!(l.quantity >= l.order_up_to - l.on_hand - l.on_order);
            assert_eq!(l.line_total_cents, l.quantity * l.unit_cost_cents);
            assert!(l.reason.contains("Absatz ~"), "{}", l.reason);
        }
    }
    for s in &proposal.suppliers {
        assert!(s.lines.iter().all(|l| l.supplier == s.supplier));
        assert_eq!(
            s.total_cents,
            s.lines.iter().map(|l| l.line_total_cents).sum::<i64>()
        );
    }
    assert_eq!(
        proposal.total_cents,
        proposal
            .suppliers
            .iter()
            .map(|s| s.total_cents)
            .sum::<i64>()
    );
    assert!(
        store.purchase_orders().is_empty(),
        "nothing is ordered before approval"
    );
}

#[test]
fn approving_creates_one_purchase_order_signed_by_the_manager() {
    let store = TestStore::garden_centre();
    let wf = store.workflow();
    let snap = wf
        .start("reorder-1", as_of(), ReorderPolicy::default())
        .unwrap();
    let proposal = snap.values.proposal.unwrap();

    let done = wf
        .decide("reorder-1", &manager(), Verdict::Approve)
        .unwrap();
    assert_eq!(done.status, ThreadStatus::Completed);
    assert!(matches!(done.values.outcome, Some(Outcome::Ordered { .. })));
    let decision = done.values.decision.unwrap();
    assert_eq!(decision.decided_by, "Frau Krüger");
    assert_eq!(decision.decided_at, morning());

    let orders = store.purchase_orders();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].0, "reorder-1");
    assert_eq!(orders[0].1, "Frau Krüger");
    assert_eq!(orders[0].2, proposal.total_cents);
    assert_eq!(orders[0].3, proposal.lines().count() as i64);
    let first = proposal.lines().next().unwrap();
    assert_eq!(store.on_order(&first.sku), first.quantity);
}

#[test]
fn an_edited_approval_orders_the_edited_quantities_without_the_removed_lines() {
    let store = TestStore::garden_centre();
    let wf = store.workflow();
    let proposal = wf
        .start("reorder-edit", as_of(), ReorderPolicy::default())
        .unwrap()
        .values
        .proposal
        .unwrap();
    let lines: Vec<_> = proposal.lines().cloned().collect();
    assert!(lines.len() >= 3, "the spring proposal has several lines");
    let (changed, removed, zeroed) = (&lines[0], &lines[1], &lines[2]);
    let verdict = Verdict::ApproveEdited {
        quantities: BTreeMap::from([(changed.sku.clone(), 7), (zeroed.sku.clone(), 0)]),
        removed: BTreeSet::from([removed.sku.clone()]),
    };
    let done = wf.decide("reorder-edit", &manager(), verdict).unwrap();
    let order = done.values.order.unwrap();
    let ordered: BTreeMap<_, _> = order
        .suppliers
        .iter()
        .flat_map(|s| &s.lines)
        .map(|l| (l.sku.clone(), l.quantity))
        .collect();
    assert_eq!(ordered.get(&changed.sku), Some(&7));
    assert!(!ordered.contains_key(&removed.sku));
    assert!(!ordered.contains_key(&zeroed.sku));
    assert_eq!(ordered.len(), lines.len() - 2);
    let expected_total: i64 =
        lines[3..].iter().map(|l| l.line_total_cents).sum::<i64>() + 7 * changed.unit_cost_cents;
    assert_eq!(store.purchase_orders()[0].2, expected_total);
}

#[test]
fn a_rejection_ends_the_thread_without_an_order() {
    let store = TestStore::garden_centre();
    let wf = store.workflow();
    wf.start("reorder-no", as_of(), ReorderPolicy::default())
        .unwrap();
    let verdict = Verdict::Reject {
        reason: "Lager voll, erst nach Inventur".into(),
    };
    let done = wf.decide("reorder-no", &manager(), verdict).unwrap();
    assert_eq!(done.status, ThreadStatus::Completed);
    assert_eq!(
        done.values.outcome,
        Some(Outcome::Rejected {
            reason: "Lager voll, erst nach Inventur".into()
        })
    );
    assert!(store.purchase_orders().is_empty());
}

#[test]
fn a_decision_that_does_not_fit_the_proposal_changes_nothing() {
    let store = TestStore::garden_centre();
    let wf = store.workflow();
    let snap = wf
        .start("reorder-bad", as_of(), ReorderPolicy::default())
        .unwrap();
    let some_sku = snap
        .values
        .proposal
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .sku
        .clone();
    let bad = [
        (
            Verdict::ApproveEdited {
                quantities: BTreeMap::from([("999999".into(), 3)]),
                removed: BTreeSet::new(),
            },
            InvalidDecision::UnknownLine("999999".into()),
        ),
        (
            Verdict::ApproveEdited {
                quantities: BTreeMap::from([(some_sku.clone(), -4)]),
                removed: BTreeSet::new(),
            },
            InvalidDecision::NegativeQuantity {
                sku: some_sku,
                quantity: -4,
            },
        ),
        (
            Verdict::Reject {
                reason: "  ".into(),
            },
            InvalidDecision::MissingReason,
        ),
    ];
    for (verdict, expected) in bad {
        match wf.decide("reorder-bad", &manager(), verdict) {
            Err(DecideError::Invalid(e)) => assert_eq!(e, expected),
            other => panic!("expected {expected:?}, got {other:?}"),
        }
    }
    let now = wf.graph().get_state("reorder-bad").unwrap();
    assert_eq!(now.status, ThreadStatus::Interrupted);
    assert_eq!(now.step, snap.step);
    assert!(store.purchase_orders().is_empty());
}
