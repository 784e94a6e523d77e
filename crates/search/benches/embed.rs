//! Embedder benchmark: query latency and batch throughput of all-MiniLM-L6-v2 on 1,000 German
//! product texts, next to sentence-transformers (PyTorch) measured in the same run.
//!
//! Run: `cargo bench -p filiale-search --bench embed` (model from `scripts/fetch-model`; the
//! PyTorch column needs `scripts/bench-embed-baseline` to have created `.venv-bench`;
//! `-- --no-baseline` leaves it out; `-- --profile-queries [--bf16 | --f32]` and `-- --profile-batch` run
//! only queries or only batches, for a profiler).

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use filiale_search::embed::{DEFAULT_MODEL, Embedder, TextKind, WeightPrecision};

const QUERY_RUNS: usize = 200;
/// Query runs with `--profile-queries` (only queries, for a profiler).
const PROFILE_QUERY_RUNS: usize = 5_000;
/// Passes over the 1,000 texts with `--profile-batch` (only batches, for a profiler).
const PROFILE_BATCH_RUNS: usize = 4;
const BATCH_RUNS: usize = 3;
const BATCH_SIZE: usize = 32;

struct Figures {
    engine: String,
    query_p50_ms: f64,
    query_p95_ms: f64,
    batch_texts_per_s: f64,
    rss_delta_mb: f64,
}

fn main() {
    println!("{}", filiale_benchkit::machine_line());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let model_dir = std::env::var_os("FILIALE_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("models").join(DEFAULT_MODEL));
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/data");
    let texts = read_lines(&data.join("products_de.txt"));
    let queries = read_lines(&data.join("queries_de.txt"));

    if std::env::args().any(|a| a == "--profile-queries") {
        profile_queries(&model_dir, &queries);
        return;
    }
    if std::env::args().any(|a| a == "--profile-batch") {
        profile_batch(&model_dir, &texts);
        return;
    }
    let threads = candle_core::utils::get_num_threads();
    let measured = measure_filiale(&model_dir, &texts, &queries, WeightPrecision::default())
        .and_then(|default| {
            // Loaded after the default, so their memory figures would count what it freed:
            // left out.
            let others = [WeightPrecision::Bf16, WeightPrecision::F32]
                .into_iter()
                .map(|precision| measure_filiale(&model_dir, &texts, &queries, precision))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((default, others))
        });
    let (filiale, other_precisions) = match measured {
        Ok(figures) => figures,
        Err(e) => {
            eprintln!(
                "cannot load {}: {e}\nrun scripts/fetch-model",
                model_dir.display()
            );
            std::process::exit(1);
        }
    };
    let skip_baseline = std::env::args().any(|a| a == "--no-baseline");
    let baseline = if skip_baseline {
        None
    } else {
        measure_pytorch(&root, &model_dir, threads)
    };

    println!();
    println!(
        "all-MiniLM-L6-v2, {} texts (avg {} chars), batch size {BATCH_SIZE}, {threads} threads",
        texts.len(),
        texts.iter().map(|t| t.chars().count()).sum::<usize>() / texts.len()
    );
    println!(
        "{:<24} {:>14} {:>14} {:>16} {:>14}",
        "engine", "query p50 ms", "query p95 ms", "batch texts/s", "model RSS MB"
    );
    print_row(&filiale);
    for figures in other_precisions {
        print_row(&Figures {
            rss_delta_mb: f64::NAN,
            ..figures
        });
    }
    match &baseline {
        Some(pytorch) => {
            print_row(pytorch);
            println!(
                "{:<24} {:>14} {:>14} {:>16} {:>14}",
                "Filiale / PyTorch",
                format!("{:.2}x faster", pytorch.query_p50_ms / filiale.query_p50_ms),
                "",
                format!(
                    "{:.2}x",
                    filiale.batch_texts_per_s / pytorch.batch_texts_per_s
                ),
                format!("{:.2}x", filiale.rss_delta_mb / pytorch.rss_delta_mb),
            );
        }
        None => println!("baseline: run scripts/bench-embed-baseline"),
    }
}

fn print_row(f: &Figures) {
    let rss = if f.rss_delta_mb.is_nan() {
        "-".to_owned()
    } else {
        format!("{:.1}", f.rss_delta_mb)
    };
    println!(
        "{:<24} {:>14.2} {:>14.2} {:>16.1} {:>14}",
        f.engine, f.query_p50_ms, f.query_p95_ms, f.batch_texts_per_s, rss
    );
}

fn measure_filiale(
    model_dir: &Path,
    texts: &[String],
    queries: &[String],
    precision: WeightPrecision,
) -> Result<Figures, filiale_search::embed::ModelError> {
    let before = rss_mb();
    let embedder = Embedder::load_with(model_dir, precision)?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    embed_all(&embedder, &refs[..64]); // warm-up
    let rss_delta_mb = rss_mb() - before;

    let mut timings: Vec<f64> = (0..QUERY_RUNS)
        .map(|i| {
            let start = Instant::now();
            embedder.embed_query(&queries[i % queries.len()]).unwrap();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    timings.sort_by(f64::total_cmp);

    let mut rates: Vec<f64> = (0..BATCH_RUNS)
        .map(|_| {
            let start = Instant::now();
            embed_all(&embedder, &refs);
            refs.len() as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);

    Ok(Figures {
        engine: match precision {
            WeightPrecision::Int8 => "Filiale (8-bit weights)",
            WeightPrecision::Bf16 => "Filiale (bf16 weights)",
            WeightPrecision::F32 => "Filiale (f32 weights)",
        }
        .to_owned(),
        query_p50_ms: timings[timings.len() / 2],
        query_p95_ms: timings[timings.len() * 95 / 100],
        batch_texts_per_s: rates[rates.len() / 2],
        rss_delta_mb,
    })
}

fn profile_queries(model_dir: &Path, queries: &[String]) {
    let weights = if std::env::args().any(|a| a == "--f32") {
        WeightPrecision::F32
    } else if std::env::args().any(|a| a == "--bf16") {
        WeightPrecision::Bf16
    } else {
        WeightPrecision::default()
    };
    let embedder =
        Embedder::load_with(model_dir, weights).expect("model (run scripts/fetch-model)");
    let start = Instant::now();
    for i in 0..PROFILE_QUERY_RUNS {
        embedder.embed_query(&queries[i % queries.len()]).unwrap();
    }
    let mean = start.elapsed().as_secs_f64() * 1000.0 / PROFILE_QUERY_RUNS as f64;
    println!("{PROFILE_QUERY_RUNS} queries, mean {mean:.3} ms");
}

/// Embeds the texts a few times over, for a profiler to watch the batch path alone.
fn profile_batch(model_dir: &Path, texts: &[String]) {
    let embedder = Embedder::load(model_dir).expect("model (run scripts/fetch-model)");
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let start = Instant::now();
    for _ in 0..PROFILE_BATCH_RUNS {
        embed_all(&embedder, &refs);
    }
    let rate = (PROFILE_BATCH_RUNS * refs.len()) as f64 / start.elapsed().as_secs_f64();
    println!(
        "{PROFILE_BATCH_RUNS} × {} texts, {rate:.1} texts/s",
        refs.len()
    );
}

fn embed_all(embedder: &Embedder, texts: &[&str]) {
    embedder
        .embed_with_progress(texts, TextKind::Passage, BATCH_SIZE, |_| {
            ControlFlow::Continue(())
        })
        .unwrap();
}

/// Runs scripts/bench-embed-baseline when its venv exists.
fn measure_pytorch(root: &Path, model_dir: &Path, threads: usize) -> Option<Figures> {
    let python = root.join(".venv-bench/bin/python");
    if !python.exists() {
        return None;
    }
    let output = Command::new(python)
        .arg(root.join("scripts/bench-embed-baseline"))
        .arg("--json")
        .arg("--threads")
        .arg(threads.to_string())
        .arg("--model")
        .arg(model_dir)
        .output()
        .ok()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some(line) = stdout.lines().rev().find(|l| l.starts_with('{')) else {
        eprintln!(
            "baseline failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    };
    let json: serde_json::Value = serde_json::from_str(line).ok()?;
    let number = |key: &str| json[key].as_f64().unwrap_or(f64::NAN);
    Some(Figures {
        engine: json["engine"].as_str().unwrap_or("PyTorch").to_owned(),
        query_p50_ms: number("query_p50_ms"),
        query_p95_ms: number("query_p95_ms"),
        batch_texts_per_s: number("batch_texts_per_s"),
        rss_delta_mb: number("rss_delta_mb"),
    })
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_owned)
        .collect()
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}
