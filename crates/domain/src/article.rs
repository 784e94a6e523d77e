//! The article master record: what the store sells, at what price and VAT rate, and how it is reordered.

use crate::codes::{CodeError, Ean, Sku};
use crate::money::{Cents, MAX_AMOUNT};
use crate::vat::VatRate;
use serde::{Deserialize, Serialize};

/// An article as the store keeps it. Built only through [`ArticleDraft::validate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Article {
    pub sku: Sku,
    pub ean: Option<Ean>,
    pub name: String,
    pub description: String,
    pub category: String,
    /// Selling unit as printed on the receipt: Stk, Sack, kg, l, ...
    pub unit: String,
    /// Gross selling price per unit, VAT included.
    pub price: Cents,
    pub vat_rate: VatRate,
    /// Net purchase price per unit, when known (reorder costs, stock value).
    pub purchase_price: Option<Cents>,
    /// The supplier's order multiple.
    pub pack_size: u32,
    pub supplier: Option<String>,
    pub lead_time_days: u32,
    /// On-hand quantity at or below which the article should be reordered.
    pub reorder_point: i64,
}

/// Why an article draft was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArticleError {
    #[error(transparent)]
    Code(#[from] CodeError),
    #[error("name must not be empty")]
    EmptyName,
    #[error("{field} is too long (at most {max} characters)")]
    TooLong { field: &'static str, max: usize },
    #[error("price must be between 0,00 € and 10.000.000,00 €, not {0}")]
    PriceOutOfRange(Cents),
    #[error("purchase price must be between 0,00 € and the maximum amount, not {0}")]
    PurchasePriceOutOfRange(Cents),
    #[error("pack size must be at least 1")]
    ZeroPackSize,
    #[error("lead time of {0} days is implausible (at most 365)")]
    LeadTimeTooLong(u32),
    #[error("reorder point must not be negative")]
    NegativeReorderPoint,
}

/// Raw article fields from a form, a CSV row or the command line, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleDraft {
    pub sku: String,
    pub ean: Option<String>,
    pub name: String,
    pub description: String,
    pub category: String,
    pub unit: String,
    pub price: Cents,
    pub vat_rate: Option<VatRate>,
    pub purchase_price: Option<Cents>,
    pub pack_size: Option<u32>,
    pub supplier: Option<String>,
    pub lead_time_days: Option<u32>,
    pub reorder_point: Option<i64>,
}

const MAX_NAME: usize = 200;
const MAX_TEXT: usize = 4000;

fn bounded(field: &'static str, text: &str, max: usize) -> Result<String, ArticleError> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(ArticleError::TooLong { field, max });
    }
    Ok(text.to_owned())
}

impl ArticleDraft {
    /// Checks every field and builds the article. Defaults: VAT 19 %, unit "Stk", pack size 1,
    /// lead time 7 days, reorder point 0, category "Sonstiges".
    pub fn validate(&self) -> Result<Article, ArticleError> {
        let sku = Sku::parse(&self.sku)?;
        let ean = match self.ean.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(Ean::parse(text)?),
        };
        let name = bounded("name", &self.name, MAX_NAME)?;
        if name.is_empty() {
            return Err(ArticleError::EmptyName);
        }
        if self.price < Cents::ZERO || self.price > MAX_AMOUNT {
            return Err(ArticleError::PriceOutOfRange(self.price));
        }
        if let Some(p) = self.purchase_price
            && (p < Cents::ZERO || p > MAX_AMOUNT)
        {
            return Err(ArticleError::PurchasePriceOutOfRange(p));
        }
        let pack_size = self.pack_size.unwrap_or(1);
        if pack_size == 0 {
            return Err(ArticleError::ZeroPackSize);
        }
        let lead_time_days = self.lead_time_days.unwrap_or(7);
        if lead_time_days > 365 {
            return Err(ArticleError::LeadTimeTooLong(lead_time_days));
        }
        let reorder_point = self.reorder_point.unwrap_or(0);
        if reorder_point < 0 {
            return Err(ArticleError::NegativeReorderPoint);
        }
        let category = bounded("category", &self.category, MAX_NAME)?;
        let unit = bounded("unit", &self.unit, 20)?;
        let supplier = match self.supplier.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(bounded("supplier", text, MAX_NAME)?),
        };
        Ok(Article {
            sku,
            ean,
            name,
            description: bounded("description", &self.description, MAX_TEXT)?,
            category: if category.is_empty() {
                "Sonstiges".into()
            } else {
                category
            },
            unit: if unit.is_empty() { "Stk".into() } else { unit },
            price: self.price,
            vat_rate: self.vat_rate.unwrap_or(VatRate::Standard),
            purchase_price: self.purchase_price,
            pack_size,
            supplier,
            lead_time_days,
            reorder_point,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ArticleDraft {
        ArticleDraft {
            sku: "GF-1".into(),
            name: "Gießkanne 10 l".into(),
            price: Cents::new(1299),
            ..ArticleDraft::default()
        }
    }

    #[test]
    fn a_minimal_draft_gets_sensible_defaults() {
        let article = draft().validate().unwrap();
        assert_eq!(article.vat_rate, VatRate::Standard);
        assert_eq!(article.unit, "Stk");
        assert_eq!(article.pack_size, 1);
        assert_eq!(article.category, "Sonstiges");
    }

    #[test]
    fn rejects_what_a_store_could_not_sell() {
        type Change = fn(&mut ArticleDraft);
        let cases: [(Change, ArticleError); 4] = [
            (|d| d.name = "  ".into(), ArticleError::EmptyName),
            (
                |d| d.price = Cents::new(-1),
                ArticleError::PriceOutOfRange(Cents::new(-1)),
            ),
            (|d| d.pack_size = Some(0), ArticleError::ZeroPackSize),
            (
                |d| d.reorder_point = Some(-5),
                ArticleError::NegativeReorderPoint,
            ),
        ];
        for (change, expected) in cases {
            let mut d = draft();
            change(&mut d);
            assert_eq!(d.validate(), Err(expected));
        }
        let mut d = draft();
        d.ean = Some("4006381333932".into());
        assert!(matches!(
            d.validate(),
            Err(ArticleError::Code(CodeError::BadEanCheckDigit { .. }))
        ));
    }
}
