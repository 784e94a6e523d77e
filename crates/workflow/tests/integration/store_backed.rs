//! The workflow's storage traits over the real store (`filiale_store::workflow`, `staff`), as the
//! app wires them: threads, checkpoints and staff live in a database file, so a second process
//! or connection sees them and a crash loses nothing committed.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use filiale_domain::Role;
use filiale_store::workflow::{self as rows, CheckpointRow, ExpectedHead, ThreadRow};
use filiale_store::{Store, Tx, staff};
use filiale_workflow::{
    Checkpoint, CheckpointSource, CheckpointStore, Expect, StaffCredentials, StaffMember,
    StaffPins, StaffRecords, StaffStore, StorageError, ThreadStatus, ThreadSummary,
};

/// Opens (creating and migrating) the store database at `path`.
pub fn open_store(path: &Path) -> Arc<Store> {
    Arc::new(Store::open(path, "workflow-test").unwrap())
}

/// Checkpoints in the store database at `path`.
pub fn checkpoints_at(path: &Path) -> Arc<dyn CheckpointStore> {
    Arc::new(StoreCheckpoints(open_store(path)))
}

/// A staff list in the store database at `path`.
pub fn pins_at(path: &Path) -> StaffPins {
    StaffPins::new(Arc::new(StoreStaff(open_store(path))))
}

struct StoreCheckpoints(Arc<Store>);

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
            .0
            .write(Utc::now(), |tx| rows::create_thread(tx, graph, &row))?)
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
        Ok(self.0.write(Utc::now(), |tx| {
            rows::append(tx, &row, expect, mark_decided)
        })?)
    }

    fn head(&self, thread_id: &str) -> Result<Option<(ThreadSummary, Checkpoint)>, StorageError> {
        match self.0.read(|db| rows::head(db, thread_id))? {
            Some((thread, head)) => Ok(Some((summary(thread)?, from_row(head)?))),
            None => Ok(None),
        }
    }

    fn history(&self, thread_id: &str) -> Result<Vec<Checkpoint>, StorageError> {
        self.0
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
        self.0
            .read(|db| rows::threads(db, graph, status))?
            .into_iter()
            .map(summary)
            .collect()
    }
}

struct StoreStaff(Arc<Store>);

impl StaffStore for StoreStaff {
    fn transaction(
        &self,
        work: &mut dyn FnMut(&dyn StaffRecords) -> Result<(), StorageError>,
    ) -> Result<(), StorageError> {
        self.0.write(Utc::now(), |tx| work(&StaffTx(tx)))
    }
}

struct StaffTx<'a, 'c>(&'a Tx<'c>);

impl StaffRecords for StaffTx<'_, '_> {
    fn credentials(&self, name: &str) -> Result<Option<StaffCredentials>, StorageError> {
        Ok(
            staff::credentials(self.0.db(), name)?.map(|c| StaffCredentials {
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
        Ok(staff::insert(self.0, name, role, pin_hash, now)?)
    }

    fn set_pin_hash(
        &self,
        name: &str,
        pin_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        Ok(staff::set_pin_hash(self.0, name, pin_hash, now)?)
    }

    fn set_role(&self, name: &str, role: Role, now: DateTime<Utc>) -> Result<bool, StorageError> {
        Ok(staff::set_role(self.0, name, role, now)?)
    }

    fn set_attempts(
        &self,
        name: &str,
        failed_attempts: u32,
        locked_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        Ok(staff::set_attempts(
            self.0,
            name,
            failed_attempts,
            locked_until,
            now,
        )?)
    }

    fn members(&self, only: Option<&str>) -> Result<Vec<StaffMember>, StorageError> {
        Ok(staff::list(self.0.db(), only)?
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
