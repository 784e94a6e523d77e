//! The software TSE's folder: owner-only files, atomic replacement (write, fsync, rename, fsync
//! the folder), and the small text files for counters, settings and registered clients.
//!
//! Files in the folder:
//! - `signing-key`: the P-256 private key, 32 raw bytes, mode 0600;
//! - `certificate.der`: a self-signed X.509 certificate of the public key;
//! - `settings`: the log time format, fixed when the TSE is created;
//! - `counters`: the highest signature counter and transaction number ever reserved;
//! - `clients`: the registered client ids, one a line;
//! - `transaction-log.der`: every log message, DER, appended one after the other;
//! - `lock`: held exclusively while a process has the TSE open.

use crate::error::{Counter, Refusal, TseError};
use crate::port::TimeFormat;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

pub const KEY_FILE: &str = "signing-key";
pub const CERTIFICATE_FILE: &str = "certificate.der";
pub const SETTINGS_FILE: &str = "settings";
pub const COUNTERS_FILE: &str = "counters";
pub const CLIENTS_FILE: &str = "clients";
pub const LOG_FILE: &str = "transaction-log.der";
pub const LOCK_FILE: &str = "lock";

const COUNTERS_HEADER: &str = "filiale-tse counters 1";
const SETTINGS_HEADER: &str = "filiale-tse settings 1";

/// Creates the folder if needed and makes it owner-only (0700).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    set_mode(dir, 0o700)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// Opens a file for writing that only its owner may read (0600 where permissions exist).
pub fn create_owner_only(path: &Path, truncate: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true);
    if truncate {
        options.truncate(true);
    } else {
        options.append(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    set_mode(path, 0o600)?;
    Ok(file)
}

/// Replaces `dir/name` with `bytes` so that after a crash it holds either the old or the new
/// content, and once this returns the new content is on disk.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let temporary = dir.join(format!("{name}.tmp"));
    let mut file = create_owner_only(&temporary, true)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temporary, dir.join(name))?;
    sync_dir(dir)
}

/// Makes a rename or a new file in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
    Ok(())
}

/// The highest numbers ever handed out or about to be: nothing at or below them is used again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counters {
    pub signature: u64,
    pub transaction: u64,
}

impl Counters {
    pub fn encode(&self) -> String {
        format!(
            "{COUNTERS_HEADER}\nsignature_counter={}\ntransaction_number={}\n",
            self.signature, self.transaction
        )
    }

    pub fn decode(text: &str) -> Result<Counters, TseError> {
        let corrupt = || TseError::corrupt("counters file unreadable / Zählerdatei unlesbar");
        let mut lines = text.lines();
        if lines.next() != Some(COUNTERS_HEADER) {
            return Err(corrupt());
        }
        let mut value = |key: &str| -> Result<u64, TseError> {
            lines
                .next()
                .and_then(|line| line.strip_prefix(key))
                .and_then(|rest| rest.strip_prefix('='))
                .and_then(|number| number.parse().ok())
                .ok_or_else(corrupt)
        };
        let signature = value("signature_counter")?;
        let transaction = value("transaction_number")?;
        if lines.next().is_some() {
            return Err(corrupt());
        }
        Ok(Counters {
            signature,
            transaction,
        })
    }

    /// The alarm when these stored counters are below numbers the log shows as used.
    pub fn check_not_below(&self, used: Counters) -> Result<(), TseError> {
        if self.signature < used.signature {
            return Err(TseError::Refused(Refusal::CounterWentBackwards {
                counter: Counter::Signature,
                stored: self.signature,
                already_used: used.signature,
            }));
        }
        if self.transaction < used.transaction {
            return Err(TseError::Refused(Refusal::CounterWentBackwards {
                counter: Counter::Transaction,
                stored: self.transaction,
                already_used: used.transaction,
            }));
        }
        Ok(())
    }
}

pub fn encode_settings(time_format: TimeFormat) -> String {
    format!("{SETTINGS_HEADER}\ntime_format={}\n", time_format.as_str())
}

pub fn decode_settings(text: &str) -> Result<TimeFormat, TseError> {
    let mut lines = text.lines();
    let header = lines.next();
    let format = lines
        .next()
        .and_then(|line| line.strip_prefix("time_format="))
        .and_then(TimeFormat::parse);
    match (header, format) {
        (Some(SETTINGS_HEADER), Some(format)) => Ok(format),
        _ => Err(TseError::corrupt(
            "settings file unreadable / Einstellungsdatei unlesbar",
        )),
    }
}

/// Reads a file of the folder; a missing one is `None`.
pub fn read_optional(dir: &Path, name: &str) -> Result<Option<Vec<u8>>, TseError> {
    match fs::read(dir.join(name)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(TseError::io("read", &error)),
    }
}

/// Reads a text file of the folder that must exist.
pub fn read_text(dir: &Path, name: &str) -> Result<String, TseError> {
    let bytes = read_optional(dir, name)?
        .ok_or_else(|| TseError::corrupt(format!("{name} missing / {name} fehlt")))?;
    String::from_utf8(bytes)
        .map_err(|_| TseError::corrupt(format!("{name} is not text / {name} ist kein Text")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_round_trip_and_damage_is_refused() {
        let counters = Counters {
            signature: 41,
            transaction: 7,
        };
        assert_eq!(Counters::decode(&counters.encode()).unwrap(), counters);
        for damaged in [
            "",
            "filiale-tse counters 1\nsignature_counter=x\ntransaction_number=1\n",
            "filiale-tse counters 1\nsignature_counter=1\n",
        ] {
            assert!(Counters::decode(damaged).unwrap_err().is_refused());
        }
    }
}
