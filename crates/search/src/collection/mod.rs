//! The search index of a store: for each collection ([`CollectionName`]) a documents table and
//! FTS5 tables in one SQLite file (`<dir>/index.sqlite`) and a usearch vector index
//! (`<dir>/<collection>.usearch`), kept in step by [`SearchIndex::write`] and
//! [`SearchIndex::remove`], searched lexically, by vector or both ([`SearchIndex::search`]).
//!
//! Without an embedding model everything but vector search works; a vector index built by
//! another model is rebuilt from the stored texts as soon as a model is there.

mod docs;
mod query;
mod shape;
mod types;
mod vectors;

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};

use rusqlite::Connection;

use crate::embed::{EmbedError, Embedder, Progress, TextKind};
use crate::lexical::{self, Vocabulary};
use crate::vector_index::{ModelTag, VectorIndex, VectorIndexError};

pub use shape::{
    ArticleFields, CustomerFields, article_document, customer_document, policy_document,
};
pub use types::{
    CollectionName, CollectionStats, Document, Filter, Hit, Metadata, SearchMode, SearchOutcome,
    SearchRequest,
};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Most results one search returns.
pub const MAX_LIMIT: usize = 100;
/// Candidates each ranking contributes to the hybrid fusion.
const FUSION_DEPTH: usize = 50;

/// Why a search or an index change failed. Messages are for users; SQLite details stay in the
/// source chain.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the search text is empty")]
    EmptyQuery,
    #[error("the search text is too long ({found} characters, at most {max})")]
    QueryTooLong { found: usize, max: usize },
    #[error("unknown collection {0:?} (articles, customers or policies)")]
    UnknownCollection(String),
    #[error("unknown search mode {0:?} (hybrid, vector or lexical)")]
    UnknownMode(String),
    #[error("impossible filter: {0}")]
    ImpossibleFilter(String),
    #[error("the search index could not be read or written")]
    Database(#[from] rusqlite::Error),
    #[error(transparent)]
    Vectors(#[from] VectorIndexError),
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error("cannot create the search directory {path}: {source}")]
    Directory {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The in-memory part of one collection.
struct Shelf {
    /// Metadata by key: the vector search filters on it inside the graph walk.
    metadata: RwLock<HashMap<u64, Metadata>>,
    /// The folded words and their document counts: query words are expanded here.
    vocabulary: RwLock<Vocabulary>,
    /// `None` without a model.
    vectors: RwLock<Option<VectorIndex>>,
    /// Held while the vector index changes or is saved, so that a save and the journal it
    /// empties agree (a std mutex: held for a write or a save, never across an await).
    persist: Mutex<()>,
    /// The vector index has changes not yet saved to its file (they are in the journal).
    dirty: AtomicBool,
}

/// A store's search index. `Send + Sync`; share it in an `Arc`.
pub struct SearchIndex {
    dir: PathBuf,
    /// A std mutex: one connection, short statements; writes are rare and batched.
    conn: Mutex<Connection>,
    embedder: Option<Arc<Embedder>>,
    /// Why there is no vector search (shown to the user when a search falls back).
    no_vectors_reason: Option<String>,
    shelves: HashMap<CollectionName, Shelf>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

fn now_text(now: chrono::DateTime<chrono::Utc>) -> String {
    now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl SearchIndex {
    /// Opens (creating) the index in `dir`. `embedder` is `Err(reason)` when no model could be
    /// loaded: search then works lexically and says why. Vector indexes that are missing or were
    /// built by another model are rebuilt from the stored texts.
    pub fn open(dir: &Path, embedder: Result<Arc<Embedder>, String>) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir).map_err(|source| SearchError::Directory {
            path: dir.to_path_buf(),
            source,
        })?;
        let conn = Connection::open(dir.join("index.sqlite"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        )?;
        let (embedder, no_vectors_reason) = match embedder {
            Ok(e) => (Some(e), None),
            Err(reason) => (None, Some(reason)),
        };
        let mut index = Self {
            dir: dir.to_path_buf(),
            conn: Mutex::new(conn),
            embedder,
            no_vectors_reason,
            shelves: HashMap::new(),
        };
        for name in CollectionName::ALL {
            let shelf = index.open_shelf(name)?;
            index.shelves.insert(name, shelf);
        }
        Ok(index)
    }

    fn open_shelf(&self, name: CollectionName) -> Result<Shelf, SearchError> {
        let conn = self.lock();
        docs::create_tables(&conn, name.as_str())?;
        if lexical::create_tables(&conn, name.as_str())? {
            let stored = docs::all(&conn, name.as_str())?;
            lexical::refill(
                &conn,
                name.as_str(),
                stored
                    .iter()
                    .map(|d| (d.key, d.title.as_str(), d.body.as_str())),
            )?;
        }
        vectors::create_tables(&conn, name.as_str())?;
        let metadata = docs::all_metadata(&conn, name.as_str())?;
        let vocabulary = Vocabulary::load(&conn, name.as_str())?;
        drop(conn);
        let vectors = match &self.embedder {
            None => None,
            Some(embedder) => Some(self.open_vectors(name, embedder, metadata.len())?),
        };
        Ok(Shelf {
            metadata: RwLock::new(metadata),
            vocabulary: RwLock::new(vocabulary),
            vectors: RwLock::new(vectors),
            persist: Mutex::new(()),
            dirty: AtomicBool::new(false),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn shelf(&self, name: CollectionName) -> &Shelf {
        &self.shelves[&name]
    }

    /// Where the vector index of `name` is saved.
    pub fn vector_path(&self, name: CollectionName) -> PathBuf {
        self.dir.join(format!("{name}.usearch"))
    }

    /// Whether vector search is available, and if not, why.
    pub fn vectors_unavailable(&self) -> Option<&str> {
        self.no_vectors_reason.as_deref()
    }

    pub fn embedder(&self) -> Option<&Arc<Embedder>> {
        self.embedder.as_ref()
    }

    /// A number the caller keeps with the index (the last outbox `store_seq` indexed).
    pub fn marker(&self, key: &str) -> Result<Option<String>, SearchError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .lock()
            .query_row("SELECT value FROM search_meta WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_marker(&self, key: &str, value: &str) -> Result<(), SearchError> {
        self.lock().execute(
            "INSERT INTO search_meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// Adds or updates `documents`, embedding those whose text changed (or all, when
    /// `vectors` are given precomputed, one per document). Metadata-only changes (stock, price)
    /// are not embedded again.
    pub fn write(
        &self,
        name: CollectionName,
        documents: &[Document],
        vectors: Option<Vec<Vec<f32>>>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, SearchError> {
        let collection = name.as_str();
        let changed: Vec<bool> = {
            let conn = self.lock();
            documents
                .iter()
                .map(|d| {
                    docs::by_id(&conn, collection, &d.id)
                        .map(|s| s.is_none_or(|s| s.title != d.title || s.body != d.body))
                })
                .collect::<Result<_, _>>()?
        };
        let vectors: Vec<Option<Vec<f32>>> = match (vectors, &self.embedder) {
            (Some(given), _) => given.into_iter().map(Some).collect(),
            (None, Some(embedder)) => {
                let texts: Vec<String> = documents
                    .iter()
                    .zip(&changed)
                    .filter(|(_, c)| **c)
                    .map(|(d, _)| d.embedding_text())
                    .collect();
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                let mut embedded = embedder.embed(&refs, TextKind::Passage)?.into_iter();
                changed
                    .iter()
                    .map(|c| if *c { embedded.next() } else { None })
                    .collect()
            }
            (None, None) => vec![None; documents.len()],
        };
        let now = now_text(now);
        let shelf = self.shelf(name);
        let journal = shelf
            .vectors
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_some();
        let _persist = shelf.persist.lock().unwrap_or_else(|e| e.into_inner());
        let mut keys = Vec::with_capacity(documents.len());
        {
            let mut conn = self.lock();
            let tx = conn.transaction()?;
            let mut vocabulary = shelf.vocabulary.write().unwrap_or_else(|e| e.into_inner());
            for ((doc, changed), vector) in documents.iter().zip(&changed).zip(&vectors) {
                let key = docs::upsert(&tx, collection, doc, &now)?;
                if *changed {
                    lexical::upsert(
                        &tx,
                        collection,
                        &mut vocabulary,
                        key,
                        &doc.title,
                        &doc.body,
                        &doc.codes,
                    )?;
                }
                if journal && vector.is_some() {
                    vectors::mark_pending(&tx, collection, key)?;
                }
                keys.push(key as u64);
            }
            if let Err(e) = tx.commit() {
                // The vocabulary counted words the database does not have: read it again.
                *vocabulary = Vocabulary::load(&conn, collection)?;
                return Err(e.into());
            }
        }
        {
            let mut metadata = shelf.metadata.write().unwrap_or_else(|e| e.into_inner());
            for (key, doc) in keys.iter().zip(documents) {
                metadata.insert(*key, doc.metadata.clone());
            }
        }
        let vectors_guard = shelf.vectors.read().unwrap_or_else(|e| e.into_inner());
        if let Some(index) = vectors_guard.as_ref() {
            let fresh: Vec<(u64, Vec<f32>)> = keys
                .iter()
                .zip(vectors)
                .filter_map(|(k, v)| v.map(|v| (*k, v)))
                .collect();
            if !fresh.is_empty() {
                if fresh.len() > 64 && index.is_empty() {
                    index.add_batch(&fresh)?;
                } else {
                    for (key, vector) in &fresh {
                        index.upsert(*key, vector)?;
                    }
                }
                vectors::mark_dirty(shelf);
            }
        }
        Ok(documents.len())
    }

    /// Removes the document `id`; false when there was none.
    pub fn remove(&self, name: CollectionName, id: &str) -> Result<bool, SearchError> {
        let collection = name.as_str();
        let shelf = self.shelf(name);
        let _persist = shelf.persist.lock().unwrap_or_else(|e| e.into_inner());
        let key = {
            let mut conn = self.lock();
            let tx = conn.transaction()?;
            let Some(doc) = docs::by_id(&tx, collection, id)? else {
                return Ok(false);
            };
            let mut vocabulary = shelf.vocabulary.write().unwrap_or_else(|e| e.into_inner());
            docs::remove(&tx, collection, doc.key)?;
            lexical::remove(&tx, collection, &mut vocabulary, doc.key)?;
            vectors::mark_pending(&tx, collection, doc.key)?;
            if let Err(e) = tx.commit() {
                *vocabulary = Vocabulary::load(&conn, collection)?;
                return Err(e.into());
            }
            doc.key as u64
        };
        shelf
            .metadata
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&key);
        if let Some(index) = shelf
            .vectors
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            index.remove(key)?;
            vectors::mark_dirty(shelf);
        }
        Ok(true)
    }

    /// Replaces the whole collection with `documents`, embedding them in batches and calling
    /// `on_progress` after each (return `Break` to cancel; the old index then stays).
    pub fn rebuild(
        &self,
        name: CollectionName,
        documents: &[Document],
        now: chrono::DateTime<chrono::Utc>,
        on_progress: impl FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<usize, SearchError> {
        let vectors = match &self.embedder {
            Some(embedder) => {
                let texts: Vec<String> = documents.iter().map(Document::embedding_text).collect();
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                Some(embedder.embed_with_progress(
                    &refs,
                    TextKind::Passage,
                    crate::embed::DEFAULT_BATCH_SIZE,
                    on_progress,
                )?)
            }
            None => None,
        };
        self.replace_all(name, documents, vectors, now)
    }

    /// Replaces the whole collection with `documents` and their precomputed `vectors`.
    pub fn replace_all(
        &self,
        name: CollectionName,
        documents: &[Document],
        vectors: Option<Vec<Vec<f32>>>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, SearchError> {
        let shelf = self.shelf(name);
        {
            let _persist = shelf.persist.lock().unwrap_or_else(|e| e.into_inner());
            let mut conn = self.lock();
            let tx = conn.transaction()?;
            let mut vocabulary = shelf.vocabulary.write().unwrap_or_else(|e| e.into_inner());
            docs::clear(&tx, name.as_str())?;
            lexical::clear(&tx, name.as_str(), &mut vocabulary)?;
            tx.commit()?;
            shelf
                .metadata
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .clear();
            if let Some(embedder) = &self.embedder {
                *shelf.vectors.write().unwrap_or_else(|e| e.into_inner()) =
                    Some(VectorIndex::new(model_tag(embedder))?);
                vectors::mark_dirty(shelf);
            }
        }
        let written = self.write(name, documents, vectors, now)?;
        // A whole new collection: save it at once rather than journal every document.
        self.flush()?;
        Ok(written)
    }

    /// Ids of every stored document of `name`.
    pub fn ids(&self, name: CollectionName) -> Result<Vec<String>, SearchError> {
        Ok(docs::all(&self.lock(), name.as_str())?
            .into_iter()
            .map(|d| d.id)
            .collect())
    }

    /// Stored documents of `name` (policies keep their only copy here).
    pub fn documents(&self, name: CollectionName) -> Result<Vec<Document>, SearchError> {
        Ok(docs::all(&self.lock(), name.as_str())?
            .into_iter()
            .map(|d| Document {
                codes: Vec::new(),
                id: d.id,
                title: d.title,
                body: d.body,
                metadata: d.metadata,
            })
            .collect())
    }

    /// Figures about `name`.
    pub fn stats(&self, name: CollectionName) -> Result<CollectionStats, SearchError> {
        let conn = self.lock();
        let documents = docs::count(&conn, name.as_str())?;
        let last_indexed = docs::last_indexed(&conn, name.as_str())?;
        drop(conn);
        let vectors = self
            .shelf(name)
            .vectors
            .read()
            .unwrap_or_else(|e| e.into_inner());
        let size = |p: PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        Ok(CollectionStats {
            collection: name,
            documents,
            vectors: vectors.as_ref().map_or(0, VectorIndex::len),
            dimensions: vectors.as_ref().map(|v| v.tag().dimensions),
            model: vectors.as_ref().map(|v| v.tag().model.clone()),
            vector_index_bytes: size(self.vector_path(name)),
            lexical_db_bytes: size(self.dir.join("index.sqlite"))
                + size(self.dir.join("index.sqlite-wal")),
            last_indexed,
        })
    }
}

impl Drop for SearchIndex {
    /// Saves unsaved vector changes on the way out (were this to fail, the journal still has them).
    fn drop(&mut self) {
        if let Err(e) = self.flush() {
            tracing::warn!(error = %e, "vector index not saved; it is brought up to date at the next start");
        }
    }
}

fn model_tag(embedder: &Embedder) -> ModelTag {
    ModelTag {
        model: embedder.status().name.clone(),
        dimensions: embedder.dimension(),
    }
}
