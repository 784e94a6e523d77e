//! Text to token ids: prefixes, lower-casing, truncation at the model's limit, packed batches,
//! and the vocabulary's pad token (reported in the model status).

use std::path::Path;

use tokenizers::{Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

use super::error::{EmbedError, ModelError};
use super::model_folder::{ModelFolder, TOKENIZER, corrupt};

/// One tokenized text, already cut to the model's `max_seq_length` (special tokens included).
#[derive(Debug, Clone)]
pub struct TokenizedText {
    pub ids: Vec<u32>,
}

/// A packed batch: the texts' tokens one after another, no padding between them.
#[derive(Debug)]
pub struct PackedBatch {
    pub ids: Vec<u32>,
    /// Each token's position in its own text.
    pub positions: Vec<u32>,
    /// Tokens of each text.
    pub lengths: Vec<usize>,
}

/// Wraps the model's `tokenizer.json` with the settings the model was trained with.
#[derive(Debug)]
pub struct TextTokenizer {
    tokenizer: Tokenizer,
    pad_id: u32,
    lower_case: bool,
}

impl TextTokenizer {
    pub fn load(folder: &ModelFolder) -> Result<Self, ModelError> {
        let path = folder.file(TOKENIZER);
        let mut tokenizer =
            Tokenizer::from_file(&path).map_err(|e| corrupt(&path, &e.to_string()))?;
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: folder.max_seq_length,
                strategy: TruncationStrategy::LongestFirst,
                stride: 0,
                direction: TruncationDirection::Right,
            }))
            .map_err(|e| corrupt(&path, &e.to_string()))?;

        let vocab_size = tokenizer.get_vocab_size(true);
        if vocab_size > folder.bert.vocab_size {
            return Err(corrupt(
                &path,
                &format!(
                    "tokenizer has {vocab_size} tokens but the model only {} (tokenizer of another model?)",
                    folder.bert.vocab_size
                ),
            ));
        }
        let pad_id = pad_token_id(&tokenizer, folder.bert.pad_token_id, &path)?;
        // Padding is done here per batch, not by the tokenizer.
        tokenizer.with_padding(None);
        Ok(Self {
            tokenizer,
            pad_id,
            lower_case: folder.lower_case,
        })
    }

    pub fn pad_id(&self) -> u32 {
        self.pad_id
    }

    /// Tokenizes `texts`, each preceded by `prefix`. Empty texts give just the special tokens.
    pub fn tokenize(&self, texts: &[&str], prefix: &str) -> Result<Vec<TokenizedText>, EmbedError> {
        let inputs: Vec<String> = texts
            .iter()
            .map(|text| {
                let text = format!("{prefix}{text}");
                if self.lower_case {
                    text.to_lowercase()
                } else {
                    text
                }
            })
            .collect();
        let tokenize_error = |e: tokenizers::Error| EmbedError::Tokenize(e.to_string());
        // One text (a query) is encoded on this thread: a batch call would wake the pool.
        let encodings = if inputs.len() == 1 {
            let input = inputs.into_iter().next().unwrap_or_default();
            vec![self.tokenizer.encode(input, true).map_err(tokenize_error)?]
        } else {
            self.tokenizer
                .encode_batch(inputs, true)
                .map_err(tokenize_error)?
        };
        Ok(encodings
            .into_iter()
            .map(|encoding| TokenizedText {
                ids: encoding.get_ids().to_vec(),
            })
            .collect())
    }

    /// Packs `texts` into one batch. Nothing is padded: every layer works on real tokens only
    /// and attention stays within each text, which gives the vectors sentence-transformers
    /// computes for a batch padded with the pad token and masked.
    pub fn pack(&self, texts: &[&TokenizedText]) -> PackedBatch {
        let tokens = texts.iter().map(|t| t.ids.len()).sum();
        let mut ids = Vec::with_capacity(tokens);
        let mut positions = Vec::with_capacity(tokens);
        let mut lengths = Vec::with_capacity(texts.len());
        for text in texts {
            ids.extend_from_slice(&text.ids);
            positions.extend(0..text.ids.len() as u32);
            lengths.push(text.ids.len());
        }
        PackedBatch {
            ids,
            positions,
            lengths,
        }
    }
}

/// The pad token: the tokenizer's padding setting if it has one, else the vocabulary's own pad
/// token (`[PAD]` for BERT vocabularies, `<pad>` for XLM-R ones), else `pad_token_id` of config.json.
fn pad_token_id(
    tokenizer: &Tokenizer,
    config_pad: Option<u32>,
    path: &Path,
) -> Result<u32, ModelError> {
    if let Some(padding) = tokenizer.get_padding() {
        return Ok(padding.pad_id);
    }
    ["[PAD]", "<pad>"]
        .iter()
        .find_map(|token| tokenizer.token_to_id(token))
        .or(config_pad)
        .ok_or_else(|| corrupt(path, "no pad token ([PAD] or <pad>) in the vocabulary"))
}
