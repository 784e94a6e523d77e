//! A WordPiece model for `tokenizers` whose vocabulary lies in three flat arrays: about 0.5 MB
//! for BERT's 30,522 tokens, where the library's own model keeps two hash maps of owned strings
//! (about 7 MB) for as long as the model is loaded. It splits words exactly as the library does
//! (greedy longest match first, `##` pieces after the first, `[UNK]` for a word with no split).

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use tokenizers::models::wordpiece::WordPieceTrainer;
use tokenizers::{Model, Token};

/// The vocabulary: every token's text in byte order, laid end to end, with its id.
#[derive(Debug, Default)]
struct FlatVocab {
    text: String,
    /// `text[starts[i]..starts[i + 1]]` is the `i`-th token in byte order.
    starts: Vec<u32>,
    ids: Vec<u32>,
}

impl FlatVocab {
    /// From `(token, id)` pairs; a token listed twice keeps its last id, as a map would.
    fn from_pairs(mut pairs: Vec<(String, u32)>) -> Self {
        pairs.reverse();
        pairs.sort_by(|a, b| a.0.cmp(&b.0)); // stable: the last listed comes first
        pairs.dedup_by(|later, first| later.0 == first.0);
        let mut vocab = FlatVocab {
            text: String::with_capacity(pairs.iter().map(|(token, _)| token.len()).sum()),
            starts: Vec::with_capacity(pairs.len() + 1),
            ids: Vec::with_capacity(pairs.len()),
        };
        vocab.starts.push(0);
        for (token, id) in pairs {
            vocab.text.push_str(&token);
            vocab.starts.push(vocab.text.len() as u32);
            vocab.ids.push(id);
        }
        vocab
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn token_at(&self, i: usize) -> &str {
        &self.text[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    fn id(&self, token: &str) -> Option<u32> {
        let mut low = 0;
        let mut high = self.len();
        while low < high {
            let middle = (low + high) / 2;
            match self.token_at(middle).cmp(token) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(self.ids[middle]),
            }
        }
        None
    }

    /// The token of `id` (a scan: only used to show a token, never while tokenizing).
    fn token(&self, id: u32) -> Option<&str> {
        let i = self.ids.iter().position(|&candidate| candidate == id)?;
        Some(self.token_at(i))
    }
}

/// The `model` of a WordPiece `tokenizer.json`, read without building the library's maps.
#[derive(Debug)]
pub struct CompactWordPiece {
    vocab: FlatVocab,
    unk_token: String,
    continuing_subword_prefix: String,
    max_input_chars_per_word: usize,
}

/// Why a word could not be tokenized.
#[derive(Debug, thiserror::Error)]
enum WordPieceError {
    #[error("the unknown token {0:?} is not in the vocabulary")]
    MissingUnkToken(String),
    #[error("this WordPiece model is read-only and cannot be saved")]
    ReadOnly,
}

impl CompactWordPiece {
    /// The whole word as the unknown token.
    fn unknown(&self, word: &str) -> tokenizers::Result<Vec<Token>> {
        let id = self
            .vocab
            .id(&self.unk_token)
            .ok_or_else(|| WordPieceError::MissingUnkToken(self.unk_token.clone()))?;
        Ok(vec![Token::new(
            id,
            self.unk_token.clone(),
            (0, word.len()),
        )])
    }
}

impl Model for CompactWordPiece {
    type Trainer = WordPieceTrainer;

    fn tokenize(&self, word: &str) -> tokenizers::Result<Vec<Token>> {
        if word.chars().count() > self.max_input_chars_per_word {
            return self.unknown(word);
        }
        let mut pieces = Vec::new();
        let mut candidate =
            String::with_capacity(word.len() + self.continuing_subword_prefix.len());
        let mut start = 0;
        while start < word.len() {
            let mut end = word.len();
            let mut piece = None;
            while start < end {
                candidate.clear();
                if start > 0 {
                    candidate.push_str(&self.continuing_subword_prefix);
                }
                candidate.push_str(&word[start..end]);
                if let Some(id) = self.vocab.id(&candidate) {
                    piece = Some(Token::new(id, candidate.clone(), (start, end)));
                    break;
                }
                end -= word[start..end].chars().last().map_or(1, char::len_utf8);
            }
            let Some(piece) = piece else {
                return self.unknown(word);
            };
            start = end;
            pieces.push(piece);
        }
        Ok(pieces)
    }

    fn token_to_id(&self, token: &str) -> Option<u32> {
        self.vocab.id(token)
    }

    fn id_to_token(&self, id: u32) -> Option<String> {
        self.vocab.token(id).map(str::to_owned)
    }

    fn get_vocab(&self) -> HashMap<String, u32> {
        (0..self.vocab.len())
            .map(|i| (self.vocab.token_at(i).to_owned(), self.vocab.ids[i]))
            .collect()
    }

    fn get_vocab_size(&self) -> usize {
        self.vocab.len()
    }

    fn save(&self, _folder: &Path, _prefix: Option<&str>) -> tokenizers::Result<Vec<PathBuf>> {
        Err(WordPieceError::ReadOnly.into())
    }

    fn get_trainer(&self) -> WordPieceTrainer {
        WordPieceTrainer::default()
    }
}

impl<'de> Deserialize<'de> for CompactWordPiece {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ModelVisitor)
    }
}

/// Reads the model object: its four settings (all required, as the library requires them) and
/// the vocabulary straight into [`FlatVocab`].
struct ModelVisitor;

impl<'de> Visitor<'de> for ModelVisitor {
    type Value = CompactWordPiece;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a WordPiece model")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut vocab = None;
        let mut unk_token = None;
        let mut prefix = None;
        let mut max_chars = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => {
                    let kind: String = map.next_value()?;
                    if kind != "WordPiece" {
                        return Err(de::Error::invalid_value(
                            de::Unexpected::Str(&kind),
                            &"WordPiece",
                        ));
                    }
                }
                "vocab" => vocab = Some(map.next_value::<VocabPairs>()?.0),
                "unk_token" => unk_token = Some(map.next_value()?),
                "continuing_subword_prefix" => prefix = Some(map.next_value()?),
                "max_input_chars_per_word" => max_chars = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(CompactWordPiece {
            vocab: FlatVocab::from_pairs(vocab.ok_or_else(|| de::Error::missing_field("vocab"))?),
            unk_token: unk_token.ok_or_else(|| de::Error::missing_field("unk_token"))?,
            continuing_subword_prefix: prefix
                .ok_or_else(|| de::Error::missing_field("continuing_subword_prefix"))?,
            max_input_chars_per_word: max_chars
                .ok_or_else(|| de::Error::missing_field("max_input_chars_per_word"))?,
        })
    }
}

/// The vocabulary object `{token: id, ...}` as pairs, in file order.
struct VocabPairs(Vec<(String, u32)>);

impl<'de> Deserialize<'de> for VocabPairs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor;
        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = VocabPairs;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of tokens to ids")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<VocabPairs, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(pair) = map.next_entry::<String, u32>()? {
                    pairs.push(pair);
                }
                Ok(VocabPairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(tokens: &[&str]) -> CompactWordPiece {
        let vocab = tokens
            .iter()
            .enumerate()
            .map(|(id, token)| ((*token).to_owned(), id as u32))
            .collect();
        CompactWordPiece {
            vocab: FlatVocab::from_pairs(vocab),
            unk_token: "[UNK]".to_owned(),
            continuing_subword_prefix: "##".to_owned(),
            max_input_chars_per_word: 12,
        }
    }

    fn pieces(model: &CompactWordPiece, word: &str) -> Vec<(String, u32, (usize, usize))> {
        model
            .tokenize(word)
            .unwrap()
            .into_iter()
            .map(|t| (t.value, t.id, t.offsets))
            .collect()
    }

    #[test]
    fn splits_a_word_into_the_longest_known_pieces() {
        let m = model(&[
            "[UNK]", "blumen", "blume", "##erde", "##n", "##er", "##de", "ü", "##ß",
        ]);
        assert_eq!(
            pieces(&m, "blumenerde"),
            [("blumen".into(), 1, (0, 6)), ("##erde".into(), 3, (6, 10))]
        );
        // Multi-byte characters: offsets are byte offsets, pieces end on character boundaries.
        assert_eq!(
            pieces(&m, "üß"),
            [("ü".into(), 7, (0, 2)), ("##ß".into(), 8, (2, 4))]
        );
    }

    #[test]
    fn a_word_without_a_full_split_or_too_long_is_unknown() {
        let m = model(&["[UNK]", "blume", "##n"]);
        assert_eq!(pieces(&m, "blumex"), [("[UNK]".into(), 0, (0, 6))]);
        assert_eq!(pieces(&m, "blumennnnnnnn"), [("[UNK]".into(), 0, (0, 13))]);
        let without_unk = model(&["blume"]);
        assert!(without_unk.tokenize("x").is_err());
    }

    #[test]
    fn looks_up_tokens_both_ways_and_keeps_the_last_of_a_repeated_token() {
        let m = CompactWordPiece {
            vocab: FlatVocab::from_pairs(vec![("b".into(), 4), ("a".into(), 1), ("b".into(), 2)]),
            ..model(&[])
        };
        assert_eq!(m.token_to_id("b"), Some(2));
        assert_eq!(m.token_to_id("a"), Some(1));
        assert_eq!(m.token_to_id("c"), None);
        assert_eq!(m.id_to_token(1).as_deref(), Some("a"));
        assert_eq!(m.get_vocab_size(), 2);
    }

    #[test]
    fn reads_the_model_object_and_refuses_other_kinds() {
        let json = r###"{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
            "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "erde": 1, "##n": 2}}"###;
        let m: CompactWordPiece = serde_json::from_str(json).unwrap();
        assert_eq!(m.token_to_id("##n"), Some(2));
        assert_eq!(m.max_input_chars_per_word, 100);

        let unigram = json.replace("WordPiece", "Unigram");
        assert!(serde_json::from_str::<CompactWordPiece>(&unigram).is_err());
        let no_vocab = r###"{"type": "WordPiece", "unk_token": "[UNK]",
            "continuing_subword_prefix": "##", "max_input_chars_per_word": 100}"###;
        let error = serde_json::from_str::<CompactWordPiece>(no_vocab).unwrap_err();
        assert!(error.to_string().contains("vocab"), "{error}");
    }
}
