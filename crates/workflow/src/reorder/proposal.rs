//! From stock and demand to a proposal: which articles need attention, how much to order
//! (order-up-to level minus stock position, rounded up to the pack size), grouped by supplier,
//! in integer cents, each line with a short German reason.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::demand::{DemandProfile, season_name, z_for_service_level};
use super::source::ReorderArticle;

/// The knobs of a proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub enum Trigger {
    /// On hand is at or below the reorder point.
    AtReorderPoint,
    /// Stock plus open orders will likely not last lead time + review period.
    ProjectedStockout { days_left: f64 },
}

/// An article the stock analysis flagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub reason: String,
}

/// The lines for one supplier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplierProposal {
    pub supplier: String,
    pub lines: Vec<ProposalLine>,
    pub total_cents: i64,
}

/// A flagged article that gets no line, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    pub sku: String,
    pub name: String,
    pub reason: String,
}

/// The proposal a manager approves.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
        let skip = |reason: String| Skipped {
            sku: article.sku.clone(),
            name: article.name.clone(),
            reason,
        };
        let Some(profile) = profiles.get(&article.sku) else {
            skipped.push(skip("keine Absatzdaten".into()));
            continue;
        };
        if profile.units_in_history <= 0.0 || profile.forecast_rate <= 0.0 {
            skipped.push(skip(format!(
                "kein Absatz in den letzten {} Tagen",
                policy.history_days
            )));
            continue;
        }
        let horizon = policy.horizon_days(article) as f64;
        let safety = z * profile.forecast_sigma * horizon.sqrt();
        let order_up_to = (profile.forecast_rate * horizon + safety).ceil() as i64;
        let position = article.on_hand + article.on_order;
        let needed = order_up_to - position;
        if needed <= 0 {
            skipped.push(skip(format!(
                "Bestand {} + bestellt {} reicht bis zur nächsten Bestellung",
                article.on_hand, article.on_order
            )));
            continue;
        }
        let pack = article.pack_size.max(1);
        let quantity = (needed + pack - 1) / pack * pack;
        let season_day = as_of + Duration::days(horizon as i64 / 2);
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
                reason: reason(article, trigger, profile, season_day),
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

/// "Bestand 3 unter Meldebestand 10; Absatz ~2,4/Tag, Frühjahrssaison +60 % lt. Vorjahr".
fn reason(
    article: &ReorderArticle,
    trigger: &Trigger,
    p: &DemandProfile,
    season_day: NaiveDate,
) -> String {
    let stock = match trigger {
        Trigger::AtReorderPoint if article.on_hand < article.reorder_point => format!(
            "Bestand {} unter Meldebestand {}",
            article.on_hand, article.reorder_point
        ),
        Trigger::AtReorderPoint => format!("Bestand {} auf Meldebestand", article.on_hand),
        Trigger::ProjectedStockout { days_left } => format!(
            "Bestand {} reicht ~{} Tage",
            article.on_hand,
            decimal_comma(*days_left, 0)
        ),
    };
    let mut demand = format!("Absatz ~{}/Tag", decimal_comma(p.recent_rate, 1));
    if let Some(lift) = p.season_lift.filter(|l| l.abs() >= 0.15) {
        demand.push_str(&format!(
            ", {} {} lt. Vorjahr",
            season_name(season_day),
            percent(lift)
        ));
    }
    if let Some(yoy) = p.year_on_year.filter(|y| y.abs() >= 0.15) {
        demand.push_str(&format!(", {} ggü. Vorjahr", percent(yoy)));
    } else if let Some(trend) = p
        .trend
        .filter(|t| t.abs() >= 0.25 && p.season_lift.is_none())
    {
        demand.push_str(&format!(", Trend {} ggü. Vormonat", percent(trend)));
    }
    if article.on_order > 0 {
        format!("{stock} (+{} bestellt); {demand}", article.on_order)
    } else {
        format!("{stock}; {demand}")
    }
}

/// `0.6` -> "+60 %", `-0.3` -> "-30 %".
fn percent(ratio: f64) -> String {
    let p = (ratio * 100.0).round() as i64;
    if p >= 0 {
        format!("+{p} %")
    } else {
        format!("-{} %", -p)
    }
}

/// A number with a German decimal comma: `2.44` with 1 place -> "2,4".
pub fn decimal_comma(x: f64, places: usize) -> String {
    format!("{x:.places$}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "Bestand 3 unter Meldebestand 10; Absatz ~2,0/Tag, Frühjahrssaison +60 % lt. Vorjahr"
        );
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
