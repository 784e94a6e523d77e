//! Replay simulation: a stretch of daily demand is served from stock that is replenished either by
//! Filiale's reorder proposals (the real graph, approved as proposed, arriving after the lead
//! time) or, in the same run, by a naive min/max rule; the report compares service level and
//! average stock value.
//!
//! The input is plain data ([`ReplayInput`]) so that the app can replay the demo store's own
//! articles and sales as well as [`synthetic`] data.

pub mod synthetic;

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

use crate::clock::ManualClock;
use crate::memory_checkpoints::MemoryCheckpoints;
use crate::pins::VerifiedManager;
use crate::reorder::memory::{MemoryOrders, MemorySource};
use crate::reorder::{
    Outcome, ReorderArticle, ReorderPolicy, ReorderWorkflow, SalesHistory, Verdict,
};

/// What a replay needs.
#[derive(Debug, Clone)]
pub struct ReplayInput {
    /// The articles with their stock at the start of the replay.
    pub articles: Vec<ReorderArticle>,
    /// Sales before the replay starts (what the proposals learn from).
    pub history: SalesHistory,
    /// Demand per SKU, one count per replayed day.
    pub demand: HashMap<String, Vec<i64>>,
    /// The first replayed day.
    pub start: NaiveDate,
}

/// How the replay runs.
#[derive(Debug, Clone)]
pub struct ReplayConfig {
    pub policy: ReorderPolicy,
    /// The weekday Filiale's proposal is made (the review period should match: 7 days).
    pub review_day: Weekday,
    /// The naive rule orders up to reorder point + this many days of average demand.
    pub naive_max_days: u32,
}

impl Default for ReplayConfig {
    fn default() -> Self {
        Self {
            policy: ReorderPolicy::default(),
            review_day: Weekday::Mon,
            naive_max_days: 28,
        }
    }
}

/// How one replenishment rule did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleResult {
    pub rule: String,
    pub demand_units: i64,
    pub served_units: i64,
    /// Share of demand served from stock (lost sales otherwise).
    pub service_level: f64,
    /// Mean over the days of the stock value at purchase cost, end of day, in cents.
    pub average_stock_value_cents: i64,
    pub order_lines: usize,
    pub ordered_value_cents: i64,
}

/// Both rules over the same demand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplayReport {
    pub days: usize,
    pub articles: usize,
    pub filiale: RuleResult,
    pub naive: RuleResult,
}

/// Stock of one rule for one article, and the tally.
#[derive(Debug, Clone, Default)]
struct Ledger {
    demand: i64,
    served: i64,
    stock_value_sum: i128,
    order_lines: usize,
    ordered_value: i64,
}

/// An order on its way: `(arrival day index, sku, quantity)`.
type Arrival = (usize, String, i64);

/// Replays `input` under Filiale's proposals and the naive min/max rule.
pub fn replay(input: &ReplayInput, config: &ReplayConfig) -> anyhow::Result<ReplayReport> {
    let days = input.demand.values().map(Vec::len).max().unwrap_or(0);
    let filiale = replay_filiale(input, config, days)?;
    let naive = replay_naive(input, config, days);
    Ok(ReplayReport {
        days,
        articles: input.articles.len(),
        filiale: result("Filiale", &filiale, days),
        naive: result("Min/Max", &naive, days),
    })
}

fn result(rule: &str, l: &Ledger, days: usize) -> RuleResult {
    RuleResult {
        rule: rule.to_owned(),
        demand_units: l.demand,
        served_units: l.served,
        service_level: if l.demand > 0 {
            l.served as f64 / l.demand as f64
        } else {
            1.0
        },
        average_stock_value_cents: (l.stock_value_sum / days.max(1) as i128) as i64,
        order_lines: l.order_lines,
        ordered_value_cents: l.ordered_value,
    }
}

fn demand_on(input: &ReplayInput, sku: &str, day: usize) -> i64 {
    input
        .demand
        .get(sku)
        .and_then(|d| d.get(day))
        .copied()
        .unwrap_or(0)
}

fn replay_filiale(
    input: &ReplayInput,
    config: &ReplayConfig,
    days: usize,
) -> anyhow::Result<Ledger> {
    let source = Arc::new(MemorySource::new(input.articles.clone()));
    for (sku, sales) in &input.history {
        source.set_history(sku, sales.clone());
    }
    let orders = Arc::new(MemoryOrders::default());
    let start_time = input
        .start
        .and_hms_opt(7, 0, 0)
        .context("start time")?
        .and_utc();
    let clock = Arc::new(ManualClock::new(start_time));
    let checkpointer = Arc::new(MemoryCheckpoints::new());
    let workflow =
        ReorderWorkflow::new(checkpointer, clock.clone(), source.clone(), orders.clone())?;
    let manager = VerifiedManager::trusted("Simulation", start_time);

    let mut stock: HashMap<String, (i64, i64)> = input
        .articles
        .iter()
        .map(|a| (a.sku.clone(), (a.on_hand, a.unit_cost_cents)))
        .collect();
    let lead: HashMap<&str, usize> = input
        .articles
        .iter()
        .map(|a| (a.sku.as_str(), a.lead_time_days as usize))
        .collect();
    let mut in_transit: Vec<Arrival> = Vec::new();
    let mut ledger = Ledger::default();
    for day in 0..days {
        let date = input.start + Duration::days(day as i64);
        clock.set(date.and_hms_opt(7, 0, 0).context("time")?.and_utc());
        receive(&mut in_transit, day, &mut stock, |sku, qty| {
            source.update_article(sku, |a| {
                a.on_hand += qty;
                a.on_order -= qty;
            });
        });
        if date.weekday() == config.review_day {
            let thread_id = format!("replay-{date}");
            let snapshot = workflow.start(&thread_id, date, config.policy.clone())?;
            if snapshot
                .values
                .proposal
                .as_ref()
                .is_some_and(|p| !p.is_empty())
            {
                let done = workflow.decide(&thread_id, &manager, Verdict::Approve)?;
                if let Some(Outcome::Ordered { .. }) = done.values.outcome
                    && let Some(order) = done.values.order
                {
                    for line in order.suppliers.iter().flat_map(|s| &s.lines) {
                        ledger.order_lines += 1;
                        ledger.ordered_value += line.line_total_cents;
                        let arrive = day + lead.get(line.sku.as_str()).copied().unwrap_or(0).max(1);
                        in_transit.push((arrive, line.sku.clone(), line.quantity));
                        source.update_article(&line.sku, |a| a.on_order += line.quantity);
                    }
                }
            }
        }
        for a in &input.articles {
            let wanted = demand_on(input, &a.sku, day);
            let entry = stock.get_mut(&a.sku).context("stock entry")?;
            let served = wanted.min(entry.0.max(0));
            entry.0 -= served;
            ledger.demand += wanted;
            ledger.served += served;
            ledger.stock_value_sum += i128::from(entry.0 * entry.1);
            if served > 0 {
                source.record_sale(&a.sku, date, served);
                source.update_article(&a.sku, |x| x.on_hand -= served);
            }
            // As at the till: a day that ended without stock is censored demand, not no demand.
            if entry.0 <= 0 {
                source.record_stockout(&a.sku, date);
            }
        }
    }
    Ok(ledger)
}

/// The naive rule, checked every day: when on hand + on order falls to the reorder point or
/// below, order up to reorder point + `naive_max_days` of last year's average daily demand,
/// rounded up to the pack size.
fn replay_naive(input: &ReplayInput, config: &ReplayConfig, days: usize) -> Ledger {
    let mut stock: HashMap<String, (i64, i64)> = input
        .articles
        .iter()
        .map(|a| (a.sku.clone(), (a.on_hand, a.unit_cost_cents)))
        .collect();
    let history_start = input.start - Duration::days(365);
    let maximum: HashMap<&str, i64> = input
        .articles
        .iter()
        .map(|a| {
            let year: i64 = input
                .history
                .get(&a.sku)
                .map(|d| {
                    d.iter()
                        .filter(|(day, _)| *day >= history_start)
                        .map(|(_, q)| q)
                        .sum()
                })
                .unwrap_or(0);
            let extra = (year as f64 / 365.0 * f64::from(config.naive_max_days)).ceil() as i64;
            (a.sku.as_str(), a.reorder_point + extra)
        })
        .collect();
    let mut on_order: HashMap<&str, i64> = HashMap::new();
    let mut in_transit: Vec<Arrival> = Vec::new();
    let mut ledger = Ledger::default();
    for day in 0..days {
        let mut arrived: Vec<(String, i64)> = Vec::new();
        receive(&mut in_transit, day, &mut stock, |sku, qty| {
            arrived.push((sku.to_owned(), qty))
        });
        for (sku, qty) in arrived {
            if let Some(o) = on_order.get_mut(sku.as_str()) {
                *o -= qty;
            }
        }
        for a in &input.articles {
            let Some(entry) = stock.get_mut(&a.sku) else {
                continue;
            };
            let open = on_order.entry(a.sku.as_str()).or_insert(0);
            let position = entry.0 + *open;
            let max = maximum
                .get(a.sku.as_str())
                .copied()
                .unwrap_or(a.reorder_point);
            if position <= a.reorder_point && max > position {
                let pack = a.pack_size.max(1);
                let qty = (max - position + pack - 1) / pack * pack;
                *open += qty;
                ledger.order_lines += 1;
                ledger.ordered_value += qty * a.unit_cost_cents;
                in_transit.push((day + (a.lead_time_days as usize).max(1), a.sku.clone(), qty));
            }
            let wanted = demand_on(input, &a.sku, day);
            let served = wanted.min(entry.0.max(0));
            entry.0 -= served;
            ledger.demand += wanted;
            ledger.served += served;
            ledger.stock_value_sum += i128::from(entry.0 * entry.1);
        }
    }
    ledger
}

/// Books every order arriving on `day` into `stock` and tells `on_arrival`.
fn receive(
    in_transit: &mut Vec<Arrival>,
    day: usize,
    stock: &mut HashMap<String, (i64, i64)>,
    mut on_arrival: impl FnMut(&str, i64),
) {
    in_transit.retain(|(arrive, sku, qty)| {
        if *arrive > day {
            return true;
        }
        if let Some(entry) = stock.get_mut(sku) {
            entry.0 += qty;
        }
        on_arrival(sku, *qty);
        false
    });
}

/// A synthetic replay: `articles` garden-centre articles, two years of history before `start`,
/// then `days` of demand to replay.
pub fn synthetic_input(articles: usize, start: NaiveDate, days: u32, seed: u64) -> ReplayInput {
    let catalogue = synthetic::catalogue(articles, seed);
    let history_start = start - Duration::days(730);
    let end = start + Duration::days(i64::from(days));
    let all = synthetic::demand(&catalogue, history_start, end, history_start, seed ^ 0x5EED);
    let mut history = SalesHistory::new();
    let mut demand = HashMap::new();
    for (sku, counts) in all {
        let (past, future) = counts.split_at(730);
        history.insert(sku.clone(), synthetic::to_sparse(history_start, past));
        demand.insert(sku, future.to_vec());
    }
    ReplayInput {
        articles: catalogue.into_iter().map(|a| a.article).collect(),
        history,
        demand,
        start,
    }
}
