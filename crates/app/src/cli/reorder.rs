//! `filiale reorder`: start, list, show, approve and reject reorder proposals.

use super::ReorderAction;
use crate::App;
use crate::dto::ManagerPin;
use anyhow::Context;
use filiale_domain::Cents;
use filiale_workflow::StateSnapshot;
use filiale_workflow::reorder::{Outcome, ReorderState, Verdict};
use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

pub fn run(app: &App, action: ReorderAction) -> anyhow::Result<ExitCode> {
    match action {
        ReorderAction::Start => {
            let snapshot = app.purchasing().start()?;
            print_proposal(&snapshot);
        }
        ReorderAction::List { open } => {
            for t in app.purchasing().list(open)? {
                println!(
                    "{:<18} {:<12} {}",
                    t.thread_id,
                    t.status.as_str(),
                    t.created_at.format("%d.%m.%Y %H:%M")
                );
            }
        }
        ReorderAction::Show { id, json } => {
            let snapshot = app.purchasing().show(&id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&snapshot)?);
            } else {
                print_proposal(&snapshot);
            }
        }
        ReorderAction::Approve {
            id,
            pin,
            manager,
            quantities,
            removed,
        } => {
            let verdict = if quantities.is_empty() && removed.is_empty() {
                Verdict::Approve
            } else {
                let mut edited = BTreeMap::new();
                for q in &quantities {
                    let (sku, qty) = q
                        .split_once('=')
                        .with_context(|| format!("--qty {q:?}: expected SKU=QTY"))?;
                    let qty: i64 = qty
                        .trim()
                        .parse()
                        .with_context(|| format!("--qty {q:?}: quantity is not a whole number"))?;
                    edited.insert(sku.trim().to_owned(), qty);
                }
                Verdict::ApproveEdited {
                    quantities: edited,
                    removed: removed.into_iter().collect::<BTreeSet<_>>(),
                }
            };
            let consent = ManagerPin {
                manager: &manager,
                pin: &pin,
            };
            let snapshot = app.purchasing().decide(&id, consent.into(), verdict)?;
            print_outcome(app, &snapshot)?;
        }
        ReorderAction::Reject {
            id,
            reason,
            pin,
            manager,
        } => {
            let consent = ManagerPin {
                manager: &manager,
                pin: &pin,
            };
            let snapshot =
                app.purchasing()
                    .decide(&id, consent.into(), Verdict::Reject { reason })?;
            print_outcome(app, &snapshot)?;
        }
        ReorderAction::Simulate {
            days,
            service_level,
            json,
        } => {
            let report = app.purchasing().simulate(days, service_level)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print_simulation(&report);
            }
        }
        ReorderAction::SetPin {
            manager,
            pin,
            approver,
            approver_pin,
        } => {
            let approver_pin = approver_pin
                .as_deref()
                .map(super::pin::resolve)
                .transpose()?;
            let consent = approver_pin.as_deref().map(|pin| {
                crate::dto::ManagerPin {
                    manager: &approver,
                    pin,
                }
                .into()
            });
            app.staff().set_manager_pin(&manager, &pin, consent)?;
            println!("PIN for {manager} set");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_proposal(snapshot: &StateSnapshot<ReorderState>) {
    println!(
        "Bestellvorschlag {} — {}",
        snapshot.thread_id,
        snapshot.status.as_str()
    );
    let state = &snapshot.values;
    println!(
        "{} Artikel geprüft, {} auffällig",
        state.articles_checked,
        state.candidates.len()
    );
    let Some(proposal) = &state.proposal else {
        println!("Kein Vorschlag.");
        return;
    };
    for supplier in &proposal.suppliers {
        println!();
        println!(
            "{}  ({})",
            supplier.supplier,
            Cents::new(supplier.total_cents)
        );
        for line in &supplier.lines {
            println!(
                "  {:<10} {:<40} {:>6} x {:>9} = {:>10}",
                line.sku,
                line.name.chars().take(40).collect::<String>(),
                line.quantity,
                Cents::new(line.unit_cost_cents).to_german(),
                Cents::new(line.line_total_cents).to_german()
            );
            println!("             {}", line.reason);
            if let Some(p) = state
                .profiles
                .get(&line.sku)
                .filter(|p| p.stockout_days > 0)
            {
                println!(
                    "             {} Tage ausverkauft: ca. {:.0} Stk entgangene Nachfrage (im Bedarf mitgerechnet)",
                    p.stockout_days, p.lost_units
                );
            }
        }
    }
    println!();
    println!("Summe {}", Cents::new(proposal.total_cents));
    if snapshot.next.iter().any(|n| n == "approval") {
        println!(
            "Wartet auf Freigabe: filiale reorder approve {} --pin PIN",
            snapshot.thread_id
        );
    }
}

fn print_outcome(app: &App, snapshot: &StateSnapshot<ReorderState>) -> anyhow::Result<()> {
    match &snapshot.values.outcome {
        Some(Outcome::Ordered { .. }) => {
            for order in app.purchasing().purchase_orders(&snapshot.thread_id)? {
                println!(
                    "Bestellung {} an {} über {}",
                    order.order_no,
                    order.supplier,
                    Cents::new(order.total_cents)
                );
            }
        }
        Some(Outcome::Rejected { reason }) => {
            println!("Vorschlag {} abgelehnt: {reason}", snapshot.thread_id)
        }
        Some(Outcome::NothingToOrder) => println!("Nichts zu bestellen."),
        None => println!(
            "Vorschlag {} ist {}",
            snapshot.thread_id,
            snapshot.status.as_str()
        ),
    }
    Ok(())
}

fn print_simulation(report: &filiale_workflow::simulate::ReplayReport) {
    println!(
        "Simulation über {} Tage, {} Artikel (Bestellungen kommen nach ihrer Lieferzeit)",
        report.days, report.articles
    );
    println!(
        "{:<10} {:>12} {:>12} {:>14} {:>22} {:>16}",
        "Regel", "Nachfrage", "bedient", "Servicegrad", "Ø Lagerwert (EK)", "Bestellzeilen"
    );
    for r in [&report.filiale, &report.naive] {
        println!(
            "{:<10} {:>12} {:>12} {:>13.1} % {:>22} {:>16}",
            r.rule,
            r.demand_units,
            r.served_units,
            r.service_level * 100.0,
            Cents::new(r.average_stock_value_cents).to_string(),
            r.order_lines
        );
    }
}
