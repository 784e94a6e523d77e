//! Tiny models shaped like the multilingual ones (BERT encoder, XLM-R Unigram vocabulary with
//! `<pad>` = 1, e5 prefixes) against sentence-transformers' own vectors
//! (fixture made by make_multilingual_reference.py from the folders multilingual_shape.rs writes).

use std::ops::ControlFlow;

use filiale_search::embed::{Embedder, Pooling, TextKind};
use serde::Deserialize;

use crate::helpers::{MIN_COSINE, assert_close_to_references, assert_unit_vector, cosine};
use crate::multilingual_shape::{self, HIDDEN, MAX_SEQ_LENGTH, PAD_ID, Shape};

#[derive(Deserialize)]
struct Fixture {
    models: Vec<ModelCases>,
}

#[derive(Deserialize)]
struct ModelCases {
    folder: String,
    query_prefix: String,
    max_seq_length: usize,
    dimension: usize,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    tokens: usize,
    vector: Vec<f32>,
}

fn fixture() -> Fixture {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/reference_multilingual_shape.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Both tiny models, freshly written and loaded, with their part of the fixture.
fn loaded_models() -> (tempfile::TempDir, Vec<(Embedder, ModelCases)>) {
    let parent = tempfile::Builder::new()
        .prefix("multilingual-shape")
        .tempdir()
        .unwrap();
    let dirs = multilingual_shape::write_all(parent.path());
    let mut fixture = fixture();
    let models = dirs
        .iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_str().unwrap();
            let at = fixture
                .models
                .iter()
                .position(|m| m.folder == name)
                .unwrap_or_else(|| panic!("{name} is not in the fixture"));
            let embedder =
                Embedder::load(dir).unwrap_or_else(|e| panic!("loading {}: {e}", dir.display()));
            (embedder, fixture.models.remove(at))
        })
        .collect();
    (parent, models)
}

fn assert_matches_reference(vectors: &[Vec<f32>], model: &ModelCases, how: &str) {
    for (vector, case) in vectors.iter().zip(&model.cases) {
        assert_unit_vector(vector, model.dimension, &case.text);
    }
    let references: Vec<(&str, &[f32])> = model
        .cases
        .iter()
        .map(|case| (case.text.as_str(), case.vector.as_slice()))
        .collect();
    assert_close_to_references(vectors, &references, &format!("{} {how}", model.folder));
}

fn texts(model: &ModelCases) -> Vec<&str> {
    model.cases.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn status_shows_the_xlmr_pad_token_and_the_e5_prefixes() {
    let (_dir, models) = loaded_models();
    for (embedder, model) in &models {
        let status = embedder.status();
        assert_eq!(status.name, model.folder);
        assert_eq!(status.dimension, HIDDEN);
        assert_eq!(status.dimension, model.dimension);
        assert_eq!(status.max_seq_length, MAX_SEQ_LENGTH);
        assert_eq!(status.max_seq_length, model.max_seq_length);
        assert_eq!(status.pooling, Pooling::Mean);
        assert_eq!(status.pad_token_id, PAD_ID, "<pad> of the XLM-R vocabulary");
        assert_eq!(status.prefixes.query, model.query_prefix);
    }
    let prefixes: Vec<(&str, &str)> = models
        .iter()
        .map(|(e, _)| {
            let p = &e.status().prefixes;
            (p.query.as_str(), p.passage.as_str())
        })
        .collect();
    assert_eq!(
        prefixes,
        [("", ""), ("query: ", "passage: ")],
        "{:?}",
        Shape::ALL
    );
}

#[test]
fn each_text_alone_matches_sentence_transformers() {
    let (_dir, models) = loaded_models();
    for (embedder, model) in &models {
        let vectors: Vec<Vec<f32>> = texts(model)
            .iter()
            .map(|text| embedder.embed_query(text).unwrap())
            .collect();
        assert_matches_reference(&vectors, model, "one text per call");
    }
}

#[test]
fn a_mixed_length_batch_padded_with_pad_matches_sentence_transformers() {
    let (_dir, models) = loaded_models();
    for (embedder, model) in &models {
        let cases = &model.cases;
        let shortest = cases.iter().map(|c| c.tokens).min().unwrap();
        let longest = cases.iter().map(|c| c.tokens).max().unwrap();
        assert!(
            shortest <= 5 && longest == MAX_SEQ_LENGTH,
            "the batch must mix lengths"
        );
        // One batch for all texts: the short ones are padded up to the cut long text.
        let vectors = embedder
            .embed_with_progress(&texts(model), TextKind::Query, 64, |_| {
                ControlFlow::Continue(())
            })
            .unwrap();
        assert_matches_reference(&vectors, model, "one padded batch");
    }
}

/// The fixture can tell a right answer from a wrong one: another prefix, another model or another
/// text is far below the tolerance, so a dropped prefix or a wrong token fails the tests above.
#[test]
fn the_reference_tells_prefixes_models_and_texts_apart() {
    let (_dir, models) = loaded_models();
    let (e5, e5_cases) = &models[1];
    assert_eq!(e5_cases.query_prefix, "query: ");
    let passages = e5.embed_passages(&texts(e5_cases)).unwrap();
    for (passage, case) in passages.iter().zip(&e5_cases.cases) {
        let similarity = cosine(passage, &case.vector);
        assert!(
            similarity < MIN_COSINE,
            "\"passage: \" instead of \"query: \" still gives cosine {similarity} for {:?}",
            case.text
        );
    }
    // The same e5 weights in a folder whose names do not say e5: no prefix at all.
    let unnamed = tempfile::tempdir().unwrap();
    let dir = unnamed.path().join("tiny-multilingual-small");
    multilingual_shape::write_model_folder(&dir, Shape::MultilingualE5);
    let config_path = dir.join("config.json");
    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&config_path).unwrap()).unwrap();
    config["_name_or_path"] = "tiny-multilingual-small".into();
    std::fs::write(&config_path, config.to_string()).unwrap();
    let no_prefix = Embedder::load(&dir).unwrap();
    assert_eq!(no_prefix.status().prefixes.query, "");
    for case in &e5_cases.cases {
        let vector = no_prefix.embed_query(&case.text).unwrap();
        let similarity = cosine(&vector, &case.vector);
        assert!(
            similarity < MIN_COSINE,
            "dropping \"query: \" still gives cosine {similarity} for {:?}",
            case.text
        );
    }
    for (_, model) in &models {
        for (i, a) in model.cases.iter().enumerate() {
            for b in &model.cases[i + 1..] {
                let similarity = cosine(&a.vector, &b.vector);
                assert!(
                    similarity < 0.95,
                    "{:?} and {:?}: {similarity}",
                    a.text,
                    b.text
                );
            }
        }
    }
}
