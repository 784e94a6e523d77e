//! `filiale staff`: the staff list (cashiers and managers), PINs and roles.

use super::pin::resolve;
use crate::App;
use crate::usecases::reorder::DEFAULT_MANAGER;
use clap::Subcommand;
use filiale_domain::{ManagerAction, Role};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum StaffAction {
    /// Everyone on the staff list with role and lockout state.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a cashier or manager. Needs a manager's PIN unless the store has no manager yet.
    /// Any PIN given as `-` is read from a line of standard input instead.
    Add {
        name: String,
        /// cashier or manager
        #[arg(long)]
        role: String,
        /// The new member's PIN (4 to 12 digits).
        #[arg(long)]
        pin: String,
        /// The approving manager.
        #[arg(long, default_value = DEFAULT_MANAGER)]
        manager: String,
        #[arg(long)]
        manager_pin: Option<String>,
    },
    /// Set a new PIN: with --old-pin (one's own) or with a manager's PIN (forgotten, locked out).
    SetPin {
        name: String,
        /// The new PIN (4 to 12 digits).
        #[arg(long)]
        pin: String,
        #[arg(long, conflicts_with = "manager_pin")]
        old_pin: Option<String>,
        #[arg(long, default_value = DEFAULT_MANAGER)]
        manager: String,
        #[arg(long, required_unless_present = "old_pin")]
        manager_pin: Option<String>,
    },
    /// Make someone a cashier or a manager (needs a manager's PIN).
    SetRole {
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long, default_value = DEFAULT_MANAGER)]
        manager: String,
        #[arg(long)]
        manager_pin: String,
    },
    /// Check a PIN at this till (recorded in the audit log).
    Login {
        name: String,
        #[arg(long)]
        pin: String,
    },
}

fn role(text: &str) -> anyhow::Result<Role> {
    Ok(Role::parse(text)?)
}

pub fn run(app: &App, action: StaffAction) -> anyhow::Result<ExitCode> {
    let approve = |name: &str, manager: &str, pin: &str| -> anyhow::Result<_> {
        let pin = resolve(pin)?;
        Ok(app.staff().authorize_manager(
            manager,
            &pin,
            ManagerAction::StaffChange {
                staff: name.trim().to_owned(),
            },
        )?)
    };
    match action {
        StaffAction::List { json } => {
            let staff = app.staff().list()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&staff)?);
            } else {
                for member in &staff {
                    let state = match member.locked_until {
                        Some(until) if until > app.now() => {
                            format!("gesperrt bis {}", until.format("%d.%m.%Y %H:%M UTC"))
                        }
                        _ if member.failed_attempts > 0 => {
                            format!("{} Fehlversuche", member.failed_attempts)
                        }
                        _ => String::new(),
                    };
                    println!("{:<24} {:<8} {state}", member.name, member.role.as_str());
                }
            }
        }
        StaffAction::Add {
            name,
            role: role_text,
            pin,
            manager,
            manager_pin,
        } => {
            let role = role(&role_text)?;
            let approval = match manager_pin {
                Some(manager_pin) => Some(approve(&name, &manager, &manager_pin)?),
                None => None,
            };
            app.staff().add(
                &name,
                role,
                &resolve(&pin)?,
                approval.as_ref().map(Into::into),
            )?;
            println!("{} added as {}", name.trim(), role.as_str());
        }
        StaffAction::SetPin {
            name,
            pin,
            old_pin,
            manager,
            manager_pin,
        } => {
            match (old_pin, manager_pin) {
                (Some(old), _) => {
                    let old = resolve(&old)?;
                    app.staff().change_own_pin(&name, &old, &resolve(&pin)?)?;
                }
                (None, Some(manager_pin)) => {
                    let approval = approve(&name, &manager, &manager_pin)?;
                    app.staff()
                        .reset_pin(&name, &resolve(&pin)?, (&approval).into())?;
                }
                (None, None) => anyhow::bail!("give --old-pin or --manager-pin"),
            }
            println!("PIN for {} set", name.trim());
        }
        StaffAction::SetRole {
            name,
            role: role_text,
            manager,
            manager_pin,
        } => {
            let role = role(&role_text)?;
            let approval = approve(&name, &manager, &manager_pin)?;
            app.staff().set_role(&name, role, (&approval).into())?;
            println!("{} is now {}", name.trim(), role.as_str());
        }
        StaffAction::Login { name, pin } => {
            let staff = app.staff().log_in(&name, &resolve(&pin)?)?;
            println!("{} ({})", staff.name(), staff.role().as_str());
        }
    }
    Ok(ExitCode::SUCCESS)
}
