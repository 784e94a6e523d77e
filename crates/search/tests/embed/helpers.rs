//! Finding the real model, loading it once per test binary, and comparing vectors.

use std::path::PathBuf;
use std::sync::OnceLock;

use filiale_search::embed::{DEFAULT_MODEL, Embedder};

/// The real default model's folder; panics with the fix when it is not there.
pub fn model_dir() -> PathBuf {
    let dir = std::env::var_os("FILIALE_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../models")
                .join(DEFAULT_MODEL)
        });
    assert!(
        dir.join("model.safetensors").is_file() && dir.join("tokenizer.json").is_file(),
        "embedding model not found in {}: run scripts/fetch-model (or set FILIALE_MODEL_DIR)",
        dir.display()
    );
    dir
}

/// The real model, loaded once and shared by all tests of this binary.
pub fn embedder() -> &'static Embedder {
    static EMBEDDER: OnceLock<Embedder> = OnceLock::new();
    EMBEDDER.get_or_init(|| {
        let dir = model_dir();
        Embedder::load(&dir).unwrap_or_else(|e| panic!("loading {}: {e}", dir.display()))
    })
}

pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "vector lengths differ");
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (norm(a) * norm(b))
}

pub fn assert_unit_vector(vector: &[f32], dimension: usize, what: &str) {
    assert_eq!(vector.len(), dimension, "{what}: dimension");
    assert!(
        vector.iter().all(|v| v.is_finite()),
        "{what}: non-finite value"
    );
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4, "{what}: norm {norm}");
}

/// The cosine every vector must reach to its sentence-transformers reference.
pub const MIN_COSINE: f32 = 0.999;

/// Asserts each vector is within [`MIN_COSINE`] of its reference (`(text, reference)` in the
/// same order) and prints the lowest cosine under `how`, the figure the closing notes quote.
pub fn assert_close_to_references(vectors: &[Vec<f32>], references: &[(&str, &[f32])], how: &str) {
    assert_eq!(
        vectors.len(),
        references.len(),
        "{how}: one vector per text"
    );
    let lowest = vectors
        .iter()
        .zip(references)
        .map(|(vector, (_, reference))| cosine(vector, reference))
        .fold(f32::INFINITY, f32::min);
    println!("{how}: lowest cosine to sentence-transformers {lowest:.6}");
    for (vector, (text, reference)) in vectors.iter().zip(references) {
        let similarity = cosine(vector, reference);
        assert!(
            similarity >= MIN_COSINE,
            "{how}: cosine {similarity} < {MIN_COSINE} for {text:?}"
        );
    }
}
