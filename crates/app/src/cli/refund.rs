//! `filiale refund`: give back some or all of a receipt behind a manager's PIN.

use crate::App;
use crate::dto::{ManagerPin, RefundLineInput};
use crate::usecases::reorder::DEFAULT_MANAGER;
use anyhow::Context;
use clap::Args;
use filiale_domain::Sku;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct RefundArgs {
    /// The receipt number (Bon-Nr.).
    pub receipt_no: i64,
    /// An article to give back (SKU, or SKU:QTY); repeatable. Without it the whole receipt is voided.
    #[arg(long = "line", value_name = "SKU")]
    pub lines: Vec<String>,
    /// Units of the --line at the same position (default 1).
    #[arg(long = "qty", value_name = "N")]
    pub quantities: Vec<i64>,
    /// The approving manager.
    #[arg(long, default_value = DEFAULT_MANAGER)]
    pub manager: String,
    /// The manager's PIN (`-` reads it from standard input).
    #[arg(long)]
    pub pin: String,
    /// Why (printed in the audit log), e.g. "Ware defekt".
    #[arg(long, default_value = "")]
    pub reason: String,
    #[arg(long)]
    pub json: bool,
}

fn lines(args: &RefundArgs) -> anyhow::Result<Vec<RefundLineInput>> {
    anyhow::ensure!(
        args.quantities.len() <= args.lines.len(),
        "--qty without a --line to belong to"
    );
    args.lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let (code, inline_qty) = match line.rsplit_once(':') {
                Some((code, qty)) => (
                    code,
                    Some(qty.trim().parse::<i64>().with_context(|| {
                        format!("--line {line:?}: quantity is not a whole number")
                    })?),
                ),
                None => (line.as_str(), None),
            };
            let sku = Sku::parse(code).with_context(|| format!("--line {line:?}"))?;
            let qty = match (inline_qty, args.quantities.get(i)) {
                (Some(_), Some(_)) => anyhow::bail!("--line {line:?} has a quantity and a --qty"),
                (Some(q), None) | (None, Some(&q)) => q,
                (None, None) => 1,
            };
            Ok(RefundLineInput {
                sku: sku.to_string(),
                quantity: qty,
            })
        })
        .collect()
}

pub fn run(app: &App, args: RefundArgs) -> anyhow::Result<ExitCode> {
    let lines = lines(&args)?;
    let pin = super::pin::resolve(&args.pin)?;
    let manager = ManagerPin {
        manager: &args.manager,
        pin: &pin,
    };
    let refund = app.back_office().refund(
        args.receipt_no,
        (!lines.is_empty()).then_some(lines.as_slice()),
        &args.reason,
        manager.into(),
    )?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&refund)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} {} zu Bon {} ({}, freigegeben von {})",
        match refund.kind {
            filiale_domain::RefundKind::Void => "Storno",
            filiale_domain::RefundKind::Refund => "Erstattung",
        },
        refund.refund_no,
        refund.receipt_no,
        refund.refunded_at,
        refund.authorized_by
    );
    for line in &refund.lines {
        println!(
            "  {:>4} x {:<12} {:<28} {:>10}",
            line.quantity,
            line.sku.as_str(),
            line.name,
            format!("-{}", line.amount.to_german())
        );
    }
    println!(
        "Zurück ({}): {}",
        match refund.payout {
            filiale_domain::Payout::Cash => "bar",
            filiale_domain::Payout::Card => "Karte",
        },
        refund.total.to_german()
    );
    Ok(ExitCode::SUCCESS)
}
