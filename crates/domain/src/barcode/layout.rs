//! Where the article number, the price or weight and their check digit sit in an in-store EAN-13
//! (GS1 prefixes 20-29): the store's `[barcodes]` configuration, GS1 Germany's layouts by default.
//!
//! Default, after GS1 Germany's published structure for restricted-circulation numbers with a
//! variable measure (also what the independent `biip` library implements for Germany):
//!
//! | prefix | meaning                       | digits after the prefix                                    |
//! |--------|-------------------------------|------------------------------------------------------------|
//! | 20     | in-store article number       | 10 article digits, EAN check digit                         |
//! | 22, 23 | price to pay, in cents        | 4 article, price check digit, 5 price digits, EAN check    |
//! | 28, 29 | net weight, in grams          | 4 article, weight check digit, 5 weight digits, EAN check  |
//!
//! Prefixes 21, 24 and 27 have no common meaning in Germany, and 25/26 carry a piece count, which
//! the till does not read from labels: codes with these prefixes are refused until the store
//! configures them. A configured list replaces the default as a whole, e.g. in `filiale.toml`:
//!
//! ```toml
//! [barcodes]
//! in_store = [
//!   { prefix = "20", kind = "article" },
//!   { prefix = "21", kind = "price", article_digits = 5, embedded_check_digit = false },
//!   { prefix = "28", kind = "weight", article_digits = 4, embedded_check_digit = true },
//! ]
//! ```

use super::{BarcodeError, InStoreArticleCode, Scanned, price_weight_check_digit};
use crate::money::Cents;
use serde::{Deserialize, Serialize};

/// Why an in-store layout in the configuration was refused. Each message exists in German and
/// English; `Display` gives both as "deutsch / english".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} / {}", self.message_de(), self.message_en())]
pub enum LayoutError {
    /// The prefix is not two or three digits starting with 2.
    BadPrefix { prefix: String },
    /// A price or weight layout without `article_digits`.
    MissingArticleDigits { prefix: String },
    /// A plain article layout that names article digits or an embedded check digit.
    ArticleHasNoValue { prefix: String },
    /// The digits left for the price or weight are too few or too many (4 or 5 with an embedded
    /// check digit, 1 to 6 without).
    BadValueDigits {
        prefix: String,
        article_digits: usize,
        embedded_check_digit: bool,
    },
    /// Two layouts for the same prefix.
    DuplicatePrefix { prefix: String },
}

impl LayoutError {
    pub fn message_de(&self) -> String {
        match self {
            LayoutError::BadPrefix { prefix } => format!(
                "Instore-Präfix {prefix:?} ist ungültig: zwei oder drei Ziffern, beginnend mit 2"
            ),
            LayoutError::MissingArticleDigits { prefix } => format!(
                "Instore-Präfix {prefix}: für Preis oder Gewicht fehlt article_digits (Stellen der Artikelnummer)"
            ),
            LayoutError::ArticleHasNoValue { prefix } => format!(
                "Instore-Präfix {prefix}: eine reine Artikelnummer hat weder article_digits noch embedded_check_digit"
            ),
            LayoutError::BadValueDigits {
                prefix,
                article_digits,
                embedded_check_digit,
            } => format!(
                "Instore-Präfix {prefix}: mit {article_digits} Stellen Artikelnummer{} bleiben für Preis/Gewicht nicht 4 oder 5 Stellen (mit Prüfziffer) bzw. 1 bis 6 Stellen (ohne)",
                if *embedded_check_digit {
                    " und Prüfziffer"
                } else {
                    ""
                }
            ),
            LayoutError::DuplicatePrefix { prefix } => {
                format!("Instore-Präfix {prefix} ist doppelt eingerichtet")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            LayoutError::BadPrefix { prefix } => format!(
                "in-store prefix {prefix:?} is invalid: two or three digits starting with 2"
            ),
            LayoutError::MissingArticleDigits { prefix } => {
                format!("in-store prefix {prefix}: a price or weight layout needs article_digits")
            }
            LayoutError::ArticleHasNoValue { prefix } => format!(
                "in-store prefix {prefix}: a plain article layout takes neither article_digits nor embedded_check_digit"
            ),
            LayoutError::BadValueDigits {
                prefix,
                article_digits,
                embedded_check_digit,
            } => format!(
                "in-store prefix {prefix}: {article_digits} article digits{} do not leave 4 or 5 digits (with check digit) or 1 to 6 digits (without) for the price or weight",
                if *embedded_check_digit {
                    " and a check digit"
                } else {
                    ""
                }
            ),
            LayoutError::DuplicatePrefix { prefix } => {
                format!("in-store prefix {prefix} is configured twice")
            }
        }
    }
}

/// What an in-store code carries besides its article number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InStoreKind {
    /// The price to pay, in cents.
    Price,
    /// The net weight, in grams.
    Weight,
    /// Nothing: a plain in-store article number.
    Article,
}

/// The layout of one in-store prefix: `prefix`, then `article_digits` digits of article number, then
/// (for price and weight) an optional price/weight check digit and the value up to the EAN check digit.
/// Valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "LayoutSpec", into = "LayoutSpec")]
pub struct InStoreCodeLayout {
    prefix: String,
    kind: InStoreKind,
    article_digits: usize,
    embedded_check_digit: bool,
}

/// The layout as written in the configuration file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayoutSpec {
    prefix: String,
    kind: InStoreKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    article_digits: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    embedded_check_digit: Option<bool>,
}

/// The payload of an EAN-13: its digits before the check digit.
const PAYLOAD_DIGITS: usize = 12;

impl InStoreCodeLayout {
    /// A plain in-store article number: every digit after the prefix up to the EAN check digit.
    pub fn article(prefix: &str) -> Result<InStoreCodeLayout, LayoutError> {
        let prefix = checked_prefix(prefix)?;
        Ok(InStoreCodeLayout {
            article_digits: PAYLOAD_DIGITS - prefix.len(),
            prefix,
            kind: InStoreKind::Article,
            embedded_check_digit: false,
        })
    }

    /// A label with the price in cents after `article_digits` digits of article number.
    pub fn price(
        prefix: &str,
        article_digits: usize,
        embedded_check_digit: bool,
    ) -> Result<InStoreCodeLayout, LayoutError> {
        InStoreCodeLayout::with_value(
            prefix,
            InStoreKind::Price,
            article_digits,
            embedded_check_digit,
        )
    }

    /// A label with the net weight in grams after `article_digits` digits of article number.
    pub fn weight(
        prefix: &str,
        article_digits: usize,
        embedded_check_digit: bool,
    ) -> Result<InStoreCodeLayout, LayoutError> {
        InStoreCodeLayout::with_value(
            prefix,
            InStoreKind::Weight,
            article_digits,
            embedded_check_digit,
        )
    }

    fn with_value(
        prefix: &str,
        kind: InStoreKind,
        article_digits: usize,
        embedded_check_digit: bool,
    ) -> Result<InStoreCodeLayout, LayoutError> {
        let prefix = checked_prefix(prefix)?;
        let taken = prefix.len() + article_digits + usize::from(embedded_check_digit);
        let value_digits = PAYLOAD_DIGITS.saturating_sub(taken);
        let value_ok = if embedded_check_digit {
            (4..=5).contains(&value_digits)
        } else {
            (1..=6).contains(&value_digits)
        };
        if article_digits == 0 || taken > PAYLOAD_DIGITS || !value_ok {
            return Err(LayoutError::BadValueDigits {
                prefix,
                article_digits,
                embedded_check_digit,
            });
        }
        Ok(InStoreCodeLayout {
            prefix,
            kind,
            article_digits,
            embedded_check_digit,
        })
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn kind(&self) -> InStoreKind {
        self.kind
    }

    pub fn article_digits(&self) -> usize {
        self.article_digits
    }

    pub fn embedded_check_digit(&self) -> bool {
        self.embedded_check_digit
    }

    /// How many digits hold the price or weight (0 for a plain article number).
    pub fn value_digits(&self) -> usize {
        match self.kind {
            InStoreKind::Article => 0,
            InStoreKind::Price | InStoreKind::Weight => {
                PAYLOAD_DIGITS
                    - self.prefix.len()
                    - self.article_digits
                    - usize::from(self.embedded_check_digit)
            }
        }
    }

    /// Reads `code`, 13 digits with a verified EAN check digit that start with this layout's prefix.
    pub(super) fn read(&self, code: &str) -> Result<Scanned, BarcodeError> {
        let article_start = self.prefix.len();
        let article_code =
            InStoreArticleCode(code[article_start..article_start + self.article_digits].to_owned());
        Ok(match self.kind {
            InStoreKind::Article => Scanned::InStoreArticle { article_code },
            InStoreKind::Price => Scanned::InStorePrice {
                article_code,
                price: Cents::new(i64::from(self.read_value(code)?)),
            },
            InStoreKind::Weight => Scanned::InStoreWeight {
                article_code,
                grams: self.read_value(code)?,
            },
        })
    }

    /// The price or weight of `code`, after verifying its embedded check digit if the layout has one.
    fn read_value(&self, code: &str) -> Result<u32, BarcodeError> {
        let article_end = self.prefix.len() + self.article_digits;
        let value_start = article_end + usize::from(self.embedded_check_digit);
        let value_text = &code[value_start..PAYLOAD_DIGITS];
        if self.embedded_check_digit {
            let field: Vec<u8> = value_text.bytes().map(|b| b - b'0').collect();
            let found = code.as_bytes()[article_end] - b'0';
            // The layout guarantees a 4- or 5-digit field, which always has a check digit.
            let expected = price_weight_check_digit(&field).unwrap_or(found);
            if found != expected {
                return Err(BarcodeError::BadEmbeddedCheckDigit {
                    code: code.to_owned(),
                    expected,
                    found,
                });
            }
        }
        // At most six digits: always fits.
        Ok(value_text.parse().unwrap_or_default())
    }
}

fn checked_prefix(prefix: &str) -> Result<String, LayoutError> {
    let prefix = prefix.trim();
    let valid = (2..=3).contains(&prefix.len())
        && prefix.starts_with('2')
        && prefix.bytes().all(|b| b.is_ascii_digit());
    if valid {
        Ok(prefix.to_owned())
    } else {
        Err(LayoutError::BadPrefix {
            prefix: prefix.to_owned(),
        })
    }
}

impl TryFrom<LayoutSpec> for InStoreCodeLayout {
    type Error = LayoutError;
    fn try_from(spec: LayoutSpec) -> Result<Self, Self::Error> {
        match spec.kind {
            InStoreKind::Article => {
                if spec.article_digits.is_some() || spec.embedded_check_digit.is_some() {
                    return Err(LayoutError::ArticleHasNoValue {
                        prefix: spec.prefix,
                    });
                }
                InStoreCodeLayout::article(&spec.prefix)
            }
            InStoreKind::Price | InStoreKind::Weight => {
                let article_digits =
                    spec.article_digits
                        .ok_or_else(|| LayoutError::MissingArticleDigits {
                            prefix: spec.prefix.clone(),
                        })?;
                InStoreCodeLayout::with_value(
                    &spec.prefix,
                    spec.kind,
                    article_digits,
                    spec.embedded_check_digit.unwrap_or(false),
                )
            }
        }
    }
}

impl From<InStoreCodeLayout> for LayoutSpec {
    fn from(layout: InStoreCodeLayout) -> LayoutSpec {
        let with_value = layout.kind != InStoreKind::Article;
        LayoutSpec {
            article_digits: with_value.then_some(layout.article_digits),
            embedded_check_digit: with_value.then_some(layout.embedded_check_digit),
            prefix: layout.prefix,
            kind: layout.kind,
        }
    }
}

/// The store's in-store layouts, at most one per prefix. [`Default`] is [`InStoreLayouts::german_default`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<InStoreCodeLayout>", into = "Vec<InStoreCodeLayout>")]
pub struct InStoreLayouts(Vec<InStoreCodeLayout>);

impl InStoreLayouts {
    /// Accepts `layouts` if no prefix occurs twice. An empty list refuses every in-store code.
    pub fn new(layouts: Vec<InStoreCodeLayout>) -> Result<InStoreLayouts, LayoutError> {
        for (i, layout) in layouts.iter().enumerate() {
            if layouts[..i].iter().any(|l| l.prefix == layout.prefix) {
                return Err(LayoutError::DuplicatePrefix {
                    prefix: layout.prefix.clone(),
                });
            }
        }
        Ok(InStoreLayouts(layouts))
    }

    /// GS1 Germany's layouts (see the module documentation): 20 article number; 22 and 23 price in
    /// cents, 28 and 29 weight in grams, each as 4 article digits, check digit and 5 value digits.
    pub fn german_default() -> InStoreLayouts {
        let price = |prefix| InStoreCodeLayout::price(prefix, 4, true);
        let weight = |prefix| InStoreCodeLayout::weight(prefix, 4, true);
        let layouts = [
            InStoreCodeLayout::article("20"),
            price("22"),
            price("23"),
            weight("28"),
            weight("29"),
        ];
        InStoreLayouts(layouts.into_iter().filter_map(Result::ok).collect())
    }

    pub fn as_slice(&self) -> &[InStoreCodeLayout] {
        &self.0
    }

    /// The layout whose prefix starts `code`, the longest such prefix when several do.
    pub fn layout_for(&self, code: &str) -> Option<&InStoreCodeLayout> {
        self.0
            .iter()
            .filter(|layout| code.starts_with(layout.prefix.as_str()))
            .max_by_key(|layout| layout.prefix.len())
    }
}

impl Default for InStoreLayouts {
    fn default() -> Self {
        InStoreLayouts::german_default()
    }
}

impl TryFrom<Vec<InStoreCodeLayout>> for InStoreLayouts {
    type Error = LayoutError;
    fn try_from(layouts: Vec<InStoreCodeLayout>) -> Result<Self, Self::Error> {
        InStoreLayouts::new(layouts)
    }
}

impl From<InStoreLayouts> for Vec<InStoreCodeLayout> {
    fn from(layouts: InStoreLayouts) -> Self {
        layouts.0
    }
}

/// The `[barcodes]` section of `filiale.toml`. Absent or without `in_store`, the German default applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BarcodeSettings {
    pub in_store: InStoreLayouts,
}
