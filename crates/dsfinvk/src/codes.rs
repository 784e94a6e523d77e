//! The DSFinV-K value lists: receipt types (BON_TYP), business case types (GV_TYP, Anhang C),
//! payment types (ZAHLART_TYP, Anhang D), VAT keys (UST_SCHLUESSEL), price component kinds and
//! reference kinds, each written exactly as the spec spells it.

use filiale_domain::VatRate;
use std::fmt;

/// BON_TYP: what kind of record a receipt is. Only [`ReceiptType::counts_in_closing`] types carry
/// revenue and payments into the daily closing; the "andere Vorgänge" (AV…) are recorded only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReceiptType {
    /// `Beleg`: a sale, a refund, a cash movement — every business case that moves money.
    Beleg,
    /// `AVTransfer`: items moved to another receipt or allocation group.
    AvTransfer,
    /// `AVBestellung`: an order.
    AvBestellung,
    /// `AVTraining`: training mode.
    AvTraining,
    /// `AVBelegstorno`: cancellation of another non-revenue record.
    AvBelegstorno,
    /// `AVBelegabbruch`: a receipt abandoned before payment.
    AvBelegabbruch,
    /// `AVSachbezug`: goods given as a benefit in kind.
    AvSachbezug,
    /// `AVSonstige`: anything else.
    AvSonstige,
    /// `AVRechnung`: an invoice paid later (the claim arises now).
    AvRechnung,
}

impl ReceiptType {
    pub const fn as_str(self) -> &'static str {
        match self {
            ReceiptType::Beleg => "Beleg",
            ReceiptType::AvTransfer => "AVTransfer",
            ReceiptType::AvBestellung => "AVBestellung",
            ReceiptType::AvTraining => "AVTraining",
            ReceiptType::AvBelegstorno => "AVBelegstorno",
            ReceiptType::AvBelegabbruch => "AVBelegabbruch",
            ReceiptType::AvSachbezug => "AVSachbezug",
            ReceiptType::AvSonstige => "AVSonstige",
            ReceiptType::AvRechnung => "AVRechnung",
        }
    }

    /// Whether the receipt's lines and payments are part of the closing's totals.
    pub const fn counts_in_closing(self) -> bool {
        matches!(
            self,
            ReceiptType::Beleg | ReceiptType::AvRechnung | ReceiptType::AvSachbezug
        )
    }
}

/// GV_TYP: the business case type of a line and of a closing total (DSFinV-K Anhang C).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BusinessCaseType {
    Umsatz,
    Pfand,
    PfandRueckzahlung,
    Rabatt,
    Aufschlag,
    ZuschussEcht,
    ZuschussUnecht,
    TrinkgeldAg,
    TrinkgeldAn,
    EinzweckgutscheinKauf,
    EinzweckgutscheinEinloesung,
    MehrzweckgutscheinKauf,
    MehrzweckgutscheinEinloesung,
    Forderungsentstehung,
    Forderungsaufloesung,
    Anzahlungseinstellung,
    Anzahlungsaufloesung,
    Anfangsbestand,
    Privatentnahme,
    Privateinlage,
    Geldtransit,
    Lohnzahlung,
    Einzahlung,
    Auszahlung,
    DifferenzSollIst,
}

impl BusinessCaseType {
    pub const fn as_str(self) -> &'static str {
        match self {
            BusinessCaseType::Umsatz => "Umsatz",
            BusinessCaseType::Pfand => "Pfand",
            BusinessCaseType::PfandRueckzahlung => "PfandRueckzahlung",
            BusinessCaseType::Rabatt => "Rabatt",
            BusinessCaseType::Aufschlag => "Aufschlag",
            BusinessCaseType::ZuschussEcht => "ZuschussEcht",
            BusinessCaseType::ZuschussUnecht => "ZuschussUnecht",
            BusinessCaseType::TrinkgeldAg => "TrinkgeldAG",
            BusinessCaseType::TrinkgeldAn => "TrinkgeldAN",
            BusinessCaseType::EinzweckgutscheinKauf => "EinzweckgutscheinKauf",
            BusinessCaseType::EinzweckgutscheinEinloesung => "EinzweckgutscheinEinloesung",
            BusinessCaseType::MehrzweckgutscheinKauf => "MehrzweckgutscheinKauf",
            BusinessCaseType::MehrzweckgutscheinEinloesung => "MehrzweckgutscheinEinloesung",
            BusinessCaseType::Forderungsentstehung => "Forderungsentstehung",
            BusinessCaseType::Forderungsaufloesung => "Forderungsaufloesung",
            BusinessCaseType::Anzahlungseinstellung => "Anzahlungseinstellung",
            BusinessCaseType::Anzahlungsaufloesung => "Anzahlungsaufloesung",
            BusinessCaseType::Anfangsbestand => "Anfangsbestand",
            BusinessCaseType::Privatentnahme => "Privatentnahme",
            BusinessCaseType::Privateinlage => "Privateinlage",
            BusinessCaseType::Geldtransit => "Geldtransit",
            BusinessCaseType::Lohnzahlung => "Lohnzahlung",
            BusinessCaseType::Einzahlung => "Einzahlung",
            BusinessCaseType::Auszahlung => "Auszahlung",
            BusinessCaseType::DifferenzSollIst => "DifferenzSollIst",
        }
    }
}

impl fmt::Display for BusinessCaseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ZAHLART_TYP: the kind of tender (DSFinV-K Anhang D). Only [`PaymentType::Bar`] is cash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PaymentType {
    Bar,
    Unbar,
    Keine,
    EcKarte,
    Kreditkarte,
    ElZahlungsdienstleister,
    GuthabenKarte,
}

impl PaymentType {
    pub const fn as_str(self) -> &'static str {
        match self {
            PaymentType::Bar => "Bar",
            PaymentType::Unbar => "Unbar",
            PaymentType::Keine => "Keine",
            PaymentType::EcKarte => "ECKarte",
            PaymentType::Kreditkarte => "Kreditkarte",
            PaymentType::ElZahlungsdienstleister => "ElZahlungsdienstleister",
            PaymentType::GuthabenKarte => "GuthabenKarte",
        }
    }
}

impl fmt::Display for PaymentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// UST_SCHLUESSEL: the DSFinV-K VAT key. 1–7 are fixed by the spec; 1000–1999 are the
/// register's own. The percentage of each key the export uses comes from
/// [`crate::VatRateEntry`] (keys 3 and 4 changed their rates over the years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VatKey(pub u16);

impl VatKey {
    /// 1: Regelsteuersatz (19 %).
    pub const STANDARD: VatKey = VatKey(1);
    /// 2: ermäßigter Steuersatz (7 %).
    pub const REDUCED: VatKey = VatKey(2);
    /// 3: Durchschnittsatz § 24 Abs. 1 Nr. 3 UStG (10.7 % in the spec's table).
    pub const AVERAGE_OTHER: VatKey = VatKey(3);
    /// 4: Durchschnittsatz § 24 Abs. 1 Nr. 1 UStG (5.5 % in the spec's table).
    pub const AVERAGE_FORESTRY: VatKey = VatKey(4);
    /// 5: nicht steuerbar / 0 % (cash movements, multi-purpose vouchers).
    pub const NOT_TAXABLE: VatKey = VatKey(5);
    /// 6: umsatzsteuerfrei.
    pub const TAX_EXEMPT: VatKey = VatKey(6);
    /// 7: UmsatzsteuerNichtErmittelbar.
    pub const NOT_DETERMINABLE: VatKey = VatKey(7);

    /// The key of one of Filiale's rates: 19 % → 1, 7 % → 2, 0 % → 5.
    pub const fn for_rate(rate: VatRate) -> VatKey {
        match rate {
            VatRate::Standard => VatKey::STANDARD,
            VatRate::Reduced => VatKey::REDUCED,
            VatRate::Zero => VatKey::NOT_TAXABLE,
        }
    }
}

impl fmt::Display for VatKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// itemamounts.csv TYP: how a part of a line's price arose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PriceComponentKind {
    /// `base_amount`: the price before discounts and surcharges.
    BaseAmount,
    /// `discount`: a reduction (negative amounts).
    Discount,
    /// `extra_amount`: a surcharge.
    ExtraAmount,
}

impl PriceComponentKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            PriceComponentKind::BaseAmount => "base_amount",
            PriceComponentKind::Discount => "discount",
            PriceComponentKind::ExtraAmount => "extra_amount",
        }
    }
}

/// REF_TYP of a reference to a document outside the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExternalReferenceKind {
    /// `ExterneRechnung`
    Rechnung,
    /// `ExternerLieferschein`
    Lieferschein,
    /// `ExterneSonstige` (REF_NAME says what it is)
    Sonstige,
}

impl ExternalReferenceKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            ExternalReferenceKind::Rechnung => "ExterneRechnung",
            ExternalReferenceKind::Lieferschein => "ExternerLieferschein",
            ExternalReferenceKind::Sonstige => "ExterneSonstige",
        }
    }
}

/// TSE_PD_ENCODING: how the TSE's process data are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProcessDataEncoding {
    Utf8,
    Ascii,
}

impl ProcessDataEncoding {
    pub const fn as_str(self) -> &'static str {
        match self {
            ProcessDataEncoding::Utf8 => "UTF-8",
            ProcessDataEncoding::Ascii => "ASCII",
        }
    }
}
