//! A sale line as typed on the command line (`SKU:QTY`), parsed before anything is sold.

use super::UseCaseError;
use crate::dto::SaleLineInput;

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
