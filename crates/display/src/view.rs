//! The display-facing model of a till: what the customer sees, shaped for the wire, money in cents.

use serde::{Deserialize, Serialize};

/// A German VAT rate as printed on a receipt. Serialised as the plain number `19`, `7` or `0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
// Named for the window's TypeScript, where another type has the short name.
#[serde(rename = "DisplayVatRate")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum VatRate {
    /// Regular rate, 19 %.
    Standard,
    /// Reduced rate, 7 % (plants, food, books).
    Reduced,
    /// Exempt, 0 %.
    Zero,
}

impl VatRate {
    /// The rate in whole percent.
    pub fn percent(self) -> u8 {
        match self {
            VatRate::Standard => 19,
            VatRate::Reduced => 7,
            VatRate::Zero => 0,
        }
    }
}

impl From<VatRate> for u8 {
    fn from(rate: VatRate) -> u8 {
        rate.percent()
    }
}

/// A number that is not one of the German VAT rates 19, 7 or 0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("VAT rate must be 19, 7 or 0 percent, got {0}")]
pub struct UnknownVatRate(pub u8);

impl TryFrom<u8> for VatRate {
    type Error = UnknownVatRate;

    fn try_from(percent: u8) -> Result<Self, Self::Error> {
        match percent {
            19 => Ok(VatRate::Standard),
            7 => Ok(VatRate::Reduced),
            0 => Ok(VatRate::Zero),
            other => Err(UnknownVatRate(other)),
        }
    }
}

/// One line of the cart as the customer sees it. The core computes every figure; the display
/// only shows them, so a display never rounds or sums money itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CartLineView {
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub line_total_cents: i64,
    pub vat_rate: VatRate,
}

/// The VAT contained in the cart for one rate (the block at the bottom of a German receipt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VatBreakdownView {
    pub rate: VatRate,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
}

/// The whole cart of one till.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CartView {
    pub lines: Vec<CartLineView>,
    pub total_cents: i64,
    pub vat_breakdown: Vec<VatBreakdownView>,
    /// Shown as a greeting when the cashier attached a loyalty customer; `null` otherwise.
    #[serde(default)]
    pub customer_name: Option<String>,
}

/// How the customer pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum PaymentMethod {
    Cash,
    Card,
    Voucher,
}

/// What a till's customer display shows right now. The core publishes one of these after every
/// change; the hub turns it into the matching wire message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DisplayState {
    /// No sale in progress: the display shows its welcome or advertising screen.
    #[default]
    Idle,
    /// Articles are being scanned.
    Cart { cart: CartView },
    /// The cashier started the payment; `tendered_cents` is what the customer handed over so far
    /// (cash), absent for card payments.
    PaymentInProgress {
        cart: CartView,
        method: PaymentMethod,
        #[serde(default)]
        tendered_cents: Option<i64>,
    },
    /// Cash was tendered and the customer gets change back.
    ChangeDue {
        cart: CartView,
        tendered_cents: i64,
        change_cents: i64,
    },
    /// The sale is booked: the display says thank you.
    SaleCompleted {
        receipt_number: String,
        total_cents: i64,
        change_cents: i64,
    },
}
