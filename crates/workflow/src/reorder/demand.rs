//! An article's demand profile from its daily sales: recent rate, variability, trend, and the same
//! season last year, combined into a forecast daily rate for the coming lead time + review period.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days in the "recent" window the current rate is measured over.
pub const RECENT_DAYS: i64 = 28;
/// Units last year's coming weeks must hold before their rate is taken as the season's. Over a
/// horizon of one or two weeks most articles sold only a handful of units last year, and measured
/// over so few a chance good week looked like a season (+197 % for a poultry drinker in winter).
const SEASON_MIN_UNITS: f64 = 20.0;
/// The longest stretch of last year, from the same day on, that the season is read from.
pub const SEASON_MAX_DAYS: i64 = 42;
/// Days the day-to-day variability is measured over.
pub const VARIABILITY_DAYS: i64 = 56;
/// Units of last year's sales below which the seasonal pattern is not trusted.
const MIN_SEASON_UNITS: f64 = 4.0;
/// Units added to both sides of the year-on-year ratio so that small numbers do not swing it.
const YOY_SHRINK_UNITS: f64 = 6.0;

/// Daily sales of one article as a dense series, one slot per day starting at `from`.
#[derive(Debug, Clone, PartialEq)]
pub struct DailySeries {
    pub from: NaiveDate,
    pub units: Vec<f64>,
}

impl DailySeries {
    /// A dense series for `from..to_exclusive` from sparse `(day, units)` pairs (others are zero).
    pub fn from_sparse(
        from: NaiveDate,
        to_exclusive: NaiveDate,
        sales: &[(NaiveDate, i64)],
    ) -> Self {
        let len = (to_exclusive - from).num_days().max(0) as usize;
        let mut units = vec![0.0; len];
        for (day, qty) in sales {
            let i = (*day - from).num_days();
            if i >= 0 && (i as usize) < len {
                units[i as usize] += *qty as f64;
            }
        }
        Self { from, units }
    }

    /// Treats `stockout_days` as censored: a day the article was out of stock sold what was there,
    /// not what was wanted. Each such day gets at least the mean of the days around it (two
    /// weeks either side) on which it was in stock; returns the units added — the demand the
    /// till could not serve, estimated — and how many days were censored.
    pub fn uncensor(&mut self, stockout_days: &[NaiveDate]) -> (f64, u32) {
        const AROUND: i64 = 14;
        let censored: Vec<usize> = stockout_days
            .iter()
            .filter_map(|d| usize::try_from((*d - self.from).num_days()).ok())
            .filter(|i| *i < self.units.len())
            .collect();
        let mut is_censored = vec![false; self.units.len()];
        for i in &censored {
            is_censored[*i] = true;
        }
        let mut lost = 0.0;
        let mut imputed = Vec::with_capacity(censored.len());
        for &i in &censored {
            let lo = i.saturating_sub(AROUND as usize);
            let hi = (i + AROUND as usize + 1).min(self.units.len());
            let (sum, n) = (lo..hi)
                .filter(|j| !is_censored[*j])
                .fold((0.0, 0usize), |(s, n), j| (s + self.units[j], n + 1));
            if n > 0 {
                let expected = sum / n as f64;
                if expected > self.units[i] {
                    imputed.push((i, expected));
                }
            }
        }
        for (i, expected) in imputed {
            lost += expected - self.units[i];
            self.units[i] = expected;
        }
        (lost, u32::try_from(censored.len()).unwrap_or(u32::MAX))
    }

    /// Mean units per day over `start..end` (days, clipped to the series); `None` if empty.
    fn mean(&self, start: NaiveDate, end: NaiveDate) -> Option<f64> {
        let (s, e) = self.clip(start, end)?;
        Some(self.units[s..e].iter().sum::<f64>() / (e - s) as f64)
    }

    fn sum(&self, start: NaiveDate, end: NaiveDate) -> f64 {
        self.clip(start, end)
            .map(|(s, e)| self.units[s..e].iter().sum())
            .unwrap_or(0.0)
    }

    fn std_dev(&self, start: NaiveDate, end: NaiveDate) -> f64 {
        let Some((s, e)) = self.clip(start, end) else {
            return 0.0;
        };
        let xs = &self.units[s..e];
        if xs.len() < 2 {
            return 0.0;
        }
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
        var.sqrt()
    }

    /// Units sold on `day` (zero outside the series).
    fn on(&self, day: NaiveDate) -> f64 {
        let i = (day - self.from).num_days();
        if i < 0 {
            return 0.0;
        }
        self.units.get(i as usize).copied().unwrap_or(0.0)
    }

    /// Whether the series fully covers `start..end`.
    fn covers(&self, start: NaiveDate, end: NaiveDate) -> bool {
        start >= self.from && (end - self.from).num_days() <= self.units.len() as i64
    }

    fn clip(&self, start: NaiveDate, end: NaiveDate) -> Option<(usize, usize)> {
        let s = (start - self.from).num_days().max(0) as usize;
        let e = ((end - self.from).num_days().max(0) as usize).min(self.units.len());
        (s < e).then_some((s, e))
    }
}

/// What the sales history says about one article, as of the proposal day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DemandProfile {
    pub sku: String,
    /// Units per day over the last [`RECENT_DAYS`].
    pub recent_rate: f64,
    /// Standard deviation of daily units over the last [`VARIABILITY_DAYS`].
    pub daily_sigma: f64,
    /// Change of the recent rate against the 28 days before it (0.2 = +20 %), if those sold.
    pub trend: Option<f64>,
    /// Last year's rate over the coming [`season_days`] against last year's recent
    /// window (0.6 = the season brings +60 %), if last year sold enough to tell.
    pub season_lift: Option<f64>,
    /// This year's recent rate against the same weeks last year (0.1 = +10 %), if known.
    pub year_on_year: Option<f64>,
    /// The forecast units per day over the horizon: last year's rate over the coming
    /// [`season_days`] times this year's run against last year ([`Self::year_on_year`], damped
    /// for small numbers), or the recent rate when last year is unknown.
    pub forecast_rate: f64,
    /// Daily standard deviation expected over the horizon.
    pub forecast_sigma: f64,
    /// Units sold over the whole history window.
    pub units_in_history: f64,
    /// Days of the history window the article was out of stock (their sales are censored).
    #[serde(default)]
    pub stockout_days: u32,
    /// Units the till could not sell on those days, estimated from the days around them; the
    /// forecast reads those days as this demand, not as the zero that was sold.
    #[serde(default)]
    pub lost_units: f64,
}

impl DemandProfile {
    /// Builds the profile from `series` (ending the day before `as_of`) for the next `horizon_days`.
    pub fn compute(sku: &str, series: &DailySeries, as_of: NaiveDate, horizon_days: i64) -> Self {
        let day = |n: i64| as_of - chrono::Duration::days(n);
        let recent_rate = series.mean(day(RECENT_DAYS), as_of).unwrap_or(0.0);
        let prev_sum = series.sum(day(2 * RECENT_DAYS), day(RECENT_DAYS));
        let trend = (prev_sum >= MIN_SEASON_UNITS && series.covers(day(2 * RECENT_DAYS), as_of))
            .then(|| recent_rate / (prev_sum / RECENT_DAYS as f64) - 1.0);
        let daily_sigma = series.std_dev(day(VARIABILITY_DAYS), as_of);

        // Last year: the weeks just before "today" and the weeks to come.
        let ly_now = day(365);
        let ly_recent_start = ly_now - chrono::Duration::days(RECENT_DAYS);
        let ahead = season_days(horizon_days, |i| {
            series.on(ly_now + chrono::Duration::days(i))
        });
        let ly_ahead_end = ly_now + chrono::Duration::days(ahead);
        let has_last_year = series.covers(ly_recent_start, ly_ahead_end);
        let ly_recent_sum = series.sum(ly_recent_start, ly_now);
        let ly_ahead_sum = series.sum(ly_now, ly_ahead_end);
        let recent_sum = recent_rate * RECENT_DAYS as f64;

        let seasonal = has_last_year && ly_recent_sum + ly_ahead_sum >= MIN_SEASON_UNITS;
        let (forecast_rate, season_lift, year_on_year) = if seasonal {
            let ly_recent_rate = ly_recent_sum / RECENT_DAYS as f64;
            let ly_ahead_rate = ly_ahead_sum / ahead as f64;
            // How this year runs against last year, damped for small numbers.
            let yoy = ((recent_sum + YOY_SHRINK_UNITS) / (ly_recent_sum + YOY_SHRINK_UNITS))
                .clamp(0.5, 2.0);
            let lift =
                (ly_recent_sum >= MIN_SEASON_UNITS).then(|| ly_ahead_rate / ly_recent_rate - 1.0);
            let yoy_known = (ly_recent_sum >= MIN_SEASON_UNITS).then_some(yoy - 1.0);
            (ly_ahead_rate * yoy, lift, yoy_known)
        } else {
            (recent_rate, None, None)
        };

        // Day-to-day noise grows with the level; never assume less than Poisson noise.
        let scaled = if recent_rate > 0.0 {
            daily_sigma * (forecast_rate / recent_rate).max(0.0).sqrt()
        } else {
            0.0
        };
        let forecast_sigma = scaled.max(forecast_rate.sqrt());
        Self {
            sku: sku.to_owned(),
            recent_rate,
            daily_sigma,
            trend,
            season_lift,
            year_on_year,
            forecast_rate,
            forecast_sigma,
            units_in_history: series.units.iter().sum(),
            stockout_days: 0,
            lost_units: 0.0,
        }
    }
}

/// Days of last year's sales, from the same day on, that the season is read from: the horizon,
/// widened a day at a time (up to [`SEASON_MAX_DAYS`]) until it holds [`SEASON_MIN_UNITS`].
/// `units_on(i)` is what last year sold `i` days after the same day. Fast sellers keep the
/// horizon, so a sharp season stays sharp; slow sellers are read over enough weeks to tell.
pub fn season_days(horizon_days: i64, units_on: impl Fn(i64) -> f64) -> i64 {
    let mut days = horizon_days.max(1);
    let mut sold: f64 = (0..days).map(&units_on).sum();
    while sold < SEASON_MIN_UNITS && days < SEASON_MAX_DAYS {
        sold += units_on(days);
        days += 1;
    }
    days
}

/// The standard-normal quantile for a cycle service level (0.95 -> 1.645), by Acklam's rational
/// approximation (relative error below 1.2e-9). `p` is clamped to 0.5..0.9999.
pub fn z_for_service_level(p: f64) -> f64 {
    let p = p.clamp(0.5, 0.9999);
    const A: [f64; 6] = [
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.38357751867269e+02,
        -3.066479806614716e+01,
        2.506628277459239e+00,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-03,
        3.224671290700398e-01,
        2.445134137142996e+00,
        3.754408661907416e+00,
    ];
    if p <= 1.0 - 0.02425 {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn z_values_match_the_normal_table() {
        for (p, z) in [
            (0.5, 0.0),
            (0.9, 1.2816),
            (0.95, 1.6449),
            (0.98, 2.0537),
            (0.99, 2.3263),
        ] {
            assert!((z_for_service_level(p) - z).abs() < 1e-3, "p={p}");
        }
    }

    #[test]
    fn spring_season_raises_the_forecast_above_the_winter_rate() {
        // Last year: 1/day in February, 5/day from March; this year February again 1/day.
        let from = d(2024, 1, 1);
        let as_of = d(2025, 3, 1);
        let sales: Vec<(NaiveDate, i64)> = from
            .iter_days()
            .take_while(|x| *x < as_of)
            .map(|x| {
                (
                    x,
                    if x.month() >= 3 && x.month() <= 5 {
                        5
                    } else {
                        1
                    },
                )
            })
            .collect();
        let series = DailySeries::from_sparse(from, as_of, &sales);
        let p = DemandProfile::compute("S", &series, as_of, 14);
        assert!((p.recent_rate - 1.0).abs() < 1e-9);
        assert!(p.forecast_rate > 4.0, "forecast {}", p.forecast_rate);
        assert!(p.season_lift.unwrap() > 3.0);
    }

    #[test]
    fn without_last_year_the_recent_rate_is_the_forecast() {
        let as_of = d(2025, 6, 1);
        let from = as_of - chrono::Duration::days(60);
        let sales: Vec<_> = from.iter_days().take(60).map(|x| (x, 2)).collect();
        let p = DemandProfile::compute(
            "S",
            &DailySeries::from_sparse(from, as_of, &sales),
            as_of,
            10,
        );
        assert!((p.forecast_rate - 2.0).abs() < 1e-9);
        assert!(p.season_lift.is_none());
    }

    #[test]
    fn a_stock_out_is_censored_demand_not_zero_demand() {
        let from = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        let as_of = from + chrono::Duration::days(56);
        // Four a day, but out of stock for the last ten days: nothing sold then.
        let sales: Vec<(NaiveDate, i64)> = (0..46)
            .map(|i| (from + chrono::Duration::days(i), 4))
            .collect();
        let out: Vec<NaiveDate> = (46..56).map(|i| from + chrono::Duration::days(i)).collect();
        let mut series = DailySeries::from_sparse(from, as_of, &sales);
        let naive = DemandProfile::compute("S", &series, as_of, 14);
        let (lost, days) = series.uncensor(&out);
        assert_eq!(
            (lost, days),
            (40.0, 10),
            "ten days at four a day could not be sold"
        );
        let profile = DemandProfile::compute("S", &series, as_of, 14);
        assert!((profile.recent_rate - 4.0).abs() < 1e-9, "{profile:?}");
        assert!(
            naive.recent_rate < 3.0,
            "read as zero demand it looks like {naive:?}"
        );
        // A day that sold more than the days around it keeps what it sold.
        let mut busy = DailySeries::from_sparse(from, as_of, &[(from, 9)]);
        assert_eq!(busy.uncensor(&[from]).0, 0.0);
    }
}
