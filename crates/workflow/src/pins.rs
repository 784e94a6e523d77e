//! Manager PINs: argon2 hashes in their own SQLite table, and a lockout after five consecutive
//! wrong PINs. A successful [`ManagerPins::verify`] yields a [`VerifiedManager`], the only way to
//! sign a reorder decision.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration as StdDuration;

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use password_hash::SaltString;
use password_hash::rand_core::OsRng;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

/// Consecutive wrong PINs after which a manager is locked out.
pub const MAX_FAILED_ATTEMPTS: u32 = 5;
/// How long a lockout lasts. After it, one attempt is allowed; a wrong one locks again.
pub const LOCKOUT: Duration = Duration::minutes(15);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS workflow_manager_pins (
    manager         TEXT PRIMARY KEY,
    pin_hash        TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    updated_at      TEXT NOT NULL
);
";

/// Why a PIN was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum PinError {
    #[error("unknown manager {0}")]
    UnknownManager(String),
    #[error("wrong PIN; {remaining} attempts left before lockout")]
    WrongPin { remaining: u32 },
    #[error("too many wrong PINs; locked until {until}")]
    LockedOut { until: DateTime<Utc> },
    #[error("a PIN must be 4 to 12 digits")]
    InvalidPin,
    #[error("a manager name must not be empty")]
    InvalidManager,
    #[error("PIN storage failed: {0}")]
    Storage(#[from] rusqlite::Error),
    #[error("PIN hashing failed: {0}")]
    Hash(String),
}

/// Proof that `name` entered a correct PIN at `verified_at`. Cannot be made any other way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedManager {
    name: String,
    verified_at: DateTime<Utc>,
}

impl VerifiedManager {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn verified_at(&self) -> DateTime<Utc> {
        self.verified_at
    }
    /// For code paths that have authenticated the manager some other way (and for tests).
    pub fn trusted(name: &str, at: DateTime<Utc>) -> Self {
        Self {
            name: name.to_owned(),
            verified_at: at,
        }
    }
}

/// The managers' PINs. Cloning shares the connection.
#[derive(Clone)]
pub struct ManagerPins {
    /// A std mutex: each use is one short synchronous transaction.
    conn: Arc<Mutex<Connection>>,
    argon2: Argon2<'static>,
}

impl std::fmt::Debug for ManagerPins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ManagerPins").finish_non_exhaustive()
    }
}

impl ManagerPins {
    /// Opens the database file at `path` and creates the table if missing.
    pub fn open(path: &Path) -> Result<Self, PinError> {
        Self::new(Connection::open(path)?)
    }

    /// Uses the caller's connection (it may be the store's database) and creates the table.
    pub fn new(conn: Connection) -> Result<Self, PinError> {
        conn.busy_timeout(StdDuration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            argon2: Argon2::default(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets (or replaces) a manager's PIN; clears any lockout.
    pub fn set_pin(&self, manager: &str, pin: &str, now: DateTime<Utc>) -> Result<(), PinError> {
        let manager = manager.trim();
        if manager.is_empty() {
            return Err(PinError::InvalidManager);
        }
        if !(4..=12).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PinError::InvalidPin);
        }
        let salt = SaltString::generate(&mut OsRng);
        let hash = self
            .argon2
            .hash_password(pin.as_bytes(), &salt)
            .map_err(|e| PinError::Hash(e.to_string()))?
            .to_string();
        self.lock().execute(
            "INSERT INTO workflow_manager_pins (manager, pin_hash, failed_attempts, locked_until, updated_at)
             VALUES (?1, ?2, 0, NULL, ?3)
             ON CONFLICT (manager) DO UPDATE SET pin_hash = excluded.pin_hash,
                 failed_attempts = 0, locked_until = NULL, updated_at = excluded.updated_at",
            params![manager, hash, now.to_rfc3339()],
        )?;
        Ok(())
    }

    /// Whether a manager has a PIN.
    pub fn has_pin(&self, manager: &str) -> Result<bool, PinError> {
        let found = self
            .lock()
            .query_row(
                "SELECT 1 FROM workflow_manager_pins WHERE manager = ?1",
                [manager.trim()],
                |_| Ok(()),
            )
            .optional()?;
        Ok(found.is_some())
    }

    /// Checks `pin` for `manager`. Five consecutive wrong PINs lock the manager out for
    /// [`LOCKOUT`]; while locked out even the right PIN is refused. The check and the counter
    /// update are one transaction, so concurrent wrong attempts all count.
    pub fn verify(
        &self,
        manager: &str,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<VerifiedManager, PinError> {
        let manager = manager.trim();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(String, u32, Option<String>)> = tx
            .query_row(
                "SELECT pin_hash, failed_attempts, locked_until FROM workflow_manager_pins
                  WHERE manager = ?1",
                [manager],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((hash, failed, locked_until)) = row else {
            return Err(PinError::UnknownManager(manager.to_owned()));
        };
        if let Some(until) = locked_until
            .as_deref()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&Utc))
            && now < until
        {
            return Err(PinError::LockedOut { until });
        }
        let parsed = PasswordHash::new(&hash).map_err(|e| PinError::Hash(e.to_string()))?;
        if self.argon2.verify_password(pin.as_bytes(), &parsed).is_ok() {
            tx.execute(
                "UPDATE workflow_manager_pins SET failed_attempts = 0, locked_until = NULL,
                     updated_at = ?2 WHERE manager = ?1",
                params![manager, now.to_rfc3339()],
            )?;
            tx.commit()?;
            return Ok(VerifiedManager {
                name: manager.to_owned(),
                verified_at: now,
            });
        }
        let failed = (failed + 1).min(MAX_FAILED_ATTEMPTS);
        let until = (failed >= MAX_FAILED_ATTEMPTS).then(|| now + LOCKOUT);
        tx.execute(
            "UPDATE workflow_manager_pins SET failed_attempts = ?2, locked_until = ?3,
                 updated_at = ?4 WHERE manager = ?1",
            params![
                manager,
                failed,
                until.map(|t| t.to_rfc3339()),
                now.to_rfc3339()
            ],
        )?;
        tx.commit()?;
        match until {
            Some(until) => Err(PinError::LockedOut { until }),
            None => Err(PinError::WrongPin {
                remaining: MAX_FAILED_ATTEMPTS - failed,
            }),
        }
    }
}
