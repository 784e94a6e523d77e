//! Filiale's vectors against sentence-transformers' own (fixture made by make_reference.py).

use filiale_search::embed::{Embedder, Pooling, TextKind, WeightPrecision};
use serde::Deserialize;

use crate::helpers::{assert_close_to_references, cosine, embedder, model_dir};

#[derive(Deserialize)]
struct Fixture {
    model: String,
    max_seq_length: usize,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    vector: Vec<f32>,
}

fn fixture() -> Fixture {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/reference_all-MiniLM-L6-v2.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn assert_matches_reference(vectors: &[Vec<f32>], cases: &[&Case], how: &str) {
    let references: Vec<(&str, &[f32])> = cases
        .iter()
        .map(|case| (case.text.as_str(), case.vector.as_slice()))
        .collect();
    assert_close_to_references(vectors, &references, how);
}

#[test]
fn status_describes_the_loaded_model() {
    let fixture = fixture();
    let status = embedder().status();
    assert_eq!(status.name, fixture.model);
    assert_eq!(status.dimension, 384);
    assert_eq!(status.max_seq_length, fixture.max_seq_length);
    assert_eq!(status.pooling, Pooling::Mean);
    assert_eq!(status.prefixes.query, "", "MiniLM takes no query prefix");
    assert_eq!(status.pad_token_id, 0, "[PAD] of the BERT vocabulary");
    assert!(status.loaded_from.ends_with(&fixture.model));
}

/// Each case's text embedded alone, as a query.
fn each_alone(embedder: &Embedder, cases: &[&Case]) -> Vec<Vec<f32>> {
    cases
        .iter()
        .map(|case| embedder.embed_query(&case.text).unwrap())
        .collect()
}

/// The cases' texts embedded as passages, `batch` to a batch.
fn in_batches(embedder: &Embedder, cases: &[&Case], batch: usize) -> Vec<Vec<f32>> {
    let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
    embedder
        .embed_with_progress(&texts, TextKind::Passage, batch, |_| {
            std::ops::ControlFlow::Continue(())
        })
        .unwrap()
}

#[test]
fn each_text_alone_matches_sentence_transformers() {
    let fixture = fixture();
    let cases: Vec<&Case> = fixture.cases.iter().collect();
    let vectors = each_alone(embedder(), &cases);
    assert_matches_reference(&vectors, &cases, "one text per call");
}

#[test]
fn queries_with_f32_weights_match_sentence_transformers_too() {
    let fixture = fixture();
    let wide = Embedder::load_with(&model_dir(), WeightPrecision::F32).unwrap();
    let cases: Vec<&Case> = fixture.cases.iter().collect();
    let vectors = each_alone(&wide, &cases);
    assert_matches_reference(&vectors, &cases, "one text per call, f32 weights");
}

#[test]
fn bfloat16_weights_match_sentence_transformers_alone_and_in_batches() {
    let fixture = fixture();
    let half = Embedder::load_with(&model_dir(), WeightPrecision::Bf16).unwrap();
    let cases: Vec<&Case> = fixture.cases.iter().collect();
    let vectors = each_alone(&half, &cases);
    assert_matches_reference(&vectors, &cases, "one text per call, bf16 weights");
    let batched = in_batches(&half, &cases, 7);
    assert_matches_reference(&batched, &cases, "batches of 7, bf16 weights");
}

#[test]
fn mixed_length_batches_match_sentence_transformers() {
    let fixture = fixture();
    let embedder = embedder();
    // All texts at once (long and short packed together), then a reversed order in odd batch sizes.
    let cases: Vec<&Case> = fixture.cases.iter().collect();
    let all = in_batches(embedder, &cases, 64);
    assert_matches_reference(&all, &cases, "one batch");

    let reversed_cases: Vec<&Case> = cases.iter().rev().copied().collect();
    let reversed = in_batches(embedder, &reversed_cases, 7);
    assert_matches_reference(&reversed, &reversed_cases, "batches of 7");
}

#[test]
fn padding_does_not_change_a_vector() {
    let embedder = embedder();
    let short = "Rasen";
    let long = "Ein Kunde fragt nach einem Mittel gegen Blattläuse an Rosen, das für Bienen ungefährlich ist.";
    let alone = embedder.embed_query(short).unwrap();
    let padded = embedder.embed_queries(&[long, short]).unwrap();
    let similarity = cosine(&alone, &padded[1]);
    assert!(
        similarity > 0.99999,
        "padding changed the vector: cosine {similarity}"
    );
}

#[test]
fn similar_products_are_closer_than_unrelated_ones() {
    let vectors = embedder()
        .embed_passages(&[
            "Dünger für Tomaten",
            "Bio-Tomatendünger 5 kg, organisch",
            "Hühnerfutter Legemehl 25 kg",
        ])
        .unwrap();
    assert!(cosine(&vectors[0], &vectors[1]) > cosine(&vectors[0], &vectors[2]));
}
