//! Text to token ids: prefixes, lower-casing, truncation at the model's limit, packed batches,
//! and the vocabulary's pad token (reported in the model status).

use std::path::Path;

use tokenizers::{
    DecoderWrapper, Encoding, ModelWrapper, NormalizerWrapper, PaddingParams, PostProcessorWrapper,
    PreTokenizerWrapper, TokenizerImpl, TruncationDirection, TruncationParams, TruncationStrategy,
};

use super::error::{EmbedError, ModelError};
use super::model_folder::{ModelFolder, TOKENIZER, corrupt};
use super::word_piece::CompactWordPiece;

/// A tokenizer of the `tokenizers` library with the model `M`.
type TokenizerWith<M> =
    TokenizerImpl<M, NormalizerWrapper, PreTokenizerWrapper, PostProcessorWrapper, DecoderWrapper>;

/// The library's tokenizer: a WordPiece model (BERT vocabularies) in its compact form
/// ([`CompactWordPiece`]), any other model (Unigram, BPE) as the library holds it.
#[derive(Debug)]
enum Library {
    WordPiece(TokenizerWith<CompactWordPiece>),
    Other(TokenizerWith<ModelWrapper>),
}

/// Runs the same code on either kind of [`Library`] tokenizer.
macro_rules! with_library {
    ($library:expr, $tokenizer:ident => $body:expr) => {
        match $library {
            Library::WordPiece($tokenizer) => $body,
            Library::Other($tokenizer) => $body,
        }
    };
}

impl Library {
    /// Reads `tokenizer.json`: a WordPiece model goes into the compact form.
    fn read(path: &Path) -> Result<Self, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|e| corrupt(path, &e.to_string()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| corrupt(path, &e.to_string()))?;
        drop(text);
        let word_piece = json["model"]["type"] == "WordPiece";
        let read_error = |e: serde_json::Error| corrupt(path, &e.to_string());
        Ok(if word_piece {
            Library::WordPiece(serde_json::from_value(json).map_err(read_error)?)
        } else {
            Library::Other(serde_json::from_value(json).map_err(read_error)?)
        })
    }

    fn token_to_id(&self, token: &str) -> Option<u32> {
        with_library!(self, t => t.token_to_id(token))
    }

    fn padding(&self) -> Option<&PaddingParams> {
        with_library!(self, t => t.get_padding())
    }

    fn encode(&self, input: String) -> tokenizers::Result<Encoding> {
        with_library!(self, t => t.encode(input, true))
    }

    fn encode_batch(&self, inputs: Vec<String>) -> tokenizers::Result<Vec<Encoding>> {
        with_library!(self, t => t.encode_batch(inputs, true))
    }
}

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
    tokenizer: Library,
    pad_id: u32,
    lower_case: bool,
}

impl TextTokenizer {
    pub fn load(folder: &ModelFolder) -> Result<Self, ModelError> {
        let path = folder.file(TOKENIZER);
        let mut tokenizer = Library::read(&path)?;
        let truncation = TruncationParams {
            max_length: folder.max_seq_length,
            strategy: TruncationStrategy::LongestFirst,
            stride: 0,
            direction: TruncationDirection::Right,
        };
        with_library!(&mut tokenizer, t => t.with_truncation(Some(truncation)).map(|_| ()))
            .map_err(|e| corrupt(&path, &e.to_string()))?;

        let vocab_size = with_library!(&tokenizer, t => t.get_vocab_size(true));
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
        // Nothing is padded: batches are packed (`pack`).
        with_library!(&mut tokenizer, t => {
            t.with_padding(None);
        });
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
            vec![self.tokenizer.encode(input).map_err(tokenize_error)?]
        } else {
            self.tokenizer
                .encode_batch(inputs)
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
    tokenizer: &Library,
    config_pad: Option<u32>,
    path: &Path,
) -> Result<u32, ModelError> {
    if let Some(padding) = tokenizer.padding() {
        return Ok(padding.pad_id);
    }
    ["[PAD]", "<pad>"]
        .iter()
        .find_map(|token| tokenizer.token_to_id(token))
        .or(config_pad)
        .ok_or_else(|| corrupt(path, "no pad token ([PAD] or <pad>) in the vocabulary"))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::embed::DEFAULT_MODEL;

    fn repo_file(path: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path)
    }

    /// Texts of every kind the store has: the demo catalogue, customers and policies line by
    /// line, and words that reach the edges of WordPiece (unknown, overlong, accents, CJK).
    fn store_texts() -> Vec<String> {
        let mut texts = vec![
            String::new(),
            "Blumenerde für Tomaten, 40 l — torffrei!".to_owned(),
            "Grüße aus Köln: Straße, Maß, Ärger, Öl, Übermut".to_owned(),
            "Rasendünger-Langzeit (NPK 20-5-8) à 2,5 kg / 3,99 €".to_owned(),
            "café naïve façade ﬁle ½ ² ™ 日本語のテキスト 🌱🌷".to_owned(),
            format!("{} kurz", "x".repeat(150)),
            "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen".to_owned(),
            "a\u{0}b\u{200b}c\td\r\ne    f".to_owned(),
            "Wort ".repeat(400),
        ];
        for file in [
            "crates/app/demo/articles.csv",
            "crates/app/demo/customers.csv",
            "crates/app/demo/leads.csv",
            "crates/app/demo/policies/datenschutz.md",
        ] {
            let text = std::fs::read_to_string(repo_file(file)).expect("demo file");
            texts.extend(text.lines().map(str::to_owned));
        }
        texts
    }

    #[test]
    fn compact_word_piece_gives_the_library_tokens_for_every_store_text() {
        let dir = repo_file("models").join(DEFAULT_MODEL);
        let folder = ModelFolder::read(&dir).expect("the default model: run scripts/fetch-model");
        let compact = TextTokenizer::load(&folder).unwrap();
        assert!(matches!(compact.tokenizer, Library::WordPiece(_)));

        let mut library = tokenizers::Tokenizer::from_file(folder.file(TOKENIZER)).unwrap();
        library
            .with_truncation(Some(TruncationParams {
                max_length: folder.max_seq_length,
                ..TruncationParams::default()
            }))
            .unwrap();
        let pad_id = library.get_padding().map(|padding| padding.pad_id);
        library.with_padding(None);
        let texts = store_texts();
        assert!(texts.len() > 300, "{} texts", texts.len());
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let ours = compact.tokenize(&refs, "").unwrap();
        for (text, ours) in texts.iter().zip(&ours) {
            let theirs = library.encode(text.to_lowercase(), true).unwrap();
            assert_eq!(ours.ids, theirs.get_ids(), "{text:?}");
        }
        assert_eq!(Some(compact.pad_id()), pad_id);
        assert_eq!(pad_id, library.token_to_id("[PAD]"));
    }
}
