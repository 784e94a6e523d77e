//! Article codes: the store's SKU and the EAN-13 barcode, both valid by construction.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why an article code was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("SKU {0:?} is invalid: 1 to 32 characters of letters, digits, '-', '_' or '.'")]
    BadSku(String),
    #[error("EAN {0:?} is invalid: expected 13 digits")]
    BadEanFormat(String),
    #[error("EAN {ean:?} has a wrong check digit (expected {expected})")]
    BadEanCheckDigit { ean: String, expected: u8 },
}

/// The store's own article number, e.g. `GF-10001`. Case is kept; comparison is exact.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Sku(String);

impl Sku {
    pub fn parse(text: &str) -> Result<Sku, CodeError> {
        let text = text.trim();
        let valid = (1..=32).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if valid {
            Ok(Sku(text.to_owned()))
        } else {
            Err(CodeError::BadSku(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sku {
    type Error = CodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Sku::parse(&value)
    }
}

impl From<Sku> for String {
    fn from(sku: Sku) -> String {
        sku.0
    }
}

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A European Article Number with 13 digits and a valid check digit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Ean(String);

impl Ean {
    pub fn parse(text: &str) -> Result<Ean, CodeError> {
        let text = text.trim();
        if text.len() != 13 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::BadEanFormat(text.to_owned()));
        }
        let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
        let expected = Ean::check_digit(&digits[..12]);
        if digits[12] != expected {
            return Err(CodeError::BadEanCheckDigit {
                ean: text.to_owned(),
                expected,
            });
        }
        Ok(Ean(text.to_owned()))
    }

    /// The check digit of the first twelve digits: weights 1 and 3 alternating, modulo 10.
    pub fn check_digit(first_twelve: &[u8]) -> u8 {
        let sum: u32 = first_twelve
            .iter()
            .enumerate()
            .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 1 } else { 3 })
            .sum();
        ((10 - sum % 10) % 10) as u8
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Ean {
    type Error = CodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Ean::parse(&value)
    }
}

impl From<Ean> for String {
    fn from(ean: Ean) -> String {
        ean.0
    }
}

impl fmt::Display for Ean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_eans_and_names_the_expected_check_digit() {
        assert!(Ean::parse("4006381333931").is_ok());
        assert!(Ean::parse("4000417025005").is_ok());
        assert_eq!(
            Ean::parse("4006381333932"),
            Err(CodeError::BadEanCheckDigit {
                ean: "4006381333932".into(),
                expected: 1
            })
        );
        for bad in ["", "400638133393", "40063813339311", "400638133393X"] {
            assert!(
                matches!(Ean::parse(bad), Err(CodeError::BadEanFormat(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn skus_are_short_plain_codes() {
        assert_eq!(Sku::parse(" GF-10001 ").unwrap().as_str(), "GF-10001");
        for bad in ["", "GF 1", "ä", &"X".repeat(33), "a;b"] {
            assert!(Sku::parse(bad).is_err(), "{bad:?}");
        }
    }
}
