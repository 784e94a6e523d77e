//! German VAT: the three rates a store uses and the per-rate breakdown of gross prices.
//!
//! Store prices are gross (VAT included). A receipt shows, per rate, the gross sum, the VAT contained
//! in it and the net amount. VAT is computed once per rate from the gross sum, rounded half away from
//! zero to the cent (kaufmännische Rundung), so net + VAT always equals gross exactly.

use crate::money::Cents;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A German VAT rate: 19 % (standard), 7 % (reduced: food, plants, seeds, most animal feed) or 0 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum VatRate {
    Zero,
    Reduced,
    Standard,
}

/// A VAT rate other than 19, 7 or 0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a German VAT rate (expected 19, 7 or 0)")]
pub struct VatRateError(pub String);

impl VatRate {
    pub const ALL: [VatRate; 3] = [VatRate::Standard, VatRate::Reduced, VatRate::Zero];

    pub const fn percent(self) -> u8 {
        match self {
            VatRate::Zero => 0,
            VatRate::Reduced => 7,
            VatRate::Standard => 19,
        }
    }

    /// Parses "19", "7", "0", also "19%", "19 %", "7,0" and "0.19"-style fractions are rejected.
    pub fn parse(text: &str) -> Result<VatRate, VatRateError> {
        let trimmed = text.trim().trim_end_matches('%').trim();
        let number = trimmed
            .strip_suffix(",0")
            .or_else(|| trimmed.strip_suffix(".0"))
            .unwrap_or(trimmed);
        match number {
            "19" => Ok(VatRate::Standard),
            "7" => Ok(VatRate::Reduced),
            "0" => Ok(VatRate::Zero),
            _ => Err(VatRateError(text.to_owned())),
        }
    }

    /// The VAT contained in a gross amount, rounded half away from zero to the cent.
    pub fn vat_in_gross(self, gross: Cents) -> Cents {
        let rate = i128::from(self.percent());
        let numerator = i128::from(gross.get()) * rate;
        let denominator = 100 + rate;
        let rounded = (numerator.abs() * 2 + denominator) / (denominator * 2);
        let signed = if numerator < 0 { -rounded } else { rounded };
        Cents::new(i64::try_from(signed).unwrap_or(i64::MAX))
    }
}

impl TryFrom<u8> for VatRate {
    type Error = VatRateError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        VatRate::parse(&value.to_string())
    }
}

impl From<VatRate> for u8 {
    fn from(rate: VatRate) -> u8 {
        rate.percent()
    }
}

impl fmt::Display for VatRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} %", self.percent())
    }
}

/// One rate's share of a sale: gross, the VAT in it, and net.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VatShare {
    pub rate: VatRate,
    pub gross: Cents,
    pub vat: Cents,
    pub net: Cents,
}

/// The per-rate VAT breakdown of a receipt, highest rate first, rates without sales left out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VatBreakdown {
    pub shares: Vec<VatShare>,
}

impl VatBreakdown {
    /// Builds the breakdown from (rate, gross) pairs, summing per rate before computing VAT.
    pub fn from_gross(amounts: impl IntoIterator<Item = (VatRate, Cents)>) -> VatBreakdown {
        let mut gross_per_rate = [0i64; 3];
        for (rate, gross) in amounts {
            gross_per_rate[rate as usize] += gross.get();
        }
        let shares = VatRate::ALL
            .iter()
            .filter(|rate| gross_per_rate[**rate as usize] != 0)
            .map(|&rate| {
                let gross = Cents::new(gross_per_rate[rate as usize]);
                let vat = rate.vat_in_gross(gross);
                VatShare {
                    rate,
                    gross,
                    vat,
                    net: Cents::new(gross.get() - vat.get()),
                }
            })
            .collect();
        VatBreakdown { shares }
    }

    pub fn total_gross(&self) -> Cents {
        Cents::new(self.shares.iter().map(|s| s.gross.get()).sum())
    }

    pub fn total_vat(&self) -> Cents {
        Cents::new(self.shares.iter().map(|s| s.vat.get()).sum())
    }

    pub fn share(&self, rate: VatRate) -> Option<&VatShare> {
        self.shares.iter().find(|s| s.rate == rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vat_contained_in_gross_rounds_half_away_from_zero() {
        // (rate, gross cents, expected VAT cents): exact values checked by hand.
        let table = [
            (VatRate::Standard, 119, 19),
            (VatRate::Standard, 100, 16),   // 15.966 -> 16
            (VatRate::Standard, 1299, 207), // 207.40 -> 207
            (VatRate::Standard, 1, 0),      // 0.1597 -> 0
            (VatRate::Standard, 3, 0),      // 0.479 -> 0
            (VatRate::Standard, 4, 1),      // 0.639 -> 1
            (VatRate::Standard, 2499, 399), // 398.999 -> 399
            (VatRate::Reduced, 107, 7),
            (VatRate::Reduced, 299, 20),  // 19.56 -> 20
            (VatRate::Reduced, 1499, 98), // 98.07 -> 98
            (VatRate::Reduced, 15, 1),    // 0.981 -> 1
            (VatRate::Reduced, 7, 0),     // 0.458 -> 0
            (VatRate::Reduced, 8, 1),     // 0.523 -> 1
            (VatRate::Zero, 999, 0),
            (VatRate::Standard, -1299, -207),
        ];
        for (rate, gross, vat) in table {
            assert_eq!(
                rate.vat_in_gross(Cents::new(gross)),
                Cents::new(vat),
                "{rate} of {gross}"
            );
        }
    }

    #[test]
    fn breakdown_sums_per_rate_before_rounding_and_net_plus_vat_is_gross() {
        // Three lines of 0,04 € at 19 %: per-line VAT would be 3 x 1 = 3 cents; on the sum 0,12 € it is 2.
        let breakdown = VatBreakdown::from_gross([
            (VatRate::Standard, Cents::new(4)),
            (VatRate::Standard, Cents::new(4)),
            (VatRate::Standard, Cents::new(4)),
            (VatRate::Reduced, Cents::new(299)),
        ]);
        let standard = breakdown.share(VatRate::Standard).unwrap();
        assert_eq!(standard.vat, Cents::new(2));
        assert_eq!(standard.net.get() + standard.vat.get(), 12);
        assert_eq!(breakdown.total_gross(), Cents::new(311));
        assert_eq!(breakdown.shares[0].rate, VatRate::Standard);
        assert!(breakdown.share(VatRate::Zero).is_none());
    }

    #[test]
    fn parses_rates_as_written_in_spreadsheets() {
        assert_eq!(VatRate::parse("19"), Ok(VatRate::Standard));
        assert_eq!(VatRate::parse("7 %"), Ok(VatRate::Reduced));
        assert_eq!(VatRate::parse("7,0"), Ok(VatRate::Reduced));
        assert_eq!(VatRate::parse("0"), Ok(VatRate::Zero));
        assert!(VatRate::parse("16").is_err());
        assert!(VatRate::parse("").is_err());
    }
}
