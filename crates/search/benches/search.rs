//! Search benchmark at 100,000 documents: vector search latency and recall@10 against brute
//! force in the same run; index build time (embedding excluded); end-to-end search (embed the
//! query + lexical + vector + fusion + filter) next to lexical-only as the baseline.
//!
//! Run: `cargo bench -p filiale-search --bench search` (model from `scripts/fetch-model`;
//! `-- --n 20000` for a smaller run; `-- --index-dir DIR` keeps the end-to-end index in DIR and
//! reuses it when it has `n` articles; `-- --skip-vector` leaves out the vector-only part).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use filiale_search::collection::{
    ArticleFields, CollectionName, Document, Filter, SearchIndex, SearchMode, SearchRequest,
    article_document,
};
use filiale_search::embed::{DEFAULT_MODEL, Embedder, TextKind};
use filiale_search::vector_index::{ModelTag, VectorIndex};

const DIM: usize = 384;

/// A small deterministic generator (no dependency needed for benchmark data).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f32 {
        (self.next() % 1_000_000) as f32 / 1_000_000.0 - 0.5
    }
}

fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.iter_mut().for_each(|x| *x /= n);
}

/// Vectors around `centers` with noise, like embeddings of variants of a catalogue.
fn clustered(rng: &mut Rng, centers: &[Vec<f32>], n: usize, noise: f32) -> Vec<Vec<f32>> {
    (0..n)
        .map(|i| {
            let c = &centers[i % centers.len()];
            let mut v: Vec<f32> = c.iter().map(|x| x + noise * rng.unit()).collect();
            normalize(&mut v);
            v
        })
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let v = f();
    (v, start.elapsed().as_secs_f64() * 1000.0)
}

fn latencies(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    (percentile(&samples, 0.5), percentile(&samples, 0.99))
}

fn main() {
    println!("{}", filiale_benchkit::machine_line());
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .iter()
        .position(|a| a == "--n")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let index_dir = args
        .iter()
        .position(|a| a == "--index-dir")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let skip_vector = args.iter().any(|a| a == "--skip-vector");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let random_centers: Vec<Vec<f32>> = (0..2_000)
        .map(|_| {
            let mut v: Vec<f32> = (0..DIM).map(|_| rng.unit()).collect();
            normalize(&mut v);
            v
        })
        .collect();

    // ---- vector index alone
    let vectors = clustered(
        &mut rng,
        &random_centers,
        if skip_vector { 1 } else { n },
        0.08,
    );
    let items: Vec<(u64, Vec<f32>)> = vectors
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, v)| (i as u64, v))
        .collect();
    let tag = ModelTag {
        model: "bench".into(),
        dimensions: DIM,
    };
    let index = VectorIndex::new(tag).unwrap();
    let ((), build_ms) = timed(|| index.add_batch(&items).unwrap());
    let queries = clustered(&mut rng, &random_centers, 500, 0.12);
    if !skip_vector {
        vector_alone(&index, &queries, n, build_ms);
    }
    drop(index);
    end_to_end(n, index_dir, &mut rng);
}

/// HNSW latency and recall@10 against brute force, at the shipped expansion and a sweep.
fn vector_alone(index: &VectorIndex, queries: &[Vec<f32>], n: usize, build_ms: f64) {
    let truths: Vec<(Vec<u64>, f64)> = queries
        .iter()
        .map(|q| timed(|| index.exact_search(q, 10).unwrap()))
        .collect();
    let (e50, e99) = latencies(truths.iter().map(|t| t.1).collect());
    println!(
        "vector search, {n} x {DIM} (usearch HNSW, inner product on unit vectors, f32), {} queries",
        queries.len()
    );
    println!(
        "  build {build_ms:.0} ms ({:.0} vectors/s)",
        n as f64 / build_ms * 1000.0
    );
    let shipped = index.expansion_search();
    for expansion in [32, 48, 64, 96, shipped] {
        index.set_expansion_search(expansion);
        for q in queries.iter().take(50) {
            index.search(q, 10, None).unwrap();
        }
        let mut ann = Vec::new();
        let mut found = 0usize;
        for (q, (truth, _)) in queries.iter().zip(&truths) {
            let (hits, ms) = timed(|| index.search(q, 10, None).unwrap());
            ann.push(ms);
            found += hits.iter().filter(|(k, _)| truth.contains(k)).count();
        }
        let recall = found as f64 / (queries.len() * 10) as f64;
        let (p50, p99) = latencies(ann);
        let label = if expansion == shipped { "shipped" } else { "" };
        println!(
            "  HNSW ef={expansion:<3} {label:<8} p50 {p50:.3} ms  p99 {p99:.3} ms  recall@10 {recall:.4}  (brute force p50 {e50:.3} ms  p99 {e99:.3} ms: {:.0}x)",
            e50 / p50
        );
    }
    index.set_expansion_search(shipped);
    // Filtered inside the walk (every other key), next to the unfiltered path.
    let odd = |k: u64| k % 2 == 1;
    let mut filtered = Vec::new();
    for q in queries {
        let (hits, ms) = timed(|| index.search(q, 10, Some(&odd)).unwrap());
        assert!(hits.iter().all(|(k, _)| k % 2 == 1));
        filtered.push(ms);
    }
    let (p50, p99) = latencies(filtered);
    println!("  HNSW filtered (half the keys)  p50 {p50:.3} ms  p99 {p99:.3} ms");
}

fn end_to_end(n: usize, index_dir: Option<PathBuf>, rng: &mut Rng) {
    // ---- end to end through the collection, with the real model
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let model_dir = std::env::var_os("FILIALE_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../../models").join(DEFAULT_MODEL));
    let embedder = match Embedder::load(&model_dir) {
        Ok(e) => Arc::new(e),
        Err(e) => {
            println!("end to end skipped: {e}");
            return;
        }
    };
    let products: Vec<String> = std::fs::read_to_string(root.join("benches/data/products_de.txt"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let query_texts: Vec<String> =
        std::fs::read_to_string(root.join("benches/data/queries_de.txt"))
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
    let refs: Vec<&str> = products.iter().map(String::as_str).collect();
    let base = embedder.embed(&refs, TextKind::Passage).unwrap();
    let categories = [
        "Dünger",
        "Saatgut",
        "Garten",
        "Werkzeug",
        "Tierfutter",
        "Bewässerung",
    ];
    let docs: Vec<Document> = (0..n)
        .map(|i| {
            let text = &products[i % products.len()];
            let (name, description) = text.split_once(" – ").unwrap_or((text, ""));
            let sku = format!("B-{i:06}");
            let name = format!("{name} V{}", i / products.len());
            article_document(&ArticleFields {
                sku: &sku,
                ean: None,
                name: &name,
                description,
                category: categories[i % categories.len()],
                unit: "Stk",
                price_cents: 99 + (i as i64 * 37) % 9_900,
                vat_rate: if i % 3 == 0 { 7 } else { 19 },
                on_hand: (i % 5) as i64,
            })
        })
        .collect();
    let kept;
    let temporary;
    let dir: &std::path::Path = match &index_dir {
        Some(d) => {
            kept = d.clone();
            &kept
        }
        None => {
            temporary = tempfile::tempdir().unwrap();
            temporary.path()
        }
    };
    let search = SearchIndex::open(dir, Ok(embedder.clone())).unwrap();
    let now = "2026-03-14T09:30:00Z".parse().unwrap();
    let stored = search.stats(CollectionName::Articles).unwrap();
    if stored.documents == n && stored.vectors == n {
        println!("\nindex of {n} articles reused from {}", dir.display());
    } else {
        let doc_vectors = clustered(rng, &base, n, 0.03);
        let (_, index_ms) = timed(|| {
            search
                .replace_all(CollectionName::Articles, &docs, Some(doc_vectors), now)
                .unwrap()
        });
        println!(
            "\nindex build, {n} articles (FTS5 words + HNSW; embedding excluded): {index_ms:.0} ms"
        );
    }
    // One changed article: what the store's indexer pays per change (embedding included).
    let changed = [docs[7].clone()];
    let mut change_ms = Vec::new();
    for round in 0..20 {
        let mut doc = changed[0].clone();
        doc.title = format!("{} Runde {round}", doc.title);
        let (_, ms) = timed(|| {
            search
                .write(CollectionName::Articles, &[doc], None, now)
                .unwrap()
        });
        change_ms.push(ms);
    }
    let (c50, _) = latencies(change_ms);
    let (_, flush_ms) = timed(|| search.flush().unwrap());
    println!(
        "  one changed article indexed p50 {c50:.2} ms (vector file saved later: flush {flush_ms:.0} ms)"
    );

    let filter = Filter {
        in_stock: Some(true),
        max_price_cents: Some(5_000),
        ..Filter::default()
    };
    let mut embed_ms = Vec::new();
    for round in 0..5 {
        for q in &query_texts {
            let (_, ms) = timed(|| embedder.embed_query(q).unwrap());
            if round > 0 {
                embed_ms.push(ms);
            }
        }
    }
    let (p50, p99) = latencies(embed_ms);
    println!("  stage: embed the query           p50 {p50:.2} ms  p99 {p99:.2} ms");
    for (label, mode, filter) in [
        (
            "stage: lexical only (baseline)",
            SearchMode::Lexical,
            Filter::default(),
        ),
        (
            "stage: vector (embed + HNSW)",
            SearchMode::Vector,
            Filter::default(),
        ),
        ("end to end hybrid", SearchMode::Hybrid, Filter::default()),
        ("end to end hybrid + filter", SearchMode::Hybrid, filter),
    ] {
        let mut samples = Vec::new();
        for round in 0..5 {
            for q in &query_texts {
                let request = SearchRequest {
                    mode,
                    filter: filter.clone(),
                    ..SearchRequest::new(q.as_str())
                };
                let (outcome, ms) =
                    timed(|| search.search(CollectionName::Articles, &request).unwrap());
                assert!(!outcome.hits.is_empty(), "{q}: nothing found");
                if round > 0 {
                    samples.push(ms);
                }
            }
        }
        let (p50, p99) = latencies(samples);
        println!("  {label:<32} p50 {p50:.2} ms  p99 {p99:.2} ms");
    }
}
