//! Benchmark: the forecast proven on the demo store's own history — `reorder simulate` replays the
//! last half year (and year) of its sales with Filiale's proposals and with the min/max rule, orders
//! arriving after their lead time — and the time one goods receipt against an order takes to
//! commit. Prints a table with the CPU model.
//!
//! Run: `cargo bench -p filiale-app --bench purchasing`.

use filiale_app::dto::{ReceiptLineInput, ReceiveOptions};
use filiale_app::usecases::Purchasing;
use filiale_app::{App, Config};
use filiale_domain::Cents;
use std::time::{Duration, Instant};

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn main() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let app = App::open(Config::new(dir.path(), filiale_app::demo::store_config())).unwrap();
    filiale_app::demo::load(&app).unwrap();
    println!(
        "Filiale purchasing benchmark on the demo store ({}, {} cores)",
        cpu_model(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!();
    println!(
        "| replayed days | rule    | service level | avg stock value (cost) | order lines | ordered value | run time |"
    );
    println!("|---|---|---|---|---|---|---|");
    for days in [182, 365] {
        let start = Instant::now();
        let report = app.purchasing().simulate(days, None).unwrap();
        let took = start.elapsed();
        for r in [&report.filiale, &report.naive] {
            println!(
                "| {days} | {} | {:.1} % | {} | {} | {} | {:.1} s |",
                r.rule,
                r.service_level * 100.0,
                Cents::new(r.average_stock_value_cents),
                r.order_lines,
                Cents::new(r.ordered_value_cents),
                took.as_secs_f64()
            );
        }
    }

    // Goods receipt: one unit at a time against the approved orders' lines, committed each.
    let proposal = app.purchasing().start().unwrap();
    app.purchasing()
        .approve(
            &proposal.thread_id,
            Purchasing::default_manager("1234"),
            None,
            None,
        )
        .unwrap();
    let mut times: Vec<Duration> = Vec::new();
    for order in app.purchasing().orders(true).unwrap() {
        let detail = app.purchasing().order(&order.order_no).unwrap();
        for line in &detail.lines {
            for _ in 0..line.ordered.min(20) {
                let receipt = [ReceiptLineInput {
                    code: line.sku.clone(),
                    quantity: 1,
                    unit_cost_cents: None,
                }];
                let start = Instant::now();
                app.purchasing()
                    .receive(&order.order_no, &receipt, &ReceiveOptions::default())
                    .unwrap();
                times.push(start.elapsed());
            }
        }
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!();
    println!("| goods receipts (1 line, WAL + synchronous=FULL) | p50 | p99 |");
    println!("|---|---|---|");
    println!(
        "| {} receipts | {:.2} ms | {:.2} ms |",
        times.len(),
        at(0.5).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0
    );
}
