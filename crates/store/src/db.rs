//! [`Db`]: the store's database as other crates see it — a handle they pass to this crate's
//! functions (through [`Store::read`](crate::Store::read), [`Store::maintain`](crate::Store::maintain)
//! or [`Tx::db`](crate::Tx::db)), with no way to run SQL on it.

use rusqlite::Connection;

/// The store's connection, opaque outside this crate.
pub struct Db {
    conn: Connection,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").finish_non_exhaustive()
    }
}

impl Db {
    pub(crate) fn new(conn: Connection) -> Db {
        Db { conn }
    }

    /// The SQL connection, for the repositories of this crate only.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}
