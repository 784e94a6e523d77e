//! The store's policy texts (`policies`, migration 0006): returns, payment, plant guarantee, ...
//! They are the source of the search index's policies collection. Bookkeeping without events.

use rusqlite::params;

use crate::{Db, StoreError};

/// Saves `(policy_id, text)` pairs, all or none. A policy of the same id is replaced, or kept
/// as it is when `keep_existing`.
pub fn save(
    db: &Db,
    texts: &[(String, String)],
    keep_existing: bool,
    imported_at: &str,
) -> Result<(), StoreError> {
    let tx = db.conn().unchecked_transaction()?;
    let sql = if keep_existing {
        "INSERT OR IGNORE INTO policies (policy_id, text, imported_at) VALUES (?1, ?2, ?3)"
    } else {
        "INSERT INTO policies (policy_id, text, imported_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (policy_id) DO UPDATE SET text = excluded.text,
             imported_at = excluded.imported_at"
    };
    for (id, text) in texts {
        tx.execute(sql, params![id, text, imported_at])?;
    }
    tx.commit()?;
    Ok(())
}

/// Every policy `(policy_id, text)`, by id.
pub fn all(db: &Db) -> Result<Vec<(String, String)>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare("SELECT policy_id, text FROM policies ORDER BY policy_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// How many policies are kept.
pub fn count(db: &Db) -> Result<i64, StoreError> {
    Ok(db
        .conn()
        .query_row("SELECT count(*) FROM policies", [], |r| r.get(0))?)
}
