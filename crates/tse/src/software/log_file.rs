//! The append-only transaction log: every signed log message, DER, one after the other.
//!
//! A message is appended and fsynced before its signature is handed out, so every signature the
//! till ever received is in the log. A crash during an append leaves an incomplete last message;
//! opening cuts it off (its signature never left the TSE). Anything else that does not read back
//! as written is an alarm.

use crate::der::DerError;
use crate::error::{Refusal, TseError};
use crate::log_message::{ParsedLogMessage, parse_log_message};
use crate::port::{ClientId, LogTime, OpenTransaction, Operation, ProcessType};
use crate::software::state::Counters;
use std::collections::BTreeMap;

/// What reading the whole log found.
#[derive(Debug, Default)]
pub struct LogScan {
    /// Length of the complete messages; bytes after it are an interrupted append.
    pub complete_len: usize,
    pub messages: u64,
    /// The highest signature counter and transaction number in the log.
    pub highest_used: Counters,
    pub open: BTreeMap<u64, OpenTransaction>,
    pub last_log_time: i64,
}

/// Reads every message of `bytes`, checking it was signed by the key with `serial_number` and that
/// signature counters strictly increase.
pub fn scan(bytes: &[u8], serial_number: &[u8]) -> Result<LogScan, TseError> {
    let mut scan = LogScan::default();
    let mut offset = 0;
    while offset < bytes.len() {
        let (message, used) = match parse_log_message(&bytes[offset..]) {
            Ok(parsed) => parsed,
            Err(DerError::Truncated) => break,
            Err(DerError::Malformed(what)) => {
                return Err(TseError::corrupt(format!(
                    "log message at byte {offset}: {what} / Protokolleintrag bei Byte {offset}"
                )));
            }
        };
        if message.log.serial_number != serial_number {
            return Err(TseError::Refused(Refusal::KeyMismatch));
        }
        scan.apply(&message, offset)?;
        offset += used;
        scan.complete_len = offset;
    }
    Ok(scan)
}

impl LogScan {
    fn apply(&mut self, message: &ParsedLogMessage, offset: usize) -> Result<(), TseError> {
        let log = &message.log;
        let out_of_order = || {
            TseError::corrupt(format!(
                "log message at byte {offset} does not follow its predecessor / \
                 Protokolleintrag bei Byte {offset} passt nicht zum vorigen"
            ))
        };
        if log.signature_counter <= self.highest_used.signature {
            return Err(out_of_order());
        }
        let client_id = ClientId::new(&log.client_id).map_err(|_| out_of_order())?;
        let process_type = ProcessType::parse(&log.process_type).ok_or_else(out_of_order)?;
        match log.operation {
            Operation::Start => {
                if log.transaction_number <= self.highest_used.transaction {
                    return Err(out_of_order());
                }
                self.highest_used.transaction = log.transaction_number;
                self.open.insert(
                    log.transaction_number,
                    OpenTransaction {
                        client_id,
                        transaction_number: log.transaction_number,
                        process_type,
                        start_time: log.log_time,
                        last_signature_counter: log.signature_counter,
                    },
                );
            }
            Operation::Update | Operation::Finish => {
                let open = self
                    .open
                    .get_mut(&log.transaction_number)
                    .ok_or_else(out_of_order)?;
                if open.client_id != client_id {
                    return Err(out_of_order());
                }
                open.last_signature_counter = log.signature_counter;
                open.process_type = process_type;
                if log.operation == Operation::Finish {
                    self.open.remove(&log.transaction_number);
                }
            }
        }
        self.highest_used.signature = log.signature_counter;
        self.messages += 1;
        self.last_log_time = self.last_log_time.max(log.log_time.unix_seconds());
        Ok(())
    }
}

/// One message of the log as the export writes it.
pub struct ExportedMessage<'a> {
    /// Its TR-03151 file name.
    pub file_name: String,
    /// Its DER encoding as stored.
    pub bytes: &'a [u8],
    pub log_time: LogTime,
}

/// The log messages of a complete log, in order.
pub fn messages(bytes: &[u8]) -> Result<Vec<ExportedMessage<'_>>, TseError> {
    let mut out = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        let (message, used) = parse_log_message(&bytes[offset..])
            .map_err(|error| TseError::corrupt(format!("log message at byte {offset}: {error}")))?;
        out.push(ExportedMessage {
            file_name: message.log.file_name(),
            bytes: &bytes[offset..offset + used],
            log_time: message.log.log_time,
        });
        offset += used;
    }
    Ok(out)
}
