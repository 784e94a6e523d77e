//! A staff list kept in memory: the [`StaffStore`] of tests and simulations. A transaction works
//! on a copy of the rows and replaces them only when the work succeeds, so a failed transaction
//! leaves nothing behind, as in the store's database.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::{DateTime, SecondsFormat, Utc};
use filiale_domain::Role;

use crate::error::StorageError;
use crate::pins::{StaffCredentials, StaffMember, StaffRecords, StaffStore};

/// One member's row.
#[derive(Debug, Clone)]
struct Row {
    credentials: StaffCredentials,
    created_at: String,
    updated_at: String,
}

/// The staff rows in memory.
#[derive(Debug, Default)]
pub struct MemoryStaff {
    /// A std mutex: held for one transaction, which is short and synchronous.
    rows: Mutex<BTreeMap<String, Row>>,
}

/// The rows as one transaction sees them.
struct Draft(RefCell<BTreeMap<String, Row>>);

fn stamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Draft {
    fn update(&self, name: &str, now: DateTime<Utc>, change: impl FnOnce(&mut Row)) -> bool {
        match self.0.borrow_mut().get_mut(name) {
            Some(row) => {
                change(row);
                row.updated_at = stamp(now);
                true
            }
            None => false,
        }
    }
}

impl StaffRecords for Draft {
    fn credentials(&self, name: &str) -> Result<Option<StaffCredentials>, StorageError> {
        Ok(self.0.borrow().get(name).map(|r| r.credentials.clone()))
    }

    fn insert(
        &self,
        name: &str,
        role: Role,
        pin_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let mut rows = self.0.borrow_mut();
        if rows.contains_key(name) {
            return Ok(false);
        }
        let row = Row {
            credentials: StaffCredentials {
                role,
                pin_hash: pin_hash.to_owned(),
                failed_attempts: 0,
                locked_until: None,
            },
            created_at: stamp(now),
            updated_at: stamp(now),
        };
        rows.insert(name.to_owned(), row);
        Ok(true)
    }

    fn set_pin_hash(
        &self,
        name: &str,
        pin_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        Ok(self.update(name, now, |row| {
            row.credentials.pin_hash = pin_hash.to_owned();
            row.credentials.failed_attempts = 0;
            row.credentials.locked_until = None;
        }))
    }

    fn set_role(&self, name: &str, role: Role, now: DateTime<Utc>) -> Result<bool, StorageError> {
        Ok(self.update(name, now, |row| row.credentials.role = role))
    }

    fn set_attempts(
        &self,
        name: &str,
        failed_attempts: u32,
        locked_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.update(name, now, |row| {
            row.credentials.failed_attempts = failed_attempts;
            row.credentials.locked_until = locked_until;
        });
        Ok(())
    }

    fn members(&self, only: Option<&str>) -> Result<Vec<StaffMember>, StorageError> {
        Ok(self
            .0
            .borrow()
            .iter()
            .filter(|(name, _)| only.is_none_or(|o| o == name.as_str()))
            .map(|(name, row)| StaffMember {
                name: name.clone(),
                role: row.credentials.role,
                failed_attempts: row.credentials.failed_attempts,
                locked_until: row.credentials.locked_until,
                created_at: row.created_at.clone(),
                updated_at: row.updated_at.clone(),
            })
            .collect())
    }
}

impl StaffStore for MemoryStaff {
    fn transaction(
        &self,
        work: &mut dyn FnMut(&dyn StaffRecords) -> Result<(), StorageError>,
    ) -> Result<(), StorageError> {
        let mut rows = self.rows.lock().unwrap_or_else(|e| e.into_inner());
        let draft = Draft(RefCell::new(rows.clone()));
        work(&draft)?;
        *rows = draft.0.into_inner();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pins::{LOCKOUT, MAX_FAILED_ATTEMPTS, PinError, StaffPins};

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_775_000_000 + minute * 60, 0).unwrap()
    }

    #[test]
    fn five_wrong_pins_lock_out_and_the_right_pin_afterwards_unlocks() {
        let pins = StaffPins::in_memory();
        pins.add("Frau Krüger", Role::Manager, "4711", at(0))
            .unwrap();
        for attempt in 1..MAX_FAILED_ATTEMPTS {
            let err = pins.verify("Frau Krüger", "0000", at(0)).unwrap_err();
            assert!(
                matches!(err, PinError::WrongPin { remaining } if remaining == MAX_FAILED_ATTEMPTS - attempt),
                "{err}"
            );
        }
        let err = pins.verify("Frau Krüger", "0000", at(0)).unwrap_err();
        assert!(matches!(err, PinError::LockedOut { .. }), "{err}");
        let err = pins.verify("Frau Krüger", "4711", at(1)).unwrap_err();
        assert!(matches!(err, PinError::LockedOut { .. }), "{err}");
        let after = at(LOCKOUT.num_minutes() + 1);
        let manager = pins.verify_manager("Frau Krüger", "4711", after).unwrap();
        assert_eq!(manager.name(), "Frau Krüger");
        assert_eq!(
            pins.member("Frau Krüger").unwrap().unwrap().failed_attempts,
            0
        );
    }

    #[test]
    fn a_failed_transaction_leaves_the_rows_as_they_were() {
        let staff = MemoryStaff::default();
        let result = staff.transaction(&mut |records| {
            records.insert("Herr Yilmaz", Role::Cashier, "hash", at(0))?;
            Err("the audit entry could not be written".into())
        });
        assert!(result.is_err());
        let mut listed = Vec::new();
        staff
            .transaction(&mut |records| {
                listed = records.members(None)?;
                Ok(())
            })
            .unwrap();
        assert!(listed.is_empty(), "{listed:?}");
    }
}
