//! [`Db`]: the store's database as other crates see it — a handle they pass to this crate's
//! functions, with no way to run SQL on it. [`ReadHandle`] lets [`Store::read`](crate::Store::read)
//! hand out a [`Db`] (and, for the relay only while its queries move into this crate, the raw
//! connection).

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

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Db {}
    impl Sealed for rusqlite::Connection {}
}

/// What [`Store::read`](crate::Store::read) can hand to a query: a [`Db`]. Sealed.
pub trait ReadHandle: sealed::Sealed {
    #[doc(hidden)]
    fn from_db(db: &Db) -> &Self;
}

impl ReadHandle for Db {
    fn from_db(db: &Db) -> &Db {
        db
    }
}

/// Relay only, moving into the store: the relay's own queries still run on the raw connection.
#[doc(hidden)]
impl ReadHandle for Connection {
    fn from_db(db: &Db) -> &Connection {
        &db.conn
    }
}
