//! Sales: one committed sale writes its receipt, lines, VAT, stock movements, demand history,
//! journal entry and all their events in a single transaction.

use crate::chain::{self, RecordKind};
use crate::{Db, StoreError, Tx, customers, journal, stock};
use filiale_domain::events::{SoldLine, VatLine};
use filiale_domain::{Cart, Cents, DomainEvent, JournalEntry, MovementKind, Sale, Tender};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// Where a sale was made: the till, its open session and the cashier.
#[derive(Debug, Clone, Copy)]
pub struct SaleOrigin<'a> {
    pub till_id: &'a str,
    pub session_id: i64,
    pub cashier: &'a str,
}

/// Records a completed sale of `cart`. Everything it writes commits together or not at all.
pub fn record_sale(
    tx: &mut Tx<'_>,
    cart: &Cart,
    tender: Tender,
    customer_no: Option<&str>,
) -> Result<Sale, StoreError> {
    record_sale_from(tx, cart, tender, customer_no, None)
}

/// [`record_sale`] at a till: the sale records the till, its session and the cashier.
pub fn record_sale_from(
    tx: &mut Tx<'_>,
    cart: &Cart,
    tender: Tender,
    customer_no: Option<&str>,
    origin: Option<SaleOrigin<'_>>,
) -> Result<Sale, StoreError> {
    if let Some(no) = customer_no {
        customers::require(tx.db(), no)?;
    }
    // Validate before taking a receipt number; the counter would roll back anyway, but the check is cheap.
    Sale::complete(cart, tender, 0, None, tx.now())?;
    let receipt_no = tx.next_counter("receipt_no")?;
    let sale = Sale::complete(
        cart,
        tender,
        receipt_no,
        customer_no.map(str::to_owned),
        tx.now(),
    )?;
    let tendered = match tender {
        Tender::Cash { tendered } => Some(tendered.get()),
        Tender::Card => None,
    };
    tx.sql()
        .prepare_cached(
            "INSERT INTO sales (receipt_no, completed_at, total_cents, method, tendered_cents, change_cents, customer_no,
                                till_id, till_session_id, cashier)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            receipt_no,
            tx.now_text(),
            sale.total.get(),
            tender.method(),
            tendered,
            sale.change.get(),
            customer_no,
            origin.map(|o| o.till_id),
            origin.map(|o| o.session_id),
            origin.map(|o| o.cashier),
        ])?;
    for (line_no, line) in sale.lines.iter().enumerate() {
        tx.sql()
            .prepare_cached(
                "INSERT INTO sale_lines (receipt_no, line_no, sku, name, quantity, unit_price_cents, discount_cents,
                 vat_rate, line_total_cents) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                receipt_no,
                line_no as i64 + 1,
                line.sku.as_str(),
                line.name,
                line.quantity.get(),
                line.unit_price.get(),
                line.discount.get(),
                line.vat_rate.percent(),
                line.total().get()
            ])?;
    }
    for share in &sale.vat.shares {
        tx.sql()
            .prepare_cached(
                "INSERT INTO sale_vat (receipt_no, vat_rate, net_cents, vat_cents, gross_cents) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![receipt_no, share.rate.percent(), share.net.get(), share.vat.get(), share.gross.get()])?;
    }
    chain::seal(tx, RecordKind::Sale, receipt_no)?;
    tx.emit(&sale_completed(&sale))?;
    let reference = format!("Bon {receipt_no}");
    let day = tx.now().date_naive().to_string();
    for line in &sale.lines {
        stock::record_movement(
            tx,
            &line.sku,
            MovementKind::Sale,
            -line.quantity.get(),
            Some(&reference),
        )?;
        tx.sql()
            .prepare_cached(
                "INSERT INTO daily_sales (sku, day, quantity, revenue_cents) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (sku, day) DO UPDATE SET quantity = quantity + excluded.quantity,
                 revenue_cents = revenue_cents + excluded.revenue_cents",
            )?
            .execute(params![line.sku.as_str(), day, line.quantity.get(), line.total().get()])?;
    }
    journal::post(tx, &JournalEntry::for_sale(&sale))?;
    filiale_failpoint::hit("sale.after_outbox")?;
    Ok(sale)
}

fn sale_completed(sale: &Sale) -> DomainEvent {
    DomainEvent::SaleCompleted {
        receipt_no: sale.receipt_no,
        total_cents: sale.total,
        method: sale.tender.method().to_owned(),
        change_cents: sale.change,
        customer_no: sale.customer_no.clone(),
        lines: sale
            .lines
            .iter()
            .map(|l| SoldLine {
                sku: l.sku.to_string(),
                quantity: l.quantity.get(),
                unit_price_cents: l.unit_price,
                discount_cents: l.discount,
                line_total_cents: l.total(),
                vat_rate: l.vat_rate,
            })
            .collect(),
        vat: sale.vat.shares.iter().map(VatLine::from).collect(),
    }
}

/// A stored receipt, for display and reprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Receipt {
    pub receipt_no: i64,
    pub completed_at: String,
    pub total_cents: i64,
    pub method: String,
    pub tendered_cents: Option<i64>,
    pub change_cents: i64,
    pub customer_no: Option<String>,
    pub lines: Vec<ReceiptLine>,
}

/// One line of a stored receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReceiptLine {
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub line_total_cents: i64,
    pub vat_rate: i64,
}

/// Loads a receipt by number.
pub fn receipt(db: &Db, receipt_no: i64) -> Result<Option<Receipt>, StoreError> {
    let conn = db.conn();
    let head = conn
        .query_row(
            "SELECT receipt_no, completed_at, total_cents, method, tendered_cents, change_cents, customer_no
             FROM sales WHERE receipt_no = ?1",
            [receipt_no],
            |r| {
                Ok(Receipt {
                    receipt_no: r.get(0)?,
                    completed_at: r.get(1)?,
                    total_cents: r.get(2)?,
                    method: r.get(3)?,
                    tendered_cents: r.get(4)?,
                    change_cents: r.get(5)?,
                    customer_no: r.get(6)?,
                    lines: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut receipt) = head else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT sku, name, quantity, unit_price_cents, line_total_cents, vat_rate FROM sale_lines
         WHERE receipt_no = ?1 ORDER BY line_no",
    )?;
    receipt.lines = stmt
        .query_map([receipt_no], |r| {
            Ok(ReceiptLine {
                sku: r.get(0)?,
                name: r.get(1)?,
                quantity: r.get(2)?,
                unit_price_cents: r.get(3)?,
                line_total_cents: r.get(4)?,
                vat_rate: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(receipt))
}

/// Number of sales and their total completed in `[from, to)` (RFC 3339 times in UTC, as stored).
pub fn day_summary(db: &Db, from: &str, to: &str) -> Result<(i64, Cents), StoreError> {
    let conn = db.conn();
    Ok(conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(total_cents), 0) FROM sales
         WHERE completed_at >= ?1 AND completed_at < ?2",
        [from, to],
        |r| Ok((r.get(0)?, Cents::new(r.get(1)?))),
    )?)
}

/// Loads demand history for an article and day directly (history taken over from an earlier system).
pub fn load_history(
    tx: &Tx<'_>,
    sku: &str,
    day: &str,
    quantity: i64,
    revenue: Cents,
) -> Result<(), StoreError> {
    tx.sql()
        .prepare_cached(
            "INSERT INTO daily_sales (sku, day, quantity, revenue_cents) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (sku, day) DO UPDATE SET quantity = excluded.quantity, revenue_cents = excluded.revenue_cents",
        )?
        .execute(params![sku, day, quantity, revenue.get()])?;
    Ok(())
}
