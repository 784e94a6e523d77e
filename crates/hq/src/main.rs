//! `filiale-hq`: the head office service (`run`) and its report (`report [--json]`).

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use filiale_hq::{config::HqConfig, consume, db, report};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "filiale-hq",
    about = "Filiale head office: applies every store's events and reports per store"
)]
struct Cli {
    /// Where the head office database and hq.toml live.
    #[arg(long, env = "FILIALE_DATA_DIR", default_value = ".")]
    data_dir: PathBuf,
    /// NATS server URL(s), comma-separated; overrides hq.toml.
    #[arg(long, env = "FILIALE_NATS_URL")]
    nats_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Consume the stores' events until Ctrl-C.
    Run,
    /// Print the per-store picture.
    Report {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    filiale_failpoint::configure_from_env()?;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    std::fs::create_dir_all(&cli.data_dir)
        .with_context(|| format!("creating {}", cli.data_dir.display()))?;
    let mut config = HqConfig::load(&cli.data_dir)?;
    if let Some(url) = &cli.nats_url {
        config = config.with_servers(url);
    }
    let db_path = cli.data_dir.join("hq.sqlite");
    let mut conn = db::open(&db_path).with_context(|| format!("opening {}", db_path.display()))?;
    match cli.command {
        Command::Run => {
            // NATS may come up after head office: keep trying, saying why, until Ctrl-C.
            let (client, consumer) = loop {
                match consume::connect(&config).await {
                    Ok(pair) => break pair,
                    Err(error) => {
                        tracing::warn!(
                            error = format!("{error:#}"),
                            "cannot consume yet; retrying in 5 s"
                        );
                        tokio::select! {
                            _ = tokio::signal::ctrl_c() => return Ok(()),
                            _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
                        }
                    }
                }
            };
            tracing::info!(servers = ?config.nats.servers, db = %db_path.display(), "head office consuming");
            let shutdown = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            let total = consume::run(&consumer, &mut conn, &config.consumer, shutdown).await?;
            client.flush().await.ok();
            tracing::info!(?total, "head office stopped");
        }
        Command::Report { json } => {
            let report = report::build(&conn, chrono::Utc::now())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", report::render_table(&report));
            }
        }
    }
    Ok(())
}
