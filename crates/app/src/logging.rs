//! Logging: human-readable lines to stderr and a daily rolling file in the data directory.

use std::path::Path;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Lines that may wait for the file writer. Each slot of the queue is allocated and touched up
/// front, so the library's default (128,000 lines) would hold 4 MB for as long as the app runs;
/// the writer drains a burst of a few thousand lines in milliseconds.
const QUEUED_LINES: usize = 8_192;

/// Daily log files kept in the log folder: older ones are deleted when a process starts logging.
pub const LOG_FILES_KEPT: usize = 30;

/// Keeps the file writer flushing until the process ends.
pub type LogGuard = tracing_appender::non_blocking::WorkerGuard;

/// Starts logging. `FILIALE_LOG` (or `RUST_LOG`) sets the filter; the default shows warnings on
/// stderr and info in the file. Returns the guard that flushes the file on drop.
pub fn init(log_dir: Option<&Path>) -> Option<LogGuard> {
    let filter = || {
        EnvFilter::try_from_env("FILIALE_LOG")
            .or_else(|_| EnvFilter::try_from_default_env())
            .unwrap_or_else(|_| EnvFilter::new("info"))
    };
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr.with_max_level(tracing::Level::WARN))
        .with_target(false);
    let appender = log_dir
        .filter(|d| create_private_dir(d).is_ok())
        .and_then(|dir| {
            tracing_appender::rolling::Builder::new()
                .rotation(tracing_appender::rolling::Rotation::DAILY)
                .filename_prefix("filiale.log")
                .max_log_files(LOG_FILES_KEPT)
                .build(dir)
                .ok()
        });
    let (file_layer, guard) = match appender {
        Some(appender) => {
            // Not lossy: when the queue is full a line waits for room instead of being dropped.
            let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
                .buffered_lines_limit(QUEUED_LINES)
                .lossy(false)
                .finish(appender);
            let layer = tracing_subscriber::fmt::layer()
                .with_writer(writer)
                .with_ansi(false);
            (Some(layer), Some(guard))
        }
        None => (None, None),
    };
    let _ = tracing_subscriber::registry()
        .with(filter())
        .with(stderr)
        .with(file_layer)
        .try_init();
    guard
}

/// Creates the log folder readable by the user only (0700) and makes existing log files 0600:
/// logs name staff and customers. Files created later inside are unreachable for others anyway.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        for entry in std::fs::read_dir(dir)?.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ =
                    std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600));
            }
        }
        Ok(())
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}
