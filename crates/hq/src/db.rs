//! The head office database file: pragmas and schema.

use rusqlite::Connection;
use std::path::Path;

const SCHEMA: &str = include_str!("schema.sql");

/// Opens (creating if needed) the head office database and brings its schema up to date.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // Every batch is one transaction; FULL keeps an acknowledged event applied after a power cut.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch(SCHEMA)?;
    conn.execute_batch(crate::closings::SCHEMA)?;
    Ok(conn)
}
