//! `filiale backup` and `filiale restore`: a checked copy of the database while the till sells,
//! and putting one back (only once it checks out; the replaced file is kept).

use crate::App;
use crate::config::Config;
use clap::Args;
use filiale_store::backup::FileCheck;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Another folder (a USB stick, a network share); default: the store's backup folder.
    #[arg(long)]
    pub to: Option<PathBuf>,
    /// List the backups in the backup folder instead.
    #[arg(long)]
    pub list: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file, e.g. backups/filiale-gruenfink-vechta-20261207T023000.000Z.sqlite
    pub file: PathBuf,
    #[arg(long)]
    pub json: bool,
}

pub fn backup(app: &App, args: &BackupArgs) -> anyhow::Result<ExitCode> {
    let back_office = app.back_office();
    if args.list {
        let found = back_office.backups()?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&found)?);
        } else if found.is_empty() {
            println!(
                "Noch keine Sicherung in {}",
                app.config().backup_dir().display()
            );
        } else {
            for path in found {
                let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                println!("{}  {} KiB", path.display(), bytes / 1024);
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let done = back_office.backup(args.to.as_deref())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&done)?);
    } else {
        print_check("Sicherung", &done.check);
        for old in &done.removed {
            println!("Alte Sicherung entfernt: {}", old.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn restore(config: &Config, args: &RestoreArgs) -> anyhow::Result<ExitCode> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let target = config.database_path();
    let check =
        filiale_store::backup::restore(&args.file, &target, &config.store.store_id, &stamp)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&check)?);
    } else {
        print_check("Wiederhergestellt", &check);
        println!(
            "Die ersetzte Datei liegt daneben: {}.before-restore-{stamp}",
            target.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn print_check(what: &str, check: &FileCheck) {
    println!("{what}: {}", check.path.display());
    println!(
        "  Filiale {}, {} KiB, {} Verkäufe, letzter Bon {}{}",
        check.store_id,
        check.bytes / 1024,
        check.sales,
        check
            .last_receipt_no
            .map_or_else(|| "-".to_owned(), |n| n.to_string()),
        check
            .last_sale_at
            .as_deref()
            .map(|at| format!(" ({})", crate::usecases::berlin_time(at)))
            .unwrap_or_default()
    );
    println!(
        "  Prüfung: integrity_check ok, Hash-Kette ok ({} Glieder)",
        check.chain_links
    );
}
