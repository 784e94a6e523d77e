//! Telling a full disk from other I/O failures: SQLite reports some out-of-space conditions (e.g.
//! growing the shared-memory file while opening) as plain I/O errors.

use std::path::Path;

/// Below this many free bytes the file system counts as full for the store.
const FULL_BELOW_BYTES: u64 = 64 * 1024;

/// Whether the file system holding `path` (or its folder, before the file exists) has no room left.
pub(crate) fn is_out_of_space(path: &Path) -> bool {
    let probe = if path.exists() {
        path
    } else {
        path.parent().unwrap_or(path)
    };
    match rustix::fs::statvfs(probe) {
        Ok(stats) => stats.f_bavail.saturating_mul(stats.f_frsize) < FULL_BELOW_BYTES,
        Err(_) => false,
    }
}

/// Whether SQLite's error is one a full disk can cause.
pub(crate) fn may_be_out_of_space(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(
            rusqlite::ErrorCode::SystemIoFailure
                | rusqlite::ErrorCode::CannotOpen
                | rusqlite::ErrorCode::DiskFull
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_with_room_is_not_full() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!is_out_of_space(&dir.path().join("not-yet.sqlite")));
    }
}
