//! Backups of the store's database while the till sells, and restoring one: SQLite's online backup
//! API copies a consistent snapshot into a new owner-only file over its own read connection (in WAL
//! mode the till's writes go on meanwhile); a copy counts only once `integrity_check` and the hash
//! chain verify on it. Restoring checks the same before anything is replaced, and keeps the file
//! it replaces. [`quick_check`] runs whenever a store opens.

use crate::{Db, StoreError, chain};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What a checked database file holds: enough for a person to recognise the right backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileCheck {
    pub path: PathBuf,
    pub store_id: String,
    pub bytes: u64,
    /// Links of the hash chain verified.
    pub chain_links: i64,
    pub chain_head: Option<String>,
    pub sales: i64,
    pub last_receipt_no: Option<i64>,
    /// When the last sale was completed (RFC 3339, UTC).
    pub last_sale_at: Option<String>,
}

/// Runs SQLite's `quick_check` on an open connection; `Corrupt` names what it found.
pub(crate) fn quick_check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let findings = pragma_findings(conn, "quick_check", path)?;
    if findings.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: findings.join("; "),
        })
    }
}

/// The lines of `PRAGMA integrity_check` / `quick_check` other than "ok".
fn pragma_findings(
    conn: &Connection,
    pragma: &str,
    path: &Path,
) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn
        .prepare(&format!("PRAGMA {pragma}(20)"))
        .map_err(|e| corrupt_or(e, path))?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| corrupt_or(e, path))?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// A "database disk image is malformed" error is a damaged file, whatever statement met it.
fn corrupt_or(error: rusqlite::Error, path: &Path) -> StoreError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            StoreError::Corrupt {
                path: path.to_owned(),
                detail: error.to_string(),
            }
        }
        _ => error.into(),
    }
}

/// Checks a database file without changing it: `integrity_check`, the hash chain and the
/// append-only triggers, and what it holds.
pub fn check_file(path: &Path) -> Result<FileCheck, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| corrupt_or(e, path))?;
    let damaged = |e: StoreError| match e {
        StoreError::Corrupt { detail, .. } => StoreError::Corrupt {
            path: path.to_owned(),
            detail,
        },
        StoreError::Sqlite(e) => corrupt_or(e, path),
        other => other,
    };
    let findings = pragma_findings(&conn, "integrity_check", path)?;
    if !findings.is_empty() {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: findings.join("; "),
        });
    }
    let store_id: Option<String> = conn
        .query_row(
            "SELECT value FROM store_meta WHERE key = 'store_id'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| damaged(e.into()))?;
    let Some(store_id) = store_id else {
        return Err(StoreError::NotAStore(path.to_owned()));
    };
    let (sales, last_receipt_no, last_sale_at): (i64, Option<i64>, Option<String>) = conn
        .query_row(
            "SELECT COUNT(*), MAX(receipt_no), MAX(completed_at) FROM sales",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| damaged(e.into()))?;
    let db = Db::new(conn);
    let chain = chain::verify(&db).map_err(damaged)?;
    if let Some(problem) = &chain.problem {
        return Err(StoreError::ChainBroken {
            path: path.to_owned(),
            detail: problem.to_string(),
        });
    }
    if !chain.missing_triggers.is_empty() {
        return Err(StoreError::ChainBroken {
            path: path.to_owned(),
            detail: format!("missing triggers: {}", chain.missing_triggers.join(", ")),
        });
    }
    Ok(FileCheck {
        path: path.to_owned(),
        store_id,
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        chain_links: chain.links,
        chain_head: chain.head,
        sales,
        last_receipt_no,
        last_sale_at,
    })
}

impl crate::Store {
    /// Copies the database into `dest` (a new file, owner-only) while the store goes on working,
    /// then checks the copy. A copy that does not check out is deleted and the error returned.
    pub fn backup_to(&self, dest: &Path) -> Result<FileCheck, StoreError> {
        if dest.exists() {
            return Err(StoreError::BackupExists(dest.to_owned()));
        }
        let partial = with_suffix(dest, ".partial");
        let _ = std::fs::remove_file(&partial);
        let copied = self.copy_into(&partial).and_then(|()| check_file(&partial));
        match copied {
            Ok(_) => {
                std::fs::rename(&partial, dest).map_err(|e| StoreError::Io(e.to_string()))?;
                sync_parent(dest);
                check_file(dest)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                Err(e)
            }
        }
    }

    /// The online backup itself, from a read connection of its own so the till never waits on it.
    fn copy_into(&self, partial: &Path) -> Result<(), StoreError> {
        crate::create_private(partial);
        let source = Connection::open_with_flags(
            self.path(),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        source.busy_timeout(std::time::Duration::from_secs(10))?;
        let mut target = Connection::open(partial)?;
        {
            let backup = rusqlite::backup::Backup::new(&source, &mut target)?;
            // One step: a consistent snapshot under one read transaction, which in WAL mode does
            // not hold up the store's writes.
            backup.step(-1)?;
        }
        target.pragma_update(None, "journal_mode", "DELETE")?;
        drop(target);
        crate::restrict_to_owner(partial);
        std::fs::File::open(partial)
            .and_then(|f| f.sync_all())
            .map_err(|e| StoreError::Io(e.to_string()))?;
        Ok(())
    }
}

/// Replaces the database at `target` with the backup `from`, once `from` checks out and belongs
/// to `store_id`. The file replaced (with its WAL) is kept beside it as
/// `<name>.before-restore-<stamp>`; nothing is deleted. The store must not be open meanwhile.
pub fn restore(
    from: &Path,
    target: &Path,
    store_id: &str,
    stamp: &str,
) -> Result<FileCheck, StoreError> {
    let check = check_file(from)?;
    if check.store_id != store_id {
        return Err(StoreError::WrongStore {
            expected: store_id.to_owned(),
            found: check.store_id,
        });
    }
    let incoming = with_suffix(target, ".restoring");
    let _ = std::fs::remove_file(&incoming);
    crate::create_private(&incoming);
    std::fs::copy(from, &incoming).map_err(|e| StoreError::Io(e.to_string()))?;
    crate::restrict_to_owner(&incoming);
    std::fs::File::open(&incoming)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::Io(e.to_string()))?;
    let kept = with_suffix(target, &format!(".before-restore-{stamp}"));
    for suffix in ["", "-wal", "-shm"] {
        let current = with_suffix(target, suffix);
        if current.exists() {
            std::fs::rename(&current, with_suffix(&kept, suffix))
                .map_err(|e| StoreError::Io(e.to_string()))?;
        }
    }
    std::fs::rename(&incoming, target).map_err(|e| StoreError::Io(e.to_string()))?;
    sync_parent(target);
    check_file(target)
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Makes a rename durable: fsync of the directory that holds `path`.
fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
}
