//! Text to token ids: prefixes, lower-casing, truncation at the model's limit, the model's pad token.

use std::path::Path;

use tokenizers::{Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

use super::error::{EmbedError, ModelError};
use super::model_folder::{ModelFolder, TOKENIZER, corrupt};

/// One tokenized text, already cut to the model's `max_seq_length` (special tokens included).
#[derive(Debug, Clone)]
pub struct TokenizedText {
    pub ids: Vec<u32>,
}

/// A rectangular batch: texts padded on the right to the longest one in the batch.
#[derive(Debug)]
pub struct PaddedBatch {
    pub ids: Vec<u32>,
    /// Number of real tokens per row; the rest of the row is padding.
    pub lengths: Vec<usize>,
    pub seq_len: usize,
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

    /// Builds the padded id matrix of `texts` (right padding with the model's pad token).
    pub fn pad(&self, texts: &[&TokenizedText]) -> PaddedBatch {
        let seq_len = texts.iter().map(|t| t.ids.len()).max().unwrap_or(0).max(1);
        let mut ids = Vec::with_capacity(seq_len * texts.len());
        let mut lengths = Vec::with_capacity(texts.len());
        for text in texts {
            ids.extend_from_slice(&text.ids);
            ids.extend(std::iter::repeat_n(self.pad_id, seq_len - text.ids.len()));
            lengths.push(text.ids.len());
        }
        PaddedBatch {
            ids,
            lengths,
            seq_len,
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
