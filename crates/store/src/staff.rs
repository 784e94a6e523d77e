//! The staff list (`staff`, migration 0005): names, roles, argon2 PIN hashes, failed attempts and
//! lockouts. The PIN rules and the lockout are the workflow crate's; this module only keeps the
//! rows, inside the caller's transaction, so a staff change and its audit entry commit together.
//! A PIN hash leaves this module only through [`credentials`].

use chrono::{DateTime, Utc};
use filiale_domain::Role;
use rusqlite::{OptionalExtension, Row, params};

use crate::{Db, StoreError, Tx};

/// One member of staff as listed (never with the PIN hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow {
    pub name: String,
    pub role: Role,
    pub failed_attempts: u32,
    pub locked_until: Option<DateTime<Utc>>,
    pub created_at: String,
    pub updated_at: String,
}

/// What checking a PIN needs: role, PIN hash, failed attempts, lockout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub role: Role,
    pub pin_hash: String,
    pub failed_attempts: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

fn role(row: &Row<'_>, idx: usize) -> rusqlite::Result<Role> {
    let text: String = row.get(idx)?;
    Role::parse(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn lock_time(text: Option<String>) -> Option<DateTime<Utc>> {
    text.as_deref()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// The credentials of `name`, if on the list.
pub fn credentials(db: &Db, name: &str) -> Result<Option<Credentials>, StoreError> {
    Ok(db
        .conn()
        .prepare_cached(
            "SELECT role, pin_hash, failed_attempts, locked_until FROM staff WHERE name = ?1",
        )?
        .query_row([name], |r| {
            Ok(Credentials {
                role: role(r, 0)?,
                pin_hash: r.get(1)?,
                failed_attempts: r.get(2)?,
                locked_until: lock_time(r.get(3)?),
            })
        })
        .optional()?)
}

/// Everyone on the staff list by name, or only `only`.
pub fn list(db: &Db, only: Option<&str>) -> Result<Vec<StaffRow>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT name, role, failed_attempts, locked_until, created_at, updated_at FROM staff
         WHERE ?1 IS NULL OR name = ?1 ORDER BY name",
    )?;
    let rows = stmt.query_map([only], |r| {
        Ok(StaffRow {
            name: r.get(0)?,
            role: role(r, 1)?,
            failed_attempts: r.get(2)?,
            locked_until: lock_time(r.get(3)?),
            created_at: r.get(4)?,
            updated_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Adds `name`; `false` (nothing written) when the name is already on the list.
pub fn insert(
    tx: &Tx<'_>,
    name: &str,
    role: Role,
    pin_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let inserted = tx.sql().execute(
        "INSERT INTO staff (name, role, pin_hash, failed_attempts, locked_until, created_at, updated_at)
         VALUES (?1, ?2, ?3, 0, NULL, ?4, ?4) ON CONFLICT (name) DO NOTHING",
        params![name, role.as_str(), pin_hash, now.to_rfc3339()],
    )?;
    Ok(inserted > 0)
}

/// Replaces the PIN hash of `name` and clears failed attempts and lockout; `false` when unknown.
pub fn set_pin_hash(
    tx: &Tx<'_>,
    name: &str,
    pin_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let changed = tx.sql().execute(
        "UPDATE staff SET pin_hash = ?2, failed_attempts = 0, locked_until = NULL, updated_at = ?3
         WHERE name = ?1",
        params![name, pin_hash, now.to_rfc3339()],
    )?;
    Ok(changed > 0)
}

/// Changes the role of `name`; `false` when unknown.
pub fn set_role(
    tx: &Tx<'_>,
    name: &str,
    role: Role,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let changed = tx.sql().execute(
        "UPDATE staff SET role = ?2, updated_at = ?3 WHERE name = ?1",
        params![name, role.as_str(), now.to_rfc3339()],
    )?;
    Ok(changed > 0)
}

/// Records failed attempts and the lockout of `name` (`None`: not locked).
pub fn set_attempts(
    tx: &Tx<'_>,
    name: &str,
    failed_attempts: u32,
    locked_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.sql().execute(
        "UPDATE staff SET failed_attempts = ?2, locked_until = ?3, updated_at = ?4 WHERE name = ?1",
        params![
            name,
            failed_attempts,
            locked_until.map(|t| t.to_rfc3339()),
            now.to_rfc3339()
        ],
    )?;
    Ok(())
}
