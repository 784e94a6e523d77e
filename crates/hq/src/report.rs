//! The per-store picture head office prints: events applied, last seq, gaps, today's sales, low stock,
//! and the takings of a span of Berlin business days per store, day and VAT rate, with the totals
//! across stores. Reads one consistent snapshot of either database.

mod selection;
mod takings;

pub use selection::{ReportError, Selection};
pub use takings::render_period;

use crate::db::{Database, DbError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use filiale_domain::Cents;
use serde::Serialize;
use std::fmt::Write as _;
use takings::takings;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The business day (Berlin time) "today" refers to.
    pub day: String,
    /// The span of business days (inclusive) the takings below cover.
    pub from: String,
    pub to: String,
    pub stores: Vec<StoreReport>,
    /// The takings of all the stores above together.
    pub totals: Takings,
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
    /// The takings from `from` to `to`.
    pub period: Takings,
}

/// Takings over a span of business days: in total, by VAT rate, and day by day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Takings {
    pub receipts: i64,
    pub sales_cents: i64,
    pub revenue: Vec<VatRevenue>,
    pub days: Vec<DayTakings>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DayTakings {
    pub day: String,
    pub receipts: i64,
    pub sales_cents: i64,
    pub revenue: Vec<VatRevenue>,
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
pub async fn gaps(tx: &mut Tx<'_>, store_id: &str) -> Result<Vec<Gap>, DbError> {
    tx.query(
        "SELECT prev + 1, store_seq - 1 FROM (
             SELECT store_seq, LAG(store_seq, 1, 0) OVER (ORDER BY store_seq) AS prev
             FROM inbox WHERE store_id = $1) AS seqs
         WHERE store_seq > prev + 1 ORDER BY store_seq",
        &[store_id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(Gap {
            from: r.int(0)?,
            to: r.int(1)?,
        })
    })
    .collect()
}

/// Builds the report of today for every store as of `now`.
pub async fn build(db: &mut Database, now: DateTime<Utc>) -> Result<Report, ReportError> {
    build_for(db, now, &Selection::default()).await
}

/// Builds the report as of `now` for the days and stores of `selection`.
pub async fn build_for(
    db: &mut Database,
    now: DateTime<Utc>,
    selection: &Selection,
) -> Result<Report, ReportError> {
    let day = crate::business_day::of_instant(now);
    let today = NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or(NaiveDate::MIN);
    let (from, to) = selection.span(today)?;
    let (from, to) = (from.to_string(), to.to_string());
    let mut tx = db.snapshot().await?;
    let heads = tx
        .query(
            "SELECT store_id, COUNT(*), MAX(store_seq) FROM inbox GROUP BY store_id ORDER BY store_id",
            &[],
        )
        .await?;
    let mut known = Vec::with_capacity(heads.len());
    for row in &heads {
        known.push((row.text(0)?, row.int(1)?, row.int(2)?));
    }
    for store in &selection.stores {
        if !known.iter().any(|(id, ..)| id == store) {
            return Err(ReportError::UnknownStore {
                store: store.clone(),
                known: known.into_iter().map(|(id, ..)| id).collect(),
            });
        }
    }
    let mut stores = Vec::new();
    let mut totals = Takings::default();
    for (store_id, events_applied, last_seq) in known {
        if !selection.stores.is_empty() && !selection.stores.contains(&store_id) {
            continue;
        }
        let gaps = gaps(&mut tx, &store_id).await?;
        let today_takings = takings(&mut tx, &store_id, &day, &day).await?;
        let period = takings(&mut tx, &store_id, &from, &to).await?;
        totals.add(&period);
        let low_stock = tx
            .query(
                "SELECT sku, name, on_hand, reorder_point FROM stock
                 WHERE store_id = $1 AND on_hand IS NOT NULL AND reorder_point IS NOT NULL
                   AND on_hand <= reorder_point
                 ORDER BY on_hand - reorder_point, sku LIMIT 50",
                &[store_id.as_str().into()],
            )
            .await?
            .iter()
            .map(|r| {
                Ok(LowStock {
                    sku: r.text(0)?,
                    name: r.text(1)?,
                    on_hand: r.int(2)?,
                    reorder_point: r.int(3)?,
                })
            })
            .collect::<Result<_, DbError>>()?;
        stores.push(StoreReport {
            missing_events: gaps.iter().map(|g| g.to - g.from + 1).sum(),
            store_id,
            events_applied,
            last_seq,
            gaps,
            receipts_today: today_takings.receipts,
            sales_today_cents: today_takings.sales_cents,
            revenue_today: today_takings.revenue,
            low_stock,
            period,
        });
    }
    let poison_total = tx
        .query_opt("SELECT COUNT(*) FROM poison", &[])
        .await?
        .map(|r| r.int(0))
        .transpose()?
        .unwrap_or(0);
    let poison = tx
        .query(
            "SELECT stream_seq, subject, reason, received_at FROM poison ORDER BY id DESC LIMIT 20",
            &[],
        )
        .await?
        .iter()
        .map(|r| {
            Ok(PoisonMessage {
                stream_seq: r.opt_int(0)?,
                subject: r.text(1)?,
                reason: r.text(2)?,
                received_at: r.text(3)?,
            })
        })
        .collect::<Result<_, DbError>>()?;
    tx.commit().await?;
    Ok(Report {
        day,
        from,
        to,
        stores,
        totals,
        poison_total,
        poison,
    })
}

pub(crate) fn euros(cents: i64) -> String {
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
        if report.stores.len() > 1 {
            let sum = |f: fn(&StoreReport) -> i64| {
                report.stores.iter().map(f).fold(0i64, i64::saturating_add)
            };
            let _ = writeln!(
                out,
                "{:<16} {:>8} {:>8} {:>8} {:>9} {:>14}",
                "all stores",
                sum(|s| s.events_applied),
                "",
                sum(|s| s.missing_events),
                sum(|s| s.receipts_today),
                euros(sum(|s| s.sales_today_cents))
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
