//! Scoring search quality against the graded query set (`eval/queries.toml`): nDCG@10 with gain
//! `2^grade - 1`, recall@10 of documents graded 2 or 3, and MRR of the first grade-3 document,
//! overall and per kind of query.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::collection::CollectionName;

/// Cut-off of every metric.
pub const K: usize = 10;

/// One graded query.
#[derive(Debug, Clone, Deserialize)]
pub struct JudgedQuery {
    pub id: String,
    pub query: String,
    pub kind: String,
    pub judgements: HashMap<String, u8>,
}

/// The query set, by collection.
#[derive(Debug, Clone, Deserialize)]
pub struct QuerySet {
    pub version: u32,
    #[serde(default)]
    pub articles: Vec<JudgedQuery>,
    #[serde(default)]
    pub customers: Vec<JudgedQuery>,
    #[serde(default)]
    pub policies: Vec<JudgedQuery>,
}

impl QuerySet {
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    pub fn queries(&self, collection: CollectionName) -> &[JudgedQuery] {
        match collection {
            CollectionName::Articles => &self.articles,
            CollectionName::Customers => &self.customers,
            CollectionName::Policies => &self.policies,
        }
    }
}

/// Metrics of one query.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct QueryScore {
    pub ndcg: f64,
    pub recall: f64,
    pub mrr: f64,
}

fn gain(grade: u8) -> f64 {
    2f64.powi(grade as i32) - 1.0
}

/// Scores a ranking (document ids, best first) of `query`.
pub fn score(query: &JudgedQuery, ranking: &[String]) -> QueryScore {
    let grade = |id: &String| query.judgements.get(id).copied().unwrap_or(0);
    let dcg: f64 = ranking
        .iter()
        .take(K)
        .enumerate()
        .map(|(i, id)| gain(grade(id)) / ((i + 2) as f64).log2())
        .sum();
    let mut ideal: Vec<u8> = query.judgements.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(K)
        .enumerate()
        .map(|(i, g)| gain(*g) / ((i + 2) as f64).log2())
        .sum();
    let relevant = query.judgements.values().filter(|g| **g >= 2).count();
    let found = ranking.iter().take(K).filter(|id| grade(id) >= 2).count();
    let mrr = ranking
        .iter()
        .take(K)
        .position(|id| grade(id) == 3)
        .map_or(0.0, |p| 1.0 / (p + 1) as f64);
    QueryScore {
        ndcg: if idcg > 0.0 { dcg / idcg } else { 0.0 },
        recall: if relevant > 0 {
            found as f64 / relevant as f64
        } else {
            1.0
        },
        mrr,
    }
}

/// Mean metrics over several queries.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    pub queries: usize,
    pub ndcg: f64,
    pub recall: f64,
    pub mrr: f64,
}

impl Summary {
    fn add(&mut self, s: QueryScore) {
        self.queries += 1;
        self.ndcg += s.ndcg;
        self.recall += s.recall;
        self.mrr += s.mrr;
    }

    fn mean(mut self) -> Self {
        let n = self.queries.max(1) as f64;
        self.ndcg /= n;
        self.recall /= n;
        self.mrr /= n;
        self
    }
}

/// Overall and per-kind means of a set of scored queries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub overall: Summary,
    pub by_kind: BTreeMap<String, Summary>,
}

impl Report {
    /// Builds the report from `(query, score)` pairs.
    pub fn from_scores<'a>(
        scores: impl IntoIterator<Item = (&'a JudgedQuery, QueryScore)>,
    ) -> Self {
        let mut overall = Summary::default();
        let mut by_kind: BTreeMap<String, Summary> = BTreeMap::new();
        for (query, s) in scores {
            overall.add(s);
            by_kind.entry(query.kind.clone()).or_default().add(s);
        }
        Report {
            overall: overall.mean(),
            by_kind: by_kind.into_iter().map(|(k, s)| (k, s.mean())).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_ranking_scores_one_and_empty_ranking_zero() {
        let query = JudgedQuery {
            id: "a1".into(),
            query: "x".into(),
            kind: "exact".into(),
            judgements: HashMap::from([("A".into(), 3), ("B".into(), 2), ("C".into(), 1)]),
        };
        let perfect = score(&query, &["A".into(), "B".into(), "C".into()]);
        assert!((perfect.ndcg - 1.0).abs() < 1e-9);
        assert_eq!(perfect.recall, 1.0);
        assert_eq!(perfect.mrr, 1.0);
        let reversed = score(&query, &["C".into(), "B".into(), "A".into()]);
        assert!(reversed.ndcg < 0.8 && reversed.mrr < 0.5);
        assert_eq!(score(&query, &[]), QueryScore::default());
    }
}
