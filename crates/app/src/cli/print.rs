//! Printing for the terminal: receipts, tables and status in German formats.

use crate::dto::{StoreOverview, TillView};
use filiale_domain::Cents;
use filiale_store::articles::StockedArticle;
use filiale_store::journal::{AccountBalance, PostedEntry};
use filiale_store::outbox::{OutboxRow, OutboxStatus};
use filiale_store::stock::Movement;

const WIDTH: usize = 42;

fn rule() {
    println!("{}", "-".repeat(WIDTH));
}

fn two_columns(left: &str, right: &str) {
    let pad = WIDTH
        .saturating_sub(left.chars().count() + right.chars().count())
        .max(1);
    println!("{left}{}{right}", " ".repeat(pad));
}

/// The refunds of a receipt, under the receipt (the receipt itself is never changed).
pub fn refunds_of_receipt(refunds: &[filiale_store::refunds::StoredRefund]) {
    if refunds.is_empty() {
        return;
    }
    rule();
    for refund in refunds {
        two_columns(
            &format!(
                "{} {} ({})",
                if refund.kind == "void" {
                    "Storno"
                } else {
                    "Erstattung"
                },
                refund.refund_no,
                refund.authorized_by
            ),
            &format!("-{}", Cents::new(refund.total_cents).to_german()),
        );
    }
}

pub fn article(a: &StockedArticle, moves: &[Movement]) {
    let art = &a.article;
    println!("{}  {}", art.sku, art.name);
    if let Some(ean) = &art.ean {
        println!("EAN          {ean}");
    }
    println!("Kategorie    {}", art.category);
    println!(
        "Preis        {} je {} ({} USt)",
        art.price, art.unit, art.vat_rate
    );
    if let Some(p) = art.purchase_price {
        println!("Einkauf      {p} netto");
    }
    println!(
        "Bestand      {} (Meldebestand {}, bestellt {})",
        a.on_hand, art.reorder_point, a.on_order
    );
    println!(
        "Lieferant    {} ({} Tage, VE {})",
        art.supplier.as_deref().unwrap_or("-"),
        art.lead_time_days,
        art.pack_size
    );
    if !art.description.is_empty() {
        println!("{}", art.description);
    }
    if !moves.is_empty() {
        println!("Letzte Bewegungen:");
        for m in moves {
            println!(
                "  {}  {:<10} {:>+6} -> {:>6}  {}",
                m.occurred_at,
                m.kind,
                m.delta,
                m.on_hand_after,
                m.reference.as_deref().unwrap_or("")
            );
        }
    }
}

pub fn article_list(list: &[StockedArticle]) {
    for a in list {
        let art = &a.article;
        println!(
            "{:<10} {:<44} {:>10} {:>3}% {:>6}",
            art.sku,
            truncate(&art.name, 44),
            art.price.to_german(),
            art.vat_rate.percent(),
            a.on_hand
        );
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

pub fn journal(balances: &[AccountBalance], entries: &[PostedEntry]) {
    println!("Kontensalden");
    for b in balances {
        println!(
            "  {:>5} {:<32} {:>14}",
            b.number,
            b.name,
            Cents::new(b.balance_cents).to_german()
        );
    }
    if !entries.is_empty() {
        println!("Letzte Buchungen");
        for e in entries {
            println!("  #{} {} {}", e.id, e.posted_at, e.text);
            for (account, debit, credit) in &e.lines {
                println!(
                    "      {account:>5}  Soll {:>12}  Haben {:>12}",
                    Cents::new(*debit).to_german(),
                    Cents::new(*credit).to_german()
                );
            }
        }
    }
}

pub fn outbox_status(s: &OutboxStatus) {
    println!("events     {}", s.total);
    println!("pending    {}", s.pending);
    println!("published  {}", s.published);
    println!("dead       {}", s.dead);
    println!(
        "oldest pending  {}",
        s.oldest_pending_at.as_deref().unwrap_or("-")
    );
    println!(
        "last published  {}",
        s.last_published_seq.map_or("-".into(), |n| n.to_string())
    );
    println!(
        "last store_seq  {}",
        s.last_store_seq.map_or("-".into(), |n| n.to_string())
    );
}

pub fn outbox_rows(rows: &[OutboxRow]) {
    for r in rows {
        let state = if r.dead_at.is_some() {
            "dead"
        } else if r.published_at.is_some() {
            "published"
        } else {
            "pending"
        };
        println!(
            "{:>7} {:<22} {:<16} {:<10} {}",
            r.store_seq,
            r.event_type,
            r.aggregate_id,
            state,
            r.last_error.as_deref().unwrap_or("")
        );
    }
}

pub fn overview(o: &StoreOverview) {
    println!("{} ({})", o.store_name, o.store_id);
    println!("Artikel        {}", o.articles);
    println!("Kunden         {}", o.customers);
    println!("Unter Meldebestand {}", o.low_stock);
    println!(
        "Verkäufe heute {} ({}, Geschäftstag {})",
        o.sales_today,
        Cents::new(o.revenue_today_cents),
        o.business_day
    );
    println!(
        "Outbox         {} offen, {} veröffentlicht, {} fehlerhaft",
        o.outbox.pending, o.outbox.published, o.outbox.dead
    );
    if o.open_tills.is_empty() {
        println!("Offene Kassen  keine");
    }
    for till in &o.open_tills {
        let warning = if till.from_earlier_day {
            "  ! nicht abgeschlossen, zuerst abschließen"
        } else {
            ""
        };
        println!(
            "Offene Kasse   {} (Sitzung {}, seit {}, {}){warning}",
            till.till_id,
            till.session_no,
            crate::usecases::berlin_time(&till.opened_at),
            till.cashier
        );
    }
}

pub fn till(view: &TillView) {
    println!("Kasse {} (Version {})", view.terminal_id, view.version);
    for line in &view.cart.lines {
        two_columns(
            &format!("{} x {}", line.quantity, truncate(&line.name, 28)),
            &Cents::new(line.line_total_cents).to_german(),
        );
    }
    rule();
    two_columns("SUMME EUR", &Cents::new(view.cart.total_cents).to_german());
    if let Some(no) = &view.customer_no {
        println!("Kunde: {no}");
    }
}
