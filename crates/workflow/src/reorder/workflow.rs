//! The reorder graph ("Bestellvorschlag"):
//! `analyse_stock -> check_sales_history -> generate_proposal -> [interrupt] approval ->
//! create_purchase_order`, ending early when nothing is to be ordered or the manager rejects.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use anyhow::Context;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::approval::{Decision, InvalidDecision, Verdict, approved_order};
use super::demand::{DailySeries, DemandProfile, RECENT_DAYS, SEASON_MAX_DAYS, season_days};
use super::proposal::{Candidate, Proposal, ReorderPolicy, build_proposal, select_candidates};
use super::source::{
    OrderId, PurchaseOrderRequest, PurchaseOrderSink, ReorderSource, SalesHistory,
};
use crate::checkpoint::{CheckpointStore, ThreadStatus};
use crate::clock::Clock;
use crate::engine::{CompiledGraph, StateSnapshot};
use crate::error::WorkflowError;
use crate::graph::{END, NodeContext, StateGraph};
use crate::pins::VerifiedManager;

/// The graph's name in the checkpoint tables.
pub const GRAPH_NAME: &str = "reorder";
pub const ANALYSE_STOCK: &str = "analyse_stock";
pub const CHECK_SALES_HISTORY: &str = "check_sales_history";
pub const GENERATE_PROPOSAL: &str = "generate_proposal";
pub const APPROVAL: &str = "approval";
pub const CREATE_PURCHASE_ORDER: &str = "create_purchase_order";
/// The nodes in the order a thread passes them.
pub const NODES: [&str; 5] = [
    ANALYSE_STOCK,
    CHECK_SALES_HISTORY,
    GENERATE_PROPOSAL,
    APPROVAL,
    CREATE_PURCHASE_ORDER,
];

/// How a reorder thread ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Outcome {
    Ordered { order_id: OrderId },
    Rejected { reason: String },
    NothingToOrder,
}

/// The state of one reorder thread, stored in every checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReorderState {
    /// The day the proposal is for; sales up to the day before count.
    pub as_of: NaiveDate,
    pub policy: ReorderPolicy,
    #[serde(default)]
    pub articles_checked: usize,
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    #[serde(default)]
    pub profiles: BTreeMap<String, DemandProfile>,
    #[serde(default)]
    pub proposal: Option<Proposal>,
    /// Who decided, how and when — set by [`ReorderWorkflow::decide`].
    #[serde(default)]
    pub decision: Option<Decision>,
    #[serde(default)]
    pub order: Option<PurchaseOrderRequest>,
    #[serde(default)]
    pub outcome: Option<Outcome>,
}

impl ReorderState {
    pub fn new(as_of: NaiveDate, policy: ReorderPolicy) -> Self {
        Self {
            as_of,
            policy,
            articles_checked: 0,
            candidates: Vec::new(),
            profiles: BTreeMap::new(),
            proposal: None,
            decision: None,
            order: None,
            outcome: None,
        }
    }
}

/// Why a decision was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum DecideError {
    #[error(transparent)]
    Invalid(#[from] InvalidDecision),
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
}

/// The reorder graph with its data sources: start proposals, decide on them, read them back.
pub struct ReorderWorkflow {
    graph: CompiledGraph<ReorderState>,
}

impl std::fmt::Debug for ReorderWorkflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReorderWorkflow").finish_non_exhaustive()
    }
}

impl ReorderWorkflow {
    /// Builds the graph over `source` and `sink`, checkpointing into `checkpointer`.
    pub fn new(
        checkpointer: Arc<dyn CheckpointStore>,
        clock: Arc<dyn Clock>,
        source: Arc<dyn ReorderSource>,
        sink: Arc<dyn PurchaseOrderSink>,
    ) -> Result<Self, WorkflowError> {
        let (s1, s2) = (source.clone(), source);
        let graph = StateGraph::new(GRAPH_NAME)
            .add_node(ANALYSE_STOCK, move |_: &NodeContext, s| {
                analyse_stock(&*s1, s)
            })
            .add_node(CHECK_SALES_HISTORY, move |_: &NodeContext, s| {
                check_sales_history(&*s2, s)
            })
            .add_node(GENERATE_PROPOSAL, |_: &NodeContext, s| {
                Ok(generate_proposal(s))
            })
            .add_node(APPROVAL, approval)
            .add_node(CREATE_PURCHASE_ORDER, move |ctx: &NodeContext, s| {
                create_purchase_order(&*sink, ctx, s)
            })
            .set_entry_point(ANALYSE_STOCK)
            .add_edge(ANALYSE_STOCK, CHECK_SALES_HISTORY)
            .add_edge(CHECK_SALES_HISTORY, GENERATE_PROPOSAL)
            .add_conditional_edges(
                GENERATE_PROPOSAL,
                |s: &ReorderState| {
                    let empty = s.proposal.as_ref().is_none_or(Proposal::is_empty);
                    if empty { END } else { APPROVAL }.to_owned()
                },
                &[APPROVAL, END],
            )
            .add_conditional_edges(
                APPROVAL,
                |s: &ReorderState| {
                    if s.order.is_some() {
                        CREATE_PURCHASE_ORDER
                    } else {
                        END
                    }
                    .to_owned()
                },
                &[CREATE_PURCHASE_ORDER, END],
            )
            .add_edge(CREATE_PURCHASE_ORDER, END)
            .interrupt_before(&[APPROVAL])
            .compile(checkpointer, clock)?;
        Ok(Self { graph })
    }

    /// Starts a proposal for `as_of` on thread `thread_id` and runs it up to the approval.
    pub fn start(
        &self,
        thread_id: &str,
        as_of: NaiveDate,
        policy: ReorderPolicy,
    ) -> Result<StateSnapshot<ReorderState>, WorkflowError> {
        self.graph
            .invoke(thread_id, ReorderState::new(as_of, policy))
    }

    /// Records `manager`'s `verdict` on the proposal waiting in `thread_id` and runs the thread to
    /// its end (creating the purchase order if approved). The decision time is when the manager's
    /// PIN was verified. A verdict that does not fit the proposal changes nothing; of two managers
    /// deciding at once, one wins and the other gets `AlreadyDecided`.
    pub fn decide(
        &self,
        thread_id: &str,
        manager: &VerifiedManager,
        verdict: Verdict,
    ) -> Result<StateSnapshot<ReorderState>, DecideError> {
        let head = self.graph.get_state(thread_id)?;
        if head.status == ThreadStatus::Interrupted {
            let proposal = head.values.proposal.clone().unwrap_or_default();
            verdict.validate(&proposal)?;
        }
        let decision = Decision {
            verdict,
            decided_by: manager.name().to_owned(),
            decided_at: manager.verified_at(),
        };
        let update = serde_json::json!({ "decision": decision });
        Ok(self.graph.resume_at(thread_id, head.step, update)?)
    }

    /// The engine underneath: `get_state`, `get_state_history`, `list_threads`, `recover`.
    pub fn graph(&self) -> &CompiledGraph<ReorderState> {
        &self.graph
    }
}

fn analyse_stock(source: &dyn ReorderSource, mut s: ReorderState) -> anyhow::Result<ReorderState> {
    let articles = source.articles().context("reading the articles")?;
    let skus: Vec<String> = articles.iter().map(|a| a.sku.clone()).collect();
    let yesterday = s.as_of - Duration::days(1);
    let recent = source
        .daily_sales(&skus, s.as_of - Duration::days(RECENT_DAYS), yesterday)
        .context("reading recent sales")?;
    let max_ahead = articles
        .iter()
        .map(|a| s.policy.horizon_days(a).max(SEASON_MAX_DAYS))
        .max()
        .unwrap_or(1);
    let ly_start = s.as_of - Duration::days(365);
    let last_year = source
        .daily_sales(&skus, ly_start, ly_start + Duration::days(max_ahead - 1))
        .context("reading last year's sales")?;
    let units = |h: &SalesHistory, sku: &str, until: NaiveDate| -> f64 {
        h.get(sku)
            .map(|d| {
                d.iter()
                    .filter(|(day, _)| *day <= until)
                    .map(|(_, q)| *q as f64)
                    .sum()
            })
            .unwrap_or(0.0)
    };
    let policy = s.policy.clone();
    // Last year is read over the same weeks the demand profile reads it over, so that a chance
    // good week last year does not flag an article the profile then finds in no need.
    let quick_rate = |a: &super::source::ReorderArticle| {
        let ly_days = last_year.get(&a.sku).map(Vec::as_slice).unwrap_or_default();
        let mut ly_daily = vec![0.0; max_ahead as usize];
        for (day, qty) in ly_days {
            if let Some(slot) = ly_daily.get_mut((*day - ly_start).num_days().max(0) as usize) {
                *slot += *qty as f64;
            }
        }
        let ahead = season_days(policy.horizon_days(a), |i| {
            ly_daily.get(i as usize).copied().unwrap_or(0.0)
        });
        let recent_rate = units(&recent, &a.sku, yesterday) / RECENT_DAYS as f64;
        let ly_rate = ly_daily.iter().take(ahead as usize).sum::<f64>() / ahead as f64;
        recent_rate.max(ly_rate)
    };
    s.articles_checked = articles.len();
    s.candidates = select_candidates(articles, &quick_rate, &s.policy);
    Ok(s)
}

fn check_sales_history(
    source: &dyn ReorderSource,
    mut s: ReorderState,
) -> anyhow::Result<ReorderState> {
    let skus: Vec<String> = s.candidates.iter().map(|c| c.article.sku.clone()).collect();
    let from = s.as_of - Duration::days(i64::from(s.policy.history_days));
    let mut history: HashMap<String, Vec<(NaiveDate, i64)>> = source
        .daily_sales(&skus, from, s.as_of - Duration::days(1))
        .context("reading the sales history")?;
    let stockouts = source
        .stockout_days(&skus, from, s.as_of - Duration::days(1))
        .context("reading the days out of stock")?;
    s.profiles = s
        .candidates
        .iter()
        .map(|c| {
            let sales = history.remove(&c.article.sku).unwrap_or_default();
            let mut series = DailySeries::from_sparse(from, s.as_of, &sales);
            let out = stockouts.get(&c.article.sku).map_or(&[][..], Vec::as_slice);
            let (lost, days) = series.uncensor(out);
            let horizon = s.policy.horizon_days(&c.article);
            let mut profile = DemandProfile::compute(&c.article.sku, &series, s.as_of, horizon);
            profile.stockout_days = days;
            profile.lost_units = (lost * 10.0).round() / 10.0;
            (c.article.sku.clone(), profile)
        })
        .collect();
    Ok(s)
}

fn generate_proposal(mut s: ReorderState) -> ReorderState {
    let proposal = build_proposal(&s.candidates, &s.profiles, &s.policy, s.as_of);
    if proposal.is_empty() {
        s.outcome = Some(Outcome::NothingToOrder);
    }
    s.proposal = Some(proposal);
    s
}

fn approval(ctx: &NodeContext, mut s: ReorderState) -> anyhow::Result<ReorderState> {
    let decision = s
        .decision
        .clone()
        .context("the proposal has no decision yet")?;
    let proposal = s.proposal.clone().unwrap_or_default();
    decision.verdict.validate(&proposal)?;
    s.order = approved_order(&ctx.thread_id, &proposal, &decision);
    s.outcome = match (&decision.verdict, &s.order) {
        (Verdict::Reject { reason }, _) => Some(Outcome::Rejected {
            reason: reason.clone(),
        }),
        (_, None) => Some(Outcome::NothingToOrder),
        (_, Some(_)) => None,
    };
    Ok(s)
}

fn create_purchase_order(
    sink: &dyn PurchaseOrderSink,
    ctx: &NodeContext,
    mut s: ReorderState,
) -> anyhow::Result<ReorderState> {
    let order = s.order.as_ref().context("no approved order")?;
    let order_id = sink
        .create_order(order)
        .with_context(|| format!("creating the purchase order for {}", ctx.thread_id))?;
    s.outcome = Some(Outcome::Ordered { order_id });
    Ok(s)
}
