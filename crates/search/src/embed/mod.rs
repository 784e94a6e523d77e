//! Sentence embeddings on the CPU: loads a sentence-transformers BERT-family model folder and
//! turns texts into unit-length vectors (`Embedder`).
//!
//! - `model_folder`: which files a model folder must have and what its configs say;
//! - `tokenize`: prefixes, truncation, packing a batch's texts without padding;
//! - `bert`: the encoder forward pass (candle matrix products);
//! - `kernels`: fused element-wise kernels (bias + activation, residual + layer norm);
//! - `attention`: self-attention of all heads in one pass;
//! - `small_matmul`: the matrix product for a few tokens (queries);
//! - `word_table`: the word-embedding table, read by row from the model file;
//! - `pooling`: mean / CLS / max pooling and L2 normalisation;
//! - `background`: running long batches on a worker thread with progress.

mod attention;
mod background;
mod bert;
mod error;
mod kernels;
mod model_folder;
mod pooling;
mod small_matmul;
mod tokenize;
mod word_piece;
mod word_table;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use candle_core::Device;
use rayon::prelude::*;

pub use background::embed_in_background;
pub use bert::WeightPrecision;
pub use error::{EmbedError, ModelError};
pub use model_folder::Prefixes;
pub use pooling::Pooling;

use bert::{BertEncoder, WideWeights};
use model_folder::{ModelFolder, WEIGHTS};
use tokenize::{TextTokenizer, TokenizedText};

/// The model Filiale ships with (fetched by `scripts/fetch-model`).
pub const DEFAULT_MODEL: &str = "all-MiniLM-L6-v2";

/// Texts per forward pass when the caller does not choose.
pub const DEFAULT_BATCH_SIZE: usize = 32;

/// Whether a text is a search query or a stored document; e5 models embed them with different prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Query,
    Passage,
}

/// What the app shows about the loaded model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelStatus {
    pub name: String,
    pub dimension: usize,
    pub max_seq_length: usize,
    pub pooling: Pooling,
    pub prefixes: Prefixes,
    /// The vocabulary's pad token (`[PAD]` in BERT vocabularies, `<pad>` in XLM-R ones): what
    /// sentence-transformers pads batches with. Filiale packs batches instead, so padding never
    /// reaches the encoder; the id is reported so a wrong vocabulary is easy to spot.
    pub pad_token_id: u32,
    pub loaded_from: PathBuf,
}

/// How far a long batch has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// A loaded embedding model. `Send + Sync`: share it in an `Arc` and call it from worker threads,
/// never from the UI thread (a batch of a thousand texts takes seconds).
#[derive(Debug)]
pub struct Embedder {
    tokenizer: TextTokenizer,
    encoder: BertEncoder,
    status: ModelStatus,
}

impl Embedder {
    /// Loads the model in `dir`. A missing or broken file gives an error naming that file.
    pub fn load(dir: &Path) -> Result<Self, ModelError> {
        Self::load_with(dir, WeightPrecision::default())
    }

    /// Loads the model in `dir`, holding the dense weights as `precision` says.
    pub fn load_with(dir: &Path, precision: WeightPrecision) -> Result<Self, ModelError> {
        let folder = ModelFolder::read(dir)?;
        let tokenizer = TextTokenizer::load(&folder)?;
        let encoder =
            BertEncoder::load(&folder.file(WEIGHTS), &folder.bert, &Device::Cpu, precision)?;
        let status = ModelStatus {
            name: folder.name.clone(),
            dimension: encoder.hidden_size(),
            max_seq_length: folder.max_seq_length,
            pooling: folder.pooling,
            prefixes: folder.prefixes.clone(),
            pad_token_id: tokenizer.pad_id(),
            loaded_from: folder.root.clone(),
        };
        tracing::info!(model = %status.name, dimension = status.dimension, path = %dir.display(), "embedding model loaded");
        Ok(Self {
            tokenizer,
            encoder,
            status,
        })
    }

    pub fn status(&self) -> &ModelStatus {
        &self.status
    }

    pub fn dimension(&self) -> usize {
        self.status.dimension
    }

    /// Embeds one search query.
    pub fn embed_query(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        Ok(self.embed(&[text], TextKind::Query)?.remove(0))
    }

    pub fn embed_queries(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.embed(texts, TextKind::Query)
    }

    pub fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.embed(texts, TextKind::Passage)
    }

    /// Embeds `texts` in batches of `DEFAULT_BATCH_SIZE`; one unit vector per text, in order.
    pub fn embed(&self, texts: &[&str], kind: TextKind) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.embed_with_progress(texts, kind, DEFAULT_BATCH_SIZE, |_| {
            ControlFlow::Continue(())
        })
    }

    /// Embeds `texts` in batches of `batch_size` texts of similar length (so passes side by side
    /// take about the same time), calling `on_progress` after each batch; returning
    /// `ControlFlow::Break` from it cancels the job.
    pub fn embed_with_progress(
        &self,
        texts: &[&str],
        kind: TextKind,
        batch_size: usize,
        mut on_progress: impl FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        let total = texts.len();
        if total == 0 {
            return Ok(Vec::new());
        }
        let prefix = match kind {
            TextKind::Query => &self.status.prefixes.query,
            TextKind::Passage => &self.status.prefixes.passage,
        };
        let tokenized = self.tokenizer.tokenize(texts, prefix)?;
        let mut order: Vec<usize> = (0..total).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(tokenized[i].ids.len()));

        let vectors = self.embed_in_order(&tokenized, &order, batch_size, &mut on_progress);
        if total > 1 {
            // The batches' activations were freed; do not keep them counted against the app.
            filiale_heap::release_free_memory();
        }
        vectors
    }

    /// Embeds `tokenized` in `order`, `batch_size` texts per forward pass. Passes run side by
    /// side, one per thread, each working through its own steps (a single pass split over both
    /// cores has them wait for each other after every one of its many short steps).
    fn embed_in_order(
        &self,
        tokenized: &[TokenizedText],
        order: &[usize],
        batch_size: usize,
        on_progress: &mut impl FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        let total = tokenized.len();
        let mut vectors: Vec<Vec<f32>> = vec![Vec::new(); total];
        let mut done = 0;
        let batches: Vec<&[usize]> = order.chunks(batch_size.max(1)).collect();
        let wide = if batches.len() > 1 {
            Some(self.encoder.widen_for_batches()?)
        } else {
            None
        };
        for side_by_side in batches.chunks(rayon::current_num_threads().max(1)) {
            let embedded: Vec<Result<Vec<Vec<f32>>, EmbedError>> = side_by_side
                .par_iter()
                .map(|batch| {
                    let texts: Vec<&TokenizedText> = batch.iter().map(|&i| &tokenized[i]).collect();
                    self.embed_tokenized(&texts, wide.as_ref())
                })
                .collect();
            for (batch, batch_vectors) in side_by_side.iter().zip(embedded) {
                for (&index, vector) in batch.iter().zip(batch_vectors?) {
                    vectors[index] = vector;
                }
                done += batch.len();
                if on_progress(Progress { done, total }).is_break() && done < total {
                    return Err(EmbedError::Cancelled { done, total });
                }
            }
        }
        Ok(vectors)
    }

    fn embed_tokenized(
        &self,
        batch: &[&TokenizedText],
        wide: Option<&WideWeights>,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        let packed = self.tokenizer.pack(batch);
        let states = self
            .encoder
            .forward(&packed.ids, &packed.positions, &packed.lengths, wide)?;
        let dim = self.dimension();
        let mut first = 0;
        Ok(packed
            .lengths
            .iter()
            .map(|&len| {
                let rows = &states[first * dim..(first + len) * dim];
                first += len;
                let mut vector = self.status.pooling.pool(rows, len, dim);
                pooling::normalize(&mut vector);
                vector
            })
            .collect())
    }
}
