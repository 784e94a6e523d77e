//! Why a proposal line exists or an article was skipped, as data (a code and the numbers) that
//! every window words in its own language, plus the German sentence the command line prints.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::demand::DemandProfile;
use super::source::ReorderArticle;

/// Ratios below this (as a fraction, 0.15 = 15 %) are not worth a word in a reason.
const NOTEWORTHY_CHANGE: f64 = 0.15;
/// A month-on-month trend is only mentioned from this size on, and only without a season.
const NOTEWORTHY_TREND: f64 = 0.25;

/// What brought an article onto the proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum LineReasonCode {
    /// On hand is below the reorder point.
    BelowReorderPoint,
    /// On hand is exactly at the reorder point.
    AtReorderPoint,
    /// On hand is above the reorder point but will not last lead time + review period.
    ProjectedStockout,
}

/// Why a flagged article got no line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum SkipReasonCode {
    /// No sales figures were read for the article at all.
    NoSalesData,
    /// Nothing sold over the history window (or nothing is forecast).
    NoSales,
    /// Stock plus open orders reach the next proposal.
    StockSuffices,
}

/// The season of a day, as the proposal speaks of it (meteorological seasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

impl Season {
    pub fn of(day: NaiveDate) -> Self {
        match day.month() {
            3..=5 => Self::Spring,
            6..=8 => Self::Summer,
            9..=11 => Self::Autumn,
            _ => Self::Winter,
        }
    }

    /// "Frühjahrssaison", as the command line prints it.
    pub fn german(self) -> &'static str {
        match self {
            Self::Spring => "Frühjahrssaison",
            Self::Summer => "Sommersaison",
            Self::Autumn => "Herbstsaison",
            Self::Winter => "Wintersaison",
        }
    }
}

/// The numbers behind a line's reason. Rates are units per day; changes are fractions
/// (0.6 = +60 %). Changes too small to mention are left out (`None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LineReasonFacts {
    pub on_hand: i64,
    pub reorder_point: i64,
    pub on_order: i64,
    /// Days the stock on hand lasts at the forecast rate (projected stock-outs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<f64>,
    /// Units per day over the last four weeks.
    pub recent_rate: f64,
    /// Units per day expected over lead time + review period: the same number as the line's
    /// `forecast_rate`.
    pub forecast_rate: f64,
    /// The season the horizon falls in, when last year's sales show it changes demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub season: Option<Season>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub season_lift: Option<f64>,
    /// This year's recent weeks against the same weeks last year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_on_year: Option<f64>,
    /// The last four weeks against the four before (only when no season is known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trend: Option<f64>,
}

/// The numbers behind a skip reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SkipReasonFacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_hand: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_order: Option<i64>,
}

/// The code and numbers of a line's reason. `days_left` comes from the stock analysis
/// (projected stock-outs); `season_day` is the middle of the horizon.
pub fn line_reason(
    article: &ReorderArticle,
    days_left: Option<f64>,
    profile: &DemandProfile,
    season_day: NaiveDate,
) -> (LineReasonCode, LineReasonFacts) {
    let code = if days_left.is_some() {
        LineReasonCode::ProjectedStockout
    } else if article.on_hand < article.reorder_point {
        LineReasonCode::BelowReorderPoint
    } else {
        LineReasonCode::AtReorderPoint
    };
    let season_lift = profile.season_lift.filter(|l| l.abs() >= NOTEWORTHY_CHANGE);
    let trend = profile
        .trend
        .filter(|t| t.abs() >= NOTEWORTHY_TREND && profile.season_lift.is_none());
    let year_on_year = profile
        .year_on_year
        .filter(|y| y.abs() >= NOTEWORTHY_CHANGE);
    let facts = LineReasonFacts {
        on_hand: article.on_hand,
        reorder_point: article.reorder_point,
        on_order: article.on_order,
        days_left,
        recent_rate: profile.recent_rate,
        forecast_rate: profile.forecast_rate,
        season: season_lift.map(|_| Season::of(season_day)),
        season_lift,
        year_on_year,
        trend: if year_on_year.is_some() { None } else { trend },
    };
    (code, facts)
}

/// The German sentence for a line, e.g. "Bestand 3 unter Meldebestand 10; Absatz ~2,0/Tag,
/// Prognose ~3,2/Tag (Frühjahrssaison +60 % lt. Vorjahr)".
pub fn line_reason_german(code: LineReasonCode, f: &LineReasonFacts) -> String {
    let stock = match code {
        LineReasonCode::BelowReorderPoint => {
            format!(
                "Bestand {} unter Meldebestand {}",
                f.on_hand, f.reorder_point
            )
        }
        LineReasonCode::AtReorderPoint => format!("Bestand {} auf Meldebestand", f.on_hand),
        LineReasonCode::ProjectedStockout => format!(
            "Bestand {} reicht ~{} Tage",
            f.on_hand,
            decimal_comma(f.days_left.unwrap_or(0.0), 0)
        ),
    };
    let mut why = Vec::new();
    if let (Some(season), Some(lift)) = (f.season, f.season_lift) {
        why.push(format!("{} {} lt. Vorjahr", season.german(), percent(lift)));
    }
    if let Some(yoy) = f.year_on_year {
        why.push(format!("{} ggü. Vorjahr", percent(yoy)));
    }
    if let Some(trend) = f.trend {
        why.push(format!("Trend {} ggü. Vormonat", percent(trend)));
    }
    let mut demand = format!(
        "Absatz ~{}/Tag, Prognose ~{}/Tag",
        decimal_comma(f.recent_rate, 1),
        decimal_comma(f.forecast_rate, 1)
    );
    if !why.is_empty() {
        demand.push_str(&format!(" ({})", why.join(", ")));
    }
    if f.on_order > 0 {
        format!("{stock} (+{} bestellt); {demand}", f.on_order)
    } else {
        format!("{stock}; {demand}")
    }
}

/// The German sentence for a skipped article.
pub fn skip_reason_german(code: SkipReasonCode, f: &SkipReasonFacts) -> String {
    match code {
        SkipReasonCode::NoSalesData => "keine Absatzdaten".into(),
        SkipReasonCode::NoSales => format!(
            "kein Absatz in den letzten {} Tagen",
            f.history_days.unwrap_or(0)
        ),
        SkipReasonCode::StockSuffices => format!(
            "Bestand {} + bestellt {} reicht bis zur nächsten Bestellung",
            f.on_hand.unwrap_or(0),
            f.on_order.unwrap_or(0)
        ),
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

/// A number with a German decimal comma, halves rounded away from zero as the windows round
/// them: `2.44` with 1 place -> "2,4", `0.25` -> "0,3".
pub fn decimal_comma(x: f64, places: usize) -> String {
    let scale = 10f64.powi(places as i32);
    let rounded = (x * scale).round() / scale;
    format!("{rounded:.places$}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_with_a_comma_and_halves_round_up() {
        for (x, places, text) in [
            (2.44, 1, "2,4"),
            (0.25, 1, "0,3"),
            (3.0, 1, "3,0"),
            (14.5, 0, "15"),
        ] {
            assert_eq!(decimal_comma(x, places), text, "{x}");
        }
    }

    #[test]
    fn seasons_follow_the_months() {
        let d = |m| NaiveDate::from_ymd_opt(2025, m, 15).unwrap();
        assert_eq!(Season::of(d(2)), Season::Winter);
        assert_eq!(Season::of(d(3)), Season::Spring);
        assert_eq!(Season::of(d(8)), Season::Summer);
        assert_eq!(Season::of(d(11)), Season::Autumn);
        assert_eq!(Season::of(d(12)), Season::Winter);
    }

    #[test]
    fn codes_are_written_in_snake_case() {
        let json = serde_json::to_value((
            LineReasonCode::ProjectedStockout,
            SkipReasonCode::StockSuffices,
            Season::Autumn,
        ))
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!(["projected_stockout", "stock_suffices", "autumn"])
        );
    }
}
