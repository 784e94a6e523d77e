//! Counting the cash drawer by denomination (the Zählprotokoll): euro notes and coins, how many of
//! each, the total, and the difference to the amount the till expects.

#[cfg(test)]
mod tests;

use crate::money::{Cents, MoneyError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The most pieces of one denomination a count accepts. Keeps every total below
/// [`crate::money::MAX_AMOUNT`] (10,000 of each euro note and coin make 8,888,880 €) and catches a
/// count typed into the wrong field.
pub const MAX_COUNT_PER_DENOMINATION: u32 = 10_000;

/// Why a count or a denomination was refused. Each message exists in German and English;
/// `Display` gives both as "deutsch / english".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} / {}", self.message_de(), self.message_en())]
pub enum CashCountError {
    /// Nothing was counted at all.
    Empty,
    /// An entry that is not `denomination=count`.
    MalformedEntry { entry: String },
    /// A value that is no euro note or coin.
    UnknownDenomination { text: String },
    /// A count that is not a whole number.
    BadCount {
        denomination: Denomination,
        text: String,
    },
    /// A count below zero.
    NegativeCount {
        denomination: Denomination,
        text: String,
    },
    /// More pieces than [`MAX_COUNT_PER_DENOMINATION`].
    CountTooLarge {
        denomination: Denomination,
        count: u64,
    },
    /// The same denomination named twice.
    DuplicateDenomination { denomination: Denomination },
}

impl CashCountError {
    pub fn message_de(&self) -> String {
        match self {
            CashCountError::Empty => {
                "Die Zählung ist leer; erwartet z. B. 50=2,20=5,0,01=3".to_owned()
            }
            CashCountError::MalformedEntry { entry } => {
                format!("{entry:?} ist keine Angabe der Form Wert=Anzahl, z. B. 20=5")
            }
            CashCountError::UnknownDenomination { text } => format!(
                "{text:?} ist kein Euro-Schein oder -Münze (500, 200, 100, 50, 20, 10, 5, 2, 1, 0,50, 0,20, 0,10, 0,05, 0,02, 0,01)"
            ),
            CashCountError::BadCount { denomination, text } => {
                format!("Anzahl {text:?} für {denomination} ist keine ganze Zahl")
            }
            CashCountError::NegativeCount { denomination, text } => {
                format!("Anzahl {text} für {denomination} ist negativ")
            }
            CashCountError::CountTooLarge {
                denomination,
                count,
            } => format!(
                "{count} Stück {denomination} sind zu viele (höchstens {MAX_COUNT_PER_DENOMINATION})"
            ),
            CashCountError::DuplicateDenomination { denomination } => {
                format!("{denomination} ist doppelt angegeben")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            CashCountError::Empty => {
                "the count is empty; expected e.g. 50=2,20=5,0.01=3".to_owned()
            }
            CashCountError::MalformedEntry { entry } => {
                format!("{entry:?} is not of the form value=count, e.g. 20=5")
            }
            CashCountError::UnknownDenomination { text } => format!(
                "{text:?} is no euro note or coin (500, 200, 100, 50, 20, 10, 5, 2, 1, 0.50, 0.20, 0.10, 0.05, 0.02, 0.01)"
            ),
            CashCountError::BadCount { denomination, text } => {
                format!("count {text:?} for {denomination} is not a whole number")
            }
            CashCountError::NegativeCount { denomination, text } => {
                format!("count {text} for {denomination} is negative")
            }
            CashCountError::CountTooLarge {
                denomination,
                count,
            } => format!(
                "{count} pieces of {denomination} are too many (at most {MAX_COUNT_PER_DENOMINATION})"
            ),
            CashCountError::DuplicateDenomination { denomination } => {
                format!("{denomination} is given twice")
            }
        }
    }
}

/// A euro banknote or coin. Ordered from the largest (500 €) to the smallest (1 ct).
/// Serialised as its value in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub enum Denomination {
    Euro500,
    Euro200,
    Euro100,
    Euro50,
    Euro20,
    Euro10,
    Euro5,
    Euro2,
    Euro1,
    Cent50,
    Cent20,
    Cent10,
    Cent5,
    Cent2,
    Cent1,
}

impl Denomination {
    /// Every denomination, from 500 € down to 1 ct.
    pub const ALL: [Denomination; 15] = [
        Denomination::Euro500,
        Denomination::Euro200,
        Denomination::Euro100,
        Denomination::Euro50,
        Denomination::Euro20,
        Denomination::Euro10,
        Denomination::Euro5,
        Denomination::Euro2,
        Denomination::Euro1,
        Denomination::Cent50,
        Denomination::Cent20,
        Denomination::Cent10,
        Denomination::Cent5,
        Denomination::Cent2,
        Denomination::Cent1,
    ];

    pub const fn value(self) -> Cents {
        Cents::new(match self {
            Denomination::Euro500 => 50_000,
            Denomination::Euro200 => 20_000,
            Denomination::Euro100 => 10_000,
            Denomination::Euro50 => 5_000,
            Denomination::Euro20 => 2_000,
            Denomination::Euro10 => 1_000,
            Denomination::Euro5 => 500,
            Denomination::Euro2 => 200,
            Denomination::Euro1 => 100,
            Denomination::Cent50 => 50,
            Denomination::Cent20 => 20,
            Denomination::Cent10 => 10,
            Denomination::Cent5 => 5,
            Denomination::Cent2 => 2,
            Denomination::Cent1 => 1,
        })
    }

    /// Banknotes are 5 € and up; 2 € and below are coins.
    pub const fn is_note(self) -> bool {
        self.value().get() >= 500
    }

    /// The denomination of exactly `value`, if there is one.
    pub fn from_value(value: Cents) -> Option<Denomination> {
        Denomination::ALL.into_iter().find(|d| d.value() == value)
    }

    /// Reads a value in euros as people write it ("50", "0,50", "0.01", "50€", "2 EUR") or in cents
    /// with "ct" or "Cent" ("50 ct"). A bare number is euros: "50" is the 50 € note.
    pub fn parse(text: &str) -> Result<Denomination, CashCountError> {
        let unknown = || CashCountError::UnknownDenomination {
            text: text.trim().to_owned(),
        };
        let trimmed = text.trim();
        let lower = trimmed.to_lowercase();
        let cents_part = ["cent", "ct"]
            .iter()
            .find_map(|suffix| lower.strip_suffix(suffix))
            .map(str::trim_end);
        let value = match cents_part {
            Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                Cents::new(digits.parse().map_err(|_| unknown())?)
            }
            Some(_) => return Err(unknown()),
            // No denomination needs a thousands separator: "0.001" is a typo, not 1 €.
            None if !has_at_most_one_decimal_separator(trimmed) => return Err(unknown()),
            None => Cents::parse_eur(trimmed).map_err(|_| unknown())?,
        };
        Denomination::from_value(value).ok_or_else(unknown)
    }
}

impl fmt::Display for Denomination {
    /// German notation: "500 €", "2 €", "50 ct".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cents = self.value().get();
        if cents >= 100 {
            write!(f, "{} €", cents / 100)
        } else {
            write!(f, "{cents} ct")
        }
    }
}

impl TryFrom<i64> for Denomination {
    type Error = CashCountError;
    fn try_from(cents: i64) -> Result<Self, Self::Error> {
        Denomination::from_value(Cents::new(cents)).ok_or_else(|| {
            CashCountError::UnknownDenomination {
                text: format!("{cents} ct"),
            }
        })
    }
}

impl From<Denomination> for i64 {
    fn from(denomination: Denomination) -> i64 {
        denomination.value().get()
    }
}

/// Whether `text` has no ',' or '.', or exactly one followed by one or two digits ("0,5", "0.50").
fn has_at_most_one_decimal_separator(text: &str) -> bool {
    let mut parts = text.split([',', '.']);
    let _whole = parts.next();
    match (parts.next(), parts.next()) {
        (None, _) => true,
        (Some(decimals), None) => {
            let digits = decimals.bytes().take_while(u8::is_ascii_digit).count();
            (1..=2).contains(&digits)
        }
        (Some(_), Some(_)) => false,
    }
}

/// How many pieces of each denomination were counted. Counts are 0 to
/// [`MAX_COUNT_PER_DENOMINATION`]; a denomination not named was not counted (the same as 0 for the
/// total). Serialised as a map from the value in cents to the count.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "BTreeMap<Denomination, u64>",
    into = "BTreeMap<Denomination, u64>"
)]
pub struct CashCount(BTreeMap<Denomination, u32>);

impl CashCount {
    /// An empty count.
    pub fn new() -> CashCount {
        CashCount::default()
    }

    /// A count from (denomination, pieces) pairs; each denomination at most once.
    pub fn from_counts(
        counts: impl IntoIterator<Item = (Denomination, u64)>,
    ) -> Result<CashCount, CashCountError> {
        let mut count = CashCount::new();
        for (denomination, pieces) in counts {
            if count.0.contains_key(&denomination) {
                return Err(CashCountError::DuplicateDenomination { denomination });
            }
            count.set(denomination, pieces)?;
        }
        Ok(count)
    }

    /// Parses the command-line form `50=2,20=5,0.01=3`: entries `value=count` separated by one comma
    /// or semicolon and/or spaces. Values may use a decimal comma (`0,01=3`) since counts never
    /// contain one; a doubled separator (`20=5,,50=1`) is refused rather than guessed at.
    pub fn parse(text: &str) -> Result<CashCount, CashCountError> {
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err(CashCountError::Empty);
        }
        let mut counts = Vec::new();
        while !rest.is_empty() {
            let entry_end = entry_end(rest);
            let entry = &rest[..entry_end];
            let (value_text, count_text) = entry
                .split_once('=')
                .filter(|(value, count)| !value.trim().is_empty() && !count.trim().is_empty())
                .ok_or_else(|| CashCountError::MalformedEntry {
                    entry: entry.trim().to_owned(),
                })?;
            let denomination = Denomination::parse(value_text)?;
            counts.push((denomination, parse_count(denomination, count_text.trim())?));
            rest = after_separator(&rest[entry_end..]).ok_or_else(|| {
                CashCountError::MalformedEntry {
                    entry: rest[entry_end..].trim().to_owned(),
                }
            })?;
        }
        CashCount::from_counts(counts)
    }

    /// Sets the number of pieces of `denomination`; refused (and nothing changed) above
    /// [`MAX_COUNT_PER_DENOMINATION`].
    pub fn set(&mut self, denomination: Denomination, pieces: u64) -> Result<(), CashCountError> {
        let pieces = u32::try_from(pieces)
            .ok()
            .filter(|p| *p <= MAX_COUNT_PER_DENOMINATION)
            .ok_or(CashCountError::CountTooLarge {
                denomination,
                count: pieces,
            })?;
        self.0.insert(denomination, pieces);
        Ok(())
    }

    /// The pieces counted of `denomination` (0 if not counted).
    pub fn pieces(&self, denomination: Denomination) -> u32 {
        self.0.get(&denomination).copied().unwrap_or(0)
    }

    /// The counted denominations and their pieces, from 500 € down to 1 ct.
    pub fn entries(&self) -> impl Iterator<Item = (Denomination, u32)> + '_ {
        self.0.iter().map(|(d, n)| (*d, *n))
    }

    /// Whether no denomination was counted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of everything counted. Never above [`crate::money::MAX_AMOUNT`].
    pub fn total(&self) -> Cents {
        Cents::new(
            self.0
                .iter()
                .map(|(d, n)| d.value().get() * i64::from(*n))
                .sum(),
        )
    }

    /// The command-line form with decimal points, e.g. `50=2,20=5,0.01=3`, which [`CashCount::parse`]
    /// reads back to the same count.
    pub fn to_command_line(&self) -> String {
        self.0
            .iter()
            .map(|(d, n)| {
                let cents = d.value().get();
                if cents >= 100 {
                    format!("{}={n}", cents / 100)
                } else {
                    format!("0.{cents:02}={n}")
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Where the entry starting `text` ends: after the count that follows its '=' (a sign and digits,
/// or anything up to the next comma, semicolon or space when it is not a number), else at the end.
fn entry_end(text: &str) -> usize {
    let Some(equals) = text.find('=') else {
        return text.len();
    };
    let after = &text[equals + 1..];
    let count_start = after.len() - after.trim_start().len();
    let count = &after[count_start..];
    let count_len = count
        .find(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .unwrap_or(count.len());
    equals + 1 + count_start + count_len
}

/// What follows the separator after an entry: spaces and at most one comma or semicolon.
/// `None` when a second comma or semicolon follows.
fn after_separator(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let text = text.strip_prefix([',', ';']).unwrap_or(text).trim_start();
    if text.starts_with([',', ';']) {
        None
    } else {
        Some(text)
    }
}

fn parse_count(denomination: Denomination, text: &str) -> Result<u64, CashCountError> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if let Some(negative) = digits.strip_prefix('-')
        && !negative.is_empty()
        && negative.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(CashCountError::NegativeCount {
            denomination,
            text: text.to_owned(),
        });
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CashCountError::BadCount {
            denomination,
            text: text.to_owned(),
        });
    }
    // Digits only: the one failure left is a number beyond u64, certainly too many.
    Ok(digits.parse().unwrap_or(u64::MAX))
}

impl TryFrom<BTreeMap<Denomination, u64>> for CashCount {
    type Error = CashCountError;
    fn try_from(counts: BTreeMap<Denomination, u64>) -> Result<Self, Self::Error> {
        CashCount::from_counts(counts)
    }
}

impl From<CashCount> for BTreeMap<Denomination, u64> {
    fn from(count: CashCount) -> Self {
        count
            .0
            .into_iter()
            .map(|(d, n)| (d, u64::from(n)))
            .collect()
    }
}

/// Whether the drawer holds what the till expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CashDifferenceKind {
    /// Counted equals expected (Kasse stimmt).
    Exact,
    /// More cash than expected (Kassenüberschuss).
    Over,
    /// Less cash than expected (Kassenfehlbetrag).
    Short,
}

/// Expected against counted cash: `amount` is counted minus expected, positive when there is more.
/// Deserialised from `expected` and `counted` alone, so `amount` always fits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CashDifferenceFields")]
pub struct CashDifference {
    expected: Cents,
    counted: Cents,
    amount: Cents,
}

impl CashDifference {
    pub fn new(expected: Cents, counted: Cents) -> Result<CashDifference, MoneyError> {
        Ok(CashDifference {
            expected,
            counted,
            amount: counted.checked_sub(expected)?,
        })
    }

    /// The difference between `expected` and the total of `count`.
    pub fn of_count(expected: Cents, count: &CashCount) -> Result<CashDifference, MoneyError> {
        CashDifference::new(expected, count.total())
    }

    pub fn expected(&self) -> Cents {
        self.expected
    }

    pub fn counted(&self) -> Cents {
        self.counted
    }

    /// Counted minus expected: positive over, negative short, zero exact.
    pub fn amount(&self) -> Cents {
        self.amount
    }

    pub fn kind(&self) -> CashDifferenceKind {
        match self.amount.get() {
            0 => CashDifferenceKind::Exact,
            a if a > 0 => CashDifferenceKind::Over,
            _ => CashDifferenceKind::Short,
        }
    }
}

/// What a serialised [`CashDifference`] is rebuilt from.
#[derive(Deserialize)]
struct CashDifferenceFields {
    expected: Cents,
    counted: Cents,
}

impl TryFrom<CashDifferenceFields> for CashDifference {
    type Error = MoneyError;
    fn try_from(fields: CashDifferenceFields) -> Result<Self, Self::Error> {
        CashDifference::new(fields.expected, fields.counted)
    }
}
