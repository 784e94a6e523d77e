//! The lexical index of a collection in SQLite FTS5, made for German: every document is stored
//! folded ([`fold`]), so that spellings of umlauts meet, and FTS5 only splits it at the spaces
//! `fold` left (its `ascii` tokenizer changes no letter), so the words FTS5 stores are exactly
//! the words the [`Vocabulary`] counts. Parts of
//! compounds (`dunger` inside `tomatendunger`), longer forms and typos are found through the
//! in-memory [`Vocabulary`], which expands each query word to the stored words covering it;
//! candidates from FTS5 are re-scored in [`score`] by how well each query word is covered by
//! the document's title and body.
//!
//! Query text never reaches FTS5 as syntax: it is folded to letters and digits first, and each
//! word is put in double quotes.

pub mod fold;
pub mod score;
pub mod vocabulary;

use rusqlite::{Connection, OptionalExtension, params};

pub use fold::{fold, query_terms};
pub use vocabulary::{Expansion, Vocabulary};

/// How many candidates each FTS5 query contributes before re-scoring.
const CANDIDATES: usize = 300;

/// How the word tables split text: at ASCII spaces and punctuation only. `fold` has already
/// lowered, un-accented and spaced the text; a tokenizer that folded again (`unicode61`) would
/// store some words differently from the ones the vocabulary counts.
const WORD_TOKENIZER: &str = "tokenize = 'ascii'";

/// Creates the FTS5 tables of `collection` (a plain lower-case name) if they do not exist, and
/// drops what earlier versions kept (a trigram table, a word table split by `unicode61`).
/// Returns true when the word table was created empty: the caller refills it with [`refill`].
pub fn create_tables(conn: &Connection, collection: &str) -> rusqlite::Result<bool> {
    let existing: Option<String> = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [format!("{collection}_words")],
            |r| r.get(0),
        )
        .optional()?;
    let outdated = existing
        .as_deref()
        .is_some_and(|sql| !sql.contains(WORD_TOKENIZER));
    if outdated {
        conn.execute_batch(&format!("DROP TABLE {collection}_words"))?;
    }
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS {collection}_words USING fts5(
             title, body, {WORD_TOKENIZER});
         DROP TABLE IF EXISTS {collection}_grams;
         CREATE TABLE IF NOT EXISTS {collection}_keys (
             code    TEXT NOT NULL,
             doc_key INTEGER NOT NULL,
             PRIMARY KEY (code, doc_key)) WITHOUT ROWID;
         CREATE INDEX IF NOT EXISTS {collection}_keys_by_doc ON {collection}_keys (doc_key);"
    ))?;
    Ok(existing.is_none() || outdated)
}

/// Writes the words of every `(key, title, body)` into the (empty) word table of `collection`,
/// in one transaction; the exact codes are kept in their own table and need no refill.
pub fn refill<'a>(
    conn: &Connection,
    collection: &str,
    documents: impl IntoIterator<Item = (i64, &'a str, &'a str)>,
) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    {
        let mut insert = tx.prepare(&format!(
            "INSERT INTO {collection}_words (rowid, title, body) VALUES (?1, ?2, ?3)"
        ))?;
        for (key, title, body) in documents {
            insert.execute(params![key, fold(title), fold(body)])?;
        }
    }
    tx.commit()
}

/// Normalises an exact code (SKU, EAN, customer number) as stored and as looked up.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Writes (or rewrites) the lexical entry of document `key`, counting its words in `vocabulary`.
pub fn upsert(
    conn: &Connection,
    collection: &str,
    vocabulary: &mut Vocabulary,
    key: i64,
    title: &str,
    body: &str,
    codes: &[String],
) -> rusqlite::Result<()> {
    remove(conn, collection, vocabulary, key)?;
    let (title, body) = (fold(title), fold(body));
    conn.prepare_cached(&format!(
        "INSERT INTO {collection}_words (rowid, title, body) VALUES (?1, ?2, ?3)"
    ))?
    .execute(params![key, title, body])?;
    vocabulary.add(&title, &body);
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
pub fn remove(
    conn: &Connection,
    collection: &str,
    vocabulary: &mut Vocabulary,
    key: i64,
) -> rusqlite::Result<()> {
    let previous: Option<(String, String)> = conn
        .prepare_cached(&format!(
            "SELECT title, body FROM {collection}_words WHERE rowid = ?1"
        ))?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((title, body)) = previous {
        vocabulary.remove(&title, &body);
    }
    conn.prepare_cached(&format!("DELETE FROM {collection}_words WHERE rowid = ?1"))?
        .execute([key])?;
    conn.prepare_cached(&format!("DELETE FROM {collection}_keys WHERE doc_key = ?1"))?
        .execute([key])?;
    Ok(())
}

/// Empties the lexical index of `collection`.
pub fn clear(
    conn: &Connection,
    collection: &str,
    vocabulary: &mut Vocabulary,
) -> rusqlite::Result<()> {
    vocabulary.clear();
    conn.execute_batch(&format!(
        "DELETE FROM {collection}_words; DELETE FROM {collection}_keys;"
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
/// the keys `accept` lets through. `vocabulary` holds the collection's words and `total` its
/// number of documents.
///
/// Each query term is expanded in memory to the stored words covering it ([`Vocabulary`]);
/// FTS5 then looks those exact words up once, ranks the matches by bm25 and hands over at most
/// [`CANDIDATES`], which are re-scored by word coverage ([`score`]).
pub fn search(
    conn: &Connection,
    collection: &str,
    vocabulary: &Vocabulary,
    total: usize,
    query: &str,
    limit: usize,
    accept: &dyn Fn(u64) -> bool,
) -> rusqlite::Result<Vec<(u64, f32)>> {
    let terms = query_terms(query);
    if terms.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let expansions: Vec<Expansion> = terms.iter().map(|t| vocabulary.expand(t)).collect();
    let mut words: Vec<&str> = expansions
        .iter()
        .flat_map(|e| e.words.iter().map(|w| w.0.as_str()))
        .collect();
    words.sort_unstable();
    words.dedup();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let expression = words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" OR ");
    let frequencies: Vec<usize> = terms
        .iter()
        .zip(&expansions)
        .map(|(term, expansion)| {
            if term.chars().count() >= 3 {
                expansion
                    .words
                    .iter()
                    .filter(|w| w.0.contains(term.as_str()))
                    .map(|w| w.2 as usize)
                    .sum::<usize>()
                    .min(FREQUENCY_CAP)
            } else {
                vocabulary.frequency(term) as usize
            }
        })
        .collect();
    let weights = score::term_weights(&terms, &frequencies, total.max(1));
    let mut scorer = score::Scorer::new(&terms, &weights);

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid, title, body FROM {collection}_words WHERE {collection}_words MATCH ?1
         ORDER BY rank LIMIT ?2"
    ))?;
    let mut rows = stmt.query(params![expression, CANDIDATES as i64])?;
    let mut scored: Vec<(u64, f32)> = Vec::new();
    while let Some(row) = rows.next()? {
        let key = row.get::<_, i64>(0)? as u64;
        if !accept(key) {
            continue;
        }
        let title = row.get_ref(1)?.as_str()?;
        let body = row.get_ref(2)?.as_str()?;
        let s = scorer.score(title, body);
        if s > 0.05 {
            scored.push((key, s));
        }
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(limit);
    Ok(scored)
}

/// Document frequencies above this make no difference to a term's weight.
const FREQUENCY_CAP: usize = 2000;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every letter and digit from Latin-1 to Greek, Cyrillic and the symbols in between, in
    /// words of three: text from any supplier's catalogue.
    fn letters_of_many_scripts() -> Vec<String> {
        let letters: Vec<char> = (0xC0u32..0x530)
            .chain(0x1E00..0x1F00)
            .filter_map(char::from_u32)
            .filter(|c| c.is_alphanumeric())
            .collect();
        letters
            .chunks(3)
            .map(|word| format!("x{}", word.iter().collect::<String>()))
            .collect()
    }

    #[test]
    fn words_counted_while_indexing_are_the_words_fts5_stores() {
        let conn = Connection::open_in_memory().unwrap();
        assert!(create_tables(&conn, "articles").unwrap());
        let mut vocabulary = Vocabulary::default();
        for (key, word) in letters_of_many_scripts().iter().enumerate() {
            upsert(
                &conn,
                "articles",
                &mut vocabulary,
                key as i64,
                word,
                "",
                &[],
            )
            .unwrap();
        }
        let stored = Vocabulary::load(&conn, "articles").unwrap();
        assert!(vocabulary.len() > 100, "only {} words", vocabulary.len());
        for word in letters_of_many_scripts() {
            for term in query_terms(&word) {
                assert_eq!(
                    stored.frequency(&term),
                    vocabulary.frequency(&term),
                    "{term:?} (from {word:?}) is counted differently after a restart"
                );
            }
        }
        assert_eq!(stored.len(), vocabulary.len());
    }

    #[test]
    fn a_word_table_of_an_earlier_version_is_replaced_and_refilled() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE articles_words USING fts5(
                 title, body, tokenize = 'unicode61 remove_diacritics 2');
             INSERT INTO articles_words (rowid, title, body) VALUES (7, 'giesskanne', '');",
        )
        .unwrap();
        assert!(create_tables(&conn, "articles").unwrap());
        refill(&conn, "articles", [(7, "Gießkanne Dvořák", "")]).unwrap();
        assert!(
            !create_tables(&conn, "articles").unwrap(),
            "kept once current"
        );
        let vocabulary = Vocabulary::load(&conn, "articles").unwrap();
        assert_eq!(vocabulary.frequency("dvorak"), 1);
        let found = search(&conn, "articles", &vocabulary, 1, "Giesskanne", 10, &|_| {
            true
        })
        .unwrap();
        assert_eq!(found.iter().map(|(k, _)| *k).collect::<Vec<_>>(), vec![7]);
    }
}
