//! The forecast proven on the store's own history (`filiale reorder simulate`): the last days of
//! the store's sales are replayed as demand, once with Filiale's weekly proposals (approved as
//! proposed, arriving after their lead time and then leaving on-order, as goods receipt does) and
//! once with the naive min/max rule, from the same starting stock; the proposals learn only from
//! the sales before the replayed stretch.

use super::reorder::StoreSource;
use super::{Purchasing, UseCaseError};
use chrono::{Duration, NaiveDate};
use filiale_workflow::reorder::{ReorderSource, SalesHistory};
use filiale_workflow::simulate::{ReplayConfig, ReplayInput, ReplayReport, replay};
use std::collections::HashMap;

/// The longest stretch one simulation replays, in days.
pub const MAX_SIMULATION_DAYS: u32 = 366;

/// Days of demand each article starts the replay with on top of its reorder point (both rules).
const START_DAYS: i64 = 14;

impl Purchasing<'_> {
    /// Replays the `days` days before today with both rules and reports service level, average
    /// stock value and orders placed of each. `service_level` is the proposals' target cycle
    /// service level (default: the store's policy, 0.95), to see what another target would do.
    pub fn simulate(
        &self,
        days: u32,
        service_level: Option<f64>,
    ) -> Result<ReplayReport, UseCaseError> {
        if !(7..=MAX_SIMULATION_DAYS).contains(&days) {
            return Err(UseCaseError::Input(format!(
                "simulation: {days} days (7 to {MAX_SIMULATION_DAYS})"
            )));
        }
        let mut config = ReplayConfig::default();
        if let Some(level) = service_level {
            if !(0.5..=0.999).contains(&level) {
                return Err(UseCaseError::Input(format!(
                    "simulation: service level {level} (0.5 to 0.999)"
                )));
            }
            config.policy.service_level = level;
        }
        let end = self.app.now().date_naive() - Duration::days(1);
        let start = end - Duration::days(i64::from(days) - 1);
        let input = replay_input(&StoreSource(self.app.store.clone()), start, end)
            .map_err(|e| UseCaseError::Workflow(format!("{e:#}")))?;
        replay(&input, &config).map_err(|e| UseCaseError::Workflow(format!("{e:#}")))
    }
}

/// The store's articles with a supplier, the sales before `start` as history, and the sales from
/// `start` to `end` as the demand to replay. Every article starts with its reorder point plus two
/// weeks of last year's average daily sales, nothing on order.
fn replay_input(
    source: &dyn ReorderSource,
    start: NaiveDate,
    end: NaiveDate,
) -> anyhow::Result<ReplayInput> {
    let mut articles = source.articles()?;
    articles.retain(|a| a.supplier != "Ohne Lieferant");
    let skus: Vec<String> = articles.iter().map(|a| a.sku.clone()).collect();
    let history_from = start - Duration::days(730);
    let history: SalesHistory =
        source.daily_sales(&skus, history_from, start - Duration::days(1))?;
    let days = usize::try_from((end - start).num_days() + 1)?;
    let mut demand: HashMap<String, Vec<i64>> = HashMap::new();
    for (sku, sales) in source.daily_sales(&skus, start, end)? {
        let counts = demand.entry(sku).or_insert_with(|| vec![0; days]);
        for (day, units) in sales {
            if let Some(slot) = usize::try_from((day - start).num_days())
                .ok()
                .and_then(|i| counts.get_mut(i))
            {
                *slot += units;
            }
        }
    }
    let year_ago = start - Duration::days(365);
    for a in &mut articles {
        let last_year: i64 = history
            .get(&a.sku)
            .map(|d| {
                d.iter()
                    .filter(|(day, _)| *day >= year_ago)
                    .map(|(_, q)| q)
                    .sum::<i64>()
            })
            .unwrap_or(0);
        a.on_hand = a.reorder_point + (last_year * START_DAYS + 364) / 365;
        a.on_order = 0;
        demand.entry(a.sku.clone()).or_insert_with(|| vec![0; days]);
    }
    Ok(ReplayInput {
        articles,
        history,
        demand,
        start,
    })
}

#[cfg(test)]
mod tests {
    use crate::{App, Config};

    #[test]
    fn the_replay_serves_the_same_demand_under_both_rules_and_refuses_odd_requests() {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(Config::new(dir.path(), crate::demo::store_config())).unwrap();
        crate::demo::load(&app).unwrap();
        let report = app.purchasing().simulate(28, None).unwrap();
        assert_eq!(report.days, 28);
        assert!(
            report.articles > 300,
            "the demo catalogue: {}",
            report.articles
        );
        assert_eq!(report.filiale.demand_units, report.naive.demand_units);
        assert!(
            report.filiale.demand_units > 0,
            "four weeks of the demo store's sales"
        );
        for r in [&report.filiale, &report.naive] {
            assert!(
                r.served_units <= r.demand_units && r.service_level > 0.5,
                "{r:?}"
            );
            assert!(
                r.average_stock_value_cents > 0 && r.order_lines > 0,
                "{r:?}"
            );
        }
        for (days, level) in [(3, None), (400, None), (28, Some(0.3)), (28, Some(1.0))] {
            let refused = app.purchasing().simulate(days, level).unwrap_err();
            assert_eq!(refused.code(), "invalid_input", "{days} days at {level:?}");
        }
    }
}
