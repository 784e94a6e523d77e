//! Selling: build a cart from scanned or typed codes and commit the sale with its tender.

use super::UseCaseError;
use crate::App;
use filiale_domain::{Cart, Quantity, Sale, Tender};
use filiale_store::sales;

/// One line as the cashier or the command line gives it: an SKU or EAN and a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleLineInput {
    pub code: String,
    pub quantity: i64,
}

impl SaleLineInput {
    /// Parses `SKU:QTY` (or just `SKU` for one unit).
    pub fn parse(text: &str) -> Result<SaleLineInput, UseCaseError> {
        let (code, quantity) = match text.rsplit_once(':') {
            Some((code, qty)) => (
                code,
                qty.trim().parse::<i64>().map_err(|_| {
                    UseCaseError::Input(format!(
                        "line {text:?}: quantity {qty:?} is not a whole number"
                    ))
                })?,
            ),
            None => (text, 1),
        };
        if code.trim().is_empty() {
            return Err(UseCaseError::Input(format!(
                "line {text:?}: expected SKU:QTY"
            )));
        }
        Ok(SaleLineInput {
            code: code.trim().to_owned(),
            quantity,
        })
    }
}

impl App {
    /// Builds a cart from lines, checking every code and quantity before anything is sold.
    pub fn build_cart(&self, lines: &[SaleLineInput]) -> Result<Cart, UseCaseError> {
        let mut cart = Cart::new();
        for line in lines {
            let quantity = Quantity::new(line.quantity)
                .map_err(|e| UseCaseError::Input(format!("{}: {e}", line.code)))?;
            let article = self.find_article(&line.code)?;
            cart.add(&article.article, quantity)
                .map_err(filiale_store::StoreError::from)?;
        }
        Ok(cart)
    }

    /// Commits the sale of `cart`: receipt, stock, journal and events in one transaction.
    pub fn sell(
        &self,
        cart: &Cart,
        tender: Tender,
        customer_no: Option<&str>,
    ) -> Result<Sale, UseCaseError> {
        let sale = self.store.write(self.now(), |tx| {
            sales::record_sale(tx, cart, tender, customer_no)
        })?;
        tracing::info!(
            receipt_no = sale.receipt_no,
            total_cents = sale.total.get(),
            method = sale.tender.method(),
            "sale committed"
        );
        Ok(sale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sale_lines_as_typed() {
        assert_eq!(
            SaleLineInput::parse("GF-10001:3").unwrap(),
            SaleLineInput {
                code: "GF-10001".into(),
                quantity: 3
            }
        );
        assert_eq!(SaleLineInput::parse("4006381333931").unwrap().quantity, 1);
        assert_eq!(
            SaleLineInput::parse("GF-1:-2").unwrap().quantity,
            -2,
            "range is checked when the cart is built"
        );
        assert!(SaleLineInput::parse("GF-1:zwei").is_err());
        assert!(SaleLineInput::parse(":2").is_err());
    }
}
