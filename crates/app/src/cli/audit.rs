//! `filiale audit`: the audit log, and verifying the books' hash chain and append-only triggers.

use crate::App;
use clap::Subcommand;
use filiale_store::audit::Filter;
use std::process::ExitCode;

/// Exit code of `audit verify` when the books do not verify.
pub const TAMPERED: u8 = 3;

#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Who did what: logins, approvals granted and refused, refunds, voids, staff changes.
    Log {
        #[arg(long)]
        json: bool,
        /// Only the most recent N entries.
        #[arg(long, default_value_t = 100)]
        limit: i64,
        /// Only entries of this member of staff.
        #[arg(long)]
        actor: Option<String>,
        /// Only this action (e.g. sale.refund) or family (e.g. sale, staff, authorization).
        #[arg(long)]
        action: Option<String>,
    },
    /// Recompute the hash chain over sales, refunds, journal and audit log; exit 3 when it breaks.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(app: &App, action: AuditAction) -> anyhow::Result<ExitCode> {
    match action {
        AuditAction::Log {
            json,
            limit,
            actor,
            action,
        } => {
            let entries = app.back_office().audit_log(&Filter {
                actor,
                action,
                limit,
            })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&entries)?);
            } else {
                for e in &entries {
                    println!(
                        "{:>5} {} {:<8} {:<20} {:<22} {:<6} {:<14} {}",
                        e.id,
                        e.occurred_at,
                        e.terminal,
                        e.actor,
                        e.action,
                        e.outcome,
                        e.subject,
                        e.details
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        AuditAction::Verify { json } => {
            let verification = app.back_office().audit_verify()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&verification)?);
            } else {
                match &verification.problem {
                    None => println!("{} records verified", verification.links),
                    Some(problem) => println!("NOT VERIFIED: {problem}"),
                }
                for trigger in &verification.missing_triggers {
                    println!("NOT PROTECTED: trigger {trigger} is missing");
                }
                if let Some(head) = &verification.head {
                    println!("chain head {head}");
                }
            }
            Ok(if verification.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(TAMPERED)
            })
        }
    }
}
