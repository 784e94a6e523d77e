//! `filiale-soak`: runs one soak mode against the real binaries, prints its results table and exits
//! with 1 if anything committed was lost (2 if the harness itself could not run).

use clap::{Parser, Subcommand};
use filiale_soak::report::Report;
use filiale_soak::{crash_loop, disk_full, flaky_network};
use std::process::ExitCode;
use std::time::Duration;

/// Soak tests for Filiale: crashes, full disks and flaky networks must not lose a committed sale or event.
#[derive(Debug, Parser)]
#[command(name = "filiale-soak", about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    mode: Mode,
}

#[derive(Debug, Subcommand)]
enum Mode {
    /// SIGKILL `filiale sell` at random moments; audit the store after every kill.
    CrashLoop {
        #[arg(long, default_value_t = 1000)]
        kills: u64,
        /// Seed of the random delays and carts (printed; reuse it to replay a run).
        #[arg(long)]
        seed: Option<u64>,
        /// Keep the store here instead of a temporary directory.
        #[arg(long)]
        data_dir: Option<std::path::PathBuf>,
    },
    /// Sell on a full disk (a tmpfs filled up), then free space; the same process must sell again.
    DiskFull {
        #[arg(long, default_value_t = 3)]
        cycles: u32,
        #[arg(long, default_value_t = 8)]
        size_mib: u32,
        /// Do not mount a tmpfs; cap SQLite's page count instead (for machines that forbid mounts).
        #[arg(long)]
        page_cap_only: bool,
    },
    /// Sell while the relay is killed and nats-server stopped and started; compare head office.
    FlakyNetwork {
        #[arg(long, default_value_t = 10_000)]
        sales: u64,
        #[arg(long, default_value_t = 2)]
        sellers: u32,
        #[arg(long)]
        seed: Option<u64>,
        /// Mean seconds between disruptions.
        #[arg(long, default_value_t = 3.0)]
        disrupt_every: f64,
        /// Seconds to wait for head office to catch up after the last sale.
        #[arg(long, default_value_t = 600)]
        settle_timeout: u64,
    },
}

fn seed_or_random(seed: Option<u64>) -> u64 {
    seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(42)
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: anyhow::Result<Report> = match cli.mode {
        Mode::CrashLoop {
            kills,
            seed,
            data_dir,
        } => {
            let seed = seed_or_random(seed);
            eprintln!("crash-loop: seed {seed} (replay with --seed {seed})");
            crash_loop::run(&crash_loop::CrashLoop {
                kills,
                seed,
                data_dir,
            })
        }
        Mode::DiskFull {
            cycles,
            size_mib,
            page_cap_only,
        } => disk_full::run(&disk_full::DiskFull {
            cycles,
            size_mib,
            page_cap_only,
        }),
        Mode::FlakyNetwork {
            sales,
            sellers,
            seed,
            disrupt_every,
            settle_timeout,
        } => {
            let seed = seed_or_random(seed);
            eprintln!("flaky-network: seed {seed} (replay with --seed {seed})");
            flaky_network::run(&flaky_network::FlakyNetwork {
                sales,
                sellers,
                seed,
                disrupt_every_secs: disrupt_every,
                settle_timeout: Duration::from_secs(settle_timeout),
            })
        }
    };
    match result {
        Ok(report) => {
            println!("{report}");
            if report.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
