//! The per-store picture head office prints: events applied, last seq, gaps, today's sales, low stock.

use chrono::{DateTime, Utc};
use filiale_domain::Cents;
use rusqlite::{Connection, params};
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The business day (Berlin time) "today" refers to.
    pub day: String,
    pub stores: Vec<StoreReport>,
    pub poison_total: i64,
    /// The newest unreadable messages.
    pub poison: Vec<PoisonMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreReport {
    pub store_id: String,
    pub events_applied: i64,
    pub last_seq: i64,
    /// Ranges of `store_seq` below `last_seq` that never arrived.
    pub gaps: Vec<Gap>,
    pub missing_events: i64,
    pub receipts_today: i64,
    pub sales_today_cents: i64,
    pub revenue_today: Vec<VatRevenue>,
    pub low_stock: Vec<LowStock>,
    /// Closings (Z-reports) and cash differences per till.
    pub till_closings: Vec<crate::closings::TillClosings>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub from: i64,
    pub to: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VatRevenue {
    pub vat_rate: i64,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LowStock {
    pub sku: String,
    pub name: String,
    pub on_hand: i64,
    pub reorder_point: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PoisonMessage {
    pub stream_seq: Option<i64>,
    pub subject: String,
    pub reason: String,
    pub received_at: String,
}

/// The ranges of `store_seq` missing for `store_id` (from 1 up to the highest applied).
pub fn gaps(conn: &Connection, store_id: &str) -> rusqlite::Result<Vec<Gap>> {
    let mut stmt = conn.prepare_cached(
        "SELECT prev + 1, store_seq - 1 FROM (
             SELECT store_seq, LAG(store_seq, 1, 0) OVER (ORDER BY store_seq) AS prev
             FROM inbox WHERE store_id = ?1)
         WHERE store_seq > prev + 1 ORDER BY store_seq",
    )?;
    let rows = stmt.query_map([store_id], |r| {
        Ok(Gap {
            from: r.get(0)?,
            to: r.get(1)?,
        })
    })?;
    rows.collect()
}

/// Builds the report as of `now`.
pub fn build(conn: &Connection, now: DateTime<Utc>) -> rusqlite::Result<Report> {
    let day = crate::business_day::of_instant(now);
    let mut stores = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT store_id, COUNT(*), MAX(store_seq) FROM inbox GROUP BY store_id ORDER BY store_id",
    )?;
    let heads = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<(String, i64, i64)>>>()?;
    for (store_id, events_applied, last_seq) in heads {
        let gaps = gaps(conn, &store_id)?;
        let (receipts_today, sales_today_cents) = conn
            .query_row(
                "SELECT receipts, total_cents FROM daily_sales WHERE store_id = ?1 AND day = ?2",
                params![store_id, day],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok((0, 0)),
                e => Err(e),
            })?;
        let revenue_today = conn
            .prepare_cached(
                "SELECT vat_rate, net_cents, vat_cents, gross_cents FROM daily_revenue
                 WHERE store_id = ?1 AND day = ?2 ORDER BY vat_rate DESC",
            )?
            .query_map(params![store_id, day], |r| {
                Ok(VatRevenue {
                    vat_rate: r.get(0)?,
                    net_cents: r.get(1)?,
                    vat_cents: r.get(2)?,
                    gross_cents: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let low_stock = conn
            .prepare_cached(
                "SELECT sku, name, on_hand, reorder_point FROM stock
                 WHERE store_id = ?1 AND on_hand IS NOT NULL AND reorder_point IS NOT NULL
                   AND on_hand <= reorder_point
                 ORDER BY on_hand - reorder_point, sku LIMIT 50",
            )?
            .query_map([&store_id], |r| {
                Ok(LowStock {
                    sku: r.get(0)?,
                    name: r.get(1)?,
                    on_hand: r.get(2)?,
                    reorder_point: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let till_closings = crate::closings::per_till(conn, &store_id)?;
        stores.push(StoreReport {
            till_closings,
            missing_events: gaps.iter().map(|g| g.to - g.from + 1).sum(),
            store_id,
            events_applied,
            last_seq,
            gaps,
            receipts_today,
            sales_today_cents,
            revenue_today,
            low_stock,
        });
    }
    let poison_total = conn.query_row("SELECT COUNT(*) FROM poison", [], |r| r.get(0))?;
    let poison = conn
        .prepare(
            "SELECT stream_seq, subject, reason, received_at FROM poison ORDER BY id DESC LIMIT 20",
        )?
        .query_map([], |r| {
            Ok(PoisonMessage {
                stream_seq: r.get(0)?,
                subject: r.get(1)?,
                reason: r.get(2)?,
                received_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Report {
        day,
        stores,
        poison_total,
        poison,
    })
}

fn euros(cents: i64) -> String {
    Cents::new(cents).to_german()
}

/// The report as a plain-text table for a terminal.
pub fn render_table(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Head office report for {} (Berlin time)", report.day);
    if report.stores.is_empty() {
        let _ = writeln!(out, "No events applied yet.");
    } else {
        let _ = writeln!(
            out,
            "{:<16} {:>8} {:>8} {:>8} {:>9} {:>14}",
            "store", "events", "last seq", "missing", "receipts", "sales today €"
        );
        for store in &report.stores {
            let _ = writeln!(
                out,
                "{:<16} {:>8} {:>8} {:>8} {:>9} {:>14}",
                store.store_id,
                store.events_applied,
                store.last_seq,
                store.missing_events,
                store.receipts_today,
                euros(store.sales_today_cents)
            );
        }
    }
    for store in &report.stores {
        if !store.gaps.is_empty() {
            let ranges: Vec<String> = store
                .gaps
                .iter()
                .map(|g| {
                    if g.from == g.to {
                        g.from.to_string()
                    } else {
                        format!("{}-{}", g.from, g.to)
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "\n{}: gaps in store_seq: {}",
                store.store_id,
                ranges.join(", ")
            );
        }
        if !store.revenue_today.is_empty() {
            let _ = writeln!(out, "\n{}: revenue today by VAT rate", store.store_id);
            let _ = writeln!(
                out,
                "  {:>5} {:>12} {:>12} {:>12}",
                "VAT", "net €", "VAT €", "gross €"
            );
            for line in &store.revenue_today {
                let _ = writeln!(
                    out,
                    "  {:>4}% {:>12} {:>12} {:>12}",
                    line.vat_rate,
                    euros(line.net_cents),
                    euros(line.vat_cents),
                    euros(line.gross_cents)
                );
            }
        }
        crate::closings::render(&mut out, &store.store_id, &store.till_closings);
        if !store.low_stock.is_empty() {
            let _ = writeln!(out, "\n{}: low stock", store.store_id);
            for item in &store.low_stock {
                let _ = writeln!(
                    out,
                    "  {:<14} {:<32} on hand {:>5}  reorder point {:>5}",
                    item.sku, item.name, item.on_hand, item.reorder_point
                );
            }
        }
    }
    if report.poison_total > 0 {
        let _ = writeln!(
            out,
            "\n{} unreadable message(s); newest:",
            report.poison_total
        );
        for p in report.poison.iter().take(5) {
            let _ = writeln!(out, "  {} {}: {}", p.received_at, p.subject, p.reason);
        }
    }
    out
}
