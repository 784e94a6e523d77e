//! What goes into a collection and what comes out: documents, metadata, filters, hits, stats.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::SearchError;

/// The three searchable collections of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CollectionName {
    Articles,
    Customers,
    Policies,
}

impl CollectionName {
    pub const ALL: [CollectionName; 3] = [
        CollectionName::Articles,
        CollectionName::Customers,
        CollectionName::Policies,
    ];

    /// The name, also used as the prefix of its tables and the stem of its files.
    pub fn as_str(self) -> &'static str {
        match self {
            CollectionName::Articles => "articles",
            CollectionName::Customers => "customers",
            CollectionName::Policies => "policies",
        }
    }
}

impl fmt::Display for CollectionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CollectionName {
    type Err = SearchError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CollectionName::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim().to_lowercase())
            .ok_or_else(|| SearchError::UnknownCollection(s.to_owned()))
    }
}

/// How to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchMode {
    #[default]
    Hybrid,
    Vector,
    Lexical,
}

impl SearchMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SearchMode::Hybrid => "hybrid",
            SearchMode::Vector => "vector",
            SearchMode::Lexical => "lexical",
        }
    }
}

impl FromStr for SearchMode {
    type Err = SearchError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "hybrid" => Ok(SearchMode::Hybrid),
            "vector" => Ok(SearchMode::Vector),
            "lexical" => Ok(SearchMode::Lexical),
            _ => Err(SearchError::UnknownMode(s.to_owned())),
        }
    }
}

/// What filters can select on. Fields a collection does not have stay `None`; anything else a
/// caller wants to show goes into `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_stock: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_cents: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_rate: Option<u8>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One searchable thing: an article, a customer, a policy text.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// SKU, customer number or policy file stem.
    pub id: String,
    /// The name (weighs most in lexical search).
    pub title: String,
    pub body: String,
    /// Codes that, typed exactly, put this document first (SKU, EAN, customer number).
    pub codes: Vec<String>,
    pub metadata: Metadata,
}

impl Document {
    /// The text the embedding model sees.
    pub fn embedding_text(&self) -> String {
        embedding_text(&self.title, &self.body)
    }
}

pub(crate) fn embedding_text(title: &str, body: &str) -> String {
    if body.is_empty() {
        title.to_owned()
    } else {
        format!("{title}. {body}")
    }
}

/// Metadata filters; every one that is set must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub category: Option<String>,
    pub in_stock: Option<bool>,
    pub min_price_cents: Option<i64>,
    pub max_price_cents: Option<i64>,
    pub vat_rate: Option<u8>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Refuses filters nothing can satisfy (a price range upside down, a negative price, an
    /// unknown VAT rate) instead of answering with an empty list.
    pub fn validate(&self) -> Result<(), SearchError> {
        let impossible = |reason: String| Err(SearchError::ImpossibleFilter(reason));
        if let (Some(min), Some(max)) = (self.min_price_cents, self.max_price_cents)
            && min > max
        {
            return impossible(format!(
                "minimum price {:.2} EUR is above maximum price {:.2} EUR",
                min as f64 / 100.0,
                max as f64 / 100.0
            ));
        }
        if self.min_price_cents.is_some_and(|p| p < 0)
            || self.max_price_cents.is_some_and(|p| p < 0)
        {
            return impossible("prices cannot be negative".into());
        }
        if let Some(rate) = self.vat_rate
            && ![0, 7, 19].contains(&rate)
        {
            return impossible(format!("VAT rate {rate} % does not exist (0, 7 or 19)"));
        }
        Ok(())
    }

    /// Whether a document with `metadata` passes.
    pub fn accepts(&self, metadata: &Metadata) -> bool {
        if let Some(category) = &self.category
            && !metadata.category.as_deref().is_some_and(|c| {
                c.eq_ignore_ascii_case(category) || c.to_lowercase() == category.to_lowercase()
            })
        {
            return false;
        }
        if let Some(in_stock) = self.in_stock
            && metadata.in_stock != Some(in_stock)
        {
            return false;
        }
        if self.min_price_cents.is_some() || self.max_price_cents.is_some() {
            let Some(price) = metadata.price_cents else {
                return false;
            };
            if self.min_price_cents.is_some_and(|min| price < min)
                || self.max_price_cents.is_some_and(|max| price > max)
            {
                return false;
            }
        }
        if let Some(rate) = self.vat_rate
            && metadata.vat_rate != Some(rate)
        {
            return false;
        }
        true
    }
}

/// One search request.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    pub query: String,
    pub limit: usize,
    pub mode: SearchMode,
    pub filter: Filter,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> Self {
        Self {
            query: query.into(),
            limit: 10,
            mode: SearchMode::Hybrid,
            filter: Filter::default(),
        }
    }
}

/// One found document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub text: String,
    pub metadata: Metadata,
    pub score: f32,
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchOutcome {
    pub hits: Vec<Hit>,
    /// The mode actually used (hybrid and vector fall back to lexical without a model).
    pub mode: SearchMode,
    /// Why the answer differs from what was asked (no model loaded, ...).
    pub notice: Option<String>,
}

/// Figures about one collection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CollectionStats {
    pub collection: CollectionName,
    pub documents: usize,
    /// Vectors in the vector index (equal to `documents` when it is up to date).
    pub vectors: usize,
    pub dimensions: Option<usize>,
    pub model: Option<String>,
    /// Size of the vector index file.
    pub vector_index_bytes: u64,
    /// Size of the shared lexical database file (all collections).
    pub lexical_db_bytes: u64,
    pub last_indexed: Option<String>,
}
