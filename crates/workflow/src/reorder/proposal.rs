//! From stock and demand to a proposal: which articles need attention, how much to order
//! (order-up-to level minus stock position, rounded up to the pack size), grouped by supplier,
//! in integer cents, each line with its reason as data (see [`super::reason`]) and as a short
//! German sentence for the command line.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::demand::{DemandProfile, z_for_service_level};
use super::reason::{
    LineReasonCode, LineReasonFacts, SkipReasonCode, SkipReasonFacts, line_reason,
    line_reason_german, skip_reason_german,
};
use super::source::ReorderArticle;

/// The knobs of a proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReorderPolicy {
    /// Days between two proposals (R); stock must last lead time + this.
    pub review_period_days: u32,
    /// Target cycle service level, e.g. 0.95.
    pub service_level: f64,
    /// Days of sales history to look at (two years gives "same season last year").
    pub history_days: u32,
}

impl Default for ReorderPolicy {
    fn default() -> Self {
        Self {
            review_period_days: 7,
            service_level: 0.95,
            history_days: 730,
        }
    }
}

impl ReorderPolicy {
    /// Lead time + review period for an article, in days (at least one).
    pub fn horizon_days(&self, article: &ReorderArticle) -> i64 {
        (i64::from(article.lead_time_days) + i64::from(self.review_period_days)).max(1)
    }
}

/// Why an article was looked at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Trigger {
    /// On hand is at or below the reorder point.
    AtReorderPoint,
    /// Stock plus open orders will likely not last lead time + review period.
    ProjectedStockout { days_left: f64 },
}

/// An article the stock analysis flagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Candidate {
    pub article: ReorderArticle,
    pub trigger: Trigger,
}

/// Flags the articles at or below their reorder point, or whose stock position (on hand + on
/// order) is below the demand expected over lead time + review period at the target service
/// level. `quick_rate` is a cheap daily-rate estimate per SKU (recent weeks or last year's season,
/// whichever is higher).
pub fn select_candidates(
    articles: Vec<ReorderArticle>,
    quick_rate: &dyn Fn(&ReorderArticle) -> f64,
    policy: &ReorderPolicy,
) -> Vec<Candidate> {
    let z = z_for_service_level(policy.service_level);
    articles
        .into_iter()
        .filter_map(|article| {
            let rate = quick_rate(&article).max(0.0);
            let horizon = policy.horizon_days(&article) as f64;
            let position = (article.on_hand + article.on_order) as f64;
            let needed = rate * horizon + z * (rate * horizon).sqrt();
            let trigger = if article.on_hand <= article.reorder_point {
                Trigger::AtReorderPoint
            } else if rate > 0.0 && position < needed {
                Trigger::ProjectedStockout {
                    days_left: (article.on_hand as f64 / rate * 10.0).round() / 10.0,
                }
            } else {
                return None;
            };
            Some(Candidate { article, trigger })
        })
        .collect()
}

/// One proposed order line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProposalLine {
    pub sku: String,
    pub name: String,
    pub supplier: String,
    pub quantity: i64,
    pub pack_size: i64,
    pub unit_cost_cents: i64,
    pub line_total_cents: i64,
    pub on_hand: i64,
    pub on_order: i64,
    pub reorder_point: i64,
    /// Forecast units per day over the horizon.
    pub forecast_rate: f64,
    /// Safety stock in units (z * sigma * sqrt(L+R)), rounded up.
    pub safety_stock: i64,
    /// Forecast over L+R plus safety stock, rounded up.
    pub order_up_to: i64,
    /// The reason as a German sentence (what `filiale reorder show` prints).
    pub reason: String,
    /// The reason as a code, for windows that word it in their own language. Absent in
    /// proposals stored before it existed.
    #[serde(default)]
    pub reason_code: Option<LineReasonCode>,
    /// The numbers the reason speaks of.
    #[serde(default)]
    pub reason_facts: Option<LineReasonFacts>,
}

/// The lines for one supplier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SupplierProposal {
    pub supplier: String,
    pub lines: Vec<ProposalLine>,
    pub total_cents: i64,
}

/// A flagged article that gets no line, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Skipped {
    pub sku: String,
    pub name: String,
    /// The reason as a German sentence.
    pub reason: String,
    #[serde(default)]
    pub reason_code: Option<SkipReasonCode>,
    #[serde(default)]
    pub reason_facts: Option<SkipReasonFacts>,
}

/// The proposal a manager approves.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Proposal {
    pub suppliers: Vec<SupplierProposal>,
    pub skipped: Vec<Skipped>,
    pub total_cents: i64,
}

impl Proposal {
    /// All lines, supplier by supplier.
    pub fn lines(&self) -> impl Iterator<Item = &ProposalLine> {
        self.suppliers.iter().flat_map(|s| s.lines.iter())
    }

    pub fn is_empty(&self) -> bool {
        self.suppliers.is_empty()
    }
}

/// Computes the proposal for the flagged `candidates` given their demand `profiles` (by SKU).
pub fn build_proposal(
    candidates: &[Candidate],
    profiles: &BTreeMap<String, DemandProfile>,
    policy: &ReorderPolicy,
    as_of: NaiveDate,
) -> Proposal {
    let z = z_for_service_level(policy.service_level);
    let mut by_supplier: BTreeMap<String, Vec<ProposalLine>> = BTreeMap::new();
    let mut skipped = Vec::new();
    for Candidate { article, trigger } in candidates {
        let skip = |code: SkipReasonCode, facts: SkipReasonFacts| Skipped {
            sku: article.sku.clone(),
            name: article.name.clone(),
            reason: skip_reason_german(code, &facts),
            reason_code: Some(code),
            reason_facts: Some(facts),
        };
        let Some(profile) = profiles.get(&article.sku) else {
            skipped.push(skip(
                SkipReasonCode::NoSalesData,
                SkipReasonFacts::default(),
            ));
            continue;
        };
        if profile.units_in_history <= 0.0 || profile.forecast_rate <= 0.0 {
            let facts = SkipReasonFacts {
                history_days: Some(policy.history_days),
                ..SkipReasonFacts::default()
            };
            skipped.push(skip(SkipReasonCode::NoSales, facts));
            continue;
        }
        let horizon = policy.horizon_days(article) as f64;
        let safety = z * profile.forecast_sigma * horizon.sqrt();
        let order_up_to = (profile.forecast_rate * horizon + safety).ceil() as i64;
        let position = article.on_hand + article.on_order;
        let needed = order_up_to - position;
        if needed <= 0 {
            let facts = SkipReasonFacts {
                on_hand: Some(article.on_hand),
                on_order: Some(article.on_order),
                ..SkipReasonFacts::default()
            };
            skipped.push(skip(SkipReasonCode::StockSuffices, facts));
            continue;
        }
        let pack = article.pack_size.max(1);
        let quantity = (needed + pack - 1) / pack * pack;
        let season_day = as_of + Duration::days(horizon as i64 / 2);
        // Days left are told at the rate the line is ordered for, so the reason and the forecast
        // speak of the same demand.
        let days_left = matches!(trigger, Trigger::ProjectedStockout { .. })
            .then(|| (article.on_hand as f64 / profile.forecast_rate * 10.0).round() / 10.0);
        let (code, facts) = line_reason(article, days_left, profile, season_day);
        by_supplier
            .entry(article.supplier.clone())
            .or_default()
            .push(ProposalLine {
                sku: article.sku.clone(),
                name: article.name.clone(),
                supplier: article.supplier.clone(),
                quantity,
                pack_size: pack,
                unit_cost_cents: article.unit_cost_cents,
                line_total_cents: quantity * article.unit_cost_cents,
                on_hand: article.on_hand,
                on_order: article.on_order,
                reorder_point: article.reorder_point,
                forecast_rate: profile.forecast_rate,
                safety_stock: safety.ceil() as i64,
                order_up_to,
                reason: line_reason_german(code, &facts),
                reason_code: Some(code),
                reason_facts: Some(facts),
            });
    }
    let suppliers: Vec<SupplierProposal> = by_supplier
        .into_iter()
        .map(|(supplier, lines)| SupplierProposal {
            total_cents: lines.iter().map(|l| l.line_total_cents).sum(),
            supplier,
            lines,
        })
        .collect();
    Proposal {
        total_cents: suppliers.iter().map(|s| s.total_cents).sum(),
        suppliers,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reorder::demand::DailySeries;
    use crate::reorder::reason::Season;
    use chrono::{Datelike, Weekday};

    fn article(sku: &str, on_hand: i64, pack: i64) -> ReorderArticle {
        ReorderArticle {
            sku: sku.into(),
            name: format!("Artikel {sku}"),
            supplier: "Compo".into(),
            on_hand,
            on_order: 0,
            reorder_point: 10,
            lead_time_days: 7,
            pack_size: pack,
            unit_cost_cents: 349,
        }
    }

    fn profile(sku: &str, rate: f64) -> DemandProfile {
        DemandProfile {
            sku: sku.into(),
            recent_rate: rate,
            daily_sigma: rate.sqrt(),
            trend: None,
            season_lift: Some(0.6),
            year_on_year: None,
            forecast_rate: rate,
            forecast_sigma: rate.sqrt(),
            units_in_history: rate * 700.0,
            stockout_days: 0,
            lost_units: 0.0,
        }
    }

    #[test]
    fn quantity_is_order_up_to_minus_position_rounded_up_to_the_pack() {
        // Rate 2/day over 14 days = 28, safety 1.645 * sqrt(2) * sqrt(14) = 8.7 -> up to 37.
        let candidates = vec![Candidate {
            article: article("A", 3, 12),
            trigger: Trigger::AtReorderPoint,
        }];
        let profiles = BTreeMap::from([("A".to_owned(), profile("A", 2.0))]);
        let as_of = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        let p = build_proposal(&candidates, &profiles, &ReorderPolicy::default(), as_of);
        let line = p.lines().next().unwrap();
        assert_eq!(line.order_up_to, 37);
        assert_eq!(line.quantity, 36, "37 - 3 = 34, rounded up to packs of 12");
        assert_eq!(line.line_total_cents, 36 * 349);
        assert_eq!(p.total_cents, 36 * 349);
        assert_eq!(
            line.reason,
            "Bestand 3 unter Meldebestand 10; Absatz ~2,0/Tag, Prognose ~2,0/Tag \
             (Frühjahrssaison +60 % lt. Vorjahr)"
        );
        assert_eq!(line.reason_code, Some(LineReasonCode::BelowReorderPoint));
    }

    /// A slow seller: one unit every Monday and Thursday for two years, except that last year's
    /// coming weeks hold one bumper day (+6 units) and this year's last four weeks sold one unit
    /// every Monday to Thursday.
    fn known_history(as_of: NaiveDate) -> DailySeries {
        let from = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let ly_now = as_of - Duration::days(365);
        let sales: Vec<(NaiveDate, i64)> = from
            .iter_days()
            .take_while(|d| *d < as_of)
            .map(|d| {
                let weekday = d.weekday();
                let regular = if d >= as_of - Duration::days(28) {
                    weekday.num_days_from_monday() < 4
                } else {
                    matches!(weekday, Weekday::Mon | Weekday::Thu)
                };
                let bumper = if d == ly_now + Duration::days(2) {
                    6
                } else {
                    0
                };
                (d, i64::from(regular) + bumper)
            })
            .collect();
        DailySeries::from_sparse(from, as_of, &sales)
    }

    #[test]
    fn the_forecast_reads_enough_of_last_year_and_the_reason_states_it() {
        let as_of = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let policy = ReorderPolicy::default();
        let a = article("K", 3, 1);
        let horizon = policy.horizon_days(&a);
        assert_eq!(horizon, 14);
        let profile = DemandProfile::compute("K", &known_history(as_of), as_of, horizon);
        // By hand: last year's 14 days ahead hold 4 + 6 = 10 units, too few to tell a season, so
        // six weeks are read: 12 + 6 = 18 units in 42 days (0.43 a day) against 8 units in the
        // four weeks before (0.29 a day): +50 %. This year's last four weeks sold 16, so this year
        // runs at (16 + 6) / (8 + 6) = 1.571 of last year (+57 %). 18/42 * 22/14 = 0.673 a day.
        let by_hand = 18.0 / 42.0 * (22.0 / 14.0);
        assert!(
            (profile.forecast_rate - by_hand).abs() < 1e-9,
            "forecast {} instead of {by_hand}: one bumper day must not make a season",
            profile.forecast_rate
        );
        assert!((profile.recent_rate - 16.0 / 28.0).abs() < 1e-9);

        let candidates = vec![Candidate {
            article: a,
            trigger: Trigger::AtReorderPoint,
        }];
        let profiles = BTreeMap::from([("K".to_owned(), profile)]);
        let p = build_proposal(&candidates, &profiles, &policy, as_of);
        let line = p.lines().next().unwrap();
        assert!((line.forecast_rate - by_hand).abs() < 1e-9);
        assert_eq!(
            line.reason,
            "Bestand 3 unter Meldebestand 10; Absatz ~0,6/Tag, Prognose ~0,7/Tag \
             (Wintersaison +50 % lt. Vorjahr, +57 % ggü. Vorjahr)"
        );
        let facts = line.reason_facts.as_ref().unwrap();
        assert_eq!(
            facts.forecast_rate, line.forecast_rate,
            "column and reason agree"
        );
        assert_eq!(facts.season, Some(Season::Winter));
        assert_eq!(line.reason_code, Some(LineReasonCode::BelowReorderPoint));
        let json = serde_json::to_value(line).unwrap();
        assert_eq!(json["reason_code"], "below_reorder_point");
        assert_eq!(json["reason_facts"]["on_hand"], 3);
        assert_eq!(json["reason_facts"]["season"], "winter");
        assert_eq!(json["reason_facts"]["forecast_rate"], json["forecast_rate"]);
    }

    #[test]
    fn a_fast_seller_keeps_the_horizon_so_a_sharp_season_stays_sharp() {
        let as_of = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let from = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let ly_now = as_of - Duration::days(365);
        // Five a day, ten a day over last year's coming two weeks only.
        let sales: Vec<_> = from
            .iter_days()
            .take_while(|d| *d < as_of)
            .map(|d| {
                let peak = d >= ly_now && d < ly_now + Duration::days(14);
                (d, if peak { 10 } else { 5 })
            })
            .collect();
        let series = DailySeries::from_sparse(from, as_of, &sales);
        let profile = DemandProfile::compute("F", &series, as_of, 14);
        assert!((profile.season_lift.unwrap() - 1.0).abs() < 1e-9);
        assert!((profile.forecast_rate - 10.0).abs() < 1e-9);
    }

    #[test]
    fn a_projected_stockout_counts_its_days_at_the_forecast_rate() {
        let as_of = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let policy = ReorderPolicy::default();
        let mut a = article("L", 8, 1);
        a.reorder_point = 5;
        let profile = DemandProfile::compute("L", &known_history(as_of), as_of, 14);
        let candidates = vec![Candidate {
            article: a,
            trigger: Trigger::ProjectedStockout { days_left: 20.0 },
        }];
        let days = (8.0 / profile.forecast_rate * 10.0).round() / 10.0;
        let profiles = BTreeMap::from([("L".to_owned(), profile)]);
        let p = build_proposal(&candidates, &profiles, &policy, as_of);
        let line = p.lines().next().unwrap();
        assert_eq!(line.reason_code, Some(LineReasonCode::ProjectedStockout));
        assert_eq!(line.reason_facts.as_ref().unwrap().days_left, Some(days));
        assert!(
            line.reason.starts_with("Bestand 8 reicht ~12 Tage;"),
            "{}",
            line.reason
        );
    }

    #[test]
    fn proposals_stored_before_reason_codes_still_load() {
        let old = serde_json::json!({
            "sku": "A", "name": "Artikel A", "supplier": "Compo", "quantity": 12, "pack_size": 12,
            "unit_cost_cents": 349, "line_total_cents": 4188, "on_hand": 3, "on_order": 0,
            "reorder_point": 10, "forecast_rate": 0.9, "safety_stock": 4, "order_up_to": 17,
            "reason": "Bestand 3 unter Meldebestand 10; Absatz ~0,6/Tag"
        });
        let line: ProposalLine = serde_json::from_value(old).unwrap();
        assert_eq!(line.reason_code, None);
        assert!(line.reason_facts.is_none());
        let skipped: Skipped =
            serde_json::from_value(serde_json::json!({"sku": "B", "name": "B", "reason": "x"}))
                .unwrap();
        assert_eq!(skipped.reason_code, None);
    }

    #[test]
    fn articles_without_sales_are_skipped_with_a_reason() {
        let candidates = vec![Candidate {
            article: article("B", 0, 1),
            trigger: Trigger::AtReorderPoint,
        }];
        let mut dead = profile("B", 0.0);
        dead.units_in_history = 0.0;
        let profiles = BTreeMap::from([("B".to_owned(), dead)]);
        let as_of = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        let p = build_proposal(&candidates, &profiles, &ReorderPolicy::default(), as_of);
        assert!(p.is_empty());
        assert_eq!(p.skipped[0].reason, "kein Absatz in den letzten 730 Tagen");
        assert_eq!(p.skipped[0].reason_code, Some(SkipReasonCode::NoSales));
    }

    #[test]
    fn candidates_are_at_the_reorder_point_or_short_for_the_horizon() {
        let mut high = article("C", 50, 1);
        high.reorder_point = 5;
        let mut short = article("D", 20, 1);
        short.reorder_point = 5;
        let low = article("E", 4, 1);
        let rate = |a: &ReorderArticle| if a.sku == "D" { 3.0 } else { 1.0 };
        let c = select_candidates(vec![high, short, low], &rate, &ReorderPolicy::default());
        let skus: Vec<_> = c.iter().map(|c| c.article.sku.as_str()).collect();
        assert_eq!(skus, ["D", "E"]);
    }
}
