//! The TR-03151 transaction log message: its DER encoding, the bytes that are signed, and its
//! file name in the export.
//!
//! ```text
//! LogMessage ::= SEQUENCE {
//!   version              INTEGER (2),
//!   certifiedDataType    OBJECT IDENTIFIER (0.4.0.127.0.7.3.7.1.1, id-SE-API-transaction-log),
//!   -- certifiedData of a transaction log:
//!   operationType        [0] IMPLICIT PrintableString ("StartTransaction" | "UpdateTransaction" | "FinishTransaction"),
//!   clientId             [1] IMPLICIT PrintableString,
//!   processData          [2] IMPLICIT OCTET STRING,
//!   processType          [3] IMPLICIT PrintableString,
//!   transactionNumber    [5] IMPLICIT INTEGER,
//!   -- end of certifiedData
//!   serialNumber         OCTET STRING (SHA-256 of the public key, 32 bytes),
//!   signatureAlgorithm   SEQUENCE { algorithm OBJECT IDENTIFIER (0.4.0.127.0.7.1.1.4.1.3, ecdsa-plain-SHA256) },
//!   signatureCounter     INTEGER,
//!   logTime              INTEGER (unixTime) | UTCTime (utcTime),
//!   signatureValue       OCTET STRING (r || s, 64 bytes)
//! }
//! ```
//!
//! The data to be signed is the concatenation of the complete DER encodings (tag, length, value)
//! of every field from `version` to `logTime`, that is the SEQUENCE's content without
//! `signatureValue`. The optional fields `additionalExternalData` [4], `additionalInternalData` [6]
//! and `seAuditData` are not used.

use crate::der::{self, DerError, Element, Reader};
use crate::port::{LogTime, Operation, TimeFormat};

/// The log message format version TR-03151 prescribes.
pub const VERSION: u64 = 2;
/// id-SE-API-transaction-log.
pub const TRANSACTION_LOG_OID: [u64; 10] = [0, 4, 0, 127, 0, 7, 3, 7, 1, 1];
/// ecdsa-plain-SHA256 (BSI TR-03111).
pub const ECDSA_PLAIN_SHA256_OID: [u64; 11] = [0, 4, 0, 127, 0, 7, 1, 1, 4, 1, 3];

/// The fields of a transaction log message except its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionLog {
    pub operation: Operation,
    pub client_id: String,
    pub process_data: Vec<u8>,
    pub process_type: String,
    pub transaction_number: u64,
    pub serial_number: Vec<u8>,
    pub signature_counter: u64,
    pub log_time: LogTime,
    pub time_format: TimeFormat,
}

impl TransactionLog {
    /// The bytes the signature is computed over (see the module documentation).
    pub fn data_to_be_signed(&self) -> Vec<u8> {
        let log_time = match self.time_format {
            TimeFormat::UnixTime => {
                der::unsigned_integer(der::TAG_INTEGER, self.log_time.unix_seconds().max(0) as u64)
            }
            TimeFormat::UtcTime => {
                der::tlv(der::TAG_UTC_TIME, self.log_time.to_utc_time().as_bytes())
            }
        };
        [
            der::unsigned_integer(der::TAG_INTEGER, VERSION),
            der::object_identifier(&TRANSACTION_LOG_OID),
            der::tlv(
                der::context_primitive(0),
                self.operation.operation_type().as_bytes(),
            ),
            der::tlv(der::context_primitive(1), self.client_id.as_bytes()),
            der::tlv(der::context_primitive(2), &self.process_data),
            der::tlv(der::context_primitive(3), self.process_type.as_bytes()),
            der::unsigned_integer(der::context_primitive(5), self.transaction_number),
            der::tlv(der::TAG_OCTET_STRING, &self.serial_number),
            der::constructed(
                der::TAG_SEQUENCE,
                &[&der::object_identifier(&ECDSA_PLAIN_SHA256_OID)],
            ),
            der::unsigned_integer(der::TAG_INTEGER, self.signature_counter),
            log_time,
        ]
        .concat()
    }

    /// The complete log message: a SEQUENCE of the signed fields and the signature.
    pub fn encode(&self, signature: &[u8]) -> Vec<u8> {
        let content = self.data_to_be_signed();
        let signature = der::tlv(der::TAG_OCTET_STRING, signature);
        der::constructed(der::TAG_SEQUENCE, &[&content, &signature])
    }

    /// The file name TR-03151 gives this message in an export, e.g.
    /// `Unixt_1700000000_Sig-7_Log-Tra_No-3_Finish_Client-kasse-1.log`.
    pub fn file_name(&self) -> String {
        let time = match self.time_format {
            TimeFormat::UnixTime => format!("Unixt_{}", self.log_time.unix_seconds()),
            TimeFormat::UtcTime => format!("Utc_{}", self.log_time.to_utc_time()),
        };
        format!(
            "{time}_Sig-{}_Log-Tra_No-{}_{}_Client-{}.log",
            self.signature_counter,
            self.transaction_number,
            self.operation.file_name_word(),
            self.client_id
        )
    }
}

/// A log message read back: its fields, its signed bytes and its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLogMessage {
    pub log: TransactionLog,
    pub signed_bytes: Vec<u8>,
    pub signature: Vec<u8>,
}

/// Reads one log message this crate wrote from the front of `bytes`; returns it and the number of
/// bytes it took. [`DerError::Truncated`] means the bytes end inside the message.
pub fn parse_log_message(bytes: &[u8]) -> Result<(ParsedLogMessage, usize), DerError> {
    let mut outer = Reader::new(bytes);
    let sequence = outer.next_element()?.expect_tag(der::TAG_SEQUENCE)?;
    let mut fields = Reader::new(sequence.value);
    let mut next = |tag: u8| -> Result<Element<'_>, DerError> {
        match fields.next_element() {
            Err(DerError::Truncated) => Err(DerError::Malformed("log message lacks a field")),
            other => other?.expect_tag(tag),
        }
    };
    if next(der::TAG_INTEGER)?.unsigned()? != VERSION {
        return Err(DerError::Malformed("unexpected version"));
    }
    if next(der::TAG_OID)?.encoded != der::object_identifier(&TRANSACTION_LOG_OID) {
        return Err(DerError::Malformed("not a transaction log"));
    }
    let operation = text(next(der::context_primitive(0))?)?;
    let operation = Operation::from_operation_type(&operation)
        .ok_or(DerError::Malformed("unknown operation type"))?;
    let client_id = text(next(der::context_primitive(1))?)?;
    let process_data = next(der::context_primitive(2))?.value.to_vec();
    let process_type = text(next(der::context_primitive(3))?)?;
    let transaction_number = next(der::context_primitive(5))?.unsigned()?;
    let serial_number = next(der::TAG_OCTET_STRING)?.value.to_vec();
    let algorithm = next(der::TAG_SEQUENCE)?;
    if algorithm.value != der::object_identifier(&ECDSA_PLAIN_SHA256_OID) {
        return Err(DerError::Malformed("unexpected signature algorithm"));
    }
    let signature_counter = next(der::TAG_INTEGER)?.unsigned()?;
    let time_element = match fields.next_element() {
        Err(DerError::Truncated) => return Err(DerError::Malformed("log message lacks log time")),
        other => other?,
    };
    let (time_format, log_time) = match time_element.tag {
        der::TAG_INTEGER => (
            TimeFormat::UnixTime,
            LogTime::from_unix_seconds(
                i64::try_from(time_element.unsigned()?)
                    .map_err(|_| DerError::Malformed("log time too large"))?,
            ),
        ),
        der::TAG_UTC_TIME => (TimeFormat::UtcTime, parse_utc_time(time_element.value)?),
        _ => return Err(DerError::Malformed("unexpected log time type")),
    };
    let signed_len = sequence.value.len() - fields.remaining();
    let signed_bytes = sequence.value[..signed_len].to_vec();
    let mut rest = Reader::new(&sequence.value[signed_len..]);
    let signature = match rest.next_element() {
        Err(DerError::Truncated) => return Err(DerError::Malformed("log message lacks signature")),
        other => other?.expect_tag(der::TAG_OCTET_STRING)?.value.to_vec(),
    };
    if !rest.is_empty() {
        return Err(DerError::Malformed("trailing data in log message"));
    }
    let log = TransactionLog {
        operation,
        client_id,
        process_data,
        process_type,
        transaction_number,
        serial_number,
        signature_counter,
        log_time,
        time_format,
    };
    Ok((
        ParsedLogMessage {
            log,
            signed_bytes,
            signature,
        },
        sequence.encoded.len(),
    ))
}

fn text(element: Element<'_>) -> Result<String, DerError> {
    String::from_utf8(element.value.to_vec()).map_err(|_| DerError::Malformed("text is not UTF-8"))
}

fn parse_utc_time(value: &[u8]) -> Result<LogTime, DerError> {
    let text = std::str::from_utf8(value).map_err(|_| DerError::Malformed("bad UTCTime"))?;
    let parsed = chrono::NaiveDateTime::parse_from_str(text, "%y%m%d%H%M%SZ")
        .map_err(|_| DerError::Malformed("bad UTCTime"))?;
    Ok(LogTime::from_unix_seconds(parsed.and_utc().timestamp()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(time_format: TimeFormat) -> TransactionLog {
        TransactionLog {
            operation: Operation::Finish,
            client_id: "kasse-1".into(),
            process_data: b"Beleg^1.00_0.00_0.00_0.00_0.00^1.00:Bar".to_vec(),
            process_type: "Kassenbeleg-V1".into(),
            transaction_number: 713,
            serial_number: vec![0xAB; 32],
            signature_counter: 1572,
            log_time: LogTime::from_unix_seconds(1_541_777_445),
            time_format,
        }
    }

    #[test]
    fn a_message_reads_back_as_written() {
        for format in [TimeFormat::UnixTime, TimeFormat::UtcTime] {
            let log = sample(format);
            let encoded = log.encode(&[9u8; 64]);
            let mut with_more = encoded.clone();
            with_more.extend_from_slice(&[0x30, 0x05]);
            let (parsed, used) = parse_log_message(&with_more).unwrap();
            assert_eq!(used, encoded.len());
            assert_eq!(parsed.log, log);
            assert_eq!(parsed.signed_bytes, log.data_to_be_signed());
            assert_eq!(parsed.signature, vec![9u8; 64]);
            assert_eq!(
                parse_log_message(&encoded[..encoded.len() - 1]),
                Err(DerError::Truncated)
            );
        }
    }

    #[test]
    fn file_names_follow_tr_03151() {
        assert_eq!(
            sample(TimeFormat::UtcTime).file_name(),
            "Utc_181109153045Z_Sig-1572_Log-Tra_No-713_Finish_Client-kasse-1.log"
        );
        assert_eq!(
            sample(TimeFormat::UnixTime).file_name(),
            "Unixt_1541777445_Sig-1572_Log-Tra_No-713_Finish_Client-kasse-1.log"
        );
    }
}
