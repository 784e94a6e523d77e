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
    let mut in_store = Vec::new();
    for _ in 0..7 {
        let timing = timed_sale(&shop, &mut rng)?;
        durations.push(timing.took);
        in_store.push(timing.in_store);
        confirmed.insert(timing.receipt);
    }
    durations.sort();
    in_store.sort();
    let typical = durations[durations.len() / 2];
    let store_open = in_store[in_store.len() / 2];
    // Half the kills anywhere in 120 % of a typical sale (start-up, opening, migrations, printing);
    // half aimed at the time the process has the store open: counted from the moment its -wal file
    // appears, up to 150 % of the time from there to the printed receipt (transaction and commit).
    let window = typical.mul_f64(1.2).max(Duration::from_millis(5));
    let hot = store_open.mul_f64(1.5).max(Duration::from_millis(2));
    report.row("typical sale (ms)", typical.as_millis());
    report.row("store open until receipt (ms)", store_open.as_millis());
    report.row(
        "kill delays (ms)",
        format!(
            "half 0..{} after start, half 0..{} after the store opened",
            window.as_millis(),
            hot.as_millis()
        ),
    );

    let mut tally = Tally::default();
    let mut last_audit = Audit::default();
    while tally.kills < config.kills {
        let aim = if rng.random_bool(0.5) {
            Aim::AfterStart(window.mul_f64(rng.random::<f64>()))
        } else {
            Aim::AfterOpen(hot.mul_f64(rng.random::<f64>()))
        };
        let outcome = sell_and_maybe_kill(&shop, &mut rng, aim)?;
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
                // The audit's connection is the last to close, so SQLite removes the -wal file;
                // one found here was left by the killed process, which had the store open.
                if wal_path(&shop.database()).exists() {
                    tally.killed_with_store_open += 1;
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
    report.row("killed with the store open", tally.killed_with_store_open);
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
    killed_with_store_open: u64,
}

fn wal_path(database: &std::path::Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

enum Outcome {
    Finished { receipt: Option<i64> },
    Failed(String),
    Killed { receipt: Option<i64> },
}

/// What an undisturbed sale showed.
struct Timing {
    took: Duration,
    /// From the moment the -wal file appeared to the printed receipt.
    in_store: Duration,
    receipt: i64,
}

/// One undisturbed sale, timed: when the store was opened, when the receipt was printed.
fn timed_sale(shop: &Shop, rng: &mut SmallRng) -> anyhow::Result<Timing> {
    use std::io::BufRead;
    let wal = wal_path(&shop.database());
    let start = Instant::now();
    let mut child = shop.random_sale(rng).spawn()?;
    let stdout = child.stdout.take().context("stdout")?;
    let reader = std::thread::spawn(move || {
        std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| printed_receipt(&format!("{line}\n")).map(|n| (Instant::now(), n)))
    });
    let mut opened = None;
    while child.try_wait()?.is_none() {
        if opened.is_none() && wal.exists() {
            opened = Some(Instant::now());
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let took = start.elapsed();
    let printed = reader.join().ok().flatten();
    match (printed, opened) {
        (Some((at, receipt)), Some(opened)) => Ok(Timing {
            took,
            in_store: at.saturating_duration_since(opened),
            receipt,
        }),
        (Some((_, receipt)), None) => Ok(Timing {
            took,
            in_store: Duration::from_millis(20),
            receipt,
        }),
        _ => anyhow::bail!("a calibration sale failed"),
    }
}

/// When to kill a sale.
#[derive(Debug, Clone, Copy)]
enum Aim {
    /// This long after the process started.
    AfterStart(Duration),
    /// This long after the process opened the store (its -wal file appeared).
    AfterOpen(Duration),
}

/// Starts one random sale and SIGKILLs it after `delay` unless it finished first.
fn sell_and_maybe_kill(shop: &Shop, rng: &mut SmallRng, aim: Aim) -> anyhow::Result<Outcome> {
    let wal = wal_path(&shop.database());
    let start = Instant::now();
    let mut child = shop
        .random_sale(rng)
        .spawn()
        .context("cannot start filiale sell")?;
    let mut deadline = match aim {
        Aim::AfterStart(delay) => Some(start + delay),
        Aim::AfterOpen(_) => None,
    };
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        let now = Instant::now();
        if let (None, Aim::AfterOpen(delay)) = (deadline, aim)
            && wal.exists()
        {
            deadline = Some(now + delay);
        }
        match deadline {
            Some(at) if now >= at => break None,
            Some(at) => std::thread::sleep((at - now).min(Duration::from_micros(200))),
            None => std::thread::sleep(Duration::from_micros(200)),
        }
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
