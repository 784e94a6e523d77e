//! Barcodes as the till's scanner reads them: GTINs (EAN-13, EAN-8, UPC-A, GTIN-14) with their check
//! digit verified, and in-store labels (GS1 prefixes 20-29) with a price or a weight printed inside.
//!
//! [`Scanned::parse`] turns the scanner's text into what the till should do with it. A code whose
//! normalised form is 13 digits starting with `2` is a restricted-circulation number for in-store use;
//! how its digits are laid out is the store's configuration ([`InStoreLayouts`], the `[barcodes]`
//! section of `filiale.toml`), with GS1 Germany's common layouts as the default.

mod layout;
#[cfg(test)]
mod tests;

pub use layout::{BarcodeSettings, InStoreCodeLayout, InStoreKind, InStoreLayouts, LayoutError};

use crate::codes::Ean;
use crate::money::Cents;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a scanned barcode was refused. Each message exists in German and English;
/// `Display` gives both as "deutsch / english".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} / {}", self.message_de(), self.message_en())]
pub enum BarcodeError {
    /// The text holds something other than the digits 0-9.
    NotDigits { text: String },
    /// The number of digits is none of 8, 12, 13 or 14.
    WrongLength { text: String, length: usize },
    /// The last digit is not the GS1 check digit of the others.
    BadCheckDigit {
        code: String,
        format: GtinFormat,
        expected: u8,
    },
    /// An in-store label whose price or weight does not match the check digit printed beside it.
    BadEmbeddedCheckDigit {
        code: String,
        expected: u8,
        found: u8,
    },
    /// An in-store code (prefix 20-29) whose prefix has no layout in the store's configuration.
    UnknownInStoreLayout { code: String, prefix: String },
}

impl BarcodeError {
    pub fn message_de(&self) -> String {
        match self {
            BarcodeError::NotDigits { text } => {
                format!("Barcode {text:?} besteht nicht nur aus Ziffern")
            }
            BarcodeError::WrongLength { text, length } => format!(
                "Barcode {text:?} hat {length} Stellen; erwartet werden 8, 12, 13 oder 14 Stellen"
            ),
            BarcodeError::BadCheckDigit {
                code,
                format,
                expected,
            } => format!(
                "{format} {code} hat eine falsche Prüfziffer (richtig wäre {expected}); bitte erneut scannen"
            ),
            BarcodeError::BadEmbeddedCheckDigit {
                code,
                expected,
                found,
            } => format!(
                "Die Preis-/Gewichtsprüfziffer im Instore-Code {code} ist {found}, richtig wäre {expected}; Etikett nicht verwenden"
            ),
            BarcodeError::UnknownInStoreLayout { code, prefix } => format!(
                "Für Instore-Codes mit Präfix {prefix} ist kein Aufbau eingerichtet ({code}); siehe [barcodes] in filiale.toml"
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            BarcodeError::NotDigits { text } => {
                format!("barcode {text:?} is not made of digits only")
            }
            BarcodeError::WrongLength { text, length } => {
                format!("barcode {text:?} has {length} digits; expected 8, 12, 13 or 14 digits")
            }
            BarcodeError::BadCheckDigit {
                code,
                format,
                expected,
            } => format!(
                "{format} {code} has a wrong check digit (expected {expected}); please scan again"
            ),
            BarcodeError::BadEmbeddedCheckDigit {
                code,
                expected,
                found,
            } => format!(
                "the price/weight check digit inside in-store code {code} is {found}, expected {expected}; do not use this label"
            ),
            BarcodeError::UnknownInStoreLayout { code, prefix } => format!(
                "no layout is configured for in-store codes with prefix {prefix} ({code}); see [barcodes] in filiale.toml"
            ),
        }
    }
}

/// The symbology a GTIN was read as, told apart by its number of digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GtinFormat {
    /// 8 digits.
    Ean8,
    /// 12 digits (U.P.C. version A, North America).
    UpcA,
    /// 13 digits.
    Ean13,
    /// 14 digits (trade units such as cartons).
    Gtin14,
}

impl GtinFormat {
    fn from_length(length: usize) -> Option<GtinFormat> {
        match length {
            8 => Some(GtinFormat::Ean8),
            12 => Some(GtinFormat::UpcA),
            13 => Some(GtinFormat::Ean13),
            14 => Some(GtinFormat::Gtin14),
            _ => None,
        }
    }
}

impl fmt::Display for GtinFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GtinFormat::Ean8 => "EAN-8",
            GtinFormat::UpcA => "UPC-A",
            GtinFormat::Ean13 => "EAN-13",
            GtinFormat::Gtin14 => "GTIN-14",
        })
    }
}

/// A Global Trade Item Number with a verified check digit, normalised so that one item has one
/// spelling: EAN-8 and UPC-A are padded with leading zeros to 13 digits, a GTIN-14 whose first digit
/// is `0` is shortened to its 13 digits, and a GTIN-14 with packaging indicator 1-9 keeps all 14.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Gtin(String);

impl Gtin {
    /// Parses 8, 12, 13 or 14 digits (surrounding whitespace ignored) and verifies the check digit.
    pub fn parse(text: &str) -> Result<Gtin, BarcodeError> {
        let digits = digits_of(text)?;
        let format =
            GtinFormat::from_length(digits.len()).ok_or_else(|| BarcodeError::WrongLength {
                text: text.trim().to_owned(),
                length: digits.len(),
            })?;
        let (payload, check) = digits.split_at(digits.len() - 1);
        let expected = gs1_check_digit(payload);
        if check[0] != expected {
            return Err(BarcodeError::BadCheckDigit {
                code: text.trim().to_owned(),
                format,
                expected,
            });
        }
        let significant = match digits.len() {
            14 if digits[0] == 0 => &digits[1..],
            _ => &digits[..],
        };
        let mut normalised = "0".repeat(13usize.saturating_sub(significant.len()));
        normalised.extend(significant.iter().map(|d| char::from(b'0' + d)));
        Ok(Gtin(normalised))
    }

    /// The normalised digits: 13, or 14 for a trade unit with packaging indicator 1-9.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same number as the article master's [`Ean`], if it has 13 digits (every EAN-13, EAN-8 and
    /// UPC-A does; a GTIN-14 with packaging indicator 1-9 names a carton, not the article).
    pub fn to_ean(&self) -> Option<Ean> {
        if self.0.len() == 13 {
            Ean::parse(&self.0).ok()
        } else {
            None
        }
    }

    /// Whether this is a restricted-circulation number of GS1 prefix 20-29, whose meaning is the
    /// store's own: the in-store labels that [`Scanned::parse`] reads with [`InStoreLayouts`].
    pub fn is_in_store(&self) -> bool {
        self.0.len() == 13 && self.0.starts_with('2')
    }
}

impl From<Ean> for Gtin {
    fn from(ean: Ean) -> Gtin {
        Gtin(String::from(ean))
    }
}

impl TryFrom<String> for Gtin {
    type Error = BarcodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Gtin::parse(&value)
    }
}

impl From<Gtin> for String {
    fn from(gtin: Gtin) -> String {
        gtin.0
    }
}

impl fmt::Display for Gtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The article part of an in-store label: the digits between the prefix and the embedded value
/// (or the end), leading zeros kept, e.g. `"1234"` from `22 1234 5 01299 7`. Digits only, never empty.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct InStoreArticleCode(String);

impl InStoreArticleCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<InStoreArticleCode> for String {
    fn from(code: InStoreArticleCode) -> String {
        code.0
    }
}

impl fmt::Display for InStoreArticleCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a scanned barcode means for the till.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scanned {
    /// A GTIN to look up in the article master.
    Gtin(Gtin),
    /// An in-store label carrying the price to charge, in cents.
    InStorePrice {
        article_code: InStoreArticleCode,
        price: Cents,
    },
    /// An in-store label carrying the net weight in grams.
    InStoreWeight {
        article_code: InStoreArticleCode,
        grams: u32,
    },
    /// An in-store article number without price or weight.
    InStoreArticle { article_code: InStoreArticleCode },
}

impl Scanned {
    /// Reads the scanner's text: verifies the GTIN check digit and, for an in-store code, finds the
    /// layout of its prefix (the longest configured prefix that matches) and verifies the embedded
    /// price/weight check digit where the layout has one.
    pub fn parse(text: &str, layouts: &InStoreLayouts) -> Result<Scanned, BarcodeError> {
        let gtin = Gtin::parse(text)?;
        if !gtin.is_in_store() {
            return Ok(Scanned::Gtin(gtin));
        }
        let code = gtin.as_str();
        let layout =
            layouts
                .layout_for(code)
                .ok_or_else(|| BarcodeError::UnknownInStoreLayout {
                    code: code.to_owned(),
                    prefix: code[..2].to_owned(),
                })?;
        layout.read(code)
    }
}

/// The GS1 check digit of `payload` (digits 0-9, without the check digit): weights 3 and 1
/// alternating from the rightmost digit, then the distance to the next multiple of ten.
/// Serves GTIN-8, -12, -13 and -14 alike.
pub fn gs1_check_digit(payload: &[u8]) -> u8 {
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// The GS1 price/weight check digit of a 4- or 5-digit price or weight field (GS1 General
/// Specifications, "Check digit calculation for price/weight fields"); `None` for other lengths.
///
/// Each digit is mapped through a weighting table: `2-` (double it, subtract the tens digit from the
/// units digit), `3` (units digit of three times), `5+` (five times, units plus tens digit) or `5-`
/// (five times, units minus tens digit), all modulo 10.
/// - 4 digits: weights `2-, 2-, 3, 5-`; the check digit is the units digit of three times the sum.
/// - 5 digits: weights `5+, 2-, 5-, 5+, 2-`; the check digit is the digit whose `5-` product equals
///   ten minus the units digit of the sum (modulo 10).
///
/// Every table is a permutation of 0-9, so any single wrong digit in the field changes the check digit.
pub fn price_weight_check_digit(field: &[u8]) -> Option<u8> {
    let weighted = |table: &[u8; 10], digit: u8| u32::from(table[usize::from(digit % 10)]);
    match field {
        [a, b, c, d] => {
            let sum = weighted(&TWO_MINUS, *a)
                + weighted(&TWO_MINUS, *b)
                + weighted(&THREE, *c)
                + weighted(&FIVE_MINUS, *d);
            Some((sum * 3 % 10) as u8)
        }
        [a, b, c, d, e] => {
            let sum = weighted(&FIVE_PLUS, *a)
                + weighted(&TWO_MINUS, *b)
                + weighted(&FIVE_MINUS, *c)
                + weighted(&FIVE_PLUS, *d)
                + weighted(&TWO_MINUS, *e);
            let target = ((10 - sum % 10) % 10) as u8;
            FIVE_MINUS
                .iter()
                .position(|p| *p == target)
                .map(|d| d as u8)
        }
        _ => None,
    }
}

/// Weighting factor `2-`: 2·d, units digit minus tens digit, modulo 10.
const TWO_MINUS: [u8; 10] = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
/// Weighting factor `3`: units digit of 3·d.
const THREE: [u8; 10] = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
/// Weighting factor `5+`: 5·d, units digit plus tens digit, modulo 10.
const FIVE_PLUS: [u8; 10] = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
/// Weighting factor `5-`: 5·d, units digit minus tens digit, modulo 10.
const FIVE_MINUS: [u8; 10] = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

/// The digits of `text` (whitespace around it ignored) as numbers 0-9; empty text has none.
fn digits_of(text: &str) -> Result<Vec<u8>, BarcodeError> {
    let trimmed = text.trim();
    if !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BarcodeError::NotDigits {
            text: trimmed.to_owned(),
        });
    }
    Ok(trimmed.bytes().map(|b| b - b'0').collect())
}
