//! `filiale order`: list, show, receive against, cancel and export purchase orders.

use crate::App;
use crate::usecases::{ReceiptLineInput, ReceiveOptions};
use anyhow::Context;
use clap::Subcommand;
use filiale_domain::Cents;
use filiale_store::purchase_orders::OrderDetail;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum OrderAction {
    /// Purchase orders, newest first, with state and expected delivery.
    List {
        /// Only orders still expecting goods (open or partly received).
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// One order: lines with ordered, received and open units, and its deliveries.
    Show {
        order: String,
        #[arg(long)]
        json: bool,
    },
    /// Goods receipt against an order: --line SKU:QTY[@PRICE] (repeatable; SKU or EAN).
    Receive {
        order: String,
        /// What arrived, e.g. GF-10002:24 or GF-10002:24@1,95 with the delivery note's price.
        #[arg(
            long = "line",
            value_name = "SKU:QTY[@PRICE]",
            allow_hyphen_values = true
        )]
        lines: Vec<String>,
        /// The order is complete: write off what did not come.
        #[arg(long)]
        close: bool,
        /// A quantity more than ten times the order is right.
        #[arg(long)]
        confirm: bool,
        /// Who unpacked the delivery.
        #[arg(long, default_value = crate::usecases::DEFAULT_RECEIVER)]
        by: String,
        /// Delivery note number or remark.
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Cancel an order that still expects goods: its open units no longer count as on order.
    Cancel {
        order: String,
        #[arg(long, default_value = crate::usecases::reorder::DEFAULT_MANAGER)]
        by: String,
    },
    /// Write the order's document: OUT.csv (supplier format) or OUT.html (printable page).
    Export { order: String, out: PathBuf },
}

/// `SKU:QTY` or `SKU:QTY@PRICE` (price in euros, German or English decimal).
fn parse_line(text: &str) -> anyhow::Result<ReceiptLineInput> {
    let (code, rest) = text
        .rsplit_once(':')
        .with_context(|| format!("--line {text:?}: expected SKU:QTY, e.g. GF-10002:24"))?;
    let (quantity, price) = match rest.split_once('@') {
        Some((q, p)) => (q, Some(p)),
        None => (rest, None),
    };
    let quantity: i64 = quantity.trim().parse().with_context(|| {
        format!("--line {text:?}: Menge ist keine ganze Zahl / quantity is not a whole number")
    })?;
    let unit_cost_cents = price
        .map(|p| Cents::parse_eur(p.trim()).map(Cents::get))
        .transpose()
        .with_context(|| format!("--line {text:?}: price"))?;
    Ok(ReceiptLineInput {
        code: code.trim().to_owned(),
        quantity,
        unit_cost_cents,
    })
}

pub fn run(app: &App, action: OrderAction) -> anyhow::Result<ExitCode> {
    let purchasing = app.purchasing();
    match action {
        OrderAction::List { open, json } => {
            let orders = purchasing.orders(open)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&orders)?);
                return Ok(ExitCode::SUCCESS);
            }
            if orders.is_empty() {
                println!("Keine Bestellungen.");
            }
            for o in orders {
                println!(
                    "{:<9} {:<24} {:<20} Liefertermin {:<10}  {:>5}/{:<5} Stk  {:>12}",
                    o.order_no,
                    o.supplier.chars().take(24).collect::<String>(),
                    o.state.german(),
                    o.expected_on.as_deref().unwrap_or("-"),
                    o.units_received,
                    o.units_ordered,
                    Cents::new(o.total_cents).to_german()
                );
            }
        }
        OrderAction::Show { order, json } => {
            let order = purchasing.order(&order)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&order)?);
            } else {
                print_order(&order);
            }
        }
        OrderAction::Receive {
            order,
            lines,
            close,
            confirm,
            by,
            note,
            json,
        } => {
            let lines = lines
                .iter()
                .map(String::as_str)
                .map(parse_line)
                .collect::<anyhow::Result<Vec<_>>>()?;
            let options = ReceiveOptions {
                close,
                confirmed: confirm,
                received_by: by,
                note,
            };
            let outcome = purchasing.receive(&order, &lines, &options)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&outcome)?);
                return Ok(ExitCode::SUCCESS);
            }
            match &outcome.booked.receipt_no {
                Some(no) => println!("Wareneingang {no} zu Bestellung {order} gebucht"),
                None => println!("Bestellung {order} ohne weitere Ware abgeschlossen"),
            }
            for (sku, before, after) in &outcome.booked.price_changes {
                println!(
                    "Einkaufspreis {sku}: {} -> {}",
                    before.map_or("-".into(), |c| Cents::new(c).to_german()),
                    Cents::new(*after).to_german()
                );
            }
            print_order(&outcome.order);
        }
        OrderAction::Cancel { order, by } => {
            let order = purchasing.cancel_order(&order, &by)?;
            println!("Bestellung {} storniert", order.summary.order_no);
        }
        OrderAction::Export { order, out } => {
            let is_html = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
            let text = if is_html {
                purchasing.order_page(&order)?
            } else {
                purchasing.order_csv(&order)?
            };
            std::fs::write(&out, text).with_context(|| format!("writing {}", out.display()))?;
            println!("Bestellung {order} -> {}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What `stock receive` adds: the units were booked without an order, and the open orders the
/// article is on (whose on-order quantity this receipt did not reduce).
pub(super) fn received_without_order(open_orders: &[(String, i64)]) {
    println!("ohne Bestellung gebucht / booked without a purchase order");
    for (order_no, open) in open_orders {
        println!(
            "offen auf {order_no}: {open} Stk — gegen die Bestellung buchen: filiale order receive {order_no} --line ..."
        );
    }
}

fn print_order(order: &OrderDetail) {
    let s = &order.summary;
    println!(
        "Bestellung {} an {} — {} (Liefertermin {})",
        s.order_no,
        s.supplier,
        s.state.german(),
        s.expected_on.as_deref().unwrap_or("-")
    );
    println!(
        "  {:<10} {:<36} {:>8} {:>8} {:>8}",
        "Artikel", "Bezeichnung", "bestellt", "geliefert", "offen"
    );
    for l in &order.lines {
        println!(
            "  {:<10} {:<36} {:>8} {:>8} {:>8}",
            l.sku,
            l.name.chars().take(36).collect::<String>(),
            l.ordered,
            l.received,
            l.open
        );
    }
    for e in &order.extra {
        println!(
            "  {:<10} {:<36} {:>8} {:>8} {:>8}  (nicht bestellt)",
            e.sku,
            e.name.chars().take(36).collect::<String>(),
            0,
            e.received,
            0
        );
    }
    for r in &order.receipts {
        println!(
            "  {} am {} von {}{}",
            r.receipt_no,
            r.received_at.get(..10).unwrap_or(&r.received_at),
            r.received_by,
            if r.note.is_empty() {
                String::new()
            } else {
                format!(" ({})", r.note)
            }
        );
    }
    println!("  Summe {}", Cents::new(s.total_cents).to_german());
}

#[cfg(test)]
mod tests {
    use super::parse_line;

    #[test]
    fn lines_take_an_optional_price() {
        let l = parse_line("GF-10002:24@1,95").unwrap();
        assert_eq!(
            (l.code.as_str(), l.quantity, l.unit_cost_cents),
            ("GF-10002", 24, Some(195))
        );
        let l = parse_line("4006381333931:-3").unwrap();
        assert_eq!((l.quantity, l.unit_cost_cents), (-3, None));
        assert!(parse_line("GF-10002").is_err());
        assert!(parse_line("GF-10002:zwei").is_err());
    }
}
