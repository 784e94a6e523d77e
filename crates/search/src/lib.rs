//! Filiale search: finding articles, customers and policies by meaning and by words.
//!
//! - [`embed`]: on-device sentence embeddings (candle, sentence-transformers BERT models).
pub mod embed;
