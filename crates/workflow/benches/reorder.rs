//! Benchmarks of the reorder proposal: one proposal over 10,000 articles with two years of daily
//! sales (goal: under 2 s), and a one-year replay comparing Filiale's proposals with a naive
//! min/max rule (goal: at least 95 % service level with less average stock). Prints tables.

use std::sync::Arc;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use filiale_workflow::reorder::memory::{MemoryOrders, MemorySource};
use filiale_workflow::reorder::{ReorderPolicy, ReorderWorkflow};
use filiale_workflow::simulate::{self, ReplayConfig, synthetic};
use filiale_workflow::{MemoryCheckpoints, SystemClock};

fn main() -> anyhow::Result<()> {
    println!("{}", filiale_benchkit::machine_line());
    let articles: usize = env_or("REORDER_BENCH_ARTICLES", 10_000);
    let replay_articles: usize = env_or("REORDER_BENCH_REPLAY_ARTICLES", 300);
    proposal_bench(articles)?;
    replay_bench(replay_articles)?;
    Ok(())
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn proposal_bench(n: usize) -> anyhow::Result<()> {
    let as_of = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    let from = as_of - Duration::days(730);
    let catalogue = synthetic::catalogue(n, 7);
    let demand = synthetic::demand(&catalogue, from, as_of, from, 11);
    let source = Arc::new(MemorySource::new(
        catalogue.iter().map(|a| a.article.clone()).collect(),
    ));
    let mut sale_days = 0;
    for (sku, counts) in &demand {
        let sparse = synthetic::to_sparse(from, counts);
        sale_days += sparse.len();
        source.set_history(sku, sparse);
    }
    // Checkpoints in memory: this measures the proposal, not the store's fsyncs.
    let workflow = ReorderWorkflow::new(
        Arc::new(MemoryCheckpoints::new()),
        Arc::new(SystemClock),
        source.clone(),
        Arc::new(MemoryOrders::default()),
    )?;

    // Baseline: only reading every article's two-year history from the source.
    let skus: Vec<String> = catalogue.iter().map(|a| a.article.sku.clone()).collect();
    let t = Instant::now();
    use filiale_workflow::reorder::ReorderSource;
    let read = source.daily_sales(&skus, from, as_of - Duration::days(1))?;
    let baseline = t.elapsed();
    drop(read);

    let t = Instant::now();
    let snapshot = workflow.start("bench-proposal", as_of, ReorderPolicy::default())?;
    let elapsed = t.elapsed();
    let history = workflow.graph().get_state_history("bench-proposal")?;
    let proposal = snapshot.values.proposal.clone().unwrap_or_default();

    println!(
        "\nReorder proposal: {n} articles, 730 days of history ({sale_days} article-days with sales)"
    );
    println!("| measure                                   | value        |");
    println!("|-------------------------------------------|--------------|");
    println!(
        "| full graph to approval (3 nodes)          | {:>9.0} ms |",
        ms(elapsed)
    );
    println!(
        "| baseline: read all history from source    | {:>9.0} ms |",
        ms(baseline)
    );
    println!(
        "| ratio graph / baseline                    | {:>11.1}x |",
        ms(elapsed) / ms(baseline).max(0.001)
    );
    println!(
        "| goal                                      | {:>9} ms |",
        2000
    );
    println!(
        "| within goal                               | {:>12} |",
        if elapsed.as_millis() < 2000 {
            "yes"
        } else {
            "NO"
        }
    );
    println!(
        "| candidates flagged                        | {:>12} |",
        snapshot.values.candidates.len()
    );
    println!(
        "| proposal lines                            | {:>12} |",
        proposal.lines().count()
    );
    println!(
        "| suppliers                                 | {:>12} |",
        proposal.suppliers.len()
    );
    println!(
        "| articles skipped (no sales / enough stock)| {:>12} |",
        proposal.skipped.len()
    );
    println!(
        "| proposal total                            | {:>9} EUR |",
        proposal.total_cents / 100
    );
    for pair in history.windows(2).rev() {
        let (later, earlier) = (&pair[0], &pair[1]);
        if let Some(node) = &later.node {
            let took = (later.created_at - earlier.created_at).num_milliseconds();
            println!("| node {node:<36} | {took:>9} ms |");
        }
    }
    Ok(())
}

fn replay_bench(n: usize) -> anyhow::Result<()> {
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
    let input = simulate::synthetic_input(n, start, 365, 42);
    let t = Instant::now();
    let report = simulate::replay(&input, &ReplayConfig::default())?;
    let elapsed = t.elapsed();
    println!(
        "\nReplay: {n} articles, 365 days from {start}, weekly proposals (approved as proposed) vs daily min/max"
    );
    println!("| rule     | service level | avg stock value | order lines | ordered value |");
    println!("|----------|---------------|-----------------|-------------|---------------|");
    for r in [&report.filiale, &report.naive] {
        println!(
            "| {:<8} | {:>12.2} % | {:>11.2} EUR | {:>11} | {:>9} EUR |",
            r.rule,
            r.service_level * 100.0,
            r.average_stock_value_cents as f64 / 100.0,
            r.order_lines,
            r.ordered_value_cents / 100
        );
    }
    let ratio = report.filiale.average_stock_value_cents as f64
        / report.naive.average_stock_value_cents.max(1) as f64;
    println!(
        "| stock ratio Filiale / Min/Max: {ratio:.2}; goal: service >= 95 % and ratio < 1.00: {} |",
        if report.filiale.service_level >= 0.95 && ratio < 1.0 {
            "met"
        } else {
            "NOT met"
        }
    );
    println!("| replay took {:.1} s |", elapsed.as_secs_f64());
    Ok(())
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
