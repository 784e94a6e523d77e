//! Keeping a collection's vector index on disk cheaply and safely: a change updates the graph
//! in memory and notes the document key in a journal table (`<collection>_vectors_pending`, in
//! the same SQLite transaction as the document itself); [`SearchIndex::flush`] writes the graph
//! file and empties the journal. After a crash the saved graph is opened and every journaled
//! document is embedded again (or removed), so no change is lost and none is half-applied.

use std::sync::atomic::Ordering;

use rusqlite::{Connection, params};

use super::{SearchError, SearchIndex, Shelf, docs, model_tag, types};
use crate::collection::CollectionName;
use crate::embed::{Embedder, TextKind};
use crate::vector_index::VectorIndex;

pub fn create_tables(conn: &Connection, collection: &str) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS {collection}_vectors_pending (key INTEGER PRIMARY KEY)"
    ))
}

/// Notes that the vector of document `key` changed and is not saved yet.
pub fn mark_pending(conn: &Connection, collection: &str, key: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO {collection}_vectors_pending (key) VALUES (?1)"
    ))?
    .execute(params![key])?;
    Ok(())
}

fn pending(conn: &Connection, collection: &str) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT key FROM {collection}_vectors_pending ORDER BY key"
    ))?;
    let keys = stmt.query_map([], |r| r.get(0))?;
    keys.collect()
}

fn clear_pending(conn: &Connection, collection: &str) -> rusqlite::Result<()> {
    conn.execute(&format!("DELETE FROM {collection}_vectors_pending"), [])?;
    Ok(())
}

impl SearchIndex {
    /// Opens the saved vector index of `name`, applies the journal of unsaved changes, and
    /// rebuilds from the stored texts when it is missing, of another model or out of step.
    pub(super) fn open_vectors(
        &self,
        name: CollectionName,
        embedder: &Embedder,
        documents: usize,
    ) -> Result<VectorIndex, SearchError> {
        let tag = model_tag(embedder);
        let path = self.vector_path(name);
        let collection = name.as_str();
        let opened = VectorIndex::open(&path, &tag).and_then(|index| {
            let keys = pending(&self.lock(), collection).map_err(native_sql)?;
            Ok((index, keys))
        });
        match opened {
            Ok((index, keys)) => {
                if !keys.is_empty() {
                    self.replay(name, embedder, &index, &keys)?;
                }
                if index.len() == documents {
                    if !keys.is_empty() {
                        self.save_vectors(name, &index)?;
                    }
                    return Ok(index);
                }
                tracing::warn!(collection = %name, vectors = index.len(), documents, "vector index out of step, rebuilding");
            }
            Err(_) if documents == 0 => {
                clear_pending(&self.lock(), collection)?;
                return Ok(VectorIndex::new(tag)?);
            }
            Err(e) => tracing::warn!(collection = %name, error = %e, "rebuilding vector index"),
        }
        let stored = docs::all(&self.lock(), collection)?;
        let texts: Vec<String> = stored
            .iter()
            .map(|d| types::embedding_text(&d.title, &d.body))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let vectors = embedder.embed(&refs, TextKind::Passage)?;
        let index = VectorIndex::new(tag)?;
        let items: Vec<(u64, Vec<f32>)> =
            stored.iter().map(|d| d.key as u64).zip(vectors).collect();
        index.add_batch(&items)?;
        self.save_vectors(name, &index)?;
        Ok(index)
    }

    /// Brings the journaled documents `keys` into `index`: embedded again when they exist,
    /// removed when they are gone.
    fn replay(
        &self,
        name: CollectionName,
        embedder: &Embedder,
        index: &VectorIndex,
        keys: &[i64],
    ) -> Result<(), SearchError> {
        let mut present = Vec::new();
        {
            let conn = self.lock();
            for &key in keys {
                match docs::by_key(&conn, name.as_str(), key)? {
                    Some(doc) => {
                        present.push((key as u64, types::embedding_text(&doc.title, &doc.body)))
                    }
                    None => index.remove(key as u64)?,
                }
            }
        }
        let refs: Vec<&str> = present.iter().map(|(_, t)| t.as_str()).collect();
        let vectors = embedder.embed(&refs, TextKind::Passage)?;
        for ((key, _), vector) in present.iter().zip(vectors) {
            index.upsert(*key, &vector)?;
        }
        tracing::info!(collection = %name, documents = keys.len(), "unsaved vector changes applied again");
        Ok(())
    }

    /// Writes `index` to its file and empties the journal; the caller holds the shelf's
    /// `persist` lock (or is opening the index, before anyone else can change it).
    fn save_vectors(&self, name: CollectionName, index: &VectorIndex) -> Result<(), SearchError> {
        index.save(&self.vector_path(name))?;
        clear_pending(&self.lock(), name.as_str())?;
        Ok(())
    }

    /// Saves every vector index changed since its last save (call it now and then, and before
    /// the process ends); returns how many were written. Unsaved changes are never lost: the
    /// journal brings them back at the next start.
    pub fn flush(&self) -> Result<usize, SearchError> {
        let mut saved = 0;
        for name in CollectionName::ALL {
            let shelf = self.shelf(name);
            let _persist = shelf.persist.lock().unwrap_or_else(|e| e.into_inner());
            if !shelf.dirty.swap(false, Ordering::AcqRel) {
                continue;
            }
            let vectors = shelf.vectors.read().unwrap_or_else(|e| e.into_inner());
            if let Some(index) = vectors.as_ref()
                && let Err(e) = self.save_vectors(name, index)
            {
                shelf.dirty.store(true, Ordering::Release);
                return Err(e);
            }
            saved += 1;
        }
        Ok(saved)
    }

    /// Whether some vector index has changes that are not saved yet.
    pub fn has_unsaved_vectors(&self) -> bool {
        CollectionName::ALL
            .into_iter()
            .any(|name| self.shelf(name).dirty.load(Ordering::Acquire))
    }
}

pub(super) fn mark_dirty(shelf: &Shelf) {
    shelf.dirty.store(true, Ordering::Release);
}

fn native_sql(e: rusqlite::Error) -> crate::vector_index::VectorIndexError {
    crate::vector_index::VectorIndexError::Native(e.to_string())
}
