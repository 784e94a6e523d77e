//! `filiale tse status|export` and `filiale export dsfinvk`, and the receipt as printed (with its
//! TSE data) after a sale and by `filiale receipt NO`.

use crate::App;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum TseAction {
    /// Serial, public key, algorithm, counters, certified or not, the self test now, outages.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// The TSE's TR-03151 export: a TAR of every log message, the certificate and info.csv.
    Export { out: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// The DSFinV-K export for the tax office: index.xml, the DTD and every table as a ZIP.
    Dsfinvk(DsfinvkArgs),
}

#[derive(Debug, Args)]
pub struct DsfinvkArgs {
    /// First business day, YYYY-MM-DD.
    #[arg(long)]
    pub from: String,
    /// Last business day, YYYY-MM-DD.
    #[arg(long)]
    pub to: String,
    /// Only this till's closings (default: every till).
    #[arg(long)]
    pub till: Option<String>,
    /// Print what was written as JSON.
    #[arg(long)]
    pub json: bool,
    /// The ZIP file to write.
    pub out: PathBuf,
}

/// Prints receipt `receipt_no` as the till prints it (lines, VAT, tender, TSE block, QR content).
pub fn print_receipt(app: &App, receipt_no: i64) -> anyhow::Result<()> {
    let printed = app.printed_receipt(receipt_no)?;
    for line in &printed.text {
        println!("{line}");
    }
    Ok(())
}

fn or_dash<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

pub fn tse(app: &App, action: TseAction) -> anyhow::Result<ExitCode> {
    match action {
        TseAction::Status { json } => {
            let status = app.tse_status()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&status)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!("TSE            {}", status.kind);
            println!(
                "Zertifiziert   {}",
                if status.certified {
                    "ja / certified"
                } else {
                    "NEIN – nicht zertifiziert (Software-TSE) / not certified"
                }
            );
            println!(
                "Seriennummer   {}",
                or_dash(status.serial_number.as_deref())
            );
            println!("Public Key     {}", or_dash(status.public_key.as_deref()));
            println!(
                "Algorithmus    {}",
                or_dash(status.signature_algorithm.as_deref())
            );
            println!("Zeitformat     {}", or_dash(status.time_format.as_deref()));
            println!("Signaturzähler {}", or_dash(status.signature_counter));
            println!("Transaktionen  {}", or_dash(status.transaction_number));
            println!("Offene Transaktionen {}", or_dash(status.open_transactions));
            println!(
                "Selbsttest     {} ({})",
                if status.self_test_passed {
                    "bestanden / passed"
                } else {
                    "NICHT bestanden / failed"
                },
                crate::usecases::berlin_time(&status.self_test_at)
            );
            if let Some(error) = &status.error {
                println!("Fehler         {error}");
            }
            println!(
                "Vorgänge       {} signiert, {} ohne Signatur (Ausfall)",
                status.signed_business_cases, status.unsigned_business_cases
            );
            if status.outages.is_empty() {
                println!("Ausfälle       keine / none");
            } else {
                println!("Ausfälle / outages:");
                for o in &status.outages {
                    println!(
                        "  {:<10} {} – {}  {} Vorgänge  {}",
                        o.till_id,
                        crate::usecases::berlin_time(&o.started_at),
                        o.ended_at.as_deref().map_or_else(
                            || "andauernd / ongoing".to_owned(),
                            crate::usecases::berlin_time
                        ),
                        o.business_cases,
                        o.reason
                    );
                }
            }
            Ok(if status.self_test_passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        TseAction::Export { out } => {
            let messages = app.tse_export(&out)?;
            println!(
                "{} Protokolleinträge nach {} exportiert / {messages} log messages exported",
                messages,
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn export(app: &App, what: ExportWhat) -> anyhow::Result<ExitCode> {
    match what {
        ExportWhat::Dsfinvk(args) => {
            let summary =
                app.export_dsfinvk(&args.from, &args.to, args.till.as_deref(), &args.out)?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&summary)?);
            } else {
                println!(
                    "DSFinV-K-Export {}: {} Tagesabschlüsse, {} Einzelaufzeichnungen ({} ohne \
                     Signatur wegen TSE-Ausfall), {} Positionen, {} bis {}",
                    summary.path,
                    summary.closings,
                    summary.receipts,
                    summary.outages,
                    summary.lines,
                    summary.first_day,
                    summary.last_day
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
