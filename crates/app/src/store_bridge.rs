//! The workflow crate's storage traits over the store: [`StoreCheckpoints`] (the engine's
//! checkpoints in `workflow_threads` / `workflow_checkpoints`) and [`StoreStaff`] / [`StaffTx`]
//! (the staff list). Every call is one transaction of the store's single connection; [`StaffTx`]
//! works inside a transaction the use case holds, so a staff change (or a PIN check with its
//! attempt counter) and its audit entry commit together or not at all.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use filiale_domain::Role;
use filiale_store::audit::{self, NewEntry, Outcome};
use filiale_store::workflow::{self as rows, CheckpointRow, ExpectedHead, ThreadRow};
use filiale_store::{Store, StoreError, Tx, staff};
use filiale_workflow::{
    Checkpoint, CheckpointSource, CheckpointStore, Expect, StaffCredentials, StaffMember,
    StaffPins, StaffRecords, StaffStore, StorageError, ThreadStatus, ThreadSummary,
};

use crate::App;
use crate::app::Clock;
use crate::usecases::UseCaseError;

/// The failpoint between a staff change and its audit entry (tests: nothing of either remains).
pub const STAFF_BEFORE_AUDIT: &str = "staff.before_audit";

/// The workflow engine's checkpoints in the store's tables.
pub struct StoreCheckpoints {
    store: Arc<Store>,
    clock: Clock,
}

impl StoreCheckpoints {
    pub fn new(store: Arc<Store>, clock: Clock) -> Self {
        StoreCheckpoints { store, clock }
    }
}

fn to_row(cp: &Checkpoint) -> Result<CheckpointRow, StorageError> {
    Ok(CheckpointRow {
        checkpoint_id: cp.checkpoint_id.clone(),
        thread_id: cp.thread_id.clone(),
        step: cp.step,
        parent_id: cp.parent_id.clone(),
        source: cp.source.as_str().to_owned(),
        node: cp.node.clone(),
        state_json: serde_json::to_string(&cp.state)?,
        next_json: serde_json::to_string(&cp.next)?,
        status: cp.status.as_str().to_owned(),
        error: cp.error.clone(),
        created_at: cp.created_at,
    })
}

fn from_row(row: CheckpointRow) -> Result<Checkpoint, StorageError> {
    Ok(Checkpoint {
        source: CheckpointSource::parse(&row.source),
        state: serde_json::from_str(&row.state_json)?,
        next: serde_json::from_str(&row.next_json)?,
        status: row.status.parse::<ThreadStatus>()?,
        checkpoint_id: row.checkpoint_id,
        thread_id: row.thread_id,
        step: row.step,
        parent_id: row.parent_id,
        node: row.node,
        error: row.error,
        created_at: row.created_at,
    })
}

fn summary(row: ThreadRow) -> Result<ThreadSummary, StorageError> {
    Ok(ThreadSummary {
        status: row.status.parse::<ThreadStatus>()?,
        thread_id: row.thread_id,
        graph: row.graph,
        step: row.head_step,
        decided: row.decided,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

impl CheckpointStore for StoreCheckpoints {
    fn create_thread(&self, graph: &str, first: &Checkpoint) -> Result<bool, StorageError> {
        let row = to_row(first)?;
        Ok(self
            .store
            .write((self.clock)(), |tx| rows::create_thread(tx, graph, &row))?)
    }

    fn append(
        &self,
        checkpoint: &Checkpoint,
        expect: Expect,
        mark_decided: bool,
    ) -> Result<bool, StorageError> {
        let row = to_row(checkpoint)?;
        let expect = ExpectedHead {
            step: expect.step,
            status: expect.status.map(ThreadStatus::as_str),
        };
        Ok(self.store.write((self.clock)(), |tx| {
            rows::append(tx, &row, expect, mark_decided)
        })?)
    }

    fn head(&self, thread_id: &str) -> Result<Option<(ThreadSummary, Checkpoint)>, StorageError> {
        match self.store.read(|db| rows::head(db, thread_id))? {
            Some((thread, head)) => Ok(Some((summary(thread)?, from_row(head)?))),
            None => Ok(None),
        }
    }

    fn history(&self, thread_id: &str) -> Result<Vec<Checkpoint>, StorageError> {
        self.store
            .read(|db| rows::history(db, thread_id))?
            .into_iter()
            .map(from_row)
            .collect()
    }

    fn threads(
        &self,
        graph: &str,
        status: Option<ThreadStatus>,
    ) -> Result<Vec<ThreadSummary>, StorageError> {
        let status = status.map(ThreadStatus::as_str);
        self.store
            .read(|db| rows::threads(db, graph, status))?
            .into_iter()
            .map(summary)
            .collect()
    }
}

/// The staff list in the store's `staff` table; each call one write transaction.
pub struct StoreStaff {
    store: Arc<Store>,
    clock: Clock,
}

impl StoreStaff {
    pub fn new(store: Arc<Store>, clock: Clock) -> Self {
        StoreStaff { store, clock }
    }
}

impl StaffStore for StoreStaff {
    fn transaction(
        &self,
        work: &mut dyn FnMut(&dyn StaffRecords) -> Result<(), StorageError>,
    ) -> Result<(), StorageError> {
        self.store.write((self.clock)(), |tx| work(&StaffTx { tx }))
    }
}

/// The staff rows inside one of the store's write transactions, with the audit log beside them.
pub struct StaffTx<'a, 'c> {
    tx: &'a Tx<'c>,
}

impl StaffTx<'_, '_> {
    /// The transaction's time.
    pub fn now(&self) -> DateTime<Utc> {
        self.tx.now()
    }

    /// Appends one audit entry in this transaction (sealed into the chain with it).
    pub fn audit(
        &self,
        terminal: &str,
        actor: &str,
        action: &str,
        outcome: Outcome,
        subject: &str,
        details: serde_json::Value,
    ) -> Result<(), StoreError> {
        let entry = NewEntry {
            terminal,
            actor,
            action,
            outcome,
            subject,
            details,
        };
        audit::record(self.tx, &entry)?;
        Ok(())
    }
}

impl StaffRecords for StaffTx<'_, '_> {
    fn credentials(&self, name: &str) -> Result<Option<StaffCredentials>, StorageError> {
        Ok(
            staff::credentials(self.tx.db(), name)?.map(|c| StaffCredentials {
                role: c.role,
                pin_hash: c.pin_hash,
                failed_attempts: c.failed_attempts,
                locked_until: c.locked_until,
            }),
        )
    }

    fn insert(
        &self,
        name: &str,
        role: Role,
        pin_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        Ok(staff::insert(self.tx, name, role, pin_hash, now)?)
    }

    fn set_pin_hash(
        &self,
        name: &str,
        pin_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        Ok(staff::set_pin_hash(self.tx, name, pin_hash, now)?)
    }

    fn set_role(&self, name: &str, role: Role, now: DateTime<Utc>) -> Result<bool, StorageError> {
        Ok(staff::set_role(self.tx, name, role, now)?)
    }

    fn set_attempts(
        &self,
        name: &str,
        failed_attempts: u32,
        locked_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        Ok(staff::set_attempts(
            self.tx,
            name,
            failed_attempts,
            locked_until,
            now,
        )?)
    }

    fn members(&self, only: Option<&str>) -> Result<Vec<StaffMember>, StorageError> {
        Ok(staff::list(self.tx.db(), only)?
            .into_iter()
            .map(|m| StaffMember {
                name: m.name,
                role: m.role,
                failed_attempts: m.failed_attempts,
                locked_until: m.locked_until,
                created_at: m.created_at,
                updated_at: m.updated_at,
            })
            .collect())
    }
}

/// A storage failure reported by the workflow crate, as the store's error it was.
pub(crate) fn storage_error(error: StorageError) -> StoreError {
    match error.downcast::<StoreError>() {
        Ok(store) => *store,
        Err(other) => StoreError::Malformed(other.to_string()),
    }
}

impl App {
    /// The staff list over the store (each of its own calls one transaction).
    pub(crate) fn open_staff_pins(&self) -> StaffPins {
        StaffPins::new(Arc::new(StoreStaff::new(self.store.clone(), self.clock())))
    }

    /// Runs `work` in one write transaction of the store with the staff rows and the audit log:
    /// everything it wrote commits when it returns `Ok`, nothing remains when it returns `Err`.
    pub(crate) fn staff_transaction<T>(
        &self,
        work: impl FnOnce(&StaffPins, &StaffTx<'_, '_>) -> Result<T, UseCaseError>,
    ) -> Result<T, UseCaseError> {
        let pins = self.staff_pins()?;
        self.store
            .write(self.now(), |tx| work(pins, &StaffTx { tx }))
    }

    /// A staff change and its audit entry (`Outcome::Ok`) in one transaction.
    pub(crate) fn audited_staff_change(
        &self,
        terminal: &str,
        actor: &str,
        action: &str,
        subject: &str,
        details: serde_json::Value,
        change: impl FnOnce(&StaffPins, &StaffTx<'_, '_>) -> Result<(), UseCaseError>,
    ) -> Result<(), UseCaseError> {
        self.staff_transaction(|pins, staff| {
            change(pins, staff)?;
            filiale_failpoint::hit(STAFF_BEFORE_AUDIT).map_err(StoreError::from)?;
            staff.audit(terminal, actor, action, Outcome::Ok, subject, details)?;
            Ok(())
        })
    }
}
