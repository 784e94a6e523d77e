//! Errors of loading an embedding model and of embedding text with it.

use std::path::PathBuf;

/// Why a model folder could not be loaded. Every variant names the file at fault, so the
/// app can tell the user which file to fetch again; the caller falls back to lexical search.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("model file missing: {path} (run scripts/fetch-model)")]
    MissingFile { path: PathBuf },

    #[error("model file corrupt: {path}: {reason}")]
    CorruptFile { path: PathBuf, reason: String },

    #[error("model not supported: {path}: {reason}")]
    Unsupported { path: PathBuf, reason: String },

    #[error("cannot read model file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Why a batch of texts could not be embedded by a loaded model.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("tokenizer failed: {0}")]
    Tokenize(String),

    #[error("model inference failed: {0}")]
    Inference(#[from] candle_core::Error),

    #[error("embedding cancelled after {done} of {total} texts")]
    Cancelled { done: usize, total: usize },
}
