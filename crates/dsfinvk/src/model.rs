//! The export's input: master data of the company, its tills and TSEs, the VAT table, and per
//! daily closing the receipts, cash movements and the closing's own totals. Plain values; the app
//! maps its store into them. Money is integer cents, quantities are integer thousandths, local
//! times are the till's wall clock (Europe/Berlin) without offset, TSE log times are UTC.

use crate::codes::{
    BusinessCaseType, ExternalReferenceKind, PaymentType, PriceComponentKind, ProcessDataEncoding,
    ReceiptType, VatKey,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use filiale_domain::Cents;

/// ZAHLART_NAME of the cash payment of a [`CashMovement`]: the closing's cash total for
/// movements is listed under `Bar` / this name (use it for sales paid in cash too).
pub const CASH_PAYMENT_NAME: &str = "Bar";

/// The DSFinV-K taxonomy version written to cashpointclosing.csv (TAXONOMIE_VERSION).
pub const TAXONOMY_VERSION: &str = "2.4";

/// Everything one export contains: one or more daily closings of one or more tills.
#[derive(Debug, Clone)]
pub struct ExportInput {
    pub company: Company,
    pub cash_registers: Vec<CashRegister>,
    /// The VAT keys in use and their rates (vat.csv); every key a line or total uses must be here.
    pub vat_rates: Vec<VatRateEntry>,
    pub closings: Vec<Closing>,
    /// TAXONOMIE_VERSION, normally [`TAXONOMY_VERSION`].
    pub taxonomy_version: String,
}

/// The taxable company (cashpointclosing.csv NAME … USTID; index.xml's DataSupplier).
#[derive(Debug, Clone)]
pub struct Company {
    pub name: String,
    pub address: Address,
    /// Steuernummer (STNR), e.g. `21/815/08150`.
    pub tax_number: String,
    /// USt-IdNr. (USTID), e.g. `DE123456789`; empty if the company has none.
    pub vat_id: String,
}

/// A postal address. `country` is ISO 3166-1 alpha-3 (`DEU`).
#[derive(Debug, Clone)]
pub struct Address {
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub country: String,
}

/// A till that makes daily closings (cashregister.csv, location.csv, tse.csv, slaves.csv).
#[derive(Debug, Clone)]
pub struct CashRegister {
    /// Z_KASSE_ID: the till's id, the same as the TSE client id (at most 50 characters).
    pub kasse_id: String,
    pub brand: String,
    pub model: String,
    pub serial_number: String,
    pub software_brand: String,
    pub software_version: String,
    /// KASSE_BASISWAEH_CODE, ISO 4217 (`EUR`).
    pub base_currency: String,
    /// The store the till stands in (location.csv).
    pub location: Location,
    /// The TSEs the till signs with; receipts name one by [`TseUnit::tse_id`].
    pub tses: Vec<TseUnit>,
    /// Input terminals that book into this till's closings (slaves.csv); usually none.
    pub terminals: Vec<Terminal>,
}

/// The store (Betriebsstätte) of a till.
#[derive(Debug, Clone)]
pub struct Location {
    pub name: String,
    pub address: Address,
    pub vat_id: String,
}

/// An input terminal without its own closing.
#[derive(Debug, Clone)]
pub struct Terminal {
    pub terminal_id: String,
    pub brand: String,
    pub model: String,
    pub serial_number: String,
    pub software_brand: String,
    pub software_version: String,
}

/// A TSE as tse.csv describes it.
#[derive(Debug, Clone)]
pub struct TseUnit {
    /// TSE_ID: the number receipts use to name this TSE within the till.
    pub tse_id: u32,
    /// TSE_SERIAL: hex of the SHA-256 of the public key.
    pub serial_number: String,
    /// TSE_SIG_ALGO, e.g. `ecdsa-plain-SHA256`.
    pub signature_algorithm: String,
    /// TSE_ZEITFORMAT, e.g. `unixTime` or `utcTime`.
    pub time_format: String,
    pub process_data_encoding: ProcessDataEncoding,
    /// TSE_PUBLIC_KEY, base64.
    pub public_key: String,
    pub certificate: TseCertificate,
}

/// The TSE's certificate, or the note that there is none.
#[derive(Debug, Clone)]
pub enum TseCertificate {
    /// The certificate, base64 (split into TSE_ZERTIFIKAT_I … VII of 1000 characters each).
    Base64(String),
    /// No certificate (e.g. the software TSE): the note written to TSE_ZERTIFIKAT_I.
    NotCertified(String),
}

/// One row of vat.csv: a key, its rate and description.
#[derive(Debug, Clone)]
pub struct VatRateEntry {
    pub key: VatKey,
    /// UST_SATZ in hundredths of a percent: 19 % is 1900, 10.7 % is 1070.
    pub percent_hundredths: u32,
    pub description: String,
}

impl VatRateEntry {
    /// The spec's fixed keys 1–7 with the rates of its table (3: 10.7 %, 4: 5.5 %).
    pub fn standard_table() -> Vec<VatRateEntry> {
        let entry = |key: VatKey, percent_hundredths: u32, description: &str| VatRateEntry {
            key,
            percent_hundredths,
            description: description.to_owned(),
        };
        vec![
            entry(VatKey::STANDARD, 1900, "Regelsteuersatz"),
            entry(VatKey::REDUCED, 700, "Ermäßigter Steuersatz"),
            entry(
                VatKey::AVERAGE_OTHER,
                1070,
                "Durchschnittsatz (§ 24 Abs. 1 Nr. 3 UStG)",
            ),
            entry(
                VatKey::AVERAGE_FORESTRY,
                550,
                "Durchschnittsatz (§ 24 Abs. 1 Nr. 1 UStG)",
            ),
            entry(VatKey::NOT_TAXABLE, 0, "Nicht Steuerbar"),
            entry(VatKey::TAX_EXEMPT, 0, "Umsatzsteuerfrei"),
            entry(VatKey::NOT_DETERMINABLE, 0, "UmsatzsteuerNichtErmittelbar"),
        ]
    }
}

/// One daily closing (Kassenabschluss) of one till, with everything booked into it.
#[derive(Debug, Clone)]
pub struct Closing {
    /// Z_KASSE_ID: the till, one of [`ExportInput::cash_registers`].
    pub kasse_id: String,
    /// Z_NR: the closing's number, counting up per till.
    pub z_nr: u64,
    /// Z_ERSTELLUNG: when the closing was made (local time).
    pub created_at: NaiveDateTime,
    /// Z_BUCHUNGSTAG: the business day it books, if it differs from the creation date.
    pub business_day: Option<NaiveDate>,
    pub receipts: Vec<Receipt>,
    /// Cash movements (Einlage, Entnahme, Geldtransit …): each is written as a `Beleg` with one line.
    pub cash_movements: Vec<CashMovement>,
    /// The closing's totals as the till computed them; the writer checks them against the receipts.
    pub totals: ClosingTotals,
}

/// The closing's own figures (businesscases.csv, payment.csv, cash_per_currency.csv).
#[derive(Debug, Clone, Default)]
pub struct ClosingTotals {
    /// Z_GV_TYP: per business case type, name and VAT key.
    pub business_cases: Vec<BusinessCaseTotal>,
    /// Z_ZAHLART: per payment type and name.
    pub payments: Vec<PaymentTotal>,
    /// Z_WAEHRUNGEN: the cash balance of the closing per currency (Kassenbestand-Bewegung, the
    /// base currency's must equal the closing's cash payments).
    pub cash_per_currency: Vec<CurrencyAmount>,
}

#[derive(Debug, Clone)]
pub struct BusinessCaseTotal {
    pub business_case: BusinessCaseType,
    /// GV_NAME: the optional refinement of the type (empty for none).
    pub name: String,
    pub vat_key: VatKey,
    pub amounts: Amounts,
}

#[derive(Debug, Clone)]
pub struct PaymentTotal {
    pub payment_type: PaymentType,
    /// ZAHLART_NAME, e.g. `Girocard`; empty for none.
    pub name: String,
    pub amount: Cents,
}

#[derive(Debug, Clone)]
pub struct CurrencyAmount {
    /// ISO 4217 code.
    pub currency: String,
    pub amount: Cents,
}

/// Gross, net and VAT of one VAT key; net + VAT must equal gross.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amounts {
    pub gross: Cents,
    pub net: Cents,
    pub vat: Cents,
}

/// A receipt or other recorded business case (transactions.csv and its detail tables).
#[derive(Debug, Clone)]
pub struct Receipt {
    /// BON_ID: unique within the till, at most 40 characters (e.g. the sale's UUID).
    pub bon_id: String,
    /// BON_NR: the printed receipt number (the TSE transaction number is fine).
    pub bon_nr: u64,
    pub receipt_type: ReceiptType,
    /// BON_NAME: optional refinement of the type.
    pub name: String,
    /// TERMINAL_ID: where it was entered (the till's own id if no extra terminal).
    pub terminal_id: String,
    /// BON_STORNO: this receipt cancels another one.
    pub cancelled: bool,
    pub started_at: NaiveDateTime,
    pub ended_at: NaiveDateTime,
    pub cashier: Cashier,
    /// UMS_BRUTTO: the gross total printed on the receipt.
    pub total_gross: Cents,
    /// transactions_vat.csv: per VAT key, as printed (not re-summed from lines).
    pub vat_totals: Vec<ReceiptVat>,
    pub lines: Vec<ReceiptLine>,
    /// datapayment.csv: one per tender.
    pub payments: Vec<ReceiptPayment>,
    /// references.csv: e.g. a refund pointing at the original sale.
    pub references: Vec<Reference>,
    /// allocation_groups.csv ABRECHNUNGSKREIS (e.g. a table number); none in retail.
    pub allocation_group: Option<String>,
    pub customer: Option<CustomerData>,
    /// BON_NOTIZ.
    pub note: String,
    pub tse: TseRecord,
}

#[derive(Debug, Clone)]
pub struct Cashier {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct ReceiptVat {
    pub vat_key: VatKey,
    pub amounts: Amounts,
}

/// The customer a receipt names (invoices over 250 €, business customers).
#[derive(Debug, Clone)]
pub struct CustomerData {
    pub name: String,
    pub id: String,
    /// KUNDE_TYP, e.g. `Mitarbeiter`.
    pub kind: String,
    pub address: Address,
    pub vat_id: String,
}

/// One line of a receipt (lines.csv, lines_vat.csv, itemamounts.csv, subitems.csv).
#[derive(Debug, Clone)]
pub struct ReceiptLine {
    /// POS_ZEILE: the line number within the receipt.
    pub line_number: u32,
    pub business_case: BusinessCaseType,
    /// GV_NAME: optional refinement of the type.
    pub business_case_name: String,
    /// GUTSCHEIN_NR for voucher lines; empty otherwise.
    pub voucher_number: String,
    /// ARTIKELTEXT.
    pub text: String,
    /// P_STORNO: this line cancels an earlier one on the same receipt.
    pub cancelled: bool,
    /// INHAUS: consumed on the premises (gastronomy).
    pub in_house: bool,
    pub article_number: String,
    pub gtin: String,
    pub group_id: String,
    pub group_name: String,
    pub quantity: Quantity,
    /// EINHEIT, e.g. `Stück`, `kg`.
    pub unit: String,
    /// STK_BR: gross price of one unit.
    pub unit_price_gross: Cents,
    pub vat_key: VatKey,
    /// The line's gross, net and VAT (lines_vat.csv).
    pub amounts: Amounts,
    /// itemamounts.csv: how the price arose (base price, discounts); empty if it is just the price.
    /// If given, their gross amounts must add up to the line's gross.
    pub price_components: Vec<PriceComponent>,
    /// subitems.csv: the parts of a bundle; for information only.
    pub sub_items: Vec<SubItem>,
}

#[derive(Debug, Clone)]
pub struct PriceComponent {
    pub kind: PriceComponentKind,
    pub vat_key: VatKey,
    pub amounts: Amounts,
}

#[derive(Debug, Clone)]
pub struct SubItem {
    pub article_number: String,
    pub gtin: String,
    pub name: String,
    pub group_id: String,
    pub group_name: String,
    pub quantity: Quantity,
    pub unit: String,
    pub vat_key: VatKey,
    pub base_price: Amounts,
}

/// A quantity in thousandths of a unit (DSFinV-K writes three decimals): never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Quantity(pub i64);

impl Quantity {
    /// Whole units (pieces).
    pub const fn units(units: i64) -> Quantity {
        Quantity(units * 1000)
    }

    pub const fn from_thousandths(thousandths: i64) -> Quantity {
        Quantity(thousandths)
    }

    pub const fn thousandths(self) -> i64 {
        self.0
    }
}

#[derive(Debug, Clone)]
pub struct ReceiptPayment {
    pub payment_type: PaymentType,
    pub name: String,
    /// BASISWAEH_BETRAG: the amount in the till's base currency (negative for a cash refund).
    pub amount: Cents,
    /// ZAHLWAEH_CODE / ZAHLWAEH_BETRAG when paid in a foreign currency.
    pub foreign: Option<CurrencyAmount>,
}

/// A reference from a receipt (or one of its lines) to another record.
#[derive(Debug, Clone)]
pub struct Reference {
    /// POS_ZEILE of the referring line; `None` when the receipt as a whole refers.
    pub line_number: Option<u32>,
    pub target: ReferenceTarget,
}

#[derive(Debug, Clone)]
pub enum ReferenceTarget {
    /// `Transaktion`: a receipt in this or an earlier DSFinV-K closing.
    Transaction {
        kasse_id: String,
        z_nr: u64,
        closing_created_at: NaiveDateTime,
        bon_id: String,
    },
    /// A document outside the till.
    External {
        kind: ExternalReferenceKind,
        /// REF_NAME (required for `ExterneSonstige`).
        name: String,
        date: Option<NaiveDateTime>,
        /// REF_BON_ID: the document's id.
        document_id: String,
    },
}

/// The TSE's record of a receipt (transactions_tse.csv).
#[derive(Debug, Clone)]
pub enum TseRecord {
    Signed(TseTransaction),
    /// The TSE failed (TSE_TA_FEHLER): the receipt was made without a signature.
    Outage {
        tse_id: u32,
        error: String,
    },
}

#[derive(Debug, Clone)]
pub struct TseTransaction {
    pub tse_id: u32,
    pub transaction_number: u64,
    /// Log time of StartTransaction (TSE_TA_START, written ISO 8601 UTC).
    pub started_at: DateTime<Utc>,
    /// Log time of FinishTransaction (TSE_TA_ENDE).
    pub finished_at: DateTime<Utc>,
    /// TSE_TA_VORGANGSART: the process type, e.g. `Kassenbeleg-V1`.
    pub process_type: String,
    pub signature_counter: u64,
    /// TSE_TA_SIG, base64.
    pub signature: String,
    /// TSE_VORGANGSDATEN: the signed process data (optional, may be empty).
    pub process_data: String,
}

/// Money put into or taken out of the drawer outside a sale.
#[derive(Debug, Clone)]
pub struct CashMovement {
    pub bon_id: String,
    pub bon_nr: u64,
    /// Privateinlage, Privatentnahme, Geldtransit, Einzahlung, Auszahlung, Anfangsbestand,
    /// DifferenzSollIst, Lohnzahlung …
    pub kind: BusinessCaseType,
    /// The text of the movement (ARTIKELTEXT, e.g. `Wechselgeld`).
    pub text: String,
    /// Positive into the drawer, negative out of it; always cash, VAT key 5 (not taxable).
    pub amount: Cents,
    pub terminal_id: String,
    pub at: NaiveDateTime,
    pub cashier: Cashier,
    pub tse: TseRecord,
}

impl CashMovement {
    /// The movement as the `Beleg` DSFinV-K records it: one line of its business case type, VAT
    /// key 5 (not taxable), paid in cash.
    pub fn to_receipt(&self) -> Receipt {
        let amounts = Amounts {
            gross: self.amount,
            net: self.amount,
            vat: Cents::ZERO,
        };
        Receipt {
            bon_id: self.bon_id.clone(),
            bon_nr: self.bon_nr,
            receipt_type: ReceiptType::Beleg,
            name: String::new(),
            terminal_id: self.terminal_id.clone(),
            cancelled: false,
            started_at: self.at,
            ended_at: self.at,
            cashier: self.cashier.clone(),
            total_gross: self.amount,
            vat_totals: vec![ReceiptVat {
                vat_key: VatKey::NOT_TAXABLE,
                amounts,
            }],
            lines: vec![ReceiptLine {
                line_number: 1,
                business_case: self.kind,
                business_case_name: String::new(),
                voucher_number: String::new(),
                text: self.text.clone(),
                cancelled: false,
                in_house: false,
                article_number: String::new(),
                gtin: String::new(),
                group_id: String::new(),
                group_name: String::new(),
                quantity: Quantity::units(1),
                unit: String::new(),
                unit_price_gross: self.amount,
                vat_key: VatKey::NOT_TAXABLE,
                amounts,
                price_components: Vec::new(),
                sub_items: Vec::new(),
            }],
            payments: vec![ReceiptPayment {
                payment_type: PaymentType::Bar,
                name: CASH_PAYMENT_NAME.to_owned(),
                amount: self.amount,
                foreign: None,
            }],
            references: Vec::new(),
            allocation_group: None,
            customer: None,
            note: String::new(),
            tse: self.tse.clone(),
        }
    }
}
