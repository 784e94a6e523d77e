//! Filiale's DSFinV-K export (Digitale Schnittstelle der Finanzverwaltung für Kassensysteme,
//! version 2.x): what the tax office receives on request, a ZIP with `index.xml` (GDPdU), its DTD
//! and the spec's 20 CSV tables, filled from a plain input model independent of the store.
//!
//! Map of the crate:
//! - [`model`]: the input — [`ExportInput`] with the company, tills ([`CashRegister`]) and their
//!   TSEs, the VAT table, and per [`Closing`] the [`Receipt`]s, [`CashMovement`]s and
//!   [`ClosingTotals`];
//! - [`codes`]: the spec's value lists ([`ReceiptType`], [`BusinessCaseType`], [`PaymentType`],
//!   [`VatKey`] …);
//! - [`tables`]: every table's file name and columns in the spec's order;
//! - [`format`]: numbers (decimal point, fixed decimals) and ISO 8601 times;
//! - `reconcile` (internal): the checks — each closing's totals equal its receipts to the cent;
//! - [`writer`]: [`write_export`] and its [`ExportSummary`];
//! - [`error`]: [`ExportError`] with German and English messages.

pub mod codes;
pub mod error;
pub mod format;
pub mod index_xml;
pub mod model;
mod reconcile;
mod rows;
pub mod tables;
pub mod writer;

pub use codes::{
    BusinessCaseType, ExternalReferenceKind, PaymentType, PriceComponentKind, ProcessDataEncoding,
    ReceiptType, VatKey,
};
pub use error::{ClosingRef, ExportError, Mismatch};
pub use model::{
    Address, Amounts, BusinessCaseTotal, CASH_PAYMENT_NAME, CashMovement, CashRegister, Cashier,
    Closing, ClosingTotals, Company, CurrencyAmount, CustomerData, ExportInput, Location,
    PaymentTotal, PriceComponent, Quantity, Receipt, ReceiptLine, ReceiptPayment, ReceiptVat,
    Reference, ReferenceTarget, SubItem, TAXONOMY_VERSION, Terminal, TseCertificate, TseRecord,
    TseTransaction, TseUnit, VatRateEntry,
};
pub use writer::{ExportSummary, write_export};
