//! Open purchase orders and goods receipts: the orders with their lines and what arrived, a
//! delivery booked against an order (receipt rows, stock movements, on-order down by what was still
//! open, purchase prices, `GoodsReceived`), and closing or cancelling an order (the open rest
//! written off the on-order quantity, `PurchaseOrderClosed`). The rules are the domain's
//! ([`filiale_domain::purchase_order`]); this module books a plan the caller made in the same
//! transaction.

use crate::{Db, StoreError, Tx, stock};
use filiale_domain::events::{OpenQuantity, ReceivedLine};
use filiale_domain::purchase_order::{OrderState, OrderedQuantity, ReceiptPlan};
use filiale_domain::{DomainEvent, MovementKind, Sku};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// An order as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderSummary {
    pub order_no: String,
    /// The reorder proposal it came from.
    pub thread_id: String,
    pub supplier: String,
    pub state: OrderState,
    pub total_cents: i64,
    pub decided_by: String,
    pub created_at: String,
    /// `YYYY-MM-DD`: the order's day plus the longest lead time of its articles.
    pub expected_on: Option<String>,
    pub closed_at: Option<String>,
    pub lines: i64,
    pub units_ordered: i64,
    pub units_received: i64,
}

/// A line of an order with what arrived against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderLineView {
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub ean: Option<String>,
    pub supplier_sku: Option<String>,
    pub pack_size: i64,
    pub ordered: i64,
    pub received: i64,
    /// Ordered minus received, never below zero (zero too once the order is closed).
    pub open: i64,
    pub unit_cost_cents: i64,
}

/// An article that arrived on an order without being on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExtraLine {
    pub sku: String,
    pub name: String,
    pub received: i64,
}

/// One booked delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReceiptView {
    pub receipt_no: String,
    pub received_at: String,
    pub received_by: String,
    pub note: String,
    /// (sku, quantity)
    pub lines: Vec<(String, i64)>,
}

/// An order with its lines, the articles that came in addition, and its deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderDetail {
    #[serde(flatten)]
    pub summary: OrderSummary,
    pub closed_by: Option<String>,
    pub lines: Vec<OrderLineView>,
    pub extra: Vec<ExtraLine>,
    pub receipts: Vec<ReceiptView>,
}

impl OrderDetail {
    /// The lines as the receiving rules see them.
    pub fn ordered_quantities(&self) -> Vec<OrderedQuantity> {
        self.lines
            .iter()
            .map(|l| OrderedQuantity {
                sku: l.sku.clone(),
                ordered: l.ordered,
                received: l.received,
            })
            .collect()
    }
}

const SUMMARY: &str = "SELECT o.order_no, o.thread_id, o.supplier, o.state, o.total_cents, o.decided_by,
        o.created_at, o.expected_on, o.closed_at,
        (SELECT COUNT(*) FROM purchase_order_lines l WHERE l.order_no = o.order_no),
        (SELECT COALESCE(SUM(quantity), 0) FROM purchase_order_lines l WHERE l.order_no = o.order_no),
        (SELECT COALESCE(SUM(rl.quantity), 0) FROM goods_receipt_lines rl
           JOIN goods_receipts r ON r.receipt_no = rl.receipt_no WHERE r.order_no = o.order_no),
        o.closed_by
   FROM purchase_orders o";

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(OrderSummary, Option<String>)> {
    let state: String = r.get(3)?;
    let state = OrderState::parse(&state).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            3,
            rusqlite::types::Type::Text,
            format!("unknown order state {state}").into(),
        )
    })?;
    Ok((
        OrderSummary {
            order_no: r.get(0)?,
            thread_id: r.get(1)?,
            supplier: r.get(2)?,
            state,
            total_cents: r.get(4)?,
            decided_by: r.get(5)?,
            created_at: r.get(6)?,
            expected_on: r.get(7)?,
            closed_at: r.get(8)?,
            lines: r.get(9)?,
            units_ordered: r.get(10)?,
            units_received: r.get(11)?,
        },
        r.get(12)?,
    ))
}

/// Orders, newest first; only the open ones (open or partly received) with `open_only`.
pub fn list(db: &Db, open_only: bool) -> Result<Vec<OrderSummary>, StoreError> {
    let sql = format!(
        "{SUMMARY} WHERE (?1 = 0 OR o.state IN ('open', 'partly_received')) ORDER BY o.order_no DESC"
    );
    let mut stmt = db.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map([i64::from(open_only)], |r| Ok(summary_row(r)?.0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// An order with everything about it, or `None` for an unknown number.
pub fn get(db: &Db, order_no: &str) -> Result<Option<OrderDetail>, StoreError> {
    let conn = db.conn();
    let sql = format!("{SUMMARY} WHERE o.order_no = ?1");
    let Some((summary, closed_by)) = conn
        .prepare_cached(&sql)?
        .query_row([order_no], summary_row)
        .optional()?
    else {
        return Ok(None);
    };
    let closed = !summary.state.is_open();
    let mut stmt = conn.prepare_cached(
        "SELECT l.line_no, l.sku, a.name, a.ean, a.supplier_sku, a.pack_size, l.quantity,
                (SELECT COALESCE(SUM(rl.quantity), 0) FROM goods_receipt_lines rl
                   JOIN goods_receipts r ON r.receipt_no = rl.receipt_no
                  WHERE r.order_no = l.order_no AND rl.sku = l.sku),
                l.unit_cost_cents
           FROM purchase_order_lines l JOIN articles a ON a.sku = l.sku
          WHERE l.order_no = ?1 ORDER BY l.line_no",
    )?;
    let lines = stmt
        .query_map([order_no], |r| {
            let ordered: i64 = r.get(6)?;
            let received: i64 = r.get(7)?;
            Ok(OrderLineView {
                line_no: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                ean: r.get(3)?,
                supplier_sku: r.get(4)?,
                pack_size: r.get(5)?,
                ordered,
                received,
                open: if closed {
                    0
                } else {
                    (ordered - received).max(0)
                },
                unit_cost_cents: r.get(8)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT rl.sku, a.name, SUM(rl.quantity) FROM goods_receipt_lines rl
           JOIN goods_receipts r ON r.receipt_no = rl.receipt_no
           JOIN articles a ON a.sku = rl.sku
          WHERE r.order_no = ?1
            AND rl.sku NOT IN (SELECT sku FROM purchase_order_lines WHERE order_no = ?1)
          GROUP BY rl.sku ORDER BY rl.sku",
    )?;
    let extra = stmt
        .query_map([order_no], |r| {
            Ok(ExtraLine {
                sku: r.get(0)?,
                name: r.get(1)?,
                received: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT receipt_no, received_at, received_by, note FROM goods_receipts
          WHERE order_no = ?1 ORDER BY receipt_no",
    )?;
    let mut receipts = stmt
        .query_map([order_no], |r| {
            Ok(ReceiptView {
                receipt_no: r.get(0)?,
                received_at: r.get(1)?,
                received_by: r.get(2)?,
                note: r.get(3)?,
                lines: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT sku, quantity FROM goods_receipt_lines WHERE receipt_no = ?1 ORDER BY line_no",
    )?;
    for receipt in &mut receipts {
        receipt.lines = stmt
            .query_map([&receipt.receipt_no], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
    }
    Ok(Some(OrderDetail {
        summary,
        closed_by,
        lines,
        extra,
        receipts,
    }))
}

/// The open orders an article is on, with the units still open on each: (order number, open).
pub fn open_orders_of(db: &Db, sku: &str) -> Result<Vec<(String, i64)>, StoreError> {
    let mut stmt = db.conn().prepare_cached(
        "SELECT l.order_no, MAX(SUM(l.quantity) - COALESCE((SELECT SUM(rl.quantity)
                  FROM goods_receipt_lines rl JOIN goods_receipts r ON r.receipt_no = rl.receipt_no
                 WHERE r.order_no = l.order_no AND rl.sku = l.sku), 0), 0)
           FROM purchase_order_lines l JOIN purchase_orders o ON o.order_no = l.order_no
          WHERE l.sku = ?1 AND o.state IN ('open', 'partly_received')
          GROUP BY l.order_no ORDER BY l.order_no",
    )?;
    let rows = stmt.query_map([sku], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Who books and why: the person, and a note (the delivery note's number).
#[derive(Debug, Clone, Copy)]
pub struct Booking<'a> {
    pub by: &'a str,
    pub note: &'a str,
}

/// What a booked receipt changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Booked {
    /// `WE-00001`; `None` when only the order was closed (nothing arrived).
    pub receipt_no: Option<String>,
    pub order_no: String,
    pub state: OrderState,
    /// Purchase prices that changed: (sku, before, after) in cents.
    pub price_changes: Vec<(String, Option<i64>, i64)>,
}

/// Books `plan` (made by [`filiale_domain::purchase_order::plan_receipt`] from `order` read in
/// this transaction): receipt rows, one stock movement per line, on-order down by what was still
/// open (and by the written-off rest), changed purchase prices, the order's new state, and the
/// events `GoodsReceived` (when something arrived) and `PurchaseOrderClosed` (when it closes).
pub fn book_receipt(
    tx: &mut Tx<'_>,
    order: &OrderDetail,
    plan: &ReceiptPlan,
    booking: Booking<'_>,
) -> Result<Booked, StoreError> {
    let order_no = order.summary.order_no.as_str();
    let mut receipt_no = None;
    let mut price_changes = Vec::new();
    if !plan.lines.is_empty() {
        let number = format!("WE-{:05}", tx.next_counter("goods_receipt_no")?);
        tx.sql()
            .prepare_cached(
                "INSERT INTO goods_receipts (receipt_no, order_no, received_by, note, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                number,
                order_no,
                booking.by,
                booking.note,
                tx.now_text()
            ])?;
        let reference = format!("{number} / {order_no}");
        for (index, line) in plan.lines.iter().enumerate() {
            let sku = Sku::parse(&line.sku).map_err(|e| StoreError::Malformed(e.to_string()))?;
            tx.sql()
                .prepare_cached(
                    "INSERT INTO goods_receipt_lines
                       (receipt_no, line_no, sku, quantity, unit_cost_cents, against_order)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    number,
                    index as i64 + 1,
                    line.sku,
                    line.quantity,
                    line.unit_cost.map(|c| c.get()),
                    line.against_order
                ])?;
            stock::record_movement(
                tx,
                &sku,
                MovementKind::Receipt,
                line.quantity,
                Some(&reference),
            )?;
            reduce_on_order(tx, &line.sku, line.against_order)?;
            if let Some(cost) = line.unit_cost {
                let before: Option<i64> = tx
                    .sql()
                    .prepare_cached("SELECT purchase_price_cents FROM articles WHERE sku = ?1")?
                    .query_row([&line.sku], |r| r.get(0))?;
                if before != Some(cost.get()) {
                    tx.sql()
                        .prepare_cached(
                            "UPDATE articles SET purchase_price_cents = ?2, updated_at = ?3 WHERE sku = ?1",
                        )?
                        .execute(params![line.sku, cost.get(), tx.now_text()])?;
                    price_changes.push((line.sku.clone(), before, cost.get()));
                }
            }
        }
        filiale_failpoint::hit("goods_receipt.after_stock")?;
        tx.emit(&DomainEvent::GoodsReceived {
            receipt_no: number.clone(),
            order_no: order_no.to_owned(),
            supplier: order.summary.supplier.clone(),
            lines: plan
                .lines
                .iter()
                .map(|l| ReceivedLine {
                    sku: l.sku.clone(),
                    quantity: l.quantity,
                    against_order: l.against_order,
                    unit_cost_cents: l.unit_cost,
                })
                .collect(),
            order_state: plan.state_after.as_str().to_owned(),
            received_by: booking.by.to_owned(),
        })?;
        receipt_no = Some(number);
    }
    set_state(tx, order, plan.state_after, &plan.written_off, booking.by)?;
    Ok(Booked {
        receipt_no,
        order_no: order_no.to_owned(),
        state: plan.state_after,
        price_changes,
    })
}

/// Cancels `order` (read in this transaction): what was open is written off the on-order
/// quantities and `PurchaseOrderClosed` says so.
pub fn cancel(
    tx: &mut Tx<'_>,
    order: &OrderDetail,
    written_off: &[(String, i64)],
    by: &str,
) -> Result<(), StoreError> {
    set_state(tx, order, OrderState::Cancelled, written_off, by)
}

fn reduce_on_order(tx: &Tx<'_>, sku: &str, units: i64) -> Result<(), StoreError> {
    if units > 0 {
        tx.sql()
            .prepare_cached("UPDATE articles SET on_order = MAX(on_order - ?2, 0) WHERE sku = ?1")?
            .execute(params![sku, units])?;
    }
    Ok(())
}

fn set_state(
    tx: &mut Tx<'_>,
    order: &OrderDetail,
    state: OrderState,
    written_off: &[(String, i64)],
    by: &str,
) -> Result<(), StoreError> {
    let order_no = order.summary.order_no.as_str();
    let closes = !state.is_open();
    if state == order.summary.state && !closes {
        return Ok(());
    }
    for (sku, units) in written_off {
        reduce_on_order(tx, sku, *units)?;
    }
    tx.sql()
        .prepare_cached(
            "UPDATE purchase_orders SET state = ?2,
                    closed_at = CASE WHEN ?3 THEN ?4 ELSE closed_at END,
                    closed_by = CASE WHEN ?3 THEN ?5 ELSE closed_by END
              WHERE order_no = ?1",
        )?
        .execute(params![order_no, state.as_str(), closes, tx.now_text(), by])?;
    if closes {
        tx.emit(&DomainEvent::PurchaseOrderClosed {
            order_no: order_no.to_owned(),
            supplier: order.summary.supplier.clone(),
            state: state.as_str().to_owned(),
            written_off: written_off
                .iter()
                .map(|(sku, quantity)| OpenQuantity {
                    sku: sku.clone(),
                    quantity: *quantity,
                })
                .collect(),
            closed_by: by.to_owned(),
        })?;
    }
    Ok(())
}
