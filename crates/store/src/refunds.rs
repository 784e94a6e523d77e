//! Refunds and voids by reversal: the refund document with its own gapless number, the goods back
//! in stock, demand history corrected, the reversing journal entry, the audit entry and the events
//! — all in the transaction of the refund. The sale itself is never changed.

use crate::audit::{self, NewEntry, Outcome};
use crate::chain::{self, RecordKind};
use crate::{Db, StoreError, Tx, journal, stock};
use filiale_domain::events::{RefundedLine, VatLine};
use filiale_domain::{
    Cents, DomainEvent, JournalEntry, MovementKind, Payout, RefundKind, RefundLine, RefundPlan,
    RefundableLine, Sku, VatRate,
};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// What to refund and who approved it.
#[derive(Debug, Clone)]
pub struct RefundRequest<'a> {
    pub receipt_no: i64,
    /// Units to give back; `None` gives back everything not refunded yet.
    pub lines: Option<&'a [(Sku, i64)]>,
    /// The manager who approved the refund.
    pub authorized_by: &'a str,
    pub terminal: &'a str,
    pub reason: &'a str,
}

/// A committed refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Refund {
    pub refund_no: i64,
    pub receipt_no: i64,
    pub kind: RefundKind,
    pub refunded_at: String,
    pub payout: Payout,
    pub lines: Vec<RefundLine>,
    pub total: Cents,
    pub authorized_by: String,
    pub journal_entry: i64,
}

/// The receipt's lines with the units earlier refunds took back, and how it was paid; `None` when
/// there is no such receipt.
pub fn refundable(
    db: &Db,
    receipt_no: i64,
) -> Result<Option<(Payout, String, Vec<RefundableLine>)>, StoreError> {
    let conn = db.conn();
    let head: Option<(String, String)> = conn
        .prepare_cached("SELECT method, completed_at FROM sales WHERE receipt_no = ?1")?
        .query_row([receipt_no], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((method, completed_at)) = head else {
        return Ok(None);
    };
    let payout = Payout::for_method(&method)
        .ok_or_else(|| StoreError::Malformed(format!("receipt {receipt_no}: method {method}")))?;
    let mut stmt = conn.prepare_cached(
        "SELECT l.line_no, l.sku, l.name, l.quantity, l.line_total_cents, l.vat_rate,
                COALESCE((SELECT SUM(rl.quantity) FROM refund_lines rl JOIN refunds r USING (refund_no)
                           WHERE r.receipt_no = l.receipt_no AND rl.sale_line_no = l.line_no), 0)
           FROM sale_lines l WHERE l.receipt_no = ?1 ORDER BY l.line_no",
    )?;
    let rows = stmt.query_map([receipt_no], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, u8>(5)?,
            r.get::<_, i64>(6)?,
        ))
    })?;
    let mut lines = Vec::new();
    for row in rows {
        let (line_no, sku, name, quantity, total, rate, refunded) = row?;
        lines.push(RefundableLine {
            line_no,
            sku: Sku::parse(&sku).map_err(|e| StoreError::Malformed(e.to_string()))?,
            name,
            quantity,
            line_total: Cents::new(total),
            vat_rate: VatRate::try_from(rate).map_err(|e| StoreError::Malformed(e.0))?,
            refunded,
        });
    }
    Ok(Some((payout, completed_at, lines)))
}

/// Records a refund of `request`. Everything it writes commits together or not at all.
pub fn record_refund(tx: &mut Tx<'_>, request: &RefundRequest<'_>) -> Result<Refund, StoreError> {
    let (payout, sold_at, sold) = refundable(tx.db(), request.receipt_no)?
        .ok_or(StoreError::UnknownReceipt(request.receipt_no))?;
    let plan = RefundPlan::new(request.receipt_no, &sold, request.lines)?;
    let refund_no = tx.next_counter("refund_no")?;
    // Paid out of the drawer of the till's open session, by the cashier who sells there now.
    let session = crate::till_sessions::open_session(tx.db(), request.terminal)?;
    tx.sql()
        .prepare_cached(
            "INSERT INTO refunds (refund_no, receipt_no, kind, refunded_at, total_cents, method,
                                  authorized_by, terminal, reason, till_session_id, cashier)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            refund_no,
            request.receipt_no,
            plan.kind.as_str(),
            tx.now_text(),
            plan.total.get(),
            payout.as_str(),
            request.authorized_by,
            request.terminal,
            request.reason,
            session.as_ref().map(|s| s.id),
            session.as_ref().map(|s| s.cashier.as_str()),
        ])?;
    for (index, line) in plan.lines.iter().enumerate() {
        tx.sql()
            .prepare_cached(
                "INSERT INTO refund_lines (refund_no, line_no, sale_line_no, sku, name, quantity,
                                           vat_rate, amount_cents)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                refund_no,
                index as i64 + 1,
                line.sale_line_no,
                line.sku.as_str(),
                line.name,
                line.quantity,
                line.vat_rate.percent(),
                line.amount.get()
            ])?;
    }
    for share in &plan.vat.shares {
        tx.sql()
            .prepare_cached(
                "INSERT INTO refund_vat (refund_no, vat_rate, net_cents, vat_cents, gross_cents)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                refund_no,
                share.rate.percent(),
                share.net.get(),
                share.vat.get(),
                share.gross.get()
            ])?;
    }
    chain::seal(tx, RecordKind::Refund, refund_no)?;
    tx.emit(&sale_refunded(
        refund_no,
        &plan,
        payout,
        request.authorized_by,
    ))?;
    let reference = format!("Erstattung {refund_no} zu Bon {}", request.receipt_no);
    let sale_day = sold_at.get(..10).unwrap_or_default().to_owned();
    for line in &plan.lines {
        stock::record_movement(
            tx,
            &line.sku,
            MovementKind::Return,
            line.quantity,
            Some(&reference),
        )?;
        // Demand history: the units were not really wanted on the day they were sold.
        tx.sql()
            .prepare_cached(
                "UPDATE daily_sales SET quantity = quantity - ?3, revenue_cents = revenue_cents - ?4
                  WHERE sku = ?1 AND day = ?2",
            )?
            .execute(params![
                line.sku.as_str(),
                sale_day,
                line.quantity,
                line.amount.get()
            ])?;
    }
    let journal_entry = journal::post(tx, &JournalEntry::for_refund(refund_no, &plan, payout))?;
    audit::record(
        tx,
        &NewEntry {
            terminal: request.terminal,
            actor: request.authorized_by,
            action: match plan.kind {
                RefundKind::Void => "sale.void",
                RefundKind::Refund => "sale.refund",
            },
            outcome: Outcome::Ok,
            subject: &format!("Bon {}", request.receipt_no),
            details: serde_json::json!({
                "refund_no": refund_no,
                "total_cents": plan.total,
                "method": payout.as_str(),
                "reason": request.reason,
                "lines": plan.lines.iter().map(|l| serde_json::json!({
                    "sku": l.sku.as_str(), "quantity": l.quantity, "amount_cents": l.amount,
                })).collect::<Vec<_>>(),
            }),
        },
    )?;
    filiale_failpoint::hit("refund.after_outbox")?;
    Ok(Refund {
        refund_no,
        receipt_no: request.receipt_no,
        kind: plan.kind,
        refunded_at: tx.now_text(),
        payout,
        lines: plan.lines,
        total: plan.total,
        authorized_by: request.authorized_by.to_owned(),
        journal_entry,
    })
}

fn sale_refunded(refund_no: i64, plan: &RefundPlan, payout: Payout, by: &str) -> DomainEvent {
    DomainEvent::SaleRefunded {
        refund_no,
        receipt_no: plan.receipt_no,
        kind: plan.kind.as_str().to_owned(),
        total_cents: plan.total,
        method: payout.as_str().to_owned(),
        lines: plan
            .lines
            .iter()
            .map(|l| RefundedLine {
                sku: l.sku.to_string(),
                quantity: l.quantity,
                amount_cents: l.amount,
                vat_rate: l.vat_rate,
            })
            .collect(),
        vat: plan.vat.shares.iter().map(VatLine::from).collect(),
        authorized_by: by.to_owned(),
    }
}

/// A stored refund, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoredRefund {
    pub refund_no: i64,
    pub receipt_no: i64,
    pub kind: String,
    pub refunded_at: String,
    pub total_cents: i64,
    pub method: String,
    pub authorized_by: String,
}

/// The refunds of a receipt, oldest first.
pub fn for_receipt(db: &Db, receipt_no: i64) -> Result<Vec<StoredRefund>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT refund_no, receipt_no, kind, refunded_at, total_cents, method, authorized_by
           FROM refunds WHERE receipt_no = ?1 ORDER BY refund_no",
    )?;
    let rows = stmt.query_map([receipt_no], |r| {
        Ok(StoredRefund {
            refund_no: r.get(0)?,
            receipt_no: r.get(1)?,
            kind: r.get(2)?,
            refunded_at: r.get(3)?,
            total_cents: r.get(4)?,
            method: r.get(5)?,
            authorized_by: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
