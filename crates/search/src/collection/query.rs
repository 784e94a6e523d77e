//! Answering a search: checking the request, the lexical and vector rankings (filtered inside
//! both), fusion, and turning keys back into hits.

use super::{
    FUSION_DEPTH, Hit, MAX_LIMIT, MAX_QUERY_CHARS, SearchError, SearchIndex, SearchMode,
    SearchOutcome, SearchRequest, Shelf, docs,
};
use crate::collection::CollectionName;
use crate::{hybrid, lexical};

impl SearchIndex {
    /// Searches `name`. Bad input (empty or overlong query, impossible filter) is an error;
    /// without a model, hybrid and vector searches answer lexically and say so in `notice`.
    pub fn search(
        &self,
        name: CollectionName,
        request: &SearchRequest,
    ) -> Result<SearchOutcome, SearchError> {
        let query = request.query.trim();
        if query.is_empty() {
            return Err(SearchError::EmptyQuery);
        }
        let chars = query.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(SearchError::QueryTooLong {
                found: chars,
                max: MAX_QUERY_CHARS,
            });
        }
        request.filter.validate()?;
        let limit = request.limit.clamp(1, MAX_LIMIT);
        let collection = name.as_str();
        let shelf = self.shelf(name);
        let metadata = shelf.metadata.read().unwrap_or_else(|e| e.into_inner());
        let accept = |key: u64| {
            request.filter.is_empty()
                || metadata
                    .get(&key)
                    .is_some_and(|m| request.filter.accepts(m))
        };

        let (mode, notice) = match (request.mode, &self.embedder) {
            (SearchMode::Lexical, _) | (_, Some(_)) => (request.mode, None),
            (asked, None) => (
                SearchMode::Lexical,
                Some(format!(
                    "{} search is not available ({}); showing lexical results",
                    asked.as_str(),
                    self.no_vectors_reason
                        .as_deref()
                        .unwrap_or("no embedding model")
                )),
            ),
        };
        let depth = limit.max(FUSION_DEPTH);
        let vector_filter: Option<&(dyn Fn(u64) -> bool + Sync)> = if request.filter.is_empty() {
            None
        } else {
            Some(&accept)
        };
        // The query is embedded (on the worker threads) while SQLite looks up the words (on
        // this one): a hybrid search takes about the longer of the two, not their sum.
        let (lexical_side, vector_hits) = std::thread::scope(|scope| {
            let vector_side = (mode != SearchMode::Lexical)
                .then(|| scope.spawn(|| self.vector_search(shelf, query, depth, vector_filter)));
            let lexical_side = (|| {
                let conn = self.lock();
                let exact: Vec<u64> = lexical::exact_codes(&conn, collection, query)?
                    .into_iter()
                    .filter(|k| accept(*k))
                    .collect();
                let hits = if mode == SearchMode::Vector {
                    Vec::new()
                } else {
                    let vocabulary = shelf.vocabulary.read().unwrap_or_else(|e| e.into_inner());
                    lexical::search(
                        &conn,
                        collection,
                        &vocabulary,
                        metadata.len(),
                        query,
                        depth,
                        &accept,
                    )?
                };
                Ok::<_, SearchError>((exact, hits))
            })();
            let vector_hits = match vector_side {
                Some(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => Ok(Vec::new()),
            };
            (lexical_side, vector_hits)
        });
        let (exact, lexical_hits) = lexical_side?;
        let vector_hits = vector_hits?;
        let ranked = match mode {
            SearchMode::Lexical => hybrid::first_exact(&exact, lexical_hits, limit),
            SearchMode::Vector => hybrid::first_exact(&exact, vector_hits, limit),
            SearchMode::Hybrid => hybrid::fuse(&exact, &lexical_hits, &vector_hits, limit),
        };
        drop(metadata);
        let conn = self.lock();
        let mut hits = Vec::with_capacity(ranked.len());
        for (key, score) in ranked {
            if let Some(doc) = docs::by_key(&conn, collection, key as i64)? {
                hits.push(Hit {
                    id: doc.id,
                    text: display_text(&doc.title, &doc.body),
                    metadata: doc.metadata,
                    score,
                });
            }
        }
        Ok(SearchOutcome { hits, mode, notice })
    }

    fn vector_search(
        &self,
        shelf: &Shelf,
        query: &str,
        depth: usize,
        accept: Option<&(dyn Fn(u64) -> bool + Sync)>,
    ) -> Result<Vec<(u64, f32)>, SearchError> {
        let Some(embedder) = &self.embedder else {
            return Ok(Vec::new());
        };
        let vector = embedder.embed_query(query)?;
        let guard = shelf.vectors.read().unwrap_or_else(|e| e.into_inner());
        let Some(index) = guard.as_ref() else {
            return Ok(Vec::new());
        };
        Ok(index.search(&vector, depth, accept)?)
    }
}

/// The text shown for a hit: the title, and the start of the body for long documents.
fn display_text(title: &str, body: &str) -> String {
    const SNIPPET: usize = 160;
    if body.is_empty() {
        return title.to_owned();
    }
    let snippet: String = body.chars().take(SNIPPET).collect();
    let ellipsis = if body.chars().count() > SNIPPET {
        "…"
    } else {
        ""
    };
    format!("{title} — {snippet}{ellipsis}")
}
