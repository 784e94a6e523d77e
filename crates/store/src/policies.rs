//! The store's policy texts (returns, payment, plant guarantee, ...): the source of the search
//! index's policies collection, kept here so a rebuilt index never loses them.

use crate::{Store, StoreError};
use rusqlite::Connection;

/// Saves policy texts, all or none; a policy of the same id is replaced, or kept when
/// `keep_existing` (the demo's texts never overwrite the store's).
pub fn save(
    store: &Store,
    texts: &[(String, String)],
    keep_existing: bool,
    now: &str,
) -> Result<(), StoreError> {
    store.bookkeep(|c| {
        let tx = c.unchecked_transaction()?;
        let sql = if keep_existing {
            "INSERT OR IGNORE INTO policies (policy_id, text, imported_at) VALUES (?1, ?2, ?3)"
        } else {
            "INSERT INTO policies (policy_id, text, imported_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (policy_id) DO UPDATE SET text = excluded.text,
                 imported_at = excluded.imported_at"
        };
        for (id, text) in texts {
            tx.execute(sql, [id, text, now])?;
        }
        tx.commit()?;
        Ok(())
    })
}

/// Every policy text by id.
pub fn all(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn.prepare("SELECT policy_id, text FROM policies ORDER BY policy_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
