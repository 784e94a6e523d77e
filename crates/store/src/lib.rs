//! Filiale's SQLite store: one database file per store, one writer, one transaction per fact.
//!
//! Map of the crate:
//! - [`Store`] (this file): opens the file with the durability pragmas, applies the migrations,
//!   and runs every change in one `BEGIN IMMEDIATE` transaction ([`Store::write`]);
//! - [`migrate`]: the SQL migrations from `migrations/`, embedded at build time;
//! - [`tx`]: the write transaction, which hands out gapless counters and appends outbox rows;
//! - [`articles`], [`stock`], [`sales`], [`customers`], [`leads`], [`journal`]: the facts a store records,
//!   each writing its rows and its domain events together;
//! - [`outbox`]: reading the outbox, marking rows published, dead letters, retention;
//! - [`relay_book`]: the relay's lease, its read-only connection and the marks of a batch;
//! - [`refunds`]: refunds and voids by reversal (own gapless number, restock, reversing journal entry);
//! - [`audit`]: the append-only audit log (who did what, never a PIN);
//! - [`till_sessions`]: till sessions, cash movements and the daily closings (Z-reports);
//! - [`chain`]: the hash chain sealing sales, refunds, journal entries, audit entries, cash
//!   movements and closings, and its verification. Migrations 0005 and 0008 make these tables
//!   refuse UPDATE and DELETE;
//! - [`tse`]: what the TSE said about each business case (signature or outage), the TSEs that
//!   signed and the outages of each till; [`fiscal`]: the daily closings with their receipts,
//!   refunds and cash movements as the DSFinV-K export reads them;
//! - [`staff`]: the staff list (roles, PIN hashes, failed attempts, lockouts);
//! - [`workflow`]: the workflow engine's threads and checkpoints, with the step compare-and-set;
//! - [`policies`]: the store's policy texts;
//! - [`purchasing`] and [`purchase_orders`]: purchase orders from approved proposals, their state,
//!   goods receipts against them (stock up, on-order down) and cancellations;
//! - [`db`]: [`Db`], the handle other crates get from [`Store::read`] and [`Store::maintain`]:
//!   they pass it to this crate's functions and cannot run SQL on it.
//!
//! Architecture invariant: this crate is the only owner of the database file — no other crate
//! opens it for writing or runs SQL on it. Every change other systems must learn about is written
//! by a function taking a [`Tx`], which appends the event to the outbox before the transaction
//! commits; nothing in this crate talks to the network.

pub mod articles;
pub mod audit;
pub mod backup;
pub mod chain;
pub mod customers;
pub mod db;
mod disk;
mod error;
pub mod fiscal;
pub mod journal;
pub mod leads;
pub mod migrate;
pub mod outbox;
pub mod policies;
pub mod purchase_orders;
pub mod purchasing;
pub mod refunds;
pub mod relay_book;
pub mod sales;
pub mod staff;
pub mod stock;
pub mod till;
pub mod till_sessions;
pub mod tse;
pub mod tx;
pub mod workflow;

pub use db::Db;
pub use error::StoreError;
pub use tx::Tx;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Called after a transaction that wrote outbox rows committed, with the highest `store_seq` written.
pub type CommitListener = Arc<dyn Fn(i64) + Send + Sync>;

/// A store's database. Cheap to share behind an `Arc`; all writes go through one connection.
pub struct Store {
    /// A std mutex: SQLite calls are short and synchronous, and it makes this the single writer.
    conn: Mutex<Db>,
    store_id: String,
    path: PathBuf,
    /// Woken after commits that wrote events (the relay listens here instead of only polling).
    listeners: Mutex<Vec<CommitListener>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("store_id", &self.store_id)
            .field("path", &self.path)
            .finish()
    }
}

/// Sets the pragmas every connection to a store file uses: WAL, full fsync on commit, foreign keys.
fn apply_pragmas(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(())
}

impl Store {
    /// Opens (creating if needed) the store database at `path` for the store `store_id`, and brings
    /// its schema up to date. A database that belongs to another store is refused.
    /// On a full disk the error is [`StoreError::DiskFull`], whatever I/O error SQLite reported.
    pub fn open(path: &Path, store_id: &str) -> Result<Store, StoreError> {
        Store::open_file(path, store_id).map_err(|error| match error {
            StoreError::Sqlite(e)
                if disk::may_be_out_of_space(&e) && disk::is_out_of_space(path) =>
            {
                StoreError::DiskFull
            }
            StoreError::Sqlite(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
                ) =>
            {
                StoreError::Corrupt {
                    path: path.to_owned(),
                    detail: e.to_string(),
                }
            }
            other => other,
        })
    }

    fn open_file(path: &Path, store_id: &str) -> Result<Store, StoreError> {
        create_private(path);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        restrict_to_owner(path);
        apply_pragmas(&conn)?;
        backup::quick_check(&conn, path)?;
        let mut conn = conn;
        migrate::apply(&mut conn)?;
        let existing: Option<String> = conn
            .query_row(
                "SELECT value FROM store_meta WHERE key = 'store_id'",
                [],
                |r| r.get(0),
            )
            .ok();
        match existing {
            Some(id) if id != store_id => {
                return Err(StoreError::WrongStore {
                    expected: store_id.to_owned(),
                    found: id,
                });
            }
            Some(_) => {}
            None => {
                conn.execute(
                    "INSERT INTO store_meta (key, value) VALUES ('store_id', ?1)",
                    [store_id],
                )?;
                journal::seed_chart_of_accounts(&conn)?;
            }
        }
        Ok(Store {
            conn: Mutex::new(Db::new(conn)),
            store_id: store_id.to_owned(),
            path: path.to_owned(),
            listeners: Mutex::new(Vec::new()),
        })
    }

    pub fn store_id(&self) -> &str {
        &self.store_id
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Registers a function called after every commit that wrote outbox rows.
    pub fn on_outbox_commit(&self, listener: CommitListener) {
        self.listeners
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(listener);
    }

    /// Wakes the outbox listeners after another process committed to this database (noticed through
    /// `PRAGMA data_version`), since its rows may include new events. The sequence passed is 0: unknown.
    pub fn announce_external_commit(&self) {
        let listeners = self
            .listeners
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        for listener in listeners {
            listener(0);
        }
    }

    /// Runs `change` in one write transaction at time `now`. If `change` fails, or anything fails
    /// before the commit, nothing it wrote remains — rows and outbox events alike.
    pub fn write<T, E>(
        &self,
        now: DateTime<Utc>,
        change: impl FnOnce(&mut Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let db = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let sql_tx = rusqlite::Transaction::new_unchecked(
            db.conn(),
            rusqlite::TransactionBehavior::Immediate,
        )
        .map_err(StoreError::from)?;
        let mut tx = Tx::new(&db, sql_tx, &self.store_id, now);
        let value = change(&mut tx)?;
        filiale_failpoint::hit("store.before_commit").map_err(StoreError::from)?;
        let last_seq = tx.commit()?;
        drop(db);
        if let Some(seq) = last_seq {
            let listeners = self
                .listeners
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            for listener in listeners {
                listener(seq);
            }
        }
        Ok(value)
    }

    /// Runs bookkeeping that is not a domain fact and carries no event (a retried dead letter, an
    /// open cart, policy texts) with this crate's functions, on the store's connection.
    pub fn maintain<T>(
        &self,
        work: impl FnOnce(&Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let db = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        work(&db)
    }

    /// Runs bookkeeping writes on the raw connection (publish marks, the relay's lease): this
    /// crate's own door; other crates call its named operations or [`Store::maintain`].
    pub(crate) fn bookkeep<T>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let db = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        work(db.conn())
    }

    /// Runs a read-only query on the store's connection with this crate's functions, which take a
    /// [`Db`]: `store.read(|db| sales::receipt(db, 7))`.
    pub fn read<T>(
        &self,
        query: impl FnOnce(&Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let db = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        query(&db)
    }
}

/// Creates a missing database file readable by its owner only, so that no other user can open it
/// between its creation and [`restrict_to_owner`].
fn create_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path);
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Database files hold personal data and the books: readable by their owner only — the file and
/// its `-wal` and `-shm` companions (SQLite creates those with the database file's mode).
fn restrict_to_owner(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut companions = vec![path.to_owned()];
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            companions.push(PathBuf::from(name));
        }
        for file in companions {
            let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}
