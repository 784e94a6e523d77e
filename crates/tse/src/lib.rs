//! Filiale's TSE (technische Sicherheitseinrichtung, KassenSichV / § 146a AO): the port the till
//! signs every business case through, and a software TSE that behaves like one.
//!
//! Map of the crate:
//! - [`port`]: the [`Tse`] trait (start / update / finish a transaction, info, self test, export,
//!   open transactions) and the values crossing it: [`TransactionResult`], [`TseInfo`],
//!   [`ClientId`], [`ProcessType`], [`TimeFormat`], [`LogTime`];
//! - [`error`]: [`TseError`], either [`TseError::Unreachable`] (retry later) or
//!   [`TseError::Refused`] (wrong call or alarm), each with German and English messages;
//! - [`process_data`]: DSFinV-K `Kassenbeleg-V1` process data from integer cents
//!   (`Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar_5.00:Unbar`) and the [`Vorgangstyp`]s;
//! - [`qr`]: the receipt's QR code content, version `V0`;
//! - [`log_message`]: the TR-03151 transaction log message (DER), what is signed, its file name;
//! - [`software`]: [`SoftwareTse`], ECDSA P-256 with durable counters that never repeat,
//!   not certified;
//! - [`failing`]: [`FailingTse`], a wrapper whose [`FailureSwitch`] makes calls unreachable;
//! - [`der`]: the small DER writer and reader underneath.

pub mod der;
pub mod error;
pub mod failing;
pub mod log_message;
pub mod port;
pub mod process_data;
pub mod qr;
pub mod software;

pub use error::{Counter, Refusal, TseError, Unreachable};
pub use failing::{FailingTse, FailureSwitch};
pub use port::{
    ClientId, ExportSummary, LogTime, OpenTransaction, Operation, ProcessType, SIGNATURE_ALGORITHM,
    SelfTestReport, TimeFormat, TransactionResult, Tse, TseInfo,
};
pub use process_data::{KassenbelegData, Tender, VatBucket, Vorgangstyp, format_amount};
pub use software::{SoftwareTse, SoftwareTseOptions};
