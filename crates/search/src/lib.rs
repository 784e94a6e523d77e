//! Filiale search: finding articles, customers and policies by meaning and by words.
//!
//! - [`embed`]: on-device sentence embeddings (candle, sentence-transformers BERT models).
//! - [`lexical`]: SQLite FTS5 index made for German (folded umlauts, word parts, typos);
//! - [`vector_index`]: usearch HNSW index tagged with the model that built it;
//! - [`hybrid`]: weighted reciprocal rank fusion, exact codes first;
//! - [`collection`]: the store's search index: documents, both indexes, filters, stats;
//! - [`eval`]: nDCG@10 / recall@10 / MRR over the graded query set in `eval/queries.toml`.
pub mod collection;
pub mod embed;
pub mod eval;
pub mod hybrid;
pub mod lexical;
pub mod vector_index;
