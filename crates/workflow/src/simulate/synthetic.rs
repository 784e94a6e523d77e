//! Synthetic garden-centre data: a catalogue of German articles in seasonal categories and a
//! reproducible daily-demand generator (Poisson around a seasonal, weekday-shaped rate).

use std::collections::HashMap;
use std::f64::consts::PI;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::reorder::source::ReorderArticle;

/// A seasonal pattern of demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Seeds: a sharp spring peak (March).
    Seeds,
    /// Fertiliser: spring into early summer (April).
    Fertiliser,
    /// Lawn care: spring and a smaller September peak.
    Lawn,
    /// Bedding and pot plants: May.
    Plants,
    /// Tools and accessories: the year round.
    Tools,
    /// Bird feed: winter.
    BirdFeed,
    /// Listed but never sold.
    Dead,
}

impl Category {
    const ALL: [Category; 7] = [
        Self::Seeds,
        Self::Fertiliser,
        Self::Lawn,
        Self::Plants,
        Self::Tools,
        Self::BirdFeed,
        Self::Dead,
    ];

    /// Demand multiplier on a day of the year (about 1.0 on average over the year).
    pub fn season_factor(self, day_of_year: u32) -> f64 {
        let bump = |peak: f64, width: f64| {
            let mut d = (f64::from(day_of_year) - peak).abs();
            d = d.min(365.0 - d);
            (-(d / width).powi(2)).exp()
        };
        match self {
            Self::Seeds => 0.25 + 5.5 * bump(80.0, 22.0),
            Self::Fertiliser => 0.3 + 3.6 * bump(105.0, 32.0),
            Self::Lawn => 0.3 + 3.0 * bump(110.0, 25.0) + 1.6 * bump(255.0, 20.0),
            Self::Plants => 0.2 + 3.6 * bump(135.0, 35.0),
            Self::Tools => 0.85 + 0.35 * (2.0 * PI * (f64::from(day_of_year) - 30.0) / 365.0).sin(),
            Self::BirdFeed => 0.2 + 2.9 * bump(15.0, 40.0),
            Self::Dead => 0.0,
        }
    }

    fn supplier(self) -> (&'static str, u32) {
        match self {
            Self::Seeds => ("Kiepenkerl", 5),
            Self::Fertiliser => ("Compo", 7),
            Self::Lawn => ("Wolf-Garten", 7),
            Self::Plants => ("Gärtnerei Lorenz", 3),
            Self::Tools => ("Gardena", 10),
            Self::BirdFeed => ("Vitakraft", 6),
            Self::Dead => ("Großhandel Nord", 14),
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Self::Seeds => &[
                "Saatgut Tomate Harzfeuer",
                "Saatgut Möhre Nantaise",
                "Saatgut Radieschen Riesenbutter",
                "Saatgut Buschbohne Saxa",
                "Saatgut Kopfsalat Maikönig",
                "Saatgut Zucchini Black Beauty",
            ],
            Self::Fertiliser => &[
                "Rasendünger 5 kg",
                "Tomatendünger flüssig 1 l",
                "Blaukorn Universaldünger 2,5 kg",
                "Hornspäne 2,5 kg",
                "Rhododendrondünger 3 kg",
            ],
            Self::Lawn => &[
                "Rasensamen Sport und Spiel 1 kg",
                "Rasenkalk 10 kg",
                "Nachsaat-Rasen 500 g",
            ],
            Self::Plants => &[
                "Geranie stehend rot",
                "Petunie Hängend",
                "Tomatenpflanze veredelt",
                "Lavendel im 12er Topf",
                "Erdbeerpflanze Elsanta",
            ],
            Self::Tools => &[
                "Gartenschere Classic",
                "Gießkanne 10 l",
                "Handschuhe Gr. 9",
                "Schlauchkupplung 1/2 Zoll",
            ],
            Self::BirdFeed => &[
                "Meisenknödel 6 Stück",
                "Streufutter 2,5 kg",
                "Sonnenblumenkerne 1 kg",
            ],
            Self::Dead => &["Gartenzwerg Sonderedition", "Vogeltränke Keramik blau"],
        }
    }

    fn pack_size(self) -> i64 {
        match self {
            Self::Seeds => 10,
            Self::Fertiliser | Self::BirdFeed => 4,
            Self::Plants => 6,
            Self::Lawn => 2,
            Self::Tools | Self::Dead => 1,
        }
    }
}

/// Demand multiplier of a weekday (German garden centres close on Sundays).
pub fn weekday_factor(day: NaiveDate) -> f64 {
    match day.weekday() {
        Weekday::Sat => 1.75,
        Weekday::Sun => 0.0,
        Weekday::Fri => 1.15,
        _ => 1.0,
    }
}

/// One synthetic article: the master data plus the hidden truth of its demand.
#[derive(Debug, Clone)]
pub struct SyntheticArticle {
    pub article: ReorderArticle,
    pub category: Category,
    /// Mean units per open day before season and weekday factors.
    pub base_rate: f64,
    /// Yearly growth of demand (0.1 = +10 % per year).
    pub growth: f64,
}

impl SyntheticArticle {
    /// Expected units on `day`; years are counted from `epoch`.
    pub fn expected(&self, day: NaiveDate, epoch: NaiveDate) -> f64 {
        let years = (day - epoch).num_days() as f64 / 365.0;
        self.base_rate
            * self.category.season_factor(day.ordinal())
            * weekday_factor(day)
            * (1.0 + self.growth).powf(years)
    }
}

/// A small fast reproducible random generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A Poisson draw with mean `lambda` (normal approximation above 30).
    pub fn poisson(&mut self, lambda: f64) -> i64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda > 30.0 {
            let (u1, u2) = (self.unit().max(1e-12), self.unit());
            let n = (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos();
            return (lambda + n * lambda.sqrt()).round().max(0.0) as i64;
        }
        let limit = (-lambda).exp();
        let (mut k, mut p) = (0, 1.0);
        loop {
            p *= self.unit();
            if p <= limit {
                return k;
            }
            k += 1;
        }
    }
}

/// `n` articles spread over the categories (about one in fourteen never sells), with reorder
/// points a store would set: average daily demand times (lead time + a week), and opening stock
/// of the reorder point plus two weeks' average demand.
pub fn catalogue(n: usize, seed: u64) -> Vec<SyntheticArticle> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let category = Category::ALL[i % Category::ALL.len()];
            let names = category.names();
            let name = if i < Category::ALL.len() * names.len() {
                names[(i / Category::ALL.len()) % names.len()].to_owned()
            } else {
                format!("{} ({})", names[(i / Category::ALL.len()) % names.len()], i)
            };
            let (supplier, lead_time_days) = category.supplier();
            let base_rate = match category {
                Category::Dead => 0.0,
                Category::Tools => 0.3 + 1.5 * rng.unit(),
                _ => 0.5 + 3.5 * rng.unit(),
            };
            let avg_daily = base_rate * 6.9 / 7.0; // mean of the weekday factors
            let reorder_point = (avg_daily * f64::from(lead_time_days + 7)).ceil() as i64;
            let unit_cost_cents = 150 + (rng.unit() * 2400.0) as i64;
            SyntheticArticle {
                article: ReorderArticle {
                    sku: format!("{:06}", 100_000 + i),
                    name,
                    supplier: supplier.to_owned(),
                    on_hand: reorder_point + (avg_daily * 14.0).ceil() as i64,
                    on_order: 0,
                    reorder_point: reorder_point.max(1),
                    lead_time_days,
                    pack_size: category.pack_size(),
                    unit_cost_cents,
                },
                category,
                base_rate,
                growth: 0.05 + 0.1 * rng.unit(),
            }
        })
        .collect()
}

/// Daily demand for every article over `from..to_exclusive`: per SKU one count per day.
pub fn demand(
    articles: &[SyntheticArticle],
    from: NaiveDate,
    to_exclusive: NaiveDate,
    epoch: NaiveDate,
    seed: u64,
) -> HashMap<String, Vec<i64>> {
    let mut rng = Rng::new(seed);
    let days = (to_exclusive - from).num_days().max(0);
    articles
        .iter()
        .map(|a| {
            let counts = (0..days)
                .map(|i| rng.poisson(a.expected(from + Duration::days(i), epoch)))
                .collect();
            (a.article.sku.clone(), counts)
        })
        .collect()
}

/// Turns dense daily counts starting at `from` into sparse `(day, units)` pairs.
pub fn to_sparse(from: NaiveDate, counts: &[i64]) -> Vec<(NaiveDate, i64)> {
    counts
        .iter()
        .enumerate()
        .filter(|(_, q)| **q > 0)
        .map(|(i, q)| (from + Duration::days(i as i64), *q))
        .collect()
}
