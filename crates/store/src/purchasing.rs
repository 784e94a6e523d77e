//! Purchase orders: created once per approved proposal and supplier, raising on-order quantities,
//! with a PurchaseOrderCreated event each. Reads for the reorder analysis live here too.

use crate::{Db, StoreError, Tx};
use filiale_domain::events::OrderedLine;
use filiale_domain::{Cents, DomainEvent};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

/// One supplier's part of an approved proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierOrderInput {
    pub supplier: String,
    /// (sku, quantity, unit cost)
    pub lines: Vec<(String, i64, Cents)>,
}

/// A stored purchase order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurchaseOrder {
    pub order_no: String,
    pub thread_id: String,
    pub supplier: String,
    pub total_cents: i64,
    pub decided_by: String,
    pub decided_at: String,
}

/// The orders of a proposal; empty when none were created yet.
pub fn orders_for_thread(db: &Db, thread_id: &str) -> Result<Vec<PurchaseOrder>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT order_no, thread_id, supplier, total_cents, decided_by, decided_at FROM purchase_orders
         WHERE thread_id = ?1 ORDER BY order_no",
    )?;
    let rows = stmt.query_map([thread_id], |r| {
        Ok(PurchaseOrder {
            order_no: r.get(0)?,
            thread_id: r.get(1)?,
            supplier: r.get(2)?,
            total_cents: r.get(3)?,
            decided_by: r.get(4)?,
            decided_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Creates one order per supplier for the proposal `thread_id`, unless they exist already — so a
/// step that is run again after a crash creates nothing twice. Returns the order numbers.
pub fn create_for_thread(
    tx: &mut Tx<'_>,
    thread_id: &str,
    suppliers: &[SupplierOrderInput],
    decided_by: &str,
    decided_at: &str,
) -> Result<Vec<String>, StoreError> {
    let existing = orders_for_thread(tx.db(), thread_id)?;
    if !existing.is_empty() {
        return Ok(existing.into_iter().map(|o| o.order_no).collect());
    }
    let mut numbers = Vec::new();
    for order in suppliers.iter().filter(|o| !o.lines.is_empty()) {
        let order_no = format!("B-{:05}", tx.next_counter("purchase_order_no")?);
        let total: i64 = order.lines.iter().map(|(_, q, c)| q * c.get()).sum();
        tx.sql()
            .prepare_cached(
                "INSERT INTO purchase_orders (order_no, thread_id, supplier, total_cents, decided_by, decided_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![order_no, thread_id, order.supplier, total, decided_by, decided_at, tx.now_text()])?;
        for (line_no, (sku, quantity, cost)) in order.lines.iter().enumerate() {
            tx.sql()
                .prepare_cached(
                    "INSERT INTO purchase_order_lines (order_no, line_no, sku, quantity, unit_cost_cents) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![order_no, line_no as i64 + 1, sku, quantity, cost.get()])?;
            let changed = tx
                .sql()
                .prepare_cached("UPDATE articles SET on_order = on_order + ?2 WHERE sku = ?1")?
                .execute(params![sku, quantity])?;
            if changed == 0 {
                return Err(StoreError::UnknownArticle(sku.clone()));
            }
        }
        // Expected when the slowest of its articles arrives.
        tx.sql()
            .prepare_cached(
                "UPDATE purchase_orders SET expected_on = date(created_at, '+' || (
                     SELECT COALESCE(MAX(a.lead_time_days), 0)
                       FROM purchase_order_lines l JOIN articles a ON a.sku = l.sku
                      WHERE l.order_no = ?1) || ' days')
                  WHERE order_no = ?1",
            )?
            .execute([&order_no])?;
        tx.emit(&DomainEvent::PurchaseOrderCreated {
            order_no: order_no.clone(),
            supplier: order.supplier.clone(),
            total_cents: Cents::new(total),
            lines: order
                .lines
                .iter()
                .map(|(sku, quantity, cost)| OrderedLine {
                    sku: sku.clone(),
                    quantity: *quantity,
                    unit_cost_cents: *cost,
                })
                .collect(),
        })?;
        numbers.push(order_no);
    }
    Ok(numbers)
}

/// Units sold per article and day for `skus` between `from` and `to` (inclusive, `YYYY-MM-DD`).
pub fn daily_sales(
    db: &Db,
    skus: &[String],
    from: &str,
    to: &str,
) -> Result<HashMap<String, Vec<(String, i64)>>, StoreError> {
    let conn = db.conn();
    let wanted: std::collections::HashSet<&str> = skus.iter().map(String::as_str).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT sku, day, quantity FROM daily_sales WHERE day BETWEEN ?1 AND ?2 ORDER BY sku, day",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    let mut history: HashMap<String, Vec<(String, i64)>> = HashMap::new();
    while let Some(row) = rows.next()? {
        let sku: String = row.get(0)?;
        if wanted.contains(sku.as_str()) {
            history
                .entry(sku)
                .or_default()
                .push((row.get(1)?, row.get(2)?));
        }
    }
    Ok(history)
}

/// The days between `from` and `to` (inclusive, `YYYY-MM-DD`, days of the movements' UTC
/// timestamps) on which each of `skus` was out of stock at some point: it began the day at or
/// below zero (after its last movement before), or a movement that day left it there. Articles
/// without stock movements have none.
pub fn stockout_days(
    db: &Db,
    skus: &[String],
    from: &str,
    to: &str,
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    let conn = db.conn();
    let mut before = conn.prepare_cached(
        "SELECT on_hand_after FROM stock_movements
          WHERE sku = ?1 AND substr(occurred_at, 1, 10) < ?2 ORDER BY id DESC LIMIT 1",
    )?;
    let mut during = conn.prepare_cached(
        "SELECT substr(occurred_at, 1, 10), MIN(on_hand_after),
                (SELECT m2.on_hand_after FROM stock_movements m2
                  WHERE m2.sku = m.sku AND substr(m2.occurred_at, 1, 10) = substr(m.occurred_at, 1, 10)
                  ORDER BY m2.id DESC LIMIT 1)
           FROM stock_movements m
          WHERE sku = ?1 AND substr(occurred_at, 1, 10) BETWEEN ?2 AND ?3
          GROUP BY substr(occurred_at, 1, 10) ORDER BY 1",
    )?;
    let (Ok(first), Ok(last)) = (
        chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d"),
        chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d"),
    ) else {
        return Err(StoreError::Malformed(format!("days {from} to {to}")));
    };
    let mut out = HashMap::new();
    for sku in skus {
        let start: Option<i64> = before
            .query_row(params![sku, from], |r| r.get(0))
            .optional()?;
        let days: Vec<(String, i64, i64)> = during
            .query_map(params![sku, from, to], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        if start.is_none() && days.is_empty() {
            continue;
        }
        // Walk the days: the stock a day begins with is what the last movement before left.
        let mut level = start;
        let mut moves = days.into_iter().peekable();
        let mut out_days = Vec::new();
        let mut day = first;
        while day <= last {
            let text = day.format("%Y-%m-%d").to_string();
            let began_out = level.is_some_and(|l| l <= 0);
            let mut went_out = false;
            if moves.peek().is_some_and(|(d, _, _)| *d == text)
                && let Some((_, min, end)) = moves.next()
            {
                went_out = min <= 0;
                level = Some(end);
            }
            if began_out || went_out {
                out_days.push(text);
            }
            day += chrono::Duration::days(1);
        }
        if !out_days.is_empty() {
            out.insert(sku.clone(), out_days);
        }
    }
    Ok(out)
}
