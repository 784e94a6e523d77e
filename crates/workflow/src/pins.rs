//! Staff PINs: cashiers and managers with argon2-hashed PINs in their own SQLite table, and a
//! lockout after five consecutive wrong PINs. A successful [`StaffPins::verify`] yields a
//! [`VerifiedStaff`]; [`StaffPins::verify_manager`] yields a [`VerifiedManager`], the only way to
//! sign a reorder decision (or anything else that needs a manager).

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration as StdDuration;

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use filiale_domain::Role;
use password_hash::SaltString;
use password_hash::rand_core::OsRng;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

/// Consecutive wrong PINs after which a member of staff is locked out.
pub const MAX_FAILED_ATTEMPTS: u32 = 5;
/// How long a lockout lasts. After it, one attempt is allowed; a wrong one locks again.
pub const LOCKOUT: Duration = Duration::minutes(15);

/// The staff table. The store's migration `0005_audit.sql` creates the same table (and moves the
/// manager PINs of earlier versions into it); here it is created for databases without migrations.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS staff (
    name            TEXT PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
    pin_hash        TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
";

/// Why a PIN or a staff change was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum PinError {
    #[error("unknown member of staff {0}")]
    UnknownStaff(String),
    /// From [`ManagerPins::verify`]: no member of staff has this name.
    #[error("unknown manager {0}")]
    UnknownManager(String),
    #[error("{0} is already on the staff list")]
    AlreadyEnrolled(String),
    #[error("wrong PIN; {remaining} attempts left before lockout")]
    WrongPin { remaining: u32 },
    #[error("too many wrong PINs; locked until {until}")]
    LockedOut { until: DateTime<Utc> },
    #[error("{0} is not a manager")]
    NotAManager(String),
    #[error("a PIN must be 4 to 12 digits")]
    InvalidPin,
    #[error("a staff name must be 1 to 60 characters")]
    InvalidName,
    #[error("PIN storage failed: {0}")]
    Storage(#[from] rusqlite::Error),
    #[error("PIN hashing failed: {0}")]
    Hash(String),
}

/// Proof that `name` entered a correct PIN at `verified_at`. Cannot be made any other way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedStaff {
    name: String,
    role: Role,
    verified_at: DateTime<Utc>,
}

impl VerifiedStaff {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn verified_at(&self) -> DateTime<Utc> {
        self.verified_at
    }
}

/// Proof that the manager `name` entered a correct PIN at `verified_at`. Cannot be made any other
/// way than by [`StaffPins::verify_manager`] (or [`VerifiedManager::trusted`]).
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

/// One member of staff as listed (never with the PIN hash).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StaffMember {
    pub name: String,
    pub role: Role,
    pub failed_attempts: u32,
    pub locked_until: Option<DateTime<Utc>>,
    pub created_at: String,
    pub updated_at: String,
}

/// The staff's PINs. Cloning shares the connection.
#[derive(Clone)]
pub struct StaffPins {
    /// A std mutex: each use is one short synchronous transaction.
    conn: Arc<Mutex<Connection>>,
    argon2: Argon2<'static>,
}

impl std::fmt::Debug for StaffPins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffPins").finish_non_exhaustive()
    }
}

fn valid_name(name: &str) -> Result<&str, PinError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(PinError::InvalidName);
    }
    Ok(name)
}

fn valid_pin(pin: &str) -> Result<(), PinError> {
    if !(4..=12).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinError::InvalidPin);
    }
    Ok(())
}

fn parse_time(text: Option<String>) -> Option<DateTime<Utc>> {
    text.as_deref()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn parse_role(text: &str) -> rusqlite::Result<Role> {
    Role::parse(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl StaffPins {
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

    fn hash(&self, pin: &str) -> Result<String, PinError> {
        valid_pin(pin)?;
        let salt = SaltString::generate(&mut OsRng);
        Ok(self
            .argon2
            .hash_password(pin.as_bytes(), &salt)
            .map_err(|e| PinError::Hash(e.to_string()))?
            .to_string())
    }

    /// Adds a member of staff with a role and a PIN. A name already on the list is refused.
    pub fn add(
        &self,
        name: &str,
        role: Role,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<(), PinError> {
        let name = valid_name(name)?;
        let hash = self.hash(pin)?;
        let inserted = self.lock().execute(
            "INSERT INTO staff (name, role, pin_hash, failed_attempts, locked_until, created_at, updated_at)
             VALUES (?1, ?2, ?3, 0, NULL, ?4, ?4) ON CONFLICT (name) DO NOTHING",
            params![name, role.as_str(), hash, now.to_rfc3339()],
        )?;
        if inserted == 0 {
            return Err(PinError::AlreadyEnrolled(name.to_owned()));
        }
        Ok(())
    }

    /// Replaces the PIN of a member of staff and clears any lockout.
    pub fn set_pin(&self, name: &str, pin: &str, now: DateTime<Utc>) -> Result<(), PinError> {
        let name = valid_name(name)?;
        let hash = self.hash(pin)?;
        let changed = self.lock().execute(
            "UPDATE staff SET pin_hash = ?2, failed_attempts = 0, locked_until = NULL, updated_at = ?3
             WHERE name = ?1",
            params![name, hash, now.to_rfc3339()],
        )?;
        if changed == 0 {
            return Err(PinError::UnknownStaff(name.to_owned()));
        }
        Ok(())
    }

    /// Sets the PIN of `name`, adding them with `role` when they are not on the list yet (the role
    /// of someone already listed stays as it is).
    pub fn enroll(
        &self,
        name: &str,
        role: Role,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<(), PinError> {
        match self.add(name, role, pin, now) {
            Err(PinError::AlreadyEnrolled(_)) => self.set_pin(name, pin, now),
            other => other,
        }
    }

    /// Changes the role of a member of staff.
    pub fn set_role(&self, name: &str, role: Role, now: DateTime<Utc>) -> Result<(), PinError> {
        let name = valid_name(name)?;
        let changed = self.lock().execute(
            "UPDATE staff SET role = ?2, updated_at = ?3 WHERE name = ?1",
            params![name, role.as_str(), now.to_rfc3339()],
        )?;
        if changed == 0 {
            return Err(PinError::UnknownStaff(name.to_owned()));
        }
        Ok(())
    }

    /// Whether `name` is on the staff list.
    pub fn has_pin(&self, name: &str) -> Result<bool, PinError> {
        Ok(self.member(name)?.is_some())
    }

    /// One member of staff.
    pub fn member(&self, name: &str) -> Result<Option<StaffMember>, PinError> {
        Ok(self.members(Some(name.trim()))?.into_iter().next())
    }

    /// Everyone on the staff list, by name.
    pub fn list(&self) -> Result<Vec<StaffMember>, PinError> {
        self.members(None)
    }

    fn members(&self, only: Option<&str>) -> Result<Vec<StaffMember>, PinError> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT name, role, failed_attempts, locked_until, created_at, updated_at FROM staff
             WHERE ?1 IS NULL OR name = ?1 ORDER BY name",
        )?;
        let rows = stmt.query_map([only], |r| {
            Ok(StaffMember {
                name: r.get(0)?,
                role: parse_role(&r.get::<_, String>(1)?)?,
                failed_attempts: r.get(2)?,
                locked_until: parse_time(r.get(3)?),
                created_at: r.get(4)?,
                updated_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Checks `pin` for `name`. Five consecutive wrong PINs lock the member out for [`LOCKOUT`];
    /// while locked out even the right PIN is refused. The check and the counter update are one
    /// transaction, so concurrent wrong attempts all count.
    pub fn verify(
        &self,
        name: &str,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<VerifiedStaff, PinError> {
        let name = name.trim();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(String, String, u32, Option<String>)> = tx
            .query_row(
                "SELECT role, pin_hash, failed_attempts, locked_until FROM staff WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((role, hash, failed, locked_until)) = row else {
            return Err(PinError::UnknownStaff(name.to_owned()));
        };
        let role = parse_role(&role)?;
        if let Some(until) = parse_time(locked_until)
            && now < until
        {
            return Err(PinError::LockedOut { until });
        }
        let parsed = PasswordHash::new(&hash).map_err(|e| PinError::Hash(e.to_string()))?;
        if self.argon2.verify_password(pin.as_bytes(), &parsed).is_ok() {
            tx.execute(
                "UPDATE staff SET failed_attempts = 0, locked_until = NULL, updated_at = ?2
                 WHERE name = ?1 AND (failed_attempts != 0 OR locked_until IS NOT NULL)",
                params![name, now.to_rfc3339()],
            )?;
            tx.commit()?;
            return Ok(VerifiedStaff {
                name: name.to_owned(),
                role,
                verified_at: now,
            });
        }
        let failed = (failed + 1).min(MAX_FAILED_ATTEMPTS);
        let until = (failed >= MAX_FAILED_ATTEMPTS).then(|| now + LOCKOUT);
        tx.execute(
            "UPDATE staff SET failed_attempts = ?2, locked_until = ?3, updated_at = ?4 WHERE name = ?1",
            params![
                name,
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

    /// Checks `pin` like [`StaffPins::verify`] and that `name` is a manager.
    pub fn verify_manager(
        &self,
        name: &str,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<VerifiedManager, PinError> {
        let staff = self.verify(name, pin, now)?;
        if staff.role != Role::Manager {
            return Err(PinError::NotAManager(staff.name));
        }
        Ok(VerifiedManager {
            name: staff.name,
            verified_at: staff.verified_at,
        })
    }
}

/// The managers' view of [`StaffPins`] (reorder approvals and older callers): `set_pin` enrols a
/// new name as a manager, `verify` accepts managers only. Cloning shares the connection.
#[derive(Clone, Debug)]
pub struct ManagerPins(StaffPins);

impl ManagerPins {
    /// Opens the database file at `path` and creates the staff table if missing.
    pub fn open(path: &Path) -> Result<Self, PinError> {
        StaffPins::open(path).map(ManagerPins)
    }

    /// Uses the caller's connection (it may be the store's database).
    pub fn new(conn: Connection) -> Result<Self, PinError> {
        StaffPins::new(conn).map(ManagerPins)
    }

    /// All staff, not only managers.
    pub fn staff(&self) -> &StaffPins {
        &self.0
    }

    /// Sets (or replaces) a PIN; a name not on the staff list is added as a manager.
    pub fn set_pin(&self, manager: &str, pin: &str, now: DateTime<Utc>) -> Result<(), PinError> {
        self.0.enroll(manager, Role::Manager, pin, now)
    }

    /// Whether `manager` is on the staff list.
    pub fn has_pin(&self, manager: &str) -> Result<bool, PinError> {
        self.0.has_pin(manager)
    }

    /// [`StaffPins::verify_manager`], with an unknown name reported as [`PinError::UnknownManager`].
    pub fn verify(
        &self,
        manager: &str,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<VerifiedManager, PinError> {
        self.0
            .verify_manager(manager, pin, now)
            .map_err(|e| match e {
                PinError::UnknownStaff(name) => PinError::UnknownManager(name),
                other => other,
            })
    }
}
