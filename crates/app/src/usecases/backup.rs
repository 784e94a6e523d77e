//! Backups of the store: a checked copy of the database while the till sells, into the backup
//! folder (`[backup]` in `filiale.toml`, default `<data-dir>/backups`) under a name that sorts by
//! time, keeping the newest; and when the background services should make the next one (every
//! `every_hours`, and after each daily closing).

use super::{BackOffice, UseCaseError};
use chrono::{DateTime, Utc};
use filiale_store::backup::FileCheck;
use filiale_store::till_sessions;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A backup made, and the old ones removed to keep the newest `[backup] keep`.
#[derive(Debug, Clone, Serialize)]
pub struct BackupDone {
    pub check: FileCheck,
    pub removed: Vec<PathBuf>,
}

/// Why the services make a backup now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupDue {
    /// There is none yet, or the newest is older than `every_hours`.
    Schedule,
    /// A daily closing came after the newest backup.
    Closing,
}

impl BackOffice<'_> {
    /// Copies the database into `dir` (default: the backup folder), checked; in the default
    /// folder only the newest `[backup] keep` backups are kept.
    pub fn backup(&self, dir: Option<&Path>) -> Result<BackupDone, UseCaseError> {
        let default_dir = self.app.config().backup_dir();
        let dir = dir.unwrap_or(&default_dir);
        std::fs::create_dir_all(dir).map_err(|e| {
            UseCaseError::Input(format!(
                "cannot create {} / {} kann nicht angelegt werden: {e}",
                dir.display(),
                dir.display()
            ))
        })?;
        restrict_dir(dir);
        let dest = dir.join(self.backup_name(self.app.now()));
        let check = self.app.store.backup_to(&dest)?;
        let removed = if dir == default_dir {
            self.prune(dir)?
        } else {
            Vec::new()
        };
        tracing::info!(path = %dest.display(), bytes = check.bytes, sales = check.sales, "backup made");
        Ok(BackupDone { check, removed })
    }

    /// The backups in the backup folder, oldest first.
    pub fn backups(&self) -> Result<Vec<PathBuf>, UseCaseError> {
        let dir = self.app.config().backup_dir();
        let prefix = format!("filiale-{}-", self.app.config().store.store_id);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(Vec::new());
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".sqlite"))
            })
            .collect();
        found.sort();
        Ok(found)
    }

    /// Whether a backup is due now, and why.
    pub fn backup_due(&self) -> Result<Option<BackupDue>, UseCaseError> {
        let newest = self
            .backups()?
            .last()
            .and_then(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
            .map(DateTime::<Utc>::from);
        let Some(newest) = newest else {
            return Ok(Some(BackupDue::Schedule));
        };
        let every =
            chrono::Duration::hours(i64::from(self.app.config().store.backup.every_hours.max(1)));
        if self.app.now() - newest >= every {
            return Ok(Some(BackupDue::Schedule));
        }
        let last_closing = self
            .app
            .store
            .read(|c| till_sessions::closings(c, None, 1))?
            .into_iter()
            .next()
            .and_then(|c| DateTime::parse_from_rfc3339(&c.closed_at).ok());
        Ok(match last_closing {
            Some(closed) if closed.with_timezone(&Utc) > newest => Some(BackupDue::Closing),
            _ => None,
        })
    }

    /// `filiale-<store>-<UTC time>.sqlite`: sorts by time, names the store.
    fn backup_name(&self, at: DateTime<Utc>) -> String {
        format!(
            "filiale-{}-{}.sqlite",
            self.app.config().store.store_id,
            at.format("%Y%m%dT%H%M%S%.3fZ")
        )
    }

    /// Removes all but the newest `[backup] keep` backups (at least one is always kept).
    fn prune(&self, dir: &Path) -> Result<Vec<PathBuf>, UseCaseError> {
        let keep = usize::try_from(self.app.config().store.backup.keep.max(1)).unwrap_or(1);
        let all = self.backups()?;
        let mut removed = Vec::new();
        if all.len() > keep {
            for old in &all[..all.len() - keep] {
                if old.parent() == Some(dir) && std::fs::remove_file(old).is_ok() {
                    removed.push(old.clone());
                }
            }
        }
        Ok(removed)
    }
}

/// Backups hold the books and personal data: the folder is its owner's only.
fn restrict_dir(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    #[cfg(not(unix))]
    let _ = dir;
}
