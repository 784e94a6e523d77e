//! Crash loop: sales through the real `filiale sell`, each SIGKILLed at a random moment (or allowed
//! to finish), and after every kill the store is reopened and audited. A receipt the CLI printed
//! before it died must be in the database; nothing may be half written.

use crate::audit::{Audit, audit};
use crate::binaries;
use crate::report::Report;
use crate::shop::{Shop, printed_receipt};
use anyhow::Context;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How a crash loop runs.
#[derive(Debug, Clone)]
pub struct CrashLoop {
    /// Stop after this many kills.
    pub kills: u64,
    pub seed: u64,
    /// Where the store lives; a temporary directory when `None`.
    pub data_dir: Option<PathBuf>,
}

/// Runs the crash loop and returns its figures; the report fails on any lost or inconsistent sale.
pub fn run(config: &CrashLoop) -> anyhow::Result<Report> {
    let started = Instant::now();
    let mut report = Report::new(format!(
        "crash-loop: {} kills of `filiale sell`",
        config.kills
    ));
    report.row("seed", config.seed);
    let filiale = binaries::filiale()?;
    let temp = tempfile::tempdir()?;
    let data_dir = config
        .data_dir
        .clone()
        .unwrap_or_else(|| temp.path().join("store"));
    report.row("data dir", data_dir.display());
    let shop = Shop::create(&filiale, &data_dir, "soak-crash")?;
    let mut rng = SmallRng::seed_from_u64(config.seed);

    // How long an undisturbed sale takes, and when it prints its receipt (just after the commit),
    // decide where kills are drawn from.
    let mut confirmed = BTreeSet::new();
    let mut durations = Vec::new();
    let mut print_times = Vec::new();
    for _ in 0..7 {
        let (took, printed_after, receipt) = timed_sale(&shop, &mut rng)?;
        durations.push(took);
        print_times.push(printed_after);
        confirmed.insert(receipt);
    }
    durations.sort();
    print_times.sort();
    let typical = durations[durations.len() / 2];
    let commit = print_times[print_times.len() / 2];
    // Half the kills anywhere in 120 % of a typical sale (start-up, opening, migrations, printing);
    // half in the 25 ms before the receipt is printed, where the transaction writes and commits.
    let window = typical.mul_f64(1.2).max(Duration::from_millis(5));
    let hot = (
        commit.saturating_sub(Duration::from_millis(25)),
        commit + Duration::from_millis(3),
    );
    report.row("typical sale (ms)", typical.as_millis());
    report.row("receipt printed after (ms)", commit.as_millis());
    report.row(
        "kill delays (ms)",
        format!(
            "half in 0..{}, half in {}..{}",
            window.as_millis(),
            hot.0.as_millis(),
            hot.1.as_millis()
        ),
    );

    let mut tally = Tally::default();
    let mut last_audit = Audit::default();
    while tally.kills < config.kills {
        let delay = if rng.random_bool(0.5) {
            window.mul_f64(rng.random::<f64>())
        } else {
            hot.0 + (hot.1 - hot.0).mul_f64(rng.random::<f64>())
        };
        let outcome = sell_and_maybe_kill(&shop, &mut rng, delay)?;
        tally.runs += 1;
        match outcome {
            Outcome::Finished { receipt: Some(n) } => {
                tally.finished += 1;
                confirmed.insert(n);
            }
            Outcome::Finished { receipt: None } => {
                report.fail(format!(
                    "run {}: sale finished without a receipt",
                    tally.runs
                ));
            }
            Outcome::Failed(stderr) => {
                report.fail(format!("run {}: sale refused: {stderr}", tally.runs));
            }
            Outcome::Killed { receipt } => {
                tally.kills += 1;
                if let Some(n) = receipt {
                    tally.killed_after_print += 1;
                    confirmed.insert(n);
                }
                last_audit = audit(&shop.database(), &confirmed)
                    .with_context(|| format!("audit after kill {}", tally.kills))?;
                for lost in &last_audit.lost_sales {
                    report.fail(format!(
                        "kill {}: confirmed receipt {lost} is gone",
                        tally.kills
                    ));
                }
                for problem in &last_audit.problems {
                    report.fail(format!("kill {}: {problem}", tally.kills));
                }
                if !last_audit.clean() {
                    break;
                }
                if tally.kills % 100 == 0 {
                    eprintln!(
                        "crash-loop: {} kills, {} runs, {} sales in the store, {:.0?}",
                        tally.kills,
                        tally.runs,
                        last_audit.sales,
                        started.elapsed()
                    );
                }
            }
        }
        if !report.passed() {
            break;
        }
    }
    // A last reopen by the program itself, and one more sale, shows the store still works.
    let after = shop.random_sale(&mut rng).output()?;
    match printed_receipt(&String::from_utf8_lossy(&after.stdout)) {
        Some(n) if after.status.success() => {
            confirmed.insert(n);
            if n != last_audit.sales + 1 {
                report.fail(format!(
                    "the sale after the loop got receipt {n}, expected {}",
                    last_audit.sales + 1
                ));
            }
        }
        _ => report.fail(format!(
            "the store does not sell after the loop: {}",
            String::from_utf8_lossy(&after.stderr)
        )),
    }
    let last_audit = audit(&shop.database(), &confirmed)?;
    for problem in &last_audit.problems {
        report.fail(format!("final audit: {problem}"));
    }
    report.row("runs", tally.runs);
    report.row("kills", tally.kills);
    report.row("sales finished", tally.finished);
    report.row(
        "killed after printing the receipt",
        tally.killed_after_print,
    );
    report.row("sales confirmed", confirmed.len());
    report.row("sales in the store", last_audit.sales);
    report.row(
        "committed, killed before printing",
        last_audit.sales - confirmed.len() as i64,
    );
    report.row("events in the outbox", last_audit.events);
    report.row("sales lost", last_audit.lost_sales.len());
    for lost in &last_audit.lost_sales {
        report.fail(format!("confirmed receipt {lost} is gone"));
    }
    report.row(
        "time (s)",
        format!("{:.1}", started.elapsed().as_secs_f64()),
    );
    Ok(report)
}

#[derive(Debug, Default)]
struct Tally {
    runs: u64,
    kills: u64,
    finished: u64,
    killed_after_print: u64,
}

enum Outcome {
    Finished { receipt: Option<i64> },
    Failed(String),
    Killed { receipt: Option<i64> },
}

/// One undisturbed sale: how long it took, when its receipt line appeared, and the receipt number.
fn timed_sale(shop: &Shop, rng: &mut SmallRng) -> anyhow::Result<(Duration, Duration, i64)> {
    use std::io::BufRead;
    let start = Instant::now();
    let mut child = shop.random_sale(rng).spawn()?;
    let stdout = child.stdout.take().context("stdout")?;
    let mut printed = None;
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line?;
        if printed.is_none()
            && let Some(n) = printed_receipt(&format!("{line}\n"))
        {
            printed = Some((start.elapsed(), n));
        }
    }
    let status = child.wait()?;
    let took = start.elapsed();
    match printed {
        Some((after, n)) if status.success() => Ok((took, after, n)),
        _ => anyhow::bail!("a calibration sale failed ({status})"),
    }
}

/// Starts one random sale and SIGKILLs it after `delay` unless it finished first.
fn sell_and_maybe_kill(
    shop: &Shop,
    rng: &mut SmallRng,
    delay: Duration,
) -> anyhow::Result<Outcome> {
    let start = Instant::now();
    let mut child = shop
        .random_sale(rng)
        .spawn()
        .context("cannot start filiale sell")?;
    let deadline = start + delay;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        let now = Instant::now();
        if now >= deadline {
            break None;
        }
        std::thread::sleep((deadline - now).min(Duration::from_micros(500)));
    };
    if status.is_none() {
        // std's kill is SIGKILL on Unix: no destructor, no flush, like a power cut for the process.
        let _ = child.kill();
    }
    let status = child.wait()?;
    // It may have finished between the last look and the kill: only a SIGKILL death counts as a kill.
    let killed = std::os::unix::process::ExitStatusExt::signal(&status) == Some(9);
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout)?;
    }
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut stderr)?;
    }
    let receipt = printed_receipt(&stdout);
    Ok(if killed {
        Outcome::Killed { receipt }
    } else if status.success() {
        Outcome::Finished { receipt }
    } else {
        Outcome::Failed(stderr.trim().to_owned())
    })
}
