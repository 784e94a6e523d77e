//! Money as integer euro cents, with parsing of amounts as people type them ("12,99", "1.234,50", "12.99").

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in euro cents. Never a float.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Cents(i64);

/// Why an amount could not be parsed or computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("{0:?} is not an amount of money (expected e.g. 12,99 or 12.99)")]
    Malformed(String),
    #[error("amount {0:?} has more than two decimal places")]
    TooPrecise(String),
    #[error("amount is too large")]
    Overflow,
}

/// The largest amount Filiale accepts anywhere: ten million euros. Keeps every sum far from `i64` overflow.
pub const MAX_AMOUNT: Cents = Cents(1_000_000_000);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub const fn new(cents: i64) -> Self {
        Cents(cents)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Cents) -> Result<Cents, MoneyError> {
        self.0
            .checked_add(other.0)
            .map(Cents)
            .ok_or(MoneyError::Overflow)
    }

    pub fn checked_sub(self, other: Cents) -> Result<Cents, MoneyError> {
        self.0
            .checked_sub(other.0)
            .map(Cents)
            .ok_or(MoneyError::Overflow)
    }

    pub fn checked_mul(self, factor: i64) -> Result<Cents, MoneyError> {
        self.0
            .checked_mul(factor)
            .map(Cents)
            .ok_or(MoneyError::Overflow)
    }

    /// Parses an amount in euros as written in a German or English spreadsheet or typed at the till:
    /// `12,99`, `12.99`, `1.234,56`, `1,234.56`, `5`, `-3,50`, optionally with ` €` or `EUR`.
    pub fn parse_eur(input: &str) -> Result<Cents, MoneyError> {
        let malformed = || MoneyError::Malformed(input.to_owned());
        let mut text = input.trim();
        for suffix in ["€", "EUR", "eur"] {
            text = text.strip_suffix(suffix).unwrap_or(text).trim_end();
        }
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, frac) = split_decimal(text).ok_or_else(malformed)?;
        if frac.len() > 2 {
            return Err(MoneyError::TooPrecise(input.to_owned()));
        }
        let euros = parse_grouped_digits(whole).ok_or_else(malformed)?;
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        let cents = match frac.len() {
            0 => 0,
            1 => i64::from(frac.as_bytes()[0] - b'0') * 10,
            _ => frac.parse::<i64>().map_err(|_| malformed())?,
        };
        let total = euros
            .checked_mul(100)
            .and_then(|e| e.checked_add(cents))
            .filter(|t| *t <= MAX_AMOUNT.0)
            .ok_or(MoneyError::Overflow)?;
        Ok(Cents(if negative { -total } else { total }))
    }

    /// German notation without currency sign: `1.234,56`.
    pub fn to_german(self) -> String {
        let abs = self.0.unsigned_abs();
        let euros = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, ch) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(ch);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{grouped},{:02}", abs % 100)
    }
}

impl fmt::Display for Cents {
    /// German notation with euro sign: `1.234,56 €`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} €", self.to_german())
    }
}

/// Splits `text` into its whole part and its decimal digits, deciding which of ',' and '.' is the
/// decimal separator: the last one when both occur; a lone '.' followed by exactly three digits is a
/// thousands separator ("1.234"); a separator occurring more than once is a thousands separator.
fn split_decimal(text: &str) -> Option<(&str, &str)> {
    let last_comma = text.rfind(',');
    let last_point = text.rfind('.');
    let decimal_at = match (last_comma, last_point) {
        (Some(c), Some(p)) => Some(c.max(p)),
        (Some(i), None) | (None, Some(i)) => {
            let sep = text.as_bytes()[i];
            let occurrences = text.bytes().filter(|b| *b == sep).count();
            let digits_after = text.len() - i - 1;
            if occurrences > 1 || (sep == b'.' && digits_after == 3) {
                None
            } else {
                Some(i)
            }
        }
        (None, None) => None,
    };
    match decimal_at {
        Some(i) if i + 1 == text.len() => None,
        Some(i) => Some((&text[..i], &text[i + 1..])),
        None => Some((text, "")),
    }
}

/// Parses "1234", "1.234" or "1,234,567" (groups of three after the first) into a number.
fn parse_grouped_digits(whole: &str) -> Option<i64> {
    let sep = whole.bytes().find(|b| *b == b'.' || *b == b',');
    let mut digits = String::with_capacity(whole.len());
    match sep {
        None => digits.push_str(whole),
        Some(sep) => {
            for (n, group) in whole.split(char::from(sep)).enumerate() {
                let len_ok = if n == 0 {
                    (1..=3).contains(&group.len())
                } else {
                    group.len() == 3
                };
                if !len_ok {
                    return None;
                }
                digits.push_str(group);
            }
        }
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse::<i64>().unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_amounts_as_typed_in_germany_and_elsewhere() {
        let cases = [
            ("12,99", 1299),
            ("12.99", 1299),
            ("5", 500),
            ("5,5", 550),
            ("0,05", 5),
            ("1.234,56", 123_456),
            ("1,234.56", 123_456),
            ("1.234", 123_400),
            ("12,99 €", 1299),
            ("-3,50", -350),
            ("  7,00 EUR ", 700),
        ];
        for (text, cents) in cases {
            assert_eq!(Cents::parse_eur(text), Ok(Cents(cents)), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        for text in [
            "", "abc", "12,3x", "1,2,3,4", "12,999", "1.23.4", "€", "--5", "1.2345",
        ] {
            assert!(
                Cents::parse_eur(text).is_err(),
                "{text:?} should be rejected"
            );
        }
        assert_eq!(
            Cents::parse_eur("99999999999999999"),
            Err(MoneyError::Overflow)
        );
        assert_eq!(Cents::parse_eur("10000000,01"), Err(MoneyError::Overflow));
    }

    #[test]
    fn formats_the_german_way() {
        assert_eq!(Cents(123_456).to_string(), "1.234,56 €");
        assert_eq!(Cents(5).to_string(), "0,05 €");
        assert_eq!(Cents(-350).to_german(), "-3,50");
        assert_eq!(Cents(100_000_000).to_german(), "1.000.000,00");
    }
}
