//! Purchasing: reorder proposals over the store's stock and sales history, the manager's
//! decision (approve as proposed or edited, reject with a reason), the purchase orders an approval
//! creates, and each article's recent sales for the approval screen.

use super::UseCaseError;
use super::staff::ManagerConsent;
use crate::App;
use crate::dto::{ManagerPin, ProposalSummary, ReorderSnapshot};
use chrono::NaiveDate;
use filiale_domain::ManagerAction;
use filiale_store::audit::Outcome;
use filiale_store::purchasing;
use filiale_workflow::reorder::{ReorderPolicy, ReorderState, Verdict};
use filiale_workflow::{StateSnapshot, ThreadStatus, ThreadSummary};
use std::collections::BTreeMap;

/// The longest sales history one request may ask for, in days.
pub const MAX_HISTORY_DAYS: u32 = 366;
/// The most articles one sales-history request may name.
pub const MAX_HISTORY_ARTICLES: usize = 1_000;

/// The store manager's purchasing: reorder proposals and the purchase orders they become.
#[derive(Debug, Clone, Copy)]
pub struct Purchasing<'a> {
    pub(super) app: &'a App,
}

use super::reorder::workflow_error;

impl<'a> Purchasing<'a> {
    pub(crate) fn new(app: &'a App) -> Purchasing<'a> {
        Purchasing { app }
    }

    /// Starts a reorder proposal for today and runs it up to the manager's approval.
    pub fn start(&self) -> Result<StateSnapshot<ReorderState>, UseCaseError> {
        let reordering = self.app.reordering()?;
        let count = reordering
            .workflow
            .graph()
            .list_threads(None)
            .map_err(workflow_error)?
            .len();
        let thread_id = format!("BV-{}-{:03}", self.app.now().format("%Y%m%d"), count + 1);
        reordering
            .workflow
            .start(
                &thread_id,
                self.app.now().date_naive(),
                ReorderPolicy::default(),
            )
            .map_err(workflow_error)
    }

    /// Proposals, newest first, optionally only those awaiting approval.
    pub fn list(&self, awaiting_only: bool) -> Result<Vec<ThreadSummary>, UseCaseError> {
        let status = awaiting_only.then_some(ThreadStatus::Interrupted);
        let mut threads = self
            .app
            .reordering()?
            .workflow
            .graph()
            .list_threads(status)
            .map_err(workflow_error)?;
        threads.sort_by_key(|t| std::cmp::Reverse(t.created_at));
        Ok(threads)
    }

    /// Every proposal, newest first, with how the completed ones ended.
    pub fn proposals(&self) -> Result<Vec<ProposalSummary>, UseCaseError> {
        self.list(false)?
            .into_iter()
            .map(|thread| {
                let (outcome, decided_by) = if thread.status == ThreadStatus::Completed {
                    let values = self.show(&thread.thread_id)?.values;
                    (values.outcome, values.decision.map(|d| d.decided_by))
                } else {
                    (None, None)
                };
                Ok(ProposalSummary {
                    thread,
                    outcome,
                    decided_by,
                })
            })
            .collect()
    }

    pub fn show(&self, thread_id: &str) -> Result<StateSnapshot<ReorderState>, UseCaseError> {
        self.app
            .reordering()?
            .workflow
            .graph()
            .get_state(thread_id)
            .map_err(workflow_error)
    }

    /// Decides on a proposal with a manager's consent; approving creates the purchase orders.
    pub fn decide(
        &self,
        thread_id: &str,
        consent: ManagerConsent<'_>,
        verdict: Verdict,
    ) -> Result<StateSnapshot<ReorderState>, UseCaseError> {
        let reordering = self.app.reordering()?;
        let proposal = thread_id.to_owned();
        let action = match verdict {
            Verdict::Reject { .. } => ManagerAction::ReorderRejection { proposal },
            _ => ManagerAction::ReorderApproval { proposal },
        };
        let approval = self.app.approve(consent, action)?;
        let details = serde_json::to_value(&verdict).unwrap_or_default();
        let snapshot = reordering
            .workflow
            .decide(thread_id, approval.verified_manager(), verdict)
            .map_err(workflow_error)?;
        self.app.audit(
            approval.terminal(),
            approval.manager(),
            approval.action().name(),
            Outcome::Ok,
            thread_id,
            details,
        )?;
        Ok(snapshot)
    }

    /// Purchase orders created from a proposal.
    pub fn purchase_orders(
        &self,
        thread_id: &str,
    ) -> Result<Vec<purchasing::PurchaseOrder>, UseCaseError> {
        Ok(self
            .app
            .store
            .read(|c| purchasing::orders_for_thread(c, thread_id))?)
    }

    /// Units sold of each of `skus` on each of the last `days` days, today included, oldest
    /// first (0 for a day without sales): the sales history the approval screen draws per line.
    pub fn sales_history(
        &self,
        skus: &[String],
        days: u32,
    ) -> Result<BTreeMap<String, Vec<i64>>, UseCaseError> {
        if !(1..=MAX_HISTORY_DAYS).contains(&days) {
            return Err(UseCaseError::Input(format!(
                "sales history: {days} days (1 to {MAX_HISTORY_DAYS})"
            )));
        }
        if skus.len() > MAX_HISTORY_ARTICLES || skus.iter().any(|sku| sku.trim().is_empty()) {
            return Err(UseCaseError::Input(format!(
                "sales history: 1 to {MAX_HISTORY_ARTICLES} article numbers, none empty"
            )));
        }
        let to = self.app.now().date_naive();
        let from = to - chrono::Days::new(u64::from(days - 1));
        let sold = self
            .app
            .store
            .read(|c| purchasing::daily_sales(c, skus, &from.to_string(), &to.to_string()))?;
        let mut history = BTreeMap::new();
        for sku in skus {
            let mut units = vec![0; days as usize];
            for (day, quantity) in sold.get(sku).into_iter().flatten() {
                let offset = day
                    .parse::<NaiveDate>()
                    .ok()
                    .and_then(|day| usize::try_from((day - from).num_days()).ok());
                if let Some(slot) = offset.and_then(|i| units.get_mut(i)) {
                    *slot += quantity;
                }
            }
            history.insert(sku.clone(), units);
        }
        Ok(history)
    }

    /// Starts a proposal when stock ran low and none is waiting for the manager yet. Returns its id.
    pub fn on_low_stock(&self) -> Result<Option<String>, UseCaseError> {
        if !self.list(true)?.is_empty() {
            return Ok(None);
        }
        let started = self.start()?;
        Ok((started.status == ThreadStatus::Interrupted).then_some(started.thread_id))
    }

    /// Approves a proposal as proposed, or with changed quantities (0 removes a line) and removed
    /// lines, with a manager's consent.
    pub fn approve(
        &self,
        thread_id: &str,
        consent: ManagerConsent<'_>,
        quantities: Option<BTreeMap<String, i64>>,
        removed: Option<Vec<String>>,
    ) -> Result<ReorderSnapshot, UseCaseError> {
        let verdict = match (quantities, removed) {
            (None, None) => Verdict::Approve,
            (quantities, removed) => Verdict::ApproveEdited {
                quantities: quantities.unwrap_or_default(),
                removed: removed.unwrap_or_default().into_iter().collect(),
            },
        };
        self.decide(thread_id, consent, verdict)
    }

    /// Rejects a proposal with a manager's consent; the reason is required.
    pub fn reject(
        &self,
        thread_id: &str,
        reason: &str,
        consent: ManagerConsent<'_>,
    ) -> Result<ReorderSnapshot, UseCaseError> {
        let verdict = Verdict::Reject {
            reason: reason.trim().to_owned(),
        };
        self.decide(thread_id, consent, verdict)
    }

    /// The consent of the store's default manager (the name the approval screen signs with).
    pub fn default_manager(pin: &str) -> ManagerConsent<'_> {
        ManagerConsent::Pin(ManagerPin {
            manager: super::reorder::DEFAULT_MANAGER,
            pin,
        })
    }
}
