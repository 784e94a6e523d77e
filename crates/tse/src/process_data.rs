//! DSFinV-K process data for the process type `Kassenbeleg-V1` (DSFinV-K Anhang I):
//! `<Vorgangstyp>^<gross per VAT rate>^<payments>`, e.g.
//! `Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar_5.00:Unbar`.
//!
//! - the gross amounts are the five DSFinV-K rate buckets in their fixed order: 19 %, 7 %,
//!   10.7 % and 5.5 % (the two average rates of § 24 UStG), 0 %;
//! - the payments are `amount:Bar` or `amount:Unbar`, one per kind of tender (and, for cash in a
//!   foreign currency, `amount:Bar:USD` with the amount in that currency), joined by `_`;
//! - amounts have a point and exactly two decimals, negative ones a leading `-`.
//!
//! A business case that is not a receipt (an aborted sale, a training sale, a cash transfer) is a
//! `Kassenbeleg-V1` too, with another [`Vorgangstyp`]; an aborted one is
//! `AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^`.

use filiale_domain::money::Cents;
use filiale_domain::vat::VatRate;
use std::fmt;

/// The DSFinV-K "Vorgangstyp": what kind of business case a `Kassenbeleg-V1` records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vorgangstyp {
    /// `Beleg`: a receipt (sale, return, cancellation receipt).
    Beleg,
    /// `AVTransfer`: cash moved in or out of the till without a sale (Einlage, Entnahme).
    AvTransfer,
    /// `AVBestellung`: an order.
    AvBestellung,
    /// `AVTraining`: a sale in training mode.
    AvTraining,
    /// `AVBelegstorno`: a receipt cancelled within the same business case.
    AvBelegstorno,
    /// `AVBelegabbruch`: a business case aborted after its start; no payment.
    AvBelegabbruch,
    /// `AVSachbezug`: goods given to staff or others without payment.
    AvSachbezug,
    /// `AVSonstige`: anything else.
    AvSonstige,
    /// `AVRechnung`: an invoice paid later.
    AvRechnung,
}

impl Vorgangstyp {
    pub const ALL: [Vorgangstyp; 9] = [
        Vorgangstyp::Beleg,
        Vorgangstyp::AvTransfer,
        Vorgangstyp::AvBestellung,
        Vorgangstyp::AvTraining,
        Vorgangstyp::AvBelegstorno,
        Vorgangstyp::AvBelegabbruch,
        Vorgangstyp::AvSachbezug,
        Vorgangstyp::AvSonstige,
        Vorgangstyp::AvRechnung,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Vorgangstyp::Beleg => "Beleg",
            Vorgangstyp::AvTransfer => "AVTransfer",
            Vorgangstyp::AvBestellung => "AVBestellung",
            Vorgangstyp::AvTraining => "AVTraining",
            Vorgangstyp::AvBelegstorno => "AVBelegstorno",
            Vorgangstyp::AvBelegabbruch => "AVBelegabbruch",
            Vorgangstyp::AvSachbezug => "AVSachbezug",
            Vorgangstyp::AvSonstige => "AVSonstige",
            Vorgangstyp::AvRechnung => "AVRechnung",
        }
    }
}

/// The five DSFinV-K VAT buckets, in the order the process data lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VatBucket {
    /// 19 % (allgemeiner Steuersatz).
    Standard,
    /// 7 % (ermäßigter Steuersatz).
    Reduced,
    /// 10.7 % (Durchschnittsatz § 24 Abs. 1 Nr. 3 UStG).
    AverageForestry,
    /// 5.5 % (Durchschnittsatz § 24 Abs. 1 Nr. 1 UStG).
    AverageAgriculture,
    /// 0 %.
    Zero,
}

impl VatBucket {
    /// Position in the process data (0 to 4).
    pub const fn index(self) -> usize {
        match self {
            VatBucket::Standard => 0,
            VatBucket::Reduced => 1,
            VatBucket::AverageForestry => 2,
            VatBucket::AverageAgriculture => 3,
            VatBucket::Zero => 4,
        }
    }
}

impl From<VatRate> for VatBucket {
    fn from(rate: VatRate) -> Self {
        match rate {
            VatRate::Standard => VatBucket::Standard,
            VatRate::Reduced => VatBucket::Reduced,
            VatRate::Zero => VatBucket::Zero,
        }
    }
}

/// Cash or not cash, as DSFinV-K distinguishes payments in the process data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tender {
    /// `Bar`: cash.
    Bar,
    /// `Unbar`: card, voucher, transfer and every other non-cash payment.
    Unbar,
}

impl Tender {
    pub const fn as_str(self) -> &'static str {
        match self {
            Tender::Bar => "Bar",
            Tender::Unbar => "Unbar",
        }
    }
}

/// A currency code that is not three capital letters (ISO 4217).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Ungültiger Währungscode {0:?} (erwartet z. B. USD) / invalid currency code {0:?} (expected e.g. USD)"
)]
pub struct InvalidCurrency(pub String);

impl InvalidCurrency {
    pub fn message_de(&self) -> String {
        format!("Ungültiger Währungscode {:?} (erwartet z. B. USD)", self.0)
    }

    pub fn message_en(&self) -> String {
        format!("invalid currency code {:?} (expected e.g. USD)", self.0)
    }
}

/// The process data of one `Kassenbeleg-V1`, built from integer cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KassenbelegData {
    vorgangstyp: Vorgangstyp,
    gross: [Cents; 5],
    /// Per tender and currency (None: euro), in order of first appearance.
    payments: Vec<(Tender, Option<String>, Cents)>,
}

impl KassenbelegData {
    pub fn new(vorgangstyp: Vorgangstyp) -> Self {
        KassenbelegData {
            vorgangstyp,
            gross: [Cents::ZERO; 5],
            payments: Vec::new(),
        }
    }

    /// The data of an aborted business case: `AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^`.
    pub fn belegabbruch() -> Self {
        KassenbelegData::new(Vorgangstyp::AvBelegabbruch)
    }

    /// Adds a gross amount (VAT included) to a VAT bucket; negative amounts for returns.
    pub fn add_gross(&mut self, bucket: VatBucket, gross: Cents) -> &mut Self {
        let slot = &mut self.gross[bucket.index()];
        *slot = Cents::new(slot.get().saturating_add(gross.get()));
        self
    }

    /// Adds a payment in euro; payments of the same tender are summed.
    pub fn add_payment(&mut self, tender: Tender, amount: Cents) -> &mut Self {
        self.add(tender, None, amount);
        self
    }

    /// Adds cash paid in a foreign currency, the amount in that currency's cents.
    pub fn add_foreign_cash(
        &mut self,
        currency: &str,
        amount: Cents,
    ) -> Result<&mut Self, InvalidCurrency> {
        let valid = currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase());
        if !valid {
            return Err(InvalidCurrency(currency.to_owned()));
        }
        if currency == "EUR" {
            self.add(Tender::Bar, None, amount);
        } else {
            self.add(Tender::Bar, Some(currency.to_owned()), amount);
        }
        Ok(self)
    }

    fn add(&mut self, tender: Tender, currency: Option<String>, amount: Cents) {
        match self
            .payments
            .iter_mut()
            .find(|(t, c, _)| *t == tender && *c == currency)
        {
            Some((_, _, sum)) => *sum = Cents::new(sum.get().saturating_add(amount.get())),
            None => self.payments.push((tender, currency, amount)),
        }
    }

    pub fn vorgangstyp(&self) -> Vorgangstyp {
        self.vorgangstyp
    }

    /// The process data string the TSE signs.
    pub fn to_process_data(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for KassenbelegData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gross: Vec<String> = self.gross.iter().map(|c| format_amount(*c)).collect();
        let payments: Vec<String> = self
            .payments
            .iter()
            .filter(|(_, _, amount)| *amount != Cents::ZERO)
            .map(|(tender, currency, amount)| match currency {
                Some(code) => format!("{}:{}:{code}", format_amount(*amount), tender.as_str()),
                None => format!("{}:{}", format_amount(*amount), tender.as_str()),
            })
            .collect();
        write!(
            f,
            "{}^{}^{}",
            self.vorgangstyp.as_str(),
            gross.join("_"),
            payments.join("_")
        )
    }
}

/// An amount as DSFinV-K process data writes it: `75.33`, `0.00`, `-4.50`.
pub fn format_amount(amount: Cents) -> String {
    let cents = amount.get();
    let sign = if cents < 0 { "-" } else { "" };
    let magnitude = cents.unsigned_abs();
    format!("{sign}{}.{:02}", magnitude / 100, magnitude % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_with_two_rates_and_two_tenders() {
        let mut data = KassenbelegData::new(Vorgangstyp::Beleg);
        data.add_gross(VatBucket::Standard, Cents::new(7533))
            .add_gross(VatBucket::Reduced, Cents::new(799))
            .add_payment(Tender::Bar, Cents::new(1000))
            .add_payment(Tender::Unbar, Cents::new(500));
        assert_eq!(
            data.to_process_data(),
            "Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar_5.00:Unbar"
        );
    }

    #[test]
    fn the_buckets_follow_the_dsfinvk_order() {
        let mut data = KassenbelegData::new(Vorgangstyp::Beleg);
        data.add_gross(VatBucket::Zero, Cents::new(5))
            .add_gross(VatBucket::AverageAgriculture, Cents::new(4))
            .add_gross(VatBucket::AverageForestry, Cents::new(3))
            .add_gross(VatBucket::Reduced, Cents::new(2))
            .add_gross(VatBucket::from(VatRate::Standard), Cents::new(1));
        assert_eq!(data.to_process_data(), "Beleg^0.01_0.02_0.03_0.04_0.05^");
    }

    #[test]
    fn payments_of_one_tender_are_summed_and_returns_are_negative() {
        let mut data = KassenbelegData::new(Vorgangstyp::Beleg);
        data.add_gross(VatBucket::Reduced, Cents::new(-450))
            .add_payment(Tender::Bar, Cents::new(-500))
            .add_payment(Tender::Bar, Cents::new(50));
        assert_eq!(
            data.to_process_data(),
            "Beleg^0.00_-4.50_0.00_0.00_0.00^-4.50:Bar"
        );
    }

    #[test]
    fn foreign_cash_names_its_currency() {
        let mut data = KassenbelegData::new(Vorgangstyp::Beleg);
        data.add_gross(VatBucket::Standard, Cents::new(2000))
            .add_payment(Tender::Bar, Cents::new(1000));
        data.add_foreign_cash("CHF", Cents::new(1100)).unwrap();
        assert_eq!(
            data.to_process_data(),
            "Beleg^20.00_0.00_0.00_0.00_0.00^10.00:Bar_11.00:Bar:CHF"
        );
        let before = data.clone();
        let error = data.add_foreign_cash("chf", Cents::new(1)).unwrap_err();
        assert!(error.message_de().contains("Währungscode"));
        assert_eq!(data, before, "bad input changes nothing");
    }

    #[test]
    fn kinds_other_than_receipts() {
        assert_eq!(
            KassenbelegData::belegabbruch().to_process_data(),
            "AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^"
        );
        let mut transfer = KassenbelegData::new(Vorgangstyp::AvTransfer);
        transfer.add_payment(Tender::Bar, Cents::new(-10000));
        assert_eq!(
            transfer.to_process_data(),
            "AVTransfer^0.00_0.00_0.00_0.00_0.00^-100.00:Bar"
        );
        let names: Vec<&str> = Vorgangstyp::ALL.iter().map(|v| v.as_str()).collect();
        assert!(names.contains(&"AVTraining") && names.contains(&"AVBelegstorno"));
    }

    #[test]
    fn amounts_have_two_decimals() {
        assert_eq!(format_amount(Cents::new(0)), "0.00");
        assert_eq!(format_amount(Cents::new(7)), "0.07");
        assert_eq!(format_amount(Cents::new(-7)), "-0.07");
        assert_eq!(format_amount(Cents::new(123_456)), "1234.56");
    }
}
