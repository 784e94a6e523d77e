//! A completed sale: the cart's lines, totals, VAT breakdown, tender and change, under a receipt number.

use crate::cart::{Cart, CartLine};
use crate::money::Cents;
use crate::vat::VatBreakdown;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How the customer paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Tender {
    /// Cash: the amount handed over; the change is what exceeds the total.
    Cash { tendered: Cents },
    /// Card: exactly the total, settled through card clearing. No card data is kept.
    Card,
}

impl Tender {
    pub fn method(&self) -> &'static str {
        match self {
            Tender::Cash { .. } => "cash",
            Tender::Card => "card",
        }
    }
}

/// Why a sale could not be completed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaleError {
    #[error("the cart is empty")]
    EmptyCart,
    #[error("tendered {tendered} is less than the total {total}")]
    TenderBelowTotal { tendered: Cents, total: Cents },
    #[error("a sale must have a positive total, not {0}")]
    NonPositiveTotal(Cents),
}

/// A sale as completed at the till.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Sale {
    /// Gapless per store, assigned by the store when the sale is committed.
    pub receipt_no: i64,
    pub completed_at: DateTime<Utc>,
    pub lines: Vec<CartLine>,
    pub vat: VatBreakdown,
    pub total: Cents,
    pub tender: Tender,
    /// Change handed back (cash only).
    pub change: Cents,
    /// Customer number when a customer was attached.
    pub customer_no: Option<String>,
}

impl Sale {
    /// Completes the cart with the given tender.
    pub fn complete(
        cart: &Cart,
        tender: Tender,
        receipt_no: i64,
        customer_no: Option<String>,
        completed_at: DateTime<Utc>,
    ) -> Result<Sale, SaleError> {
        if cart.is_empty() {
            return Err(SaleError::EmptyCart);
        }
        let total = cart.total();
        if total <= Cents::ZERO {
            return Err(SaleError::NonPositiveTotal(total));
        }
        let change = match tender {
            Tender::Cash { tendered } if tendered < total => {
                return Err(SaleError::TenderBelowTotal { tendered, total });
            }
            Tender::Cash { tendered } => Cents::new(tendered.get() - total.get()),
            Tender::Card => Cents::ZERO,
        };
        Ok(Sale {
            receipt_no,
            completed_at,
            lines: cart.lines().to_vec(),
            vat: cart.vat_breakdown(),
            total,
            tender,
            change,
            customer_no,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleDraft;
    use crate::cart::Quantity;
    use crate::vat::VatRate;

    fn cart() -> Cart {
        let mut cart = Cart::new();
        for (sku, price, vat, qty) in [
            ("SEED", 299, VatRate::Reduced, 2),
            ("CAN", 1299, VatRate::Standard, 1),
        ] {
            let article = ArticleDraft {
                sku: sku.into(),
                name: sku.into(),
                price: Cents::new(price),
                vat_rate: Some(vat),
                ..ArticleDraft::default()
            }
            .validate()
            .unwrap();
            cart.add(&article, Quantity::new(qty).unwrap()).unwrap();
        }
        cart
    }

    #[test]
    fn cash_sale_gives_change_and_a_per_rate_breakdown() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let sale = Sale::complete(
            &cart(),
            Tender::Cash {
                tendered: Cents::new(2000),
            },
            7,
            None,
            now,
        )
        .unwrap();
        assert_eq!(sale.total, Cents::new(1897));
        assert_eq!(sale.change, Cents::new(103));
        assert_eq!(
            sale.vat.share(VatRate::Reduced).unwrap().vat,
            Cents::new(39)
        ); // 598 * 7/107 = 39.12
        assert_eq!(
            sale.vat.share(VatRate::Standard).unwrap().vat,
            Cents::new(207)
        );
        assert_eq!(sale.vat.total_gross(), sale.total);
    }

    #[test]
    fn refuses_a_tender_below_the_total_and_an_empty_cart() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        assert_eq!(
            Sale::complete(
                &cart(),
                Tender::Cash {
                    tendered: Cents::new(1896)
                },
                1,
                None,
                now
            ),
            Err(SaleError::TenderBelowTotal {
                tendered: Cents::new(1896),
                total: Cents::new(1897)
            })
        );
        assert_eq!(
            Sale::complete(&Cart::new(), Tender::Card, 1, None, now),
            Err(SaleError::EmptyCart)
        );
        let card = Sale::complete(&cart(), Tender::Card, 1, None, now).unwrap();
        assert_eq!(card.change, Cents::ZERO);
    }
}
