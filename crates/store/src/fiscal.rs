//! The daily closings of a range of business days with everything booked into them — sales with
//! their lines and VAT, refunds, cash movements — as the DSFinV-K export reads them, and what is
//! still open (sessions and sales without a closing yet).

use crate::till_sessions::{self, ClosingRow};
use crate::{Db, StoreError};
use filiale_domain::events::VatLine;
use filiale_domain::{Cents, VatRate};
use rusqlite::{Connection, params};

/// One closing with its session's business cases.
#[derive(Debug, Clone)]
pub struct ClosingSource {
    pub closing_id: i64,
    pub session_id: i64,
    pub closing: ClosingRow,
    pub sales: Vec<SaleSource>,
    pub refunds: Vec<RefundSource>,
    pub movements: Vec<MovementSource>,
}

#[derive(Debug, Clone)]
pub struct SaleSource {
    pub receipt_no: i64,
    pub completed_at: String,
    pub total_cents: i64,
    pub method: String,
    pub customer_no: Option<String>,
    pub cashier: String,
    pub lines: Vec<SaleLineSource>,
    pub vat: Vec<VatLine>,
}

#[derive(Debug, Clone)]
pub struct SaleLineSource {
    pub line_no: i64,
    pub sku: String,
    pub ean: Option<String>,
    pub name: String,
    pub category: String,
    pub unit: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub discount_cents: i64,
    pub vat_rate: VatRate,
    pub line_total_cents: i64,
}

#[derive(Debug, Clone)]
pub struct RefundSource {
    pub refund_no: i64,
    pub receipt_no: i64,
    pub kind: String,
    pub refunded_at: String,
    pub total_cents: i64,
    pub method: String,
    pub cashier: String,
    pub lines: Vec<RefundLineSource>,
    pub vat: Vec<VatLine>,
    /// The closing the refunded sale was booked in: till, Z number, closed at.
    pub sale_closing: Option<(String, i64, String)>,
}

#[derive(Debug, Clone)]
pub struct RefundLineSource {
    pub line_no: i64,
    pub sku: String,
    pub ean: Option<String>,
    pub name: String,
    pub category: String,
    pub unit: String,
    pub quantity: i64,
    pub vat_rate: VatRate,
    pub amount_cents: i64,
}

#[derive(Debug, Clone)]
pub struct MovementSource {
    pub id: i64,
    pub direction: String,
    pub reason: String,
    pub amount_cents: i64,
    pub cashier: String,
    pub note: String,
    pub recorded_at: String,
}

fn rate(value: i64) -> Result<VatRate, StoreError> {
    let percent = u8::try_from(value).map_err(|_| StoreError::Malformed(format!("VAT {value}")))?;
    VatRate::try_from(percent).map_err(|e| StoreError::Malformed(e.0))
}

fn vat_lines(conn: &Connection, sql: &str, id: i64) -> Result<Vec<VatLine>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(r, net, vat, gross)| {
            Ok(VatLine {
                rate: rate(r)?,
                net_cents: Cents::new(net),
                vat_cents: Cents::new(vat),
                gross_cents: Cents::new(gross),
            })
        })
        .collect()
}

/// The closings of business days `from`..=`to` (`YYYY-MM-DD`), of one till or all, oldest first.
pub fn closings_between(
    db: &Db,
    from: &str,
    to: &str,
    till_id: Option<&str>,
) -> Result<Vec<ClosingSource>, StoreError> {
    let conn = db.conn();
    let heads = conn
        .prepare_cached(
            "SELECT id, session_id, till_id, z_no FROM till_closings
              WHERE business_day >= ?1 AND business_day <= ?2 AND (?3 IS NULL OR till_id = ?3)
              ORDER BY till_id, z_no",
        )?
        .query_map(params![from, to, till_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(heads.len());
    for (closing_id, session_id, till, z_no) in heads {
        let closing = till_sessions::closing(db, &till, z_no)?
            .ok_or_else(|| StoreError::Malformed(format!("closing {till} Z {z_no}")))?;
        out.push(ClosingSource {
            closing_id,
            session_id,
            closing,
            sales: sales(conn, session_id)?,
            refunds: refunds(conn, session_id)?,
            movements: movements(conn, session_id)?,
        });
    }
    Ok(out)
}

fn sales(conn: &Connection, session_id: i64) -> Result<Vec<SaleSource>, StoreError> {
    let heads = conn
        .prepare_cached(
            "SELECT receipt_no, completed_at, total_cents, method, customer_no,
                    COALESCE(cashier, '')
               FROM sales WHERE till_session_id = ?1 ORDER BY receipt_no",
        )?
        .query_map([session_id], |r| {
            Ok(SaleSource {
                receipt_no: r.get(0)?,
                completed_at: r.get(1)?,
                total_cents: r.get(2)?,
                method: r.get(3)?,
                customer_no: r.get(4)?,
                cashier: r.get(5)?,
                lines: Vec::new(),
                vat: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(heads.len());
    for mut sale in heads {
        let rows = conn
            .prepare_cached(
                "SELECT l.line_no, l.sku, a.ean, l.name, COALESCE(a.category, ''),
                        COALESCE(a.unit, ''), l.quantity, l.unit_price_cents, l.discount_cents,
                        l.vat_rate, l.line_total_cents
                   FROM sale_lines l LEFT JOIN articles a ON a.sku = l.sku
                  WHERE l.receipt_no = ?1 ORDER BY l.line_no",
            )?
            .query_map([sale.receipt_no], |r| {
                Ok((
                    SaleLineSource {
                        line_no: r.get(0)?,
                        sku: r.get(1)?,
                        ean: r.get(2)?,
                        name: r.get(3)?,
                        category: r.get(4)?,
                        unit: r.get(5)?,
                        quantity: r.get(6)?,
                        unit_price_cents: r.get(7)?,
                        discount_cents: r.get(8)?,
                        vat_rate: VatRate::Standard,
                        line_total_cents: r.get(10)?,
                    },
                    r.get::<_, i64>(9)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for (mut line, vat) in rows {
            line.vat_rate = rate(vat)?;
            sale.lines.push(line);
        }
        sale.vat = vat_lines(
            conn,
            "SELECT vat_rate, net_cents, vat_cents, gross_cents FROM sale_vat
              WHERE receipt_no = ?1 ORDER BY vat_rate DESC",
            sale.receipt_no,
        )?;
        out.push(sale);
    }
    Ok(out)
}

fn refunds(conn: &Connection, session_id: i64) -> Result<Vec<RefundSource>, StoreError> {
    let heads = conn
        .prepare_cached(
            "SELECT f.refund_no, f.receipt_no, f.kind, f.refunded_at, f.total_cents, f.method,
                    COALESCE(f.cashier, ''), c.till_id, c.z_no, c.closed_at
               FROM refunds f
               JOIN sales s ON s.receipt_no = f.receipt_no
               LEFT JOIN till_closings c ON c.session_id = s.till_session_id
              WHERE f.till_session_id = ?1 ORDER BY f.refund_no",
        )?
        .query_map([session_id], |r| {
            let till: Option<String> = r.get(7)?;
            let z_no: Option<i64> = r.get(8)?;
            let closed_at: Option<String> = r.get(9)?;
            Ok(RefundSource {
                refund_no: r.get(0)?,
                receipt_no: r.get(1)?,
                kind: r.get(2)?,
                refunded_at: r.get(3)?,
                total_cents: r.get(4)?,
                method: r.get(5)?,
                cashier: r.get(6)?,
                lines: Vec::new(),
                vat: Vec::new(),
                sale_closing: match (till, z_no, closed_at) {
                    (Some(till), Some(z_no), Some(closed_at)) => Some((till, z_no, closed_at)),
                    _ => None,
                },
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(heads.len());
    for mut refund in heads {
        let rows = conn
            .prepare_cached(
                "SELECT l.line_no, l.sku, a.ean, l.name, COALESCE(a.category, ''),
                        COALESCE(a.unit, ''), l.quantity, l.vat_rate, l.amount_cents
                   FROM refund_lines l LEFT JOIN articles a ON a.sku = l.sku
                  WHERE l.refund_no = ?1 ORDER BY l.line_no",
            )?
            .query_map([refund.refund_no], |r| {
                Ok((
                    RefundLineSource {
                        line_no: r.get(0)?,
                        sku: r.get(1)?,
                        ean: r.get(2)?,
                        name: r.get(3)?,
                        category: r.get(4)?,
                        unit: r.get(5)?,
                        quantity: r.get(6)?,
                        vat_rate: VatRate::Standard,
                        amount_cents: r.get(8)?,
                    },
                    r.get::<_, i64>(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for (mut line, vat) in rows {
            line.vat_rate = rate(vat)?;
            refund.lines.push(line);
        }
        refund.vat = vat_lines(
            conn,
            "SELECT vat_rate, net_cents, vat_cents, gross_cents FROM refund_vat
              WHERE refund_no = ?1 ORDER BY vat_rate DESC",
            refund.refund_no,
        )?;
        out.push(refund);
    }
    Ok(out)
}

fn movements(conn: &Connection, session_id: i64) -> Result<Vec<MovementSource>, StoreError> {
    let rows = conn
        .prepare_cached(
            "SELECT id, direction, reason, amount_cents, cashier, note, recorded_at
               FROM cash_movements WHERE session_id = ?1 ORDER BY id",
        )?
        .query_map([session_id], |r| {
            Ok(MovementSource {
                id: r.get(0)?,
                direction: r.get(1)?,
                reason: r.get(2)?,
                amount_cents: r.get(3)?,
                cashier: r.get(4)?,
                note: r.get(5)?,
                recorded_at: r.get(6)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// What is booked in `from`..=`to` but not closed yet: open sessions of those days and their sales.
pub fn unclosed_between(
    db: &Db,
    from: &str,
    to: &str,
    till_id: Option<&str>,
) -> Result<(i64, i64), StoreError> {
    Ok(db.conn().query_row(
        "SELECT COUNT(*), COALESCE(SUM((SELECT COUNT(*) FROM sales s
                                         WHERE s.till_session_id = t.id)), 0)
           FROM till_sessions t
          WHERE t.state = 'open' AND t.business_day >= ?1 AND t.business_day <= ?2
            AND (?3 IS NULL OR t.till_id = ?3)",
        params![from, to, till_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// What a printed receipt needs besides its lines: the VAT per rate as stored with the sale, the
/// till and the cashier (`None` for sales from before tills were recorded).
#[derive(Debug, Clone)]
pub struct ReceiptExtras {
    pub vat: Vec<VatLine>,
    pub till_id: Option<String>,
    pub cashier: Option<String>,
}

/// The [`ReceiptExtras`] of receipt `receipt_no`.
pub fn receipt_extras(db: &Db, receipt_no: i64) -> Result<ReceiptExtras, StoreError> {
    let conn = db.conn();
    let (till_id, cashier) = conn
        .prepare_cached("SELECT till_id, cashier FROM sales WHERE receipt_no = ?1")?
        .query_row([receipt_no], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(ReceiptExtras {
        vat: vat_lines(
            conn,
            "SELECT vat_rate, net_cents, vat_cents, gross_cents FROM sale_vat
              WHERE receipt_no = ?1 ORDER BY vat_rate DESC",
            receipt_no,
        )?,
        till_id,
        cashier,
    })
}
