//! The lexical index of a collection in SQLite FTS5, made for German: every document is stored
//! folded ([`fold`]) twice — as words (`unicode61`) and as character trigrams (`trigram`) — so
//! that spellings of umlauts meet, parts of compounds are found (`dunger` inside
//! `tomatendunger`) and typos still share most trigrams. Candidates from FTS5 are re-scored in
//! [`score`] by how well each query word is covered by the document's title and body.
//!
//! Query text never reaches FTS5 as syntax: it is folded to letters and digits first, and each
//! term is put in double quotes.

pub mod fold;
pub mod score;

use std::collections::HashMap;

use rusqlite::{Connection, params};

pub use fold::{fold, query_terms};

/// How many candidates each FTS5 query contributes before re-scoring.
const CANDIDATES: usize = 300;

/// Creates the FTS5 tables of `collection` (a plain lower-case name) if they do not exist.
pub fn create_tables(conn: &Connection, collection: &str) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS {collection}_words USING fts5(
             title, body, tokenize = 'unicode61 remove_diacritics 2');
         CREATE VIRTUAL TABLE IF NOT EXISTS {collection}_grams USING fts5(
             title, body, tokenize = 'trigram');
         CREATE TABLE IF NOT EXISTS {collection}_keys (
             code    TEXT NOT NULL,
             doc_key INTEGER NOT NULL,
             PRIMARY KEY (code, doc_key)) WITHOUT ROWID;
         CREATE INDEX IF NOT EXISTS {collection}_keys_by_doc ON {collection}_keys (doc_key);"
    ))
}

/// Normalises an exact code (SKU, EAN, customer number) as stored and as looked up.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Writes (or rewrites) the lexical entry of document `key`.
pub fn upsert(
    conn: &Connection,
    collection: &str,
    key: i64,
    title: &str,
    body: &str,
    codes: &[String],
) -> rusqlite::Result<()> {
    remove(conn, collection, key)?;
    let (title, body) = (fold(title), fold(body));
    conn.prepare_cached(&format!(
        "INSERT INTO {collection}_words (rowid, title, body) VALUES (?1, ?2, ?3)"
    ))?
    .execute(params![key, title, body])?;
    conn.prepare_cached(&format!(
        "INSERT INTO {collection}_grams (rowid, title, body) VALUES (?1, ?2, ?3)"
    ))?
    .execute(params![key, title, body])?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO {collection}_keys (code, doc_key) VALUES (?1, ?2)"
    ))?;
    for code in codes {
        let code = normalize_code(code);
        if !code.is_empty() {
            insert.execute(params![code, key])?;
        }
    }
    Ok(())
}

/// Removes the lexical entry of document `key` (nothing happens when there is none).
pub fn remove(conn: &Connection, collection: &str, key: i64) -> rusqlite::Result<()> {
    for table in ["words", "grams"] {
        conn.prepare_cached(&format!(
            "DELETE FROM {collection}_{table} WHERE rowid = ?1"
        ))?
        .execute([key])?;
    }
    conn.prepare_cached(&format!("DELETE FROM {collection}_keys WHERE doc_key = ?1"))?
        .execute([key])?;
    Ok(())
}

/// Empties the lexical index of `collection`.
pub fn clear(conn: &Connection, collection: &str) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "DELETE FROM {collection}_words; DELETE FROM {collection}_grams; DELETE FROM {collection}_keys;"
    ))
}

/// Documents whose SKU, EAN or customer number is exactly the query.
pub fn exact_codes(conn: &Connection, collection: &str, query: &str) -> rusqlite::Result<Vec<u64>> {
    let code = normalize_code(query);
    if code.is_empty() || code.chars().count() > 64 {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT doc_key FROM {collection}_keys WHERE code = ?1 ORDER BY doc_key"
    ))?;
    let keys = stmt.query_map([code], |r| r.get::<_, i64>(0))?;
    keys.map(|k| k.map(|k| k as u64)).collect()
}

/// The documents matching `query`, best first, with scores in 0..=~1.2, at most `limit`, among
/// the keys `accept` lets through.
pub fn search(
    conn: &Connection,
    collection: &str,
    query: &str,
    limit: usize,
    accept: &dyn Fn(u64) -> bool,
) -> rusqlite::Result<Vec<(u64, f32)>> {
    let terms = query_terms(query);
    if terms.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let mut texts: HashMap<i64, (String, String)> = HashMap::new();
    let words = terms
        .iter()
        .map(|t| format!("\"{t}\"*"))
        .collect::<Vec<_>>()
        .join(" OR ");
    collect(conn, &format!("{collection}_words"), &words, &mut texts)?;

    let long: Vec<&String> = terms.iter().filter(|t| t.chars().count() >= 3).collect();
    if !long.is_empty() {
        let parts = long
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(" OR ");
        collect(conn, &format!("{collection}_grams"), &parts, &mut texts)?;
    }
    let total = document_count(conn, collection)?.max(1);
    let mut frequencies = Vec::with_capacity(terms.len());
    for term in &terms {
        frequencies.push(term_frequency(conn, collection, term)?);
    }
    // Words found nowhere are probably misspelt: look for documents sharing their trigrams.
    let unknown: Vec<String> = terms
        .iter()
        .zip(&frequencies)
        .filter(|(t, df)| **df == 0 && t.chars().count() >= 4)
        .flat_map(|(t, _)| fold::trigrams(t))
        .map(|g| format!("\"{g}\""))
        .collect();
    if !unknown.is_empty() {
        collect(
            conn,
            &format!("{collection}_grams"),
            &unknown.join(" OR "),
            &mut texts,
        )?;
    }

    let weights = score::term_weights(&terms, &frequencies, total);
    let mut scored: Vec<(u64, f32)> = texts
        .into_iter()
        .filter(|(key, _)| accept(*key as u64))
        .map(|(key, (title, body))| (key as u64, score::score(&terms, &weights, &title, &body)))
        .filter(|(_, s)| *s > 0.05)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(limit);
    Ok(scored)
}

fn collect(
    conn: &Connection,
    table: &str,
    expression: &str,
    texts: &mut HashMap<i64, (String, String)>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid, title, body FROM {table} WHERE {table} MATCH ?1 ORDER BY rank LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![expression, CANDIDATES as i64], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (key, title, body) = row?;
        texts.entry(key).or_insert((title, body));
    }
    Ok(())
}

fn document_count(conn: &Connection, collection: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached(&format!("SELECT count(*) FROM {collection}_words"))?
        .query_row([], |r| r.get::<_, i64>(0))
        .map(|n| n as usize)
}

/// In how many documents `term` occurs as a word or part of a word, capped at 2,000: beyond
/// that a term is common anyway, and counting further costs milliseconds at 100,000 documents.
fn term_frequency(conn: &Connection, collection: &str, term: &str) -> rusqlite::Result<usize> {
    let (table, expression) = if term.chars().count() >= 3 {
        (format!("{collection}_grams"), format!("\"{term}\""))
    } else {
        (format!("{collection}_words"), format!("\"{term}\""))
    };
    conn.prepare_cached(&format!(
        "SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ?1 LIMIT 2000)"
    ))?
    .query_row([expression], |r| r.get::<_, i64>(0))
    .map(|n| n as usize)
}
