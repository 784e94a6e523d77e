//! The cart at the till: lines of articles with quantities, and their totals with VAT breakdown.

use crate::article::Article;
use crate::codes::Sku;
use crate::money::{Cents, MAX_AMOUNT, MoneyError};
use crate::vat::{VatBreakdown, VatRate};
use serde::{Deserialize, Serialize};

/// How many units of an article a line holds: 1 to 9,999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Quantity(i64);

impl Quantity {
    pub const MAX: i64 = 9_999;

    pub fn new(units: i64) -> Result<Quantity, CartError> {
        if (1..=Self::MAX).contains(&units) {
            Ok(Quantity(units))
        } else {
            Err(CartError::ImpossibleQuantity(units))
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for Quantity {
    type Error = CartError;
    fn try_from(units: i64) -> Result<Self, Self::Error> {
        Quantity::new(units)
    }
}

impl From<Quantity> for i64 {
    fn from(q: Quantity) -> i64 {
        q.0
    }
}

/// Why a cart change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    #[error("quantity {0} is impossible (1 to 9.999)")]
    ImpossibleQuantity(i64),
    #[error("article {0} is not in the cart")]
    NotInCart(Sku),
    #[error("discount {discount} is more than the line total {line_total}")]
    DiscountTooLarge { discount: Cents, line_total: Cents },
    #[error("the cart total would exceed the largest amount Filiale accepts")]
    TotalTooLarge,
}

impl From<MoneyError> for CartError {
    fn from(_: MoneyError) -> Self {
        CartError::TotalTooLarge
    }
}

/// One line of the cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CartLine {
    pub sku: Sku,
    pub name: String,
    pub unit: String,
    /// Gross price per unit at the time the article was added.
    pub unit_price: Cents,
    pub vat_rate: VatRate,
    pub quantity: Quantity,
    /// Gross discount on the whole line.
    pub discount: Cents,
}

impl CartLine {
    /// Gross line total after discount.
    pub fn total(&self) -> Cents {
        Cents::new(self.unit_price.get() * self.quantity.get() - self.discount.get())
    }
}

/// A cart being built at the till. Adding an article already in the cart adds to its line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    lines: Vec<CartLine>,
}

impl Cart {
    pub fn new() -> Cart {
        Cart::default()
    }

    pub fn lines(&self) -> &[CartLine] {
        &self.lines
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds `quantity` units of `article`, merging with an existing line of the same SKU.
    pub fn add(&mut self, article: &Article, quantity: Quantity) -> Result<(), CartError> {
        let mut next = self.clone();
        match next.lines.iter_mut().find(|l| l.sku == article.sku) {
            Some(line) => line.quantity = Quantity::new(line.quantity.get() + quantity.get())?,
            None => next.lines.push(CartLine {
                sku: article.sku.clone(),
                name: article.name.clone(),
                unit: article.unit.clone(),
                unit_price: article.price,
                vat_rate: article.vat_rate,
                quantity,
                discount: Cents::ZERO,
            }),
        }
        next.check_total()?;
        *self = next;
        Ok(())
    }

    /// Sets the quantity of a line.
    pub fn set_quantity(&mut self, sku: &Sku, quantity: Quantity) -> Result<(), CartError> {
        let mut next = self.clone();
        let line = next.line_mut(sku)?;
        line.quantity = quantity;
        let gross = line.unit_price.checked_mul(quantity.get())?;
        if line.discount > gross {
            line.discount = Cents::ZERO;
        }
        next.check_total()?;
        *self = next;
        Ok(())
    }

    /// Gives a gross discount on a line; whether the cashier may do so is decided by the caller.
    pub fn discount_line(&mut self, sku: &Sku, discount: Cents) -> Result<(), CartError> {
        let line = self.line_mut(sku)?;
        let line_total = Cents::new(line.unit_price.get() * line.quantity.get());
        if discount < Cents::ZERO || discount > line_total {
            return Err(CartError::DiscountTooLarge {
                discount,
                line_total,
            });
        }
        line.discount = discount;
        Ok(())
    }

    pub fn remove(&mut self, sku: &Sku) -> Result<CartLine, CartError> {
        let index = self
            .lines
            .iter()
            .position(|l| &l.sku == sku)
            .ok_or_else(|| CartError::NotInCart(sku.clone()))?;
        Ok(self.lines.remove(index))
    }

    pub fn clear(&mut self) {
        self.lines.clear();
    }

    /// The per-rate VAT breakdown of the cart.
    pub fn vat_breakdown(&self) -> VatBreakdown {
        VatBreakdown::from_gross(self.lines.iter().map(|l| (l.vat_rate, l.total())))
    }

    /// Gross total to pay.
    pub fn total(&self) -> Cents {
        Cents::new(self.lines.iter().map(|l| l.total().get()).sum())
    }

    fn line_mut(&mut self, sku: &Sku) -> Result<&mut CartLine, CartError> {
        self.lines
            .iter_mut()
            .find(|l| &l.sku == sku)
            .ok_or_else(|| CartError::NotInCart(sku.clone()))
    }

    fn check_total(&self) -> Result<(), CartError> {
        let mut total = Cents::ZERO;
        for line in &self.lines {
            let gross = line.unit_price.checked_mul(line.quantity.get())?;
            total = total.checked_add(gross)?;
        }
        if total > MAX_AMOUNT {
            return Err(CartError::TotalTooLarge);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleDraft;

    pub(crate) fn article(sku: &str, price: i64, vat: VatRate) -> Article {
        ArticleDraft {
            sku: sku.into(),
            name: format!("Artikel {sku}"),
            price: Cents::new(price),
            vat_rate: Some(vat),
            ..ArticleDraft::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn adding_the_same_article_twice_adds_to_its_line() {
        let mut cart = Cart::new();
        let a = article("A", 299, VatRate::Reduced);
        cart.add(&a, Quantity::new(2).unwrap()).unwrap();
        cart.add(&a, Quantity::new(3).unwrap()).unwrap();
        assert_eq!(cart.lines().len(), 1);
        assert_eq!(cart.lines()[0].quantity.get(), 5);
        assert_eq!(cart.total(), Cents::new(1495));
    }

    #[test]
    fn impossible_quantities_and_overflowing_totals_change_nothing() {
        assert_eq!(Quantity::new(0), Err(CartError::ImpossibleQuantity(0)));
        assert_eq!(Quantity::new(-2), Err(CartError::ImpossibleQuantity(-2)));
        assert!(Quantity::new(10_000).is_err());
        let mut cart = Cart::new();
        let dear = article("D", 900_000_000, VatRate::Standard);
        cart.add(&dear, Quantity::new(1).unwrap()).unwrap();
        assert_eq!(
            cart.add(&dear, Quantity::new(1).unwrap()),
            Err(CartError::TotalTooLarge)
        );
        assert_eq!(cart.lines()[0].quantity.get(), 1);
    }

    #[test]
    fn discounts_reduce_the_line_and_cannot_exceed_it() {
        let mut cart = Cart::new();
        let a = article("A", 1000, VatRate::Standard);
        cart.add(&a, Quantity::new(2).unwrap()).unwrap();
        cart.discount_line(&a.sku, Cents::new(500)).unwrap();
        assert_eq!(cart.total(), Cents::new(1500));
        assert!(cart.discount_line(&a.sku, Cents::new(2001)).is_err());
        assert_eq!(cart.total(), Cents::new(1500));
    }
}
