//! Staff PINs: cashiers and managers with argon2-hashed PINs, and a lockout after five consecutive
//! wrong PINs. A successful [`StaffPins::verify`] yields a [`VerifiedStaff`];
//! [`StaffPins::verify_manager`] yields a [`VerifiedManager`], the only way to sign a reorder
//! decision (or anything else that needs a manager).
//!
//! The PIN rules, the hashing and the lockout live here; the rows live wherever the caller keeps
//! them, reached through [`StaffRecords`] (inside one transaction of the caller's storage) and
//! [`StaffStore`] (a storage that opens such transactions itself). The `*_in` methods work inside a
//! transaction the caller holds, so a staff change and its audit entry can be one transaction.

use std::sync::{Arc, OnceLock};

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use chrono::{DateTime, Duration, Utc};
use filiale_domain::Role;
use password_hash::SaltString;
use password_hash::rand_core::OsRng;

use crate::error::StorageError;

/// Consecutive wrong PINs after which a member of staff is locked out.
pub const MAX_FAILED_ATTEMPTS: u32 = 5;
/// How long a lockout lasts. After it, one attempt is allowed; a wrong one locks again.
pub const LOCKOUT: Duration = Duration::minutes(15);

/// argon2id's memory cost per PIN check, in KiB (19 MiB: OWASP's recommended minimum).
pub const ARGON2_MEMORY_KIB: u32 = 19_456;
/// argon2id's passes over that memory.
pub const ARGON2_ITERATIONS: u32 = 2;
/// argon2id's lanes (one: a till PC checks one PIN at a time).
pub const ARGON2_LANES: u32 = 1;

/// The PIN hasher with the parameters above (PHC strings carry them, so older hashes still verify).
fn hasher() -> Argon2<'static> {
    let params =
        Params::new(ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_LANES, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

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
    Storage(#[source] StorageError),
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

/// What verifying a PIN needs of a member of staff (the hash never leaves [`StaffPins`]'s checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffCredentials {
    pub role: Role,
    /// The argon2 PHC string.
    pub pin_hash: String,
    pub failed_attempts: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// The staff rows, inside one transaction of the caller's storage. Names arrive trimmed and valid.
pub trait StaffRecords {
    /// Role, PIN hash, failed attempts and lockout of `name`, if on the list.
    fn credentials(&self, name: &str) -> Result<Option<StaffCredentials>, StorageError>;
    /// Adds `name`; `false` (and nothing written) when the name is already on the list.
    fn insert(
        &self,
        name: &str,
        role: Role,
        pin_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError>;
    /// Replaces the PIN hash and clears failed attempts and lockout; `false` for an unknown name.
    fn set_pin_hash(
        &self,
        name: &str,
        pin_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError>;
    /// Changes the role; `false` for an unknown name.
    fn set_role(&self, name: &str, role: Role, now: DateTime<Utc>) -> Result<bool, StorageError>;
    /// Records the failed-attempt count and the lockout (`None`: not locked).
    fn set_attempts(
        &self,
        name: &str,
        failed_attempts: u32,
        locked_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError>;
    /// Everyone on the list by name, or only `only`.
    fn members(&self, only: Option<&str>) -> Result<Vec<StaffMember>, StorageError>;
}

/// A staff storage that runs [`StaffRecords`] work in a transaction of its own: committed when the
/// work returns `Ok`, rolled back when it returns `Err`.
pub trait StaffStore: Send + Sync {
    fn transaction(
        &self,
        work: &mut dyn FnMut(&dyn StaffRecords) -> Result<(), StorageError>,
    ) -> Result<(), StorageError>;
}

/// The staff's PINs: the rules over a [`StaffStore`]. Cloning shares the storage.
#[derive(Clone)]
pub struct StaffPins {
    store: Arc<dyn StaffStore>,
    argon2: Argon2<'static>,
    /// A hash of no one's PIN: checked for unknown names and locked-out staff, so that every
    /// attempt costs one argon2 verification and names cannot be told apart by time.
    decoy: Arc<OnceLock<String>>,
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

impl StaffPins {
    /// The PIN rules over `store`.
    pub fn new(store: Arc<dyn StaffStore>) -> Self {
        Self {
            store,
            argon2: hasher(),
            decoy: Arc::new(OnceLock::new()),
        }
    }

    /// A staff list kept in memory (tests, simulations).
    pub fn in_memory() -> Self {
        Self::new(Arc::new(crate::memory_staff::MemoryStaff::default()))
    }

    /// Runs `work` in one transaction of the storage. Refusals (a wrong PIN, an unknown name)
    /// commit what the work wrote — the attempt counter — only a storage failure rolls back.
    fn within<T>(
        &self,
        mut work: impl FnMut(&dyn StaffRecords) -> Result<T, PinError>,
    ) -> Result<T, PinError> {
        let mut outcome = None;
        self.store
            .transaction(&mut |records| match work(records) {
                Err(PinError::Storage(e)) => Err(e),
                other => {
                    outcome = Some(other);
                    Ok(())
                }
            })
            .map_err(PinError::Storage)?;
        outcome.unwrap_or_else(|| {
            Err(PinError::Storage(
                "the staff transaction did not run".into(),
            ))
        })
    }

    /// Spends the time of one PIN check on the decoy hash: the answer is thrown away.
    fn check_decoy(&self, pin: &str) {
        let decoy = self.decoy.get_or_init(|| {
            let salt = SaltString::generate(&mut OsRng);
            self.argon2
                .hash_password(b"decoy-no-pin", &salt)
                .map(|h| h.to_string())
                .unwrap_or_default()
        });
        if let Ok(parsed) = PasswordHash::new(decoy) {
            let _ = self.argon2.verify_password(pin.as_bytes(), &parsed);
        }
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
        self.within(|r| self.add_in(r, name, role, pin, now))
    }

    /// [`StaffPins::add`] inside the caller's transaction.
    pub fn add_in(
        &self,
        records: &dyn StaffRecords,
        name: &str,
        role: Role,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<(), PinError> {
        let name = valid_name(name)?;
        let hash = self.hash(pin)?;
        if !records
            .insert(name, role, &hash, now)
            .map_err(PinError::Storage)?
        {
            return Err(PinError::AlreadyEnrolled(name.to_owned()));
        }
        Ok(())
    }

    /// Replaces the PIN of a member of staff and clears any lockout.
    pub fn set_pin(&self, name: &str, pin: &str, now: DateTime<Utc>) -> Result<(), PinError> {
        self.within(|r| self.set_pin_in(r, name, pin, now))
    }

    /// [`StaffPins::set_pin`] inside the caller's transaction.
    pub fn set_pin_in(
        &self,
        records: &dyn StaffRecords,
        name: &str,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<(), PinError> {
        let name = valid_name(name)?;
        let hash = self.hash(pin)?;
        if !records
            .set_pin_hash(name, &hash, now)
            .map_err(PinError::Storage)?
        {
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
        self.within(|r| self.enroll_in(r, name, role, pin, now))
    }

    /// [`StaffPins::enroll`] inside the caller's transaction.
    pub fn enroll_in(
        &self,
        records: &dyn StaffRecords,
        name: &str,
        role: Role,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<(), PinError> {
        match self.add_in(records, name, role, pin, now) {
            Err(PinError::AlreadyEnrolled(_)) => self.set_pin_in(records, name, pin, now),
            other => other,
        }
    }

    /// Changes the role of a member of staff.
    pub fn set_role(&self, name: &str, role: Role, now: DateTime<Utc>) -> Result<(), PinError> {
        self.within(|r| self.set_role_in(r, name, role, now))
    }

    /// [`StaffPins::set_role`] inside the caller's transaction.
    pub fn set_role_in(
        &self,
        records: &dyn StaffRecords,
        name: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<(), PinError> {
        let name = valid_name(name)?;
        if !records
            .set_role(name, role, now)
            .map_err(PinError::Storage)?
        {
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
        let name = name.trim();
        self.within(|r| r.members(Some(name)).map_err(PinError::Storage))
            .map(|m| m.into_iter().next())
    }

    /// Everyone on the staff list, by name.
    pub fn list(&self) -> Result<Vec<StaffMember>, PinError> {
        self.within(|r| r.members(None).map_err(PinError::Storage))
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
        self.within(|r| self.verify_in(r, name, pin, now))
    }

    /// [`StaffPins::verify`] inside the caller's transaction. The caller must commit its
    /// transaction on a refusal too (a wrong PIN counts); only [`PinError::Storage`] means roll back.
    pub fn verify_in(
        &self,
        records: &dyn StaffRecords,
        name: &str,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<VerifiedStaff, PinError> {
        let name = name.trim();
        let Some(found) = records.credentials(name).map_err(PinError::Storage)? else {
            self.check_decoy(pin);
            return Err(PinError::UnknownStaff(name.to_owned()));
        };
        if let Some(until) = found.locked_until
            && now < until
        {
            self.check_decoy(pin);
            return Err(PinError::LockedOut { until });
        }
        let parsed =
            PasswordHash::new(&found.pin_hash).map_err(|e| PinError::Hash(e.to_string()))?;
        if self.argon2.verify_password(pin.as_bytes(), &parsed).is_ok() {
            if found.failed_attempts != 0 || found.locked_until.is_some() {
                records
                    .set_attempts(name, 0, None, now)
                    .map_err(PinError::Storage)?;
            }
            return Ok(VerifiedStaff {
                name: name.to_owned(),
                role: found.role,
                verified_at: now,
            });
        }
        let failed = (found.failed_attempts + 1).min(MAX_FAILED_ATTEMPTS);
        let until = (failed >= MAX_FAILED_ATTEMPTS).then(|| now + LOCKOUT);
        records
            .set_attempts(name, failed, until, now)
            .map_err(PinError::Storage)?;
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
        self.within(|r| self.verify_manager_in(r, name, pin, now))
    }

    /// [`StaffPins::verify_manager`] inside the caller's transaction (see [`StaffPins::verify_in`]).
    pub fn verify_manager_in(
        &self,
        records: &dyn StaffRecords,
        name: &str,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<VerifiedManager, PinError> {
        let staff = self.verify_in(records, name, pin, now)?;
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
/// new name as a manager, `verify` accepts managers only. Cloning shares the storage.
#[derive(Clone, Debug)]
pub struct ManagerPins(StaffPins);

impl ManagerPins {
    /// The managers' view over `store`.
    pub fn new(store: Arc<dyn StaffStore>) -> Self {
        ManagerPins(StaffPins::new(store))
    }

    /// The managers' view of a staff list.
    pub fn of(staff: StaffPins) -> Self {
        ManagerPins(staff)
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
