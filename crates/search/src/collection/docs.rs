//! The documents table of each collection in the search database: the text that was indexed,
//! its metadata, and when it was indexed. Its integer key is the key in the FTS5 tables and in
//! the vector index.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::types::{Document, Metadata};

pub fn create_tables(conn: &Connection, collection: &str) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS {collection}_docs (
             key        INTEGER PRIMARY KEY,
             id         TEXT NOT NULL UNIQUE,
             title      TEXT NOT NULL,
             body       TEXT NOT NULL,
             metadata   TEXT NOT NULL,
             indexed_at TEXT NOT NULL)"
    ))
}

/// A stored document row.
#[derive(Debug, Clone)]
pub struct StoredDoc {
    pub key: i64,
    pub id: String,
    pub title: String,
    pub body: String,
    pub metadata: Metadata,
}

fn parse_metadata(text: &str) -> Metadata {
    serde_json::from_str(text).unwrap_or_default()
}

pub fn by_id(conn: &Connection, collection: &str, id: &str) -> rusqlite::Result<Option<StoredDoc>> {
    conn.prepare_cached(&format!(
        "SELECT key, id, title, body, metadata FROM {collection}_docs WHERE id = ?1"
    ))?
    .query_row([id], |r| {
        Ok(StoredDoc {
            key: r.get(0)?,
            id: r.get(1)?,
            title: r.get(2)?,
            body: r.get(3)?,
            metadata: parse_metadata(&r.get::<_, String>(4)?),
        })
    })
    .optional()
}

pub fn by_key(
    conn: &Connection,
    collection: &str,
    key: i64,
) -> rusqlite::Result<Option<StoredDoc>> {
    conn.prepare_cached(&format!(
        "SELECT key, id, title, body, metadata FROM {collection}_docs WHERE key = ?1"
    ))?
    .query_row([key], |r| {
        Ok(StoredDoc {
            key: r.get(0)?,
            id: r.get(1)?,
            title: r.get(2)?,
            body: r.get(3)?,
            metadata: parse_metadata(&r.get::<_, String>(4)?),
        })
    })
    .optional()
}

/// Every document, in key order.
pub fn all(conn: &Connection, collection: &str) -> rusqlite::Result<Vec<StoredDoc>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT key, id, title, body, metadata FROM {collection}_docs ORDER BY key"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(StoredDoc {
            key: r.get(0)?,
            id: r.get(1)?,
            title: r.get(2)?,
            body: r.get(3)?,
            metadata: parse_metadata(&r.get::<_, String>(4)?),
        })
    })?;
    rows.collect()
}

/// The metadata of every document by key (kept in memory for filtering inside vector search).
pub fn all_metadata(
    conn: &Connection,
    collection: &str,
) -> rusqlite::Result<HashMap<u64, Metadata>> {
    let mut stmt = conn.prepare(&format!("SELECT key, metadata FROM {collection}_docs"))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)? as u64,
            parse_metadata(&r.get::<_, String>(1)?),
        ))
    })?;
    rows.collect()
}

/// Inserts or updates `doc`, returning its key.
pub fn upsert(
    conn: &Connection,
    collection: &str,
    doc: &Document,
    now: &str,
) -> rusqlite::Result<i64> {
    let metadata = serde_json::to_string(&doc.metadata).unwrap_or_else(|_| "{}".into());
    conn.prepare_cached(&format!(
        "INSERT INTO {collection}_docs (id, title, body, metadata, indexed_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body,
             metadata = excluded.metadata, indexed_at = excluded.indexed_at
         RETURNING key"
    ))?
    .query_row(params![doc.id, doc.title, doc.body, metadata, now], |r| {
        r.get(0)
    })
}

pub fn remove(conn: &Connection, collection: &str, key: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {collection}_docs WHERE key = ?1"))?
        .execute([key])?;
    Ok(())
}

pub fn clear(conn: &Connection, collection: &str) -> rusqlite::Result<()> {
    conn.execute(&format!("DELETE FROM {collection}_docs"), [])?;
    Ok(())
}

pub fn count(conn: &Connection, collection: &str) -> rusqlite::Result<usize> {
    conn.query_row(
        &format!("SELECT count(*) FROM {collection}_docs"),
        [],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n as usize)
}

pub fn last_indexed(conn: &Connection, collection: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        &format!("SELECT max(indexed_at) FROM {collection}_docs"),
        [],
        |r| r.get(0),
    )
}
