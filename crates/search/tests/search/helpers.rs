//! The demo store's documents (from `crates/app/demo`), the real model, and a shared index.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use filiale_search::collection::{
    ArticleFields, CollectionName, CustomerFields, Document, SearchIndex, article_document,
    customer_document, policy_document,
};
use filiale_search::embed::{DEFAULT_MODEL, Embedder};

pub fn demo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../app/demo")
}

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

pub fn embedder() -> Arc<Embedder> {
    static EMBEDDER: OnceLock<Arc<Embedder>> = OnceLock::new();
    EMBEDDER
        .get_or_init(|| {
            let dir = model_dir();
            Arc::new(
                Embedder::load(&dir).unwrap_or_else(|e| panic!("loading {}: {e}", dir.display())),
            )
        })
        .clone()
}

fn read_table(file: &str) -> Vec<csv::StringRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(demo_dir().join(file))
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    reader.records().map(|r| r.unwrap()).collect()
}

fn cents(text: &str) -> i64 {
    (text.replace(',', ".").parse::<f64>().unwrap() * 100.0).round() as i64
}

pub fn articles() -> Vec<Document> {
    read_table("articles.csv")
        .iter()
        .map(|r| {
            article_document(&ArticleFields {
                sku: &r[0],
                ean: Some(&r[1]).filter(|e| !e.is_empty()),
                name: &r[2],
                description: &r[3],
                category: &r[4],
                unit: &r[5],
                price_cents: cents(&r[6]),
                vat_rate: r[7].parse().unwrap(),
                on_hand: r[8].parse().unwrap(),
            })
        })
        .collect()
}

pub fn customers() -> Vec<Document> {
    read_table("customers.csv")
        .iter()
        .map(|r| {
            customer_document(&CustomerFields {
                customer_no: &r[0],
                name: &r[1],
                street: Some(&r[4]),
                postal_code: Some(&r[5]),
                city: Some(&r[6]),
                customer_type: &r[7],
                notes: &r[8],
            })
        })
        .collect()
}

pub fn policies() -> Vec<Document> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(demo_dir().join("policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy();
            policy_document(&stem, &std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

pub fn demo_documents(name: CollectionName) -> Vec<Document> {
    match name {
        CollectionName::Articles => articles(),
        CollectionName::Customers => customers(),
        CollectionName::Policies => policies(),
    }
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-03-14T09:30:00Z".parse().unwrap()
}

/// An index of the whole demo store with the real model in a fresh directory.
pub fn demo_index(dir: &std::path::Path) -> SearchIndex {
    let index = SearchIndex::open(dir, Ok(embedder())).unwrap();
    for name in CollectionName::ALL {
        index
            .replace_all(name, &demo_documents(name), None, now())
            .unwrap();
    }
    index
}

/// The demo index shared by the read-only tests of this binary.
pub fn shared_index() -> &'static SearchIndex {
    static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let index = demo_index(dir.path());
            (dir, index)
        })
        .1
}
