//! The software TSE: ECDSA P-256 in a folder, behaving like a TSE for training, development and
//! tests. It is not certified and says so ([`SoftwareTse::certified`] is false).
//!
//! Counters never repeat, even when the process is killed at any moment:
//! 1. before signing, the next signature counter (and, for a start, the next transaction number)
//!    is reserved by replacing the `counters` file atomically (write, fsync, rename, fsync folder);
//! 2. the log message is signed and appended to the log, which is fsynced;
//! 3. only then does the signature leave the TSE.
//!
//! On opening, counting goes on above everything reserved. A crash between 1 and 3 leaves a gap in
//! the counters, never a repeat. If the `counters` file is below a counter the log shows as used,
//! the state went backwards (tampering, an old backup): the TSE refuses to open
//! ([`Refusal::CounterWentBackwards`]).

mod certificate;
mod export;
mod log_file;
pub mod state;

use crate::error::{Refusal, TseError, Unreachable};
use crate::log_message::TransactionLog;
use crate::port::{
    ClientId, ExportSummary, LogTime, OpenTransaction, Operation, ProcessType, SIGNATURE_ALGORITHM,
    SelfTestReport, TimeFormat, TransactionResult, Tse, TseInfo,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey};
use sha2::{Digest, Sha256};
use state::Counters;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// The largest process data the software TSE signs.
pub const MAX_PROCESS_DATA: usize = 16 * 1024;

/// What the software TSE says it is.
pub const DESCRIPTION: &str = "Filiale Software-TSE, nicht zertifiziert (nur für Schulung, \
                               Entwicklung und Tests) / not certified (for training, development \
                               and tests only)";

/// The TSE's clock: seconds since 1970.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// How to open a software TSE.
#[derive(Clone)]
pub struct SoftwareTseOptions {
    /// The log time format of a TSE created by this open; an existing TSE keeps its own.
    pub time_format: TimeFormat,
    /// Where log times come from; log times never go backwards even if the clock does.
    pub clock: Clock,
}

impl Default for SoftwareTseOptions {
    fn default() -> Self {
        SoftwareTseOptions {
            time_format: TimeFormat::UnixTime,
            clock: Arc::new(|| chrono::Utc::now().timestamp()),
        }
    }
}

/// A TSE in software, its state in one folder. See the module documentation.
pub struct SoftwareTse {
    dir: PathBuf,
    /// Held exclusively for the life of this value: one process per folder.
    _lock: File,
    key: SigningKey,
    serial_number: [u8; 32],
    info: TseInfo,
    certificate: Vec<u8>,
    clock: Clock,
    inner: Mutex<Inner>,
}

struct Inner {
    /// The highest numbers reserved: the next ones are above.
    reserved: Counters,
    clients: BTreeSet<ClientId>,
    open: BTreeMap<u64, OpenTransaction>,
    log: File,
    log_len: u64,
    log_messages: u64,
    last_log_time: i64,
    /// Set when a failed append could not be undone: the TSE stops until it is opened again.
    broken: Option<TseError>,
}

impl SoftwareTse {
    /// Opens the TSE in `dir`, creating its key pair and state on first start.
    pub fn open(
        dir: impl AsRef<Path>,
        options: SoftwareTseOptions,
    ) -> Result<SoftwareTse, TseError> {
        let dir = dir.as_ref().to_path_buf();
        state::create_private_dir(&dir).map_err(|e| TseError::io("create folder", &e))?;
        let lock = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(state::LOCK_FILE))
            .map_err(|e| TseError::io("open lock", &e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(TseError::Unreachable(Unreachable::InUse)),
            Err(TryLockError::Error(e)) => return Err(TseError::io("lock", &e)),
        }
        let key = match state::read_optional(&dir, state::KEY_FILE)? {
            Some(bytes) => SigningKey::from_slice(&bytes)
                .map_err(|_| TseError::corrupt("signing key unreadable / Schlüssel unlesbar"))?,
            None => initialise(&dir, &options)?,
        };
        let public_key = key.verifying_key().to_encoded_point(false);
        let serial_number: [u8; 32] = Sha256::digest(public_key.as_bytes()).into();
        let serial_hex = hex(&serial_number);
        let time_format = state::decode_settings(&state::read_text(&dir, state::SETTINGS_FILE)?)?;
        let reserved = Counters::decode(&state::read_text(&dir, state::COUNTERS_FILE)?)?;
        let clients = parse_clients(&state::read_text(&dir, state::CLIENTS_FILE)?)?;
        let certificate = match state::read_optional(&dir, state::CERTIFICATE_FILE)? {
            Some(certificate) => certificate,
            None => {
                let now = LogTime::from_unix_seconds((options.clock)());
                let certificate = certificate::self_signed_certificate(&key, &serial_hex, now);
                state::write_atomically(&dir, state::CERTIFICATE_FILE, &certificate)
                    .map_err(|e| TseError::io("write certificate", &e))?;
                certificate
            }
        };

        let log_path = dir.join(state::LOG_FILE);
        let log_bytes = state::read_optional(&dir, state::LOG_FILE)?.unwrap_or_default();
        let scan = log_file::scan(&log_bytes, &serial_number)?;
        reserved.check_not_below(scan.highest_used)?;
        let log =
            state::create_owner_only(&log_path, false).map_err(|e| TseError::io("open log", &e))?;
        if scan.complete_len < log_bytes.len() {
            // An append was interrupted: its signature never left the TSE.
            log.set_len(scan.complete_len as u64)
                .and_then(|()| log.sync_all())
                .map_err(|e| TseError::io("repair log", &e))?;
        }
        state::sync_dir(&dir).map_err(|e| TseError::io("sync folder", &e))?;

        let info = TseInfo {
            serial_number: serial_hex,
            public_key: BASE64.encode(public_key.as_bytes()),
            signature_algorithm: SIGNATURE_ALGORITHM.to_owned(),
            time_format,
            certified: false,
            description: DESCRIPTION.to_owned(),
        };
        Ok(SoftwareTse {
            dir,
            _lock: lock,
            key,
            serial_number,
            info,
            certificate,
            clock: options.clock,
            inner: Mutex::new(Inner {
                reserved,
                clients,
                open: scan.open,
                log,
                log_len: scan.complete_len as u64,
                log_messages: scan.messages,
                last_log_time: scan.last_log_time,
                broken: None,
            }),
        })
    }

    /// The folder holding this TSE's state.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn sign(
        &self,
        operation: Operation,
        client_id: &ClientId,
        transaction_number: Option<u64>,
        process_type: ProcessType,
        process_data: &str,
    ) -> Result<TransactionResult, TseError> {
        if process_data.len() > MAX_PROCESS_DATA {
            return Err(TseError::Refused(Refusal::ProcessDataTooLarge {
                bytes: process_data.len(),
                limit: MAX_PROCESS_DATA,
            }));
        }
        let mut inner = self.inner();
        if let Some(error) = &inner.broken {
            return Err(error.clone());
        }
        if !inner.clients.contains(client_id) {
            return Err(TseError::Refused(Refusal::UnknownClient {
                client_id: client_id.to_string(),
            }));
        }
        let exhausted = || TseError::corrupt("counter exhausted / Zähler erschöpft");
        let (number, start_time) = match transaction_number {
            None => (
                inner
                    .reserved
                    .transaction
                    .checked_add(1)
                    .ok_or_else(exhausted)?,
                None,
            ),
            Some(number) => {
                let open = inner.open.get(&number).ok_or(TseError::Refused(
                    Refusal::TransactionNotOpen {
                        transaction_number: number,
                    },
                ))?;
                if &open.client_id != client_id {
                    return Err(TseError::Refused(Refusal::TransactionOfOtherClient {
                        transaction_number: number,
                        owner: open.client_id.to_string(),
                    }));
                }
                (number, Some(open.start_time))
            }
        };
        let reservation = Counters {
            signature: inner
                .reserved
                .signature
                .checked_add(1)
                .ok_or_else(exhausted)?,
            transaction: inner.reserved.transaction.max(number),
        };
        state::write_atomically(
            &self.dir,
            state::COUNTERS_FILE,
            reservation.encode().as_bytes(),
        )
        .map_err(|e| TseError::io("reserve counter", &e))?;
        inner.reserved = reservation;

        let log_time = LogTime::from_unix_seconds((self.clock)().max(inner.last_log_time));
        let log = TransactionLog {
            operation,
            client_id: client_id.to_string(),
            process_data: process_data.as_bytes().to_vec(),
            process_type: process_type.as_str().to_owned(),
            transaction_number: number,
            serial_number: self.serial_number.to_vec(),
            signature_counter: reservation.signature,
            log_time,
            time_format: self.info.time_format,
        };
        let signature: Signature = self.key.sign(&log.data_to_be_signed());
        let signature = signature.to_bytes();
        inner.append(&log.encode(&signature))?;

        inner.last_log_time = log_time.unix_seconds();
        let start_time = start_time.unwrap_or(log_time);
        match operation {
            Operation::Finish => {
                inner.open.remove(&number);
            }
            Operation::Start | Operation::Update => {
                inner.open.insert(
                    number,
                    OpenTransaction {
                        client_id: client_id.clone(),
                        transaction_number: number,
                        process_type,
                        start_time,
                        last_signature_counter: reservation.signature,
                    },
                );
            }
        }
        Ok(TransactionResult {
            operation,
            client_id: client_id.clone(),
            transaction_number: number,
            signature_counter: reservation.signature,
            start_time,
            log_time,
            process_type,
            process_data: process_data.to_owned(),
            signature: BASE64.encode(signature),
            tse: self.info.clone(),
        })
    }
}

impl Inner {
    /// Appends one message and makes it durable; on failure the log is cut back to where it was.
    fn append(&mut self, message: &[u8]) -> Result<(), TseError> {
        let written = self
            .log
            .write_all(message)
            .and_then(|()| self.log.sync_data());
        match written {
            Ok(()) => {
                self.log_len += message.len() as u64;
                self.log_messages += 1;
                Ok(())
            }
            Err(error) => {
                let failure = TseError::io("append log", &error);
                let undone = self
                    .log
                    .set_len(self.log_len)
                    .and_then(|()| self.log.seek(SeekFrom::End(0)).map(|_| ()))
                    .and_then(|()| self.log.sync_data());
                if undone.is_err() {
                    self.broken = Some(failure.clone());
                }
                Err(failure)
            }
        }
    }
}

/// Creates the key pair and the state files of a new TSE.
fn initialise(dir: &Path, options: &SoftwareTseOptions) -> Result<SigningKey, TseError> {
    // A first start interrupted before the key was written leaves unused files behind; a folder
    // whose counters or log were ever used has lost its key.
    let used_log = state::read_optional(dir, state::LOG_FILE)?.is_some_and(|log| !log.is_empty());
    let used_counters = state::read_optional(dir, state::COUNTERS_FILE)?.is_some_and(|bytes| {
        Counters::decode(&String::from_utf8_lossy(&bytes)).ok() != Some(Counters::default())
    });
    if used_log || used_counters {
        return Err(TseError::corrupt(
            "signing key missing from a used TSE / Schlüssel einer benutzten TSE fehlt",
        ));
    }
    let key = SigningKey::random(&mut rand_core::OsRng);
    let write = |name: &str, bytes: &[u8]| {
        state::write_atomically(dir, name, bytes).map_err(|e| TseError::io("initialise", &e))
    };
    write(
        state::SETTINGS_FILE,
        state::encode_settings(options.time_format).as_bytes(),
    )?;
    write(state::CLIENTS_FILE, b"")?;
    write(
        state::COUNTERS_FILE,
        Counters::default().encode().as_bytes(),
    )?;
    // The key last: a folder with a key is a complete TSE.
    write(state::KEY_FILE, &key.to_bytes())?;
    Ok(key)
}

fn parse_clients(text: &str) -> Result<BTreeSet<ClientId>, TseError> {
    text.lines()
        .filter(|line| !line.is_empty())
        .map(|line| {
            ClientId::new(line).map_err(|_| TseError::corrupt("clients file / Kassenliste"))
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Tse for SoftwareTse {
    fn info(&self) -> Result<TseInfo, TseError> {
        Ok(self.info.clone())
    }

    fn certified(&self) -> bool {
        false
    }

    fn description(&self) -> String {
        DESCRIPTION.to_owned()
    }

    fn register_client(&self, client_id: &ClientId) -> Result<(), TseError> {
        let mut inner = self.inner();
        if inner.clients.contains(client_id) {
            return Ok(());
        }
        let mut clients = inner.clients.clone();
        clients.insert(client_id.clone());
        let text: String = clients.iter().map(|c| format!("{c}\n")).collect();
        state::write_atomically(&self.dir, state::CLIENTS_FILE, text.as_bytes())
            .map_err(|e| TseError::io("register client", &e))?;
        inner.clients = clients;
        Ok(())
    }

    fn registered_clients(&self) -> Result<Vec<ClientId>, TseError> {
        Ok(self.inner().clients.iter().cloned().collect())
    }

    fn start_transaction(
        &self,
        client_id: &ClientId,
        process_type: ProcessType,
        process_data: &str,
    ) -> Result<TransactionResult, TseError> {
        self.sign(
            Operation::Start,
            client_id,
            None,
            process_type,
            process_data,
        )
    }

    fn update_transaction(
        &self,
        client_id: &ClientId,
        transaction_number: u64,
        process_type: ProcessType,
        process_data: &str,
    ) -> Result<TransactionResult, TseError> {
        let number = Some(transaction_number);
        self.sign(
            Operation::Update,
            client_id,
            number,
            process_type,
            process_data,
        )
    }

    fn finish_transaction(
        &self,
        client_id: &ClientId,
        transaction_number: u64,
        process_type: ProcessType,
        process_data: &str,
    ) -> Result<TransactionResult, TseError> {
        let number = Some(transaction_number);
        self.sign(
            Operation::Finish,
            client_id,
            number,
            process_type,
            process_data,
        )
    }

    fn open_transactions(&self) -> Result<Vec<OpenTransaction>, TseError> {
        Ok(self.inner().open.values().cloned().collect())
    }

    fn self_test(&self) -> Result<SelfTestReport, TseError> {
        let inner = self.inner();
        if let Some(error) = &inner.broken {
            return Err(error.clone());
        }
        let challenge = format!("self test {}", (self.clock)());
        let signature: Signature = self.key.sign(challenge.as_bytes());
        self.key
            .verifying_key()
            .verify(challenge.as_bytes(), &signature)
            .map_err(|_| {
                TseError::corrupt("key pair does not verify / Schlüsselpaar fehlerhaft")
            })?;
        let stored = Counters::decode(&state::read_text(&self.dir, state::COUNTERS_FILE)?)?;
        stored.check_not_below(inner.reserved)?;
        let on_disk = std::fs::metadata(self.dir.join(state::LOG_FILE))
            .map_err(|e| TseError::io("self test", &e))?
            .len();
        if on_disk != inner.log_len {
            return Err(TseError::corrupt(
                "log changed outside the TSE / Protokoll außerhalb der TSE verändert",
            ));
        }
        Ok(SelfTestReport {
            serial_number: self.info.serial_number.clone(),
            signature_counter: inner.reserved.signature,
            transaction_number: inner.reserved.transaction,
            log_messages: inner.log_messages,
            open_transactions: inner.open.len(),
        })
    }

    fn export_tar(&self, out: &mut dyn Write) -> Result<ExportSummary, TseError> {
        let log = {
            let inner = self.inner();
            let bytes = state::read_optional(&self.dir, state::LOG_FILE)?.unwrap_or_default();
            let complete = usize::try_from(inner.log_len).unwrap_or(usize::MAX);
            if bytes.len() < complete {
                return Err(TseError::corrupt("log shortened / Protokoll gekürzt"));
            }
            bytes[..complete].to_vec()
        };
        export::write_tar(out, &self.info, &self.certificate, &log, (self.clock)())
    }
}
