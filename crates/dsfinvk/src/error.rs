//! Why an export is refused, in German and English: nothing to export, data that does not fit the
//! spec, sums of the receipts that do not reconcile with their closing, or the output failing.

use crate::codes::VatKey;
use filiale_domain::Cents;

/// Names a closing in messages: till and closing number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosingRef {
    pub kasse_id: String,
    pub z_nr: u64,
}

impl std::fmt::Display for ClosingRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} Z{}", self.kasse_id, self.z_nr)
    }
}

/// A sum that does not add up within one closing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// Gross, net and VAT of one row: net + VAT ≠ gross.
    NetPlusVat {
        place: String,
        gross: Cents,
        net: Cents,
        vat: Cents,
    },
    /// A receipt's lines of one VAT key against its printed VAT total.
    ReceiptVat {
        bon_id: String,
        vat_key: VatKey,
        lines: Cents,
        receipt: Cents,
    },
    /// A receipt's VAT totals against its gross total.
    ReceiptTotal {
        bon_id: String,
        vat_totals: Cents,
        total: Cents,
    },
    /// A receipt's payments against its gross total.
    ReceiptPayments {
        bon_id: String,
        payments: Cents,
        total: Cents,
    },
    /// A line's price components against its gross.
    PriceComponents {
        bon_id: String,
        line_number: u32,
        components: Cents,
        line: Cents,
    },
    /// The closing's total of one business case type, name and VAT key against the receipts.
    BusinessCase {
        business_case: String,
        vat_key: VatKey,
        receipts: Cents,
        closing: Cents,
    },
    /// The closing's VAT of one key against the VAT printed on its receipts.
    ClosingVat {
        vat_key: VatKey,
        receipts: Cents,
        closing: Cents,
    },
    /// The closing's total of one payment type and name against the receipts.
    Payment {
        payment: String,
        receipts: Cents,
        closing: Cents,
    },
    /// The closing's cash in the base currency against its cash payments.
    Cash {
        currency: String,
        payments: Cents,
        closing: Cents,
    },
}

impl Mismatch {
    pub fn message_de(&self) -> String {
        match self {
            Mismatch::NetPlusVat {
                place,
                gross,
                net,
                vat,
            } => format!("{place}: Netto {net} + USt {vat} ergibt nicht Brutto {gross}"),
            Mismatch::ReceiptVat {
                bon_id,
                vat_key,
                lines,
                receipt,
            } => format!(
                "Bon {bon_id}: Positionen mit USt-Schlüssel {vat_key} ergeben {lines}, der Bon weist {receipt} aus"
            ),
            Mismatch::ReceiptTotal {
                bon_id,
                vat_totals,
                total,
            } => format!(
                "Bon {bon_id}: die Steuersätze ergeben {vat_totals}, der Bon-Umsatz ist {total}"
            ),
            Mismatch::ReceiptPayments {
                bon_id,
                payments,
                total,
            } => format!("Bon {bon_id}: Zahlungen {payments}, Bon-Umsatz {total}"),
            Mismatch::PriceComponents {
                bon_id,
                line_number,
                components,
                line,
            } => format!(
                "Bon {bon_id} Position {line_number}: die Preisfindung ergibt {components}, die Position {line}"
            ),
            Mismatch::BusinessCase {
                business_case,
                vat_key,
                receipts,
                closing,
            } => format!(
                "Geschäftsvorfall {business_case} (USt-Schlüssel {vat_key}): Einzelbelege {receipts}, Abschluss {closing}"
            ),
            Mismatch::ClosingVat {
                vat_key,
                receipts,
                closing,
            } => format!(
                "USt-Schlüssel {vat_key}: Umsatzsteuer der Einzelbelege {receipts}, des Abschlusses {closing}"
            ),
            Mismatch::Payment {
                payment,
                receipts,
                closing,
            } => format!("Zahlart {payment}: Einzelbelege {receipts}, Abschluss {closing}"),
            Mismatch::Cash {
                currency,
                payments,
                closing,
            } => format!("Bargeld {currency}: Barzahlungen {payments}, Abschluss {closing}"),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Mismatch::NetPlusVat {
                place,
                gross,
                net,
                vat,
            } => format!("{place}: net {net} + VAT {vat} is not gross {gross}"),
            Mismatch::ReceiptVat {
                bon_id,
                vat_key,
                lines,
                receipt,
            } => format!(
                "receipt {bon_id}: lines with VAT key {vat_key} add up to {lines}, the receipt shows {receipt}"
            ),
            Mismatch::ReceiptTotal {
                bon_id,
                vat_totals,
                total,
            } => format!(
                "receipt {bon_id}: the VAT rates add up to {vat_totals}, its total is {total}"
            ),
            Mismatch::ReceiptPayments {
                bon_id,
                payments,
                total,
            } => format!("receipt {bon_id}: payments {payments}, total {total}"),
            Mismatch::PriceComponents {
                bon_id,
                line_number,
                components,
                line,
            } => format!(
                "receipt {bon_id} line {line_number}: the price components add up to {components}, the line is {line}"
            ),
            Mismatch::BusinessCase {
                business_case,
                vat_key,
                receipts,
                closing,
            } => format!(
                "business case {business_case} (VAT key {vat_key}): receipts {receipts}, closing {closing}"
            ),
            Mismatch::ClosingVat {
                vat_key,
                receipts,
                closing,
            } => format!(
                "VAT key {vat_key}: VAT on the receipts {receipts}, in the closing {closing}"
            ),
            Mismatch::Payment {
                payment,
                receipts,
                closing,
            } => format!("payment type {payment}: receipts {receipts}, closing {closing}"),
            Mismatch::Cash {
                currency,
                payments,
                closing,
            } => format!("cash {currency}: cash payments {payments}, closing {closing}"),
        }
    }
}

/// Why [`crate::write_export`] wrote nothing usable.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{} / {}", self.message_de(), self.message_en())]
    NothingToExport,
    #[error("{} / {}", self.message_de(), self.message_en())]
    DuplicateClosing { closing: ClosingRef },
    #[error("{} / {}", self.message_de(), self.message_en())]
    UnknownCashRegister { closing: ClosingRef },
    #[error("{} / {}", self.message_de(), self.message_en())]
    UnknownVatKey {
        closing: ClosingRef,
        vat_key: VatKey,
    },
    #[error("{} / {}", self.message_de(), self.message_en())]
    UnknownTse {
        closing: ClosingRef,
        bon_id: String,
        tse_id: u32,
    },
    #[error("{} / {}", self.message_de(), self.message_en())]
    DuplicateReceipt { closing: ClosingRef, bon_id: String },
    #[error("{} / {}", self.message_de(), self.message_en())]
    TextTooLong {
        file: &'static str,
        column: &'static str,
        max: usize,
        value: String,
    },
    #[error("{} / {}", self.message_de(), self.message_en())]
    Unbalanced {
        closing: ClosingRef,
        mismatch: Mismatch,
    },
    #[error("{} / {}", self.message_de(), self.message_en())]
    Write(String),
}

impl ExportError {
    pub fn message_de(&self) -> String {
        match self {
            ExportError::NothingToExport => {
                "Im gewählten Zeitraum gibt es keinen Kassenabschluss: nichts zu exportieren".into()
            }
            ExportError::DuplicateClosing { closing } => {
                format!("Kassenabschluss {closing} ist doppelt enthalten")
            }
            ExportError::UnknownCashRegister { closing } => {
                format!("Kassenabschluss {closing}: die Kasse fehlt in den Stammdaten")
            }
            ExportError::UnknownVatKey { closing, vat_key } => format!(
                "Kassenabschluss {closing}: USt-Schlüssel {vat_key} fehlt in der Umsatzsteuertabelle"
            ),
            ExportError::UnknownTse {
                closing,
                bon_id,
                tse_id,
            } => format!(
                "Kassenabschluss {closing}, Bon {bon_id}: TSE {tse_id} fehlt in den Stammdaten der Kasse"
            ),
            ExportError::DuplicateReceipt { closing, bon_id } => {
                format!("Kassenabschluss {closing}: Bon-ID {bon_id} ist doppelt vergeben")
            }
            ExportError::TextTooLong {
                file,
                column,
                max,
                value,
            } => format!("{file} {column}: höchstens {max} Zeichen erlaubt, „{value}“ ist länger"),
            ExportError::Unbalanced { closing, mismatch } => format!(
                "Kassenabschluss {closing} stimmt nicht mit seinen Einzelbelegen überein: {}",
                mismatch.message_de()
            ),
            ExportError::Write(detail) => {
                format!("Der DSFinV-K-Export konnte nicht geschrieben werden: {detail}")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ExportError::NothingToExport => {
                "there is no daily closing in the chosen range: nothing to export".into()
            }
            ExportError::DuplicateClosing { closing } => {
                format!("daily closing {closing} is included twice")
            }
            ExportError::UnknownCashRegister { closing } => {
                format!("daily closing {closing}: the till is missing from the master data")
            }
            ExportError::UnknownVatKey { closing, vat_key } => {
                format!("daily closing {closing}: VAT key {vat_key} is missing from the VAT table")
            }
            ExportError::UnknownTse {
                closing,
                bon_id,
                tse_id,
            } => format!(
                "daily closing {closing}, receipt {bon_id}: TSE {tse_id} is missing from the till's master data"
            ),
            ExportError::DuplicateReceipt { closing, bon_id } => {
                format!("daily closing {closing}: receipt id {bon_id} is used twice")
            }
            ExportError::TextTooLong {
                file,
                column,
                max,
                value,
            } => format!("{file} {column}: at most {max} characters allowed, {value:?} is longer"),
            ExportError::Unbalanced { closing, mismatch } => format!(
                "daily closing {closing} does not reconcile with its receipts: {}",
                mismatch.message_en()
            ),
            ExportError::Write(detail) => {
                format!("the DSFinV-K export could not be written: {detail}")
            }
        }
    }
}

impl From<std::io::Error> for ExportError {
    fn from(error: std::io::Error) -> Self {
        ExportError::Write(error.to_string())
    }
}

impl From<zip::result::ZipError> for ExportError {
    fn from(error: zip::result::ZipError) -> Self {
        ExportError::Write(error.to_string())
    }
}

impl From<csv::Error> for ExportError {
    fn from(error: csv::Error) -> Self {
        ExportError::Write(error.to_string())
    }
}
