//! Writes tiny model folders shaped like the multilingual models (paraphrase-multilingual-MiniLM-L12-v2,
//! multilingual-e5-small): a BERT encoder with an XLM-R sentencepiece (Unigram) vocabulary, where
//! `<s>`=0 opens, `<pad>`=1 pads, `</s>`=2 closes and `<unk>`=3 stands for unknown characters.
//!
//! The weights come from a seeded xorshift, so the folders are the same on every machine and
//! `make_multilingual_reference.py` can compute sentence-transformers' vectors for them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use candle_core::{Device, Tensor};
use serde_json::{Value, json};

/// Longest input in tokens, special tokens included (much shorter than the real models' 128/512,
/// so the long test text is cut).
pub const MAX_SEQ_LENGTH: usize = 32;
pub const HIDDEN: usize = 32;
const LAYERS: usize = 2;
const HEADS: usize = 2;
const INTERMEDIATE: usize = 64;
const MAX_POSITIONS: usize = 64;
const TYPE_VOCAB: usize = 2;
pub const PAD_ID: u32 = 1;

/// Which real model a tiny folder imitates; its folder name tells the loader whether it is an e5
/// model (which takes "query: " / "passage: " prefixes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    ParaphraseMultilingual,
    MultilingualE5,
}

impl Shape {
    pub const ALL: [Shape; 2] = [Shape::ParaphraseMultilingual, Shape::MultilingualE5];

    pub fn folder_name(self) -> &'static str {
        match self {
            Shape::ParaphraseMultilingual => "tiny-paraphrase-multilingual-MiniLM-L12-v2",
            Shape::MultilingualE5 => "tiny-multilingual-e5-small",
        }
    }

    fn seed(self) -> u64 {
        match self {
            Shape::ParaphraseMultilingual => 0x5EED_0001,
            Shape::MultilingualE5 => 0x5EED_00E5,
        }
    }
}

/// Writes both folders into `parent`; returns their paths in the order of `Shape::ALL`.
pub fn write_all(parent: &Path) -> Vec<PathBuf> {
    Shape::ALL
        .iter()
        .map(|&shape| {
            let dir = parent.join(shape.folder_name());
            write_model_folder(&dir, shape);
            dir
        })
        .collect()
}

/// Not a check: writes the folders into `$FILIALE_MULTILINGUAL_SHAPE_DIR` for
/// `make_multilingual_reference.py` (run with `--ignored`).
#[test]
#[ignore = "writes model folders for tests/fixtures/make_multilingual_reference.py"]
fn write_multilingual_shaped_models() {
    let parent = std::env::var_os("FILIALE_MULTILINGUAL_SHAPE_DIR")
        .map(PathBuf::from)
        .expect("set FILIALE_MULTILINGUAL_SHAPE_DIR to the directory to write into");
    for dir in write_all(&parent) {
        println!("wrote {}", dir.display());
    }
}

pub fn write_model_folder(dir: &Path, shape: Shape) {
    std::fs::create_dir_all(dir.join("1_Pooling")).unwrap();
    let vocab = vocabulary();
    let write_json = |file: &str, value: Value| {
        let text = serde_json::to_string_pretty(&value).unwrap();
        std::fs::write(dir.join(file), text + "\n").unwrap();
    };
    write_json("config.json", bert_config(shape, vocab.len()));
    write_json("tokenizer.json", tokenizer_json(shape, &vocab));
    write_json("tokenizer_config.json", tokenizer_config());
    write_json(
        "special_tokens_map.json",
        json!({
            "bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "mask_token": "<mask>",
            "pad_token": "<pad>", "sep_token": "</s>", "unk_token": "<unk>"
        }),
    );
    write_json(
        "sentence_bert_config.json",
        json!({"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": false}),
    );
    write_json(
        "modules.json",
        json!([
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}
        ]),
    );
    write_json(
        "1_Pooling/config.json",
        json!({
            "word_embedding_dimension": HIDDEN,
            "pooling_mode_cls_token": false,
            "pooling_mode_mean_tokens": true,
            "pooling_mode_max_tokens": false,
            "pooling_mode_mean_sqrt_len_tokens": false
        }),
    );
    let tensors = weights(shape, vocab.len());
    candle_core::safetensors::save(&tensors, dir.join("model.safetensors")).unwrap();
}

fn bert_config(shape: Shape, vocab_size: usize) -> Value {
    json!({
        "_name_or_path": shape.folder_name(),
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_size": HIDDEN,
        "initializer_range": 0.02,
        "intermediate_size": INTERMEDIATE,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": MAX_POSITIONS,
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "pad_token_id": PAD_ID,
        "position_embedding_type": "absolute",
        "type_vocab_size": TYPE_VOCAB,
        "vocab_size": vocab_size,
        "torch_dtype": "float32"
    })
}

/// As in the real folders: the XLM-R tokenizer class with its special tokens.
fn tokenizer_config() -> Value {
    json!({
        "tokenizer_class": "XLMRobertaTokenizer",
        "bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "sep_token": "</s>",
        "unk_token": "<unk>", "pad_token": "<pad>",
        "mask_token": {"content": "<mask>", "lstrip": true, "normalized": false,
                       "rstrip": false, "single_word": false, "special": true},
        "model_max_length": 512,
        "do_lower_case": false
    })
}

/// sentencepiece's normalisation table (`Precompiled`, base64) with a few of nmt_nfkc's rules: no-break
/// and em space to space, ² ³ to digits, the ﬁ ligature to "fi", fullwidth letters and digits to
/// ASCII. Printed by tests/fixtures/make_charsmap.py (the real folders' table is 200 kB).
const CHARSMAP: &str = "AAQAAAAMAwDCjAIAoAUAAAAAAIAGAACACAAAgIAIAgCDEQAArAACAIENAABWAACAAgAAgAQAAIAKAACADAAAgA4A\
    AICyUQAAs1EAABAAAIASAACAFAAAgBYAAIAYAACAGgAAgLwgAwC9YAAAHAAAgB4AAIAgAACAIgAAgCQAAIAmAACA\
    KAAAgOKcAgAqAACALAAAgC4AAIAwAACAMgAAgDQAAIA2AACAOAAAgDoAAIA8AACA7yACAD4AAIBAAACAQgAAgEQA\
    AIBGAACASAAAgEoAAIBMAACATgAAgFAAAIBSAACAVAAAgFkAAIBbAACAXQAAgF8AAIBhAACAYwAAgGUAAICQLQEA\
    kTUBAJIZAQCTGQEAlCUBAJUtAQCWJQEAl1UBAJhtAQCZdQEAZwAAgGkAAIBrAACAbQAAgG8AAIBxAACAcwAAgHUA\
    AIB3AACAeQAAgHsAAIB9AACAfwAAgFUAAABaAAAAWwAAAFgAAABZAAAAXgAAAF8AAABcAAAAXQAAALAdAQCxJQEA\
    si0BALMlAQC0PQEAtSEBALYhAQC3IQEAuGEBALlhAQC6YQEAaQAAAG4AAABvAAAAbAAAAG0AAAByAAAAoZEBAKKR\
    AQCjkQEApLkBAKW5AQCmqQEAp6kBAKiZAQCpmQEAqmkBAKtlAQCsfQEArWUBAK5tAQCvZQEAgc0CAIMAAACD3QIA\
    gt0CAIXNAgCEzQIAh/0CAIb9AgCJzQIAiM0CAIvdAgCK3QIAjc0CAIzNAgCPFQMAjhUDAJF1AwCQdQMAk3UDAJJ1\
    AwCVFQMAlBUDAJcVAwCWFQMAmTUDAJg1AwCYAAAAmjUDAJ4AAACfAAAAnAAAAJ0AAACiAAAAowAAAKAAAAChAAAA\
    pgAAAKcAAACkAAAApQAAAKoAAACrAAAAqAAAAKkAAACuAAAArwAAAKwAAACtAAAAsgAAALMAAACwAAAAsQAAALYA\
    AAC3AAAAtAAAALUAAAC6AAAAuwAAALgAAAC5AAAAvgAAAL8AAAC8AAAAvQAAAMIAAADDAAAAwAAAAMEAAADGAAAA\
    xwAAAMQAAADFAAAAygAAAMsAAADIAAAAyQAAAM4AAADPAAAAzAAAAM0AAADSAAAA0wAAANAAAADRAAAA1gAAANcA\
    AADUAAAA1QAAANoAAADbAAAA2AAAANkAAADeAAAA3wAAANwAAADdAAAA4gAAAOMAAADgAAAA4QAAAOYAAADnAAAA\
    5AAAAOUAAADqAAAA6wAAAOgAAADpAAAA7gAAAO8AAADsAAAA7QAAAPIAAADzAAAA8AAAAPEAAAD2AAAA9wAAAPQA\
    AAD1AAAA+gAAAPsAAAD4AAAA+QAAAP4AAAD/AAAA/AAAAP0AAAAgADAAMQAyADMANAA1ADYANwA4ADkAQQBCAEMA\
    RABFAEYARwBIAEkASgBLAEwATQBOAE8AUABRAFIAUwBUAFUAVgBXAFgAWQBaAGEAYgBjAGQAZQBmAGZpAGcAaABp\
    AGoAawBsAG0AbgBvAHAAcQByAHMAdAB1AHYAdwB4AHkAegA=";

const SPECIALS: [&str; 4] = ["<s>", "<pad>", "</s>", "<unk>"];
const UNK_ID: usize = 3;

/// Words that start after a space (written with the "▁" the pre-tokenizer puts there).
const WORDS: &str = "der die das und für mit aus im in auf ist sind ein eine einen nach gegen an von \
    zu den dem des nicht oder bei Dünger Tomaten Tomate Hühner Futter futter Rasen Erde Blumen \
    Garten Schere Gieß Liter kg Sack Rosen schneiden Frühjahr Hoch Holz Vogel Balkon Kunde fragt \
    Mittel Blatt Bienen Heidel brauchen saure niedrig Preis Ende Bio bio organisch frei Stahl \
    Mulch Rinde Schnecken Kalk Stickstoff Wasser Boden Pflanzen Gemüse Saat Zwiebel Kaninchen \
    Heu Pferd Straße Maß Fuß Größe groß weiß Öko ÖKO Ø cm pH Wert Legehennen verzinkt samenfest \
    the a of for and with is best which soil garden hose chicken feed organic tomato fertiliser \
    lawn seed shady areas blue plant plants price water query passage";

/// Pieces inside words (no "▁"): endings and common syllables.
const PIECES: &str = "en er n e s t ung ch sch st ei ie ge be ver ten ter ern chen lich isch keit \
    heit el le li ne na ra re ro ta to ri ck tz ß ü ö ä äu eu au mm ll tt ss rr ff nn \
    dünger futter samen erde schere kanne beet haus läuse beeren gut korn mehl rei ierte \
    ing ed ly es ies er ised ies berries";

/// Every character of the test texts except the emoji (which must come out as `<unk>`).
const CHARACTERS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜß0123456789\
    .,:;-!?()%€/&+'\"„“—²Ø";

/// The vocabulary in id order with Unigram log-probabilities: specials first (score 0 as in
/// XLM-R), then words, pieces, single characters (every text can be cut into those), `<mask>` last.
pub fn vocabulary() -> Vec<(String, f64)> {
    let mut vocab: Vec<(String, f64)> = SPECIALS.iter().map(|s| (s.to_string(), 0.0)).collect();
    let mut seen: HashSet<String> = vocab.iter().map(|(s, _)| s.clone()).collect();
    let mut push = |piece: String, score: f64| {
        if seen.insert(piece.clone()) {
            vocab.push((piece, score));
        }
    };
    push("▁".to_owned(), -4.5);
    for (i, word) in WORDS.split_whitespace().enumerate() {
        push(format!("▁{word}"), -5.0 - (i % 10) as f64 * 0.13);
    }
    for (i, piece) in PIECES.split_whitespace().enumerate() {
        push(piece.to_owned(), -6.5 - (i % 7) as f64 * 0.11);
    }
    for (i, c) in CHARACTERS.chars().enumerate() {
        push(c.to_string(), -9.0 - (i % 5) as f64 * 0.07);
        push(format!("▁{c}"), -8.0 - (i % 3) as f64 * 0.09);
    }
    push("<mask>".to_owned(), 0.0);
    vocab
}

fn added_token(id: usize, content: &str) -> Value {
    json!({
        "id": id, "content": content, "single_word": false, "lstrip": content == "<mask>",
        "rstrip": false, "normalized": false, "special": true
    })
}

/// tokenizer.json as in the real folders and as transformers builds it for `XLMRobertaTokenizer`:
/// sentencepiece's normalisation table, split on whitespace, "▁" in front of every word, Unigram,
/// `<s> … </s>` around the text. The paraphrase folder writes "▁" the 2021 way
/// (`add_prefix_space`), the e5 one the current way (`prepend_scheme`).
fn tokenizer_json(shape: Shape, vocab: &[(String, f64)]) -> Value {
    let mask_id = vocab.len() - 1;
    let mut added: Vec<Value> = SPECIALS
        .iter()
        .enumerate()
        .map(|(id, s)| added_token(id, s))
        .collect();
    added.push(added_token(mask_id, "<mask>"));
    let metaspace = match shape {
        Shape::ParaphraseMultilingual => {
            json!({"type": "Metaspace", "replacement": "▁", "add_prefix_space": true})
        }
        Shape::MultilingualE5 => {
            json!({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true})
        }
    };
    let special = |id: &str| json!({"SpecialToken": {"id": id, "type_id": 0}});
    let sequence = |id: &str| json!({"Sequence": {"id": id, "type_id": 0}});
    json!({
        "version": "1.0",
        "truncation": null,
        "padding": null,
        "added_tokens": added,
        "normalizer": {"type": "Precompiled", "precompiled_charsmap": CHARSMAP},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "WhitespaceSplit"}, metaspace]},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special("<s>"), sequence("A"), special("</s>")],
            "pair": [special("<s>"), sequence("A"), special("</s>"), special("</s>"), sequence("B"), special("</s>")],
            "special_tokens": {
                "<s>": {"id": "<s>", "ids": [0], "tokens": ["<s>"]},
                "</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]}
            }
        },
        "decoder": metaspace,
        "model": {
            "type": "Unigram",
            "unk_id": UNK_ID,
            "vocab": vocab.iter().map(|(piece, score)| json!([piece, score])).collect::<Vec<_>>(),
            "byte_fallback": false
        }
    })
}

/// xorshift64*: the same numbers everywhere, no dependency.
struct Xorshift(u64);

impl Xorshift {
    /// One stream per tensor (seeded by its name), so the order tensors are made in does not matter.
    fn for_tensor(seed: u64, name: &str) -> Self {
        let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
        for byte in name.bytes() {
            state = (state ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3);
        }
        Self(state.max(1))
    }

    /// Uniform in [-1, 1).
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let bits = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40;
        (bits as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }
}

/// BertModel's tensors (names without the `bert.` prefix, as sentence-transformers saves them).
/// Scales are chosen so that attention is far from uniform and different texts get clearly
/// different vectors: a wrong token, position or prefix moves a vector well past the test's tolerance.
fn weights(shape: Shape, vocab_size: usize) -> HashMap<String, Tensor> {
    let mut tensors = HashMap::new();
    let mut add = |name: &str, dims: &[usize], make: &dyn Fn(f32) -> f32| {
        let mut rng = Xorshift::for_tensor(shape.seed(), name);
        let data: Vec<f32> = (0..dims.iter().product::<usize>())
            .map(|_| make(rng.next()))
            .collect();
        let tensor = Tensor::from_vec(data, dims, &Device::Cpu).unwrap();
        tensors.insert(name.to_owned(), tensor);
    };
    let scaled = |scale: f32| move |u: f32| u * scale;
    let gamma = |u: f32| 1.0 + 0.2 * u;
    // Uniform with unit output variance for a layer of `fan_in` inputs.
    let unit = |fan_in: usize| (3.0 / fan_in as f32).sqrt();

    add(
        "embeddings.word_embeddings.weight",
        &[vocab_size, HIDDEN],
        &scaled(1.0),
    );
    add(
        "embeddings.position_embeddings.weight",
        &[MAX_POSITIONS, HIDDEN],
        &scaled(0.5),
    );
    add(
        "embeddings.token_type_embeddings.weight",
        &[TYPE_VOCAB, HIDDEN],
        &scaled(0.1),
    );
    add("embeddings.LayerNorm.weight", &[HIDDEN], &gamma);
    add("embeddings.LayerNorm.bias", &[HIDDEN], &scaled(0.1));
    for layer in 0..LAYERS {
        let p = format!("encoder.layer.{layer}");
        let dense = [
            ("attention.self.query", HIDDEN, HIDDEN, 0.5),
            ("attention.self.key", HIDDEN, HIDDEN, 0.5),
            ("attention.self.value", HIDDEN, HIDDEN, unit(HIDDEN)),
            ("attention.output.dense", HIDDEN, HIDDEN, unit(HIDDEN)),
            ("intermediate.dense", INTERMEDIATE, HIDDEN, unit(HIDDEN)),
            ("output.dense", HIDDEN, INTERMEDIATE, unit(INTERMEDIATE)),
        ];
        for (name, out_dim, in_dim, scale) in dense {
            add(
                &format!("{p}.{name}.weight"),
                &[out_dim, in_dim],
                &scaled(scale),
            );
            add(&format!("{p}.{name}.bias"), &[out_dim], &scaled(0.1));
        }
        for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
            add(&format!("{p}.{norm}.weight"), &[HIDDEN], &gamma);
            add(&format!("{p}.{norm}.bias"), &[HIDDEN], &scaled(0.1));
        }
    }
    // Unused by sentence embeddings, but part of BertModel (transformers warns when it is missing).
    add("pooler.dense.weight", &[HIDDEN, HIDDEN], &scaled(0.1));
    add("pooler.dense.bias", &[HIDDEN], &scaled(0.1));
    tensors
}
