//! Benchmark: committing a sale (3 lines, journal, outbox, `synchronous=FULL`) against the floor of a
//! bare one-row INSERT + COMMIT with the same pragmas on the same disk, and importing 10,000 articles.
//!
//! Run: `cargo bench -p filiale-app --bench sale_commit` (set `BENCH_DIR` to measure another disk).

use filiale_app::dto::SaleLineInput;
use filiale_app::{App, Config};
use filiale_domain::{Cents, Tender};
use std::time::{Duration, Instant};

const SAMPLES: usize = 400;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn bench_dir() -> tempfile::TempDir {
    match std::env::var("BENCH_DIR") {
        Ok(dir) => tempfile::tempdir_in(dir).unwrap(),
        Err(_) => tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap(),
    }
}

fn open_app(dir: &std::path::Path) -> App {
    let mut config = Config::load(dir).unwrap();
    config.store.store_id = "bench".into();
    App::open(config).unwrap()
}

fn article_csv(n: usize) -> String {
    let mut csv = String::from(
        "sku;ean;name;description;category;unit;price;vat_rate;stock;reorder_point;supplier;lead_time_days;pack_size\n",
    );
    for i in 0..n {
        let first12 = format!("400{:09}", i);
        let digits: Vec<u8> = first12.bytes().map(|b| b - b'0').collect();
        let ean = format!("{first12}{}", filiale_domain::Ean::check_digit(&digits));
        let vat = if i % 3 == 0 { 7 } else { 19 };
        csv.push_str(&format!(
            "B-{i:05};{ean};Artikel {i} Gartenbedarf;Beschreibung für Artikel {i}, robust und langlebig;Garten;Stk;{},{:02};{vat};{};5;Lieferant {};7;6\n",
            1 + i % 90,
            i % 100,
            100 + i % 50,
            i % 11
        ));
    }
    csv
}

/// The floor: one INSERT + COMMIT per sample with the store's pragmas.
fn floor(dir: &std::path::Path) -> Vec<Duration> {
    let conn = rusqlite::Connection::open(dir.join("floor.sqlite")).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        .unwrap();
    let mut times = Vec::with_capacity(SAMPLES);
    for i in 0..SAMPLES {
        let start = Instant::now();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        conn.execute("INSERT INTO t (v) VALUES (?1)", [format!("row {i}")])
            .unwrap();
        conn.execute_batch("COMMIT").unwrap();
        times.push(start.elapsed());
    }
    times
}

fn sales(app: &App) -> Vec<Duration> {
    let lines: Vec<SaleLineInput> = ["B-00001:2", "B-00002:1", "B-00003:3"]
        .iter()
        .map(|l| SaleLineInput::parse(l).unwrap())
        .collect();
    let mut times = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let cart = app.till().build_cart(&lines).unwrap();
        let start = Instant::now();
        app.till()
            .sell(
                &cart,
                Tender::Cash {
                    tendered: Cents::new(100_000),
                },
                None,
            )
            .unwrap();
        times.push(start.elapsed());
    }
    times
}

fn main() {
    println!("{}", filiale_benchkit::machine_line());
    let dir = bench_dir();
    let app = open_app(dir.path());
    let csv = article_csv(10_000);
    let start = Instant::now();
    let summary = app.back_office().import_articles(csv.as_bytes()).unwrap();
    let import_time = start.elapsed();
    assert_eq!(summary.created, 10_000);

    // Interleave the two measurements so that disk noise hits both alike.
    let mut floor_times = Vec::new();
    let mut sale_times = Vec::new();
    for _ in 0..3 {
        floor_times.extend(floor(&tempfile::tempdir_in(dir.path()).unwrap().keep()));
        sale_times.extend(sales(&app));
    }
    floor_times.sort();
    sale_times.sort();
    let (f50, f99) = (
        percentile(&floor_times, 0.5),
        percentile(&floor_times, 0.99),
    );
    let (s50, s99) = (percentile(&sale_times, 0.5), percentile(&sale_times, 0.99));
    println!(
        "Filiale store benchmark ({} samples each, WAL + synchronous=FULL, {})",
        floor_times.len(),
        dir.path().display()
    );
    println!("| measurement                               | p50        | p99        |");
    println!("|-------------------------------------------|------------|------------|");
    println!(
        "| floor: one-row INSERT + COMMIT            | {:>8.3} ms | {:>8.3} ms |",
        ms(f50),
        ms(f99)
    );
    println!(
        "| sale commit: 3 lines + journal + outbox   | {:>8.3} ms | {:>8.3} ms |",
        ms(s50),
        ms(s99)
    );
    println!(
        "| ratio sale / floor (goal p99 <= 1.5)      | {:>10.2} | {:>10.2} |",
        ratio(s50, f50),
        ratio(s99, f99)
    );
    println!();
    println!(
        "Import of 10,000 articles (one transaction, 20,000 events): {:.2} s (goal < 2 s)",
        import_time.as_secs_f64()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
