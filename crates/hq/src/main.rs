//! `filiale-hq`: the head office service (`run`) and its report (`report [--from D] [--to D]
//! [--store ID]… [--json]`), on SQLite (default) or PostgreSQL (`--database postgres://…`).

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use filiale_hq::db::{Database, Location};
use filiale_hq::{config::HqConfig, consume, report};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(
    name = "filiale-hq",
    about = "Filiale head office: applies every store's events and reports per store"
)]
struct Cli {
    /// Where hq.toml (and the SQLite database, by default) live.
    #[arg(long, env = "FILIALE_DATA_DIR", default_value = ".")]
    data_dir: PathBuf,
    /// NATS server URL(s), comma-separated; overrides hq.toml.
    #[arg(long, env = "FILIALE_NATS_URL")]
    nats_url: Option<String>,
    /// The head office database: a postgres:// URL, or a SQLite file; overrides hq.toml
    /// (default: hq.sqlite in the data directory).
    #[arg(long, env = "FILIALE_HQ_DATABASE")]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Consume the stores' events until Ctrl-C or SIGTERM.
    Run,
    /// Print the per-store picture and the takings of a span of business days.
    Report {
        /// First business day (Berlin time), YYYY-MM-DD; default: the --to day.
        #[arg(long)]
        from: Option<String>,
        /// Last business day (inclusive), YYYY-MM-DD; default: today.
        #[arg(long)]
        to: Option<String>,
        /// Only these stores (repeatable, or a comma list); default: all.
        #[arg(long = "store")]
        stores: Vec<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            match error.downcast_ref::<report::ReportError>() {
                Some(refusal) if refusal.is_bad_request() => eprintln!("filiale-hq: {refusal}"),
                _ => eprintln!("filiale-hq: {error:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    filiale_failpoint::configure_from_env()?;
    std::fs::create_dir_all(&cli.data_dir)
        .with_context(|| format!("creating {}", cli.data_dir.display()))?;
    let mut config = HqConfig::load(&cli.data_dir)?;
    if let Some(url) = &cli.nats_url {
        config = config.with_servers(url);
    }
    let location = config.database_location(&cli.data_dir, cli.database.as_deref());
    match cli.command {
        Command::Run => {
            let Some(mut db) = open_waiting(&location).await? else {
                return Ok(());
            };
            // NATS may come up after head office: keep trying, saying why, until Ctrl-C.
            let (client, consumer) = loop {
                match consume::connect(&config).await {
                    Ok(pair) => break pair,
                    Err(error) => {
                        tracing::warn!(
                            error = format!("{error:#}"),
                            "cannot consume yet; retrying in 5 s"
                        );
                        if stopped_within(Duration::from_secs(5)).await {
                            return Ok(());
                        }
                    }
                }
            };
            tracing::info!(
                servers = ?config.nats.servers,
                db = %location.describe(),
                backend = db.backend_name(),
                "head office consuming"
            );
            let shutdown = stop_signal();
            let total = consume::run(&consumer, &mut db, &config.consumer, shutdown).await?;
            client.flush().await.ok();
            tracing::info!(?total, "head office stopped");
        }
        Command::Report {
            from,
            to,
            stores,
            json,
        } => {
            // Bad input is refused before anything is opened or created.
            let selection = report::Selection::parse(from.as_deref(), to.as_deref(), &stores)?;
            let mut db = Database::open(&location)
                .await
                .with_context(|| format!("opening {}", location.describe()))?;
            let report = report::build_for(&mut db, chrono::Utc::now(), &selection).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", report::render_table(&report));
                if selection.has_period() {
                    print!("{}", report::render_period(&report));
                }
            }
        }
    }
    Ok(())
}

/// Opens the database, waiting (with a growing pause) while PostgreSQL is unreachable; `None` on
/// Ctrl-C. A SQLite file that cannot be opened is an error at once.
async fn open_waiting(location: &Location) -> anyhow::Result<Option<Database>> {
    let mut delay = Duration::from_secs(1);
    loop {
        match Database::open(location).await {
            Ok(db) => return Ok(Some(db)),
            Err(error) if matches!(location, Location::Sqlite(_)) => {
                return Err(error).with_context(|| format!("opening {}", location.describe()));
            }
            Err(error) => {
                tracing::warn!(
                    %error,
                    db = %location.describe(),
                    retry_in_s = delay.as_secs(),
                    "cannot open the head office database yet"
                );
                if stopped_within(delay).await {
                    return Ok(None);
                }
                delay = (delay * 2).min(Duration::from_secs(15));
            }
        }
    }
}

/// Waits `pause`; true if the process was asked to stop first.
async fn stopped_within(pause: Duration) -> bool {
    tokio::select! {
        _ = stop_signal() => true,
        _ = tokio::time::sleep(pause) => false,
    }
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM (what systemd and `kill` send).
async fn stop_signal() {
    #[cfg(unix)]
    if let Ok(mut terminate) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
        return;
    }
    let _ = tokio::signal::ctrl_c().await;
}
