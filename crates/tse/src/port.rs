//! The port: the [`Tse`] trait the till signs through, and the values that cross it.

use crate::error::{Refusal, TseError};
use chrono::{DateTime, Utc};
use std::fmt;
use std::io::Write;

/// The signature algorithm name as DSFinV-K and the QR code print it: ECDSA over P-256 with
/// SHA-256, signature as plain `r || s` (BSI TR-03111), OID 0.4.0.127.0.7.1.1.4.1.3.
pub const SIGNATURE_ALGORITHM: &str = "ecdsa-plain-SHA256";

/// The id of a till (the TSE's "clientId", the DSFinV-K "Kassen-Seriennummer"): 1 to 30 characters,
/// letters, digits, `-` and `.` (a subset of ASN.1 PrintableString that is also safe in the
/// export's file names and in the QR code).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientId(String);

impl ClientId {
    pub const MAX_LEN: usize = 30;

    /// A client id, or [`Refusal::InvalidClientId`].
    pub fn new(id: &str) -> Result<ClientId, TseError> {
        let valid = !id.is_empty()
            && id.len() <= Self::MAX_LEN
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if valid {
            Ok(ClientId(id.to_owned()))
        } else {
            Err(TseError::Refused(Refusal::InvalidClientId {
                given: id.to_owned(),
            }))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The process type (TR-03153 "processType") as DSFinV-K Anhang I defines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProcessType {
    /// `Kassenbeleg-V1`: a receipt or another business case at the till (see [`crate::process_data`]).
    Kassenbeleg,
    /// `Bestellung-V1`: an order taken before payment (gastronomy).
    Bestellung,
    /// `SonstigerVorgang`: anything else to be recorded.
    SonstigerVorgang,
}

impl ProcessType {
    pub const fn as_str(self) -> &'static str {
        match self {
            ProcessType::Kassenbeleg => "Kassenbeleg-V1",
            ProcessType::Bestellung => "Bestellung-V1",
            ProcessType::SonstigerVorgang => "SonstigerVorgang",
        }
    }

    /// The process type for its DSFinV-K name.
    pub fn parse(name: &str) -> Option<ProcessType> {
        [
            ProcessType::Kassenbeleg,
            ProcessType::Bestellung,
            ProcessType::SonstigerVorgang,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == name)
    }
}

/// How the TSE writes its log time (DSFinV-K `TSE_ZEITFORMAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeFormat {
    /// `unixTime`: seconds since 1970 as an ASN.1 INTEGER.
    UnixTime,
    /// `utcTime`: ASN.1 UTCTime `YYMMDDhhmmssZ`.
    UtcTime,
}

impl TimeFormat {
    pub const fn as_str(self) -> &'static str {
        match self {
            TimeFormat::UnixTime => "unixTime",
            TimeFormat::UtcTime => "utcTime",
        }
    }

    pub fn parse(name: &str) -> Option<TimeFormat> {
        match name {
            "unixTime" => Some(TimeFormat::UnixTime),
            "utcTime" => Some(TimeFormat::UtcTime),
            _ => None,
        }
    }
}

/// A TSE log time, to the second, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LogTime(i64);

impl LogTime {
    pub const fn from_unix_seconds(seconds: i64) -> LogTime {
        LogTime(seconds)
    }

    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    fn date_time(self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.0, 0).unwrap_or_default()
    }

    /// ISO 8601 with milliseconds as the QR code prints it: `2019-07-10T18:41:04.000Z`.
    pub fn to_iso8601(self) -> String {
        self.date_time()
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string()
    }

    /// ASN.1 UTCTime: `YYMMDDhhmmssZ`.
    pub fn to_utc_time(self) -> String {
        self.date_time().format("%y%m%d%H%M%SZ").to_string()
    }
}

/// The three TR-03153 operations on a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    Start,
    Update,
    Finish,
}

impl Operation {
    /// The TR-03151 `operationType`: `StartTransaction`, `UpdateTransaction`, `FinishTransaction`.
    pub const fn operation_type(self) -> &'static str {
        match self {
            Operation::Start => "StartTransaction",
            Operation::Update => "UpdateTransaction",
            Operation::Finish => "FinishTransaction",
        }
    }

    /// The word in export file names: `Start`, `Update`, `Finish`.
    pub const fn file_name_word(self) -> &'static str {
        match self {
            Operation::Start => "Start",
            Operation::Update => "Update",
            Operation::Finish => "Finish",
        }
    }

    pub fn from_operation_type(name: &str) -> Option<Operation> {
        [Operation::Start, Operation::Update, Operation::Finish]
            .into_iter()
            .find(|op| op.operation_type() == name)
    }
}

/// What identifies a TSE on a receipt and in the DSFinV-K export (table `TSE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TseInfo {
    /// Lowercase hex of SHA-256 over the public key (64 characters).
    pub serial_number: String,
    /// The public key as an uncompressed SEC1 point (`04 || x || y`), base64.
    pub public_key: String,
    /// [`SIGNATURE_ALGORITHM`].
    pub signature_algorithm: String,
    pub time_format: TimeFormat,
    /// False for the software TSE: receipts must not pass it off as a certified one.
    pub certified: bool,
    pub description: String,
}

/// A signed start, update or finish: what the till prints and stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionResult {
    pub operation: Operation,
    pub client_id: ClientId,
    pub transaction_number: u64,
    pub signature_counter: u64,
    /// Log time of the transaction's start (DSFinV-K `TSE_TA_START`).
    pub start_time: LogTime,
    /// Log time of this operation (for a finish: DSFinV-K `TSE_TA_ENDE`).
    pub log_time: LogTime,
    pub process_type: ProcessType,
    pub process_data: String,
    /// The signature, plain `r || s`, base64.
    pub signature: String,
    /// The TSE that signed.
    pub tse: TseInfo,
}

impl TransactionResult {
    /// The receipt's QR code content (DSFinV-K Anhang I, version `V0`); only a finish has one.
    pub fn qr_code_v0(&self) -> Option<String> {
        crate::qr::qr_code_v0(self)
    }
}

/// A transaction started and not yet finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenTransaction {
    pub client_id: ClientId,
    pub transaction_number: u64,
    pub process_type: ProcessType,
    pub start_time: LogTime,
    /// The signature counter of its latest start or update.
    pub last_signature_counter: u64,
}

/// What a passed self test saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfTestReport {
    pub serial_number: String,
    /// The highest signature counter reserved so far (the next signature is above it).
    pub signature_counter: u64,
    /// The highest transaction number reserved so far.
    pub transaction_number: u64,
    pub log_messages: u64,
    pub open_transactions: usize,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub log_messages: u64,
    /// Every file name in the archive, in order.
    pub file_names: Vec<String>,
}

/// A technical security device (TSE) as the till sees it (BSI TR-03153 "SE API").
///
/// Every business case is a transaction: [`Tse::start_transaction`] when it begins, any number of
/// [`Tse::update_transaction`], and [`Tse::finish_transaction`] with the receipt's process data.
/// Each call signs a log message and returns its signature counter, which never repeats.
pub trait Tse: Send + Sync {
    /// Serial number, public key, algorithm, time format, certification.
    fn info(&self) -> Result<TseInfo, TseError>;

    /// Whether this TSE is certified by the BSI (false for the software TSE).
    fn certified(&self) -> bool;

    /// A line saying what this TSE is, for receipts and the DSFinV-K export.
    fn description(&self) -> String;

    /// Registers a till with the TSE; registering one twice changes nothing.
    fn register_client(&self, client_id: &ClientId) -> Result<(), TseError>;

    fn registered_clients(&self) -> Result<Vec<ClientId>, TseError>;

    /// Starts a transaction for a registered till and signs it.
    fn start_transaction(
        &self,
        client_id: &ClientId,
        process_type: ProcessType,
        process_data: &str,
    ) -> Result<TransactionResult, TseError>;

    /// Signs an update of an open transaction of this till.
    fn update_transaction(
        &self,
        client_id: &ClientId,
        transaction_number: u64,
        process_type: ProcessType,
        process_data: &str,
    ) -> Result<TransactionResult, TseError>;

    /// Signs the end of an open transaction of this till and closes it.
    fn finish_transaction(
        &self,
        client_id: &ClientId,
        transaction_number: u64,
        process_type: ProcessType,
        process_data: &str,
    ) -> Result<TransactionResult, TseError>;

    /// Transactions started and not finished, lowest number first.
    fn open_transactions(&self) -> Result<Vec<OpenTransaction>, TseError>;

    /// Checks the key and the stored state; a refusal here is an alarm.
    fn self_test(&self) -> Result<SelfTestReport, TseError>;

    /// Writes the TR-03151 export: a TAR archive of every log message, the certificate and `info.csv`.
    fn export_tar(&self, out: &mut dyn Write) -> Result<ExportSummary, TseError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_are_checked() {
        assert!(ClientId::new("kasse-7").is_ok());
        assert!(ClientId::new("K.1").is_ok());
        for bad in ["", "kasse_7", "kasse 7", "a/b", "k;1", &"x".repeat(31)] {
            let error = ClientId::new(bad).unwrap_err();
            assert!(error.is_refused(), "{bad:?}");
            assert!(error.message_de().contains("Kassen-ID"));
            assert!(error.message_en().contains("client id"));
        }
    }

    #[test]
    fn log_times_format_as_the_qr_code_and_utc_time_want() {
        let time = LogTime::from_unix_seconds(1_562_784_064);
        assert_eq!(time.to_iso8601(), "2019-07-10T18:41:04.000Z");
        assert_eq!(time.to_utc_time(), "190710184104Z");
    }
}
