//! Till sessions, cash movements and daily closings: a session opens with a counted float, cash
//! goes in and out with a reason (each movement posted and sealed), and the closing writes the
//! Z-report numbered gapless per till (counter `z_report:<till>`), posts the cash difference and
//! closes the session — all in the caller's one transaction. Movements and closings are
//! append-only (migration 0008) and part of the hash chain.

use crate::chain::{self, RecordKind};
use crate::{Db, StoreError, Tx, journal};
use filiale_domain::events::VatLine;
use filiale_domain::till_report::{
    self, CashDirection, CashReason, SessionMovement, SessionRefund, SessionSale, TillFigures,
};
use filiale_domain::{CashCount, Cents, DomainEvent, VatRate};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

/// A till session as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRow {
    pub id: i64,
    pub till_id: String,
    pub session_no: i64,
    /// Europe/Berlin date of the opening, `YYYY-MM-DD`.
    pub business_day: String,
    pub opened_at: String,
    pub opened_by: String,
    pub float_cents: i64,
    /// The float's count by denomination (JSON), when it was counted so.
    pub float_count: Option<String>,
    /// Who sells at the till now.
    pub cashier: String,
    /// `open` or `closed`.
    pub state: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
}

const SESSION_COLUMNS: &str = "id, till_id, session_no, business_day, opened_at, opened_by, \
     float_cents, float_count, cashier, state, closed_at, closed_by";

fn session_row(r: &Row<'_>) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: r.get(0)?,
        till_id: r.get(1)?,
        session_no: r.get(2)?,
        business_day: r.get(3)?,
        opened_at: r.get(4)?,
        opened_by: r.get(5)?,
        float_cents: r.get(6)?,
        float_count: r.get(7)?,
        cashier: r.get(8)?,
        state: r.get(9)?,
        closed_at: r.get(10)?,
        closed_by: r.get(11)?,
    })
}

/// The open session of `till_id`, if any.
pub fn open_session(db: &Db, till_id: &str) -> Result<Option<SessionRow>, StoreError> {
    let conn = db.conn();
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM till_sessions WHERE till_id = ?1 AND state = 'open'"
        ))?
        .query_row([till_id], session_row)
        .optional()?)
}

/// The most recent session of `till_id`, open or closed.
pub fn last_session(db: &Db, till_id: &str) -> Result<Option<SessionRow>, StoreError> {
    let conn = db.conn();
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM till_sessions WHERE till_id = ?1
              ORDER BY session_no DESC LIMIT 1"
        ))?
        .query_row([till_id], session_row)
        .optional()?)
}

/// Every open session of the store, by till.
pub fn open_sessions(db: &Db) -> Result<Vec<SessionRow>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SESSION_COLUMNS} FROM till_sessions WHERE state = 'open' ORDER BY till_id"
    ))?;
    let rows = stmt.query_map([], session_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A session to open.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub till_id: &'a str,
    pub business_day: &'a str,
    pub cashier: &'a str,
    pub float: Cents,
    pub float_count: Option<&'a CashCount>,
}

/// Opens a session (the caller has checked that the till has none open) and emits `TillOpened`.
pub fn open(tx: &mut Tx<'_>, new: &NewSession<'_>) -> Result<SessionRow, StoreError> {
    let session_no = tx.next_counter(&format!("till_session:{}", new.till_id))?;
    let count = new.float_count.map(serde_json::to_string).transpose()?;
    tx.sql()
        .prepare_cached(
            "INSERT INTO till_sessions (till_id, session_no, business_day, opened_at, opened_by,
                                        float_cents, float_count, cashier, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?5, 'open')",
        )?
        .execute(params![
            new.till_id,
            session_no,
            new.business_day,
            tx.now_text(),
            new.cashier,
            new.float.get(),
            count
        ])?;
    let id = tx.sql().last_insert_rowid();
    tx.emit(&DomainEvent::TillOpened {
        till_id: new.till_id.to_owned(),
        session_no,
        business_day: new.business_day.to_owned(),
        opened_by: new.cashier.to_owned(),
        float_cents: new.float,
    })?;
    Ok(tx
        .sql()
        .prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM till_sessions WHERE id = ?1"
        ))?
        .query_row([id], session_row)?)
}

/// A second cashier takes over an open session.
pub fn take_over(tx: &Tx<'_>, session_id: i64, cashier: &str) -> Result<(), StoreError> {
    tx.sql()
        .prepare_cached("UPDATE till_sessions SET cashier = ?2 WHERE id = ?1 AND state = 'open'")?
        .execute(params![session_id, cashier])?;
    Ok(())
}

/// A cash movement to record.
#[derive(Debug, Clone)]
pub struct NewMovement<'a> {
    pub session: &'a SessionRow,
    pub direction: CashDirection,
    pub reason: CashReason,
    pub amount: Cents,
    pub cashier: &'a str,
    pub approved_by: Option<&'a str>,
    pub note: &'a str,
}

/// Records a cash movement: its posting against 1000 Kasse, the row, its seal and
/// `CashMovementRecorded`. Returns the movement's id.
pub fn record_movement(tx: &mut Tx<'_>, m: &NewMovement<'_>) -> Result<i64, StoreError> {
    let movement_id: i64 = tx.sql().query_row(
        "SELECT COALESCE(MAX(id), 0) + 1 FROM cash_movements",
        [],
        |r| r.get(0),
    )?;
    let reference = format!("cash:{}/{movement_id}", m.session.till_id);
    let entry = till_report::movement_entry(&reference, m.direction, m.reason, m.amount)
        .ok_or_else(|| StoreError::Malformed("a cash movement needs an amount".into()))?;
    let entry_id = journal::post(tx, &entry)?;
    tx.sql()
        .prepare_cached(
            "INSERT INTO cash_movements (id, session_id, till_id, direction, reason, amount_cents,
                                         cashier, approved_by, note, recorded_at, journal_entry)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            movement_id,
            m.session.id,
            m.session.till_id,
            m.direction.as_str(),
            m.reason.as_str(),
            m.amount.get(),
            m.cashier,
            m.approved_by,
            m.note,
            tx.now_text(),
            entry_id
        ])?;
    chain::seal(tx, RecordKind::CashMovement, movement_id)?;
    tx.emit(&DomainEvent::CashMovementRecorded {
        till_id: m.session.till_id.clone(),
        session_no: m.session.session_no,
        movement_id,
        direction: m.direction,
        reason: m.reason,
        amount_cents: m.amount,
        cashier: m.cashier.to_owned(),
        approved_by: m.approved_by.map(str::to_owned),
    })?;
    Ok(movement_id)
}

fn vat_of(conn: &Connection, sql: &str, id: i64) -> Result<Vec<VatLine>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, u8>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut lines = Vec::new();
    for row in rows {
        let (rate, net, vat, gross) = row?;
        lines.push(VatLine {
            rate: VatRate::try_from(rate).map_err(|e| StoreError::Malformed(e.0))?,
            net_cents: Cents::new(net),
            vat_cents: Cents::new(vat),
            gross_cents: Cents::new(gross),
        });
    }
    Ok(lines)
}

/// Adds up a session: its float, sales, refunds and cash movements (an X-report's figures).
pub fn figures(db: &Db, session: &SessionRow) -> Result<TillFigures, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT s.receipt_no, COALESCE(s.cashier, ''), s.method, s.total_cents,
                (SELECT COALESCE(SUM(l.discount_cents), 0) FROM sale_lines l
                  WHERE l.receipt_no = s.receipt_no)
           FROM sales s WHERE s.till_session_id = ?1 ORDER BY s.receipt_no",
    )?;
    let heads = stmt
        .query_map([session.id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut sales = Vec::with_capacity(heads.len());
    for (receipt_no, cashier, method, total, discount) in heads {
        sales.push(SessionSale {
            receipt_no,
            cashier,
            method,
            total: Cents::new(total),
            discount: Cents::new(discount),
            vat: vat_of(
                conn,
                "SELECT vat_rate, net_cents, vat_cents, gross_cents FROM sale_vat
                  WHERE receipt_no = ?1 ORDER BY vat_rate",
                receipt_no,
            )?,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT refund_no, method, total_cents FROM refunds WHERE till_session_id = ?1
          ORDER BY refund_no",
    )?;
    let heads = stmt
        .query_map([session.id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut refunds = Vec::with_capacity(heads.len());
    for (refund_no, method, total) in heads {
        refunds.push(SessionRefund {
            refund_no,
            method,
            total: Cents::new(total),
            vat: vat_of(
                conn,
                "SELECT vat_rate, net_cents, vat_cents, gross_cents FROM refund_vat
                  WHERE refund_no = ?1 ORDER BY vat_rate",
                refund_no,
            )?,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT direction, reason, amount_cents FROM cash_movements WHERE session_id = ?1
          ORDER BY id",
    )?;
    let rows = stmt
        .query_map([session.id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut movements = Vec::with_capacity(rows.len());
    for (direction, reason, amount) in rows {
        movements.push(SessionMovement {
            direction: CashDirection::parse(&direction)
                .ok_or_else(|| StoreError::Malformed(format!("cash direction {direction}")))?,
            reason: CashReason::parse(&reason).map_err(|e| StoreError::Malformed(e.to_string()))?,
            amount: Cents::new(amount),
        });
    }
    Ok(TillFigures::compute(
        Cents::new(session.float_cents),
        &sales,
        &refunds,
        &movements,
    ))
}

/// A closing to record.
#[derive(Debug, Clone)]
pub struct NewClosing<'a> {
    pub session: &'a SessionRow,
    pub closed_by: &'a str,
    pub figures: &'a TillFigures,
    pub counted: Cents,
    pub count: Option<&'a CashCount>,
    pub float_next: Cents,
    /// The TSE's first and last signature counter of this closing (for `TillClosed`).
    pub tse_counters: (Option<u64>, Option<u64>),
}

/// A stored closing (Z-report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClosingRow {
    pub till_id: String,
    pub z_no: i64,
    pub session_no: i64,
    pub business_day: String,
    pub opened_at: String,
    pub closed_at: String,
    pub closed_by: String,
    pub expected_cents: i64,
    pub counted_cents: i64,
    pub difference_cents: i64,
    pub float_next_cents: i64,
    /// The count by denomination (JSON), when the drawer was counted so.
    pub count: Option<String>,
    pub figures: TillFigures,
    pub journal_entry: Option<i64>,
}

/// Writes the Z-report: the next Z number of the till, the posting of the difference, the
/// closing's row and seal, the session closed, and `TillClosed`.
pub fn record_closing(tx: &mut Tx<'_>, c: &NewClosing<'_>) -> Result<ClosingRow, StoreError> {
    let till = &c.session.till_id;
    let z_no = tx.next_counter(&format!("z_report:{till}"))?;
    let difference = c
        .counted
        .checked_sub(c.figures.cash_expected_cents)
        .map_err(|e| StoreError::Malformed(e.to_string()))?;
    let entry = till_report::difference_entry(&format!("z:{till}/{z_no}"), difference);
    let journal_entry = match entry {
        Some(entry) => Some(journal::post(tx, &entry)?),
        None => None,
    };
    let figures_json = serde_json::to_string(c.figures)?;
    let count = c.count.map(serde_json::to_string).transpose()?;
    let f = c.figures;
    tx.sql()
        .prepare_cached(
            "INSERT INTO till_closings (till_id, z_no, session_id, business_day, closed_at, closed_by,
                 float_cents, turnover_cents, refunds_cents, discounts_cents, cash_in_cents,
                 cash_out_cents, expected_cents, counted_cents, difference_cents, float_next_cents,
                 first_receipt, last_receipt, count, figures, journal_entry)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19, ?20, ?21)",
        )?
        .execute(params![
            till,
            z_no,
            c.session.id,
            c.session.business_day,
            tx.now_text(),
            c.closed_by,
            f.float_cents.get(),
            f.turnover_cents.get(),
            f.refunds_cents.get(),
            f.discounts_cents.get(),
            f.cash_in_cents.get(),
            f.cash_out_cents.get(),
            f.cash_expected_cents.get(),
            c.counted.get(),
            difference.get(),
            c.float_next.get(),
            f.first_receipt,
            f.last_receipt,
            count,
            figures_json,
            journal_entry
        ])?;
    let closing_id = tx.sql().last_insert_rowid();
    chain::seal(tx, RecordKind::TillClosing, closing_id)?;
    tx.sql()
        .prepare_cached(
            "UPDATE till_sessions SET state = 'closed', closed_at = ?2, closed_by = ?3
              WHERE id = ?1 AND state = 'open'",
        )?
        .execute(params![c.session.id, tx.now_text(), c.closed_by])?;
    tx.emit(&DomainEvent::TillClosed {
        till_id: till.clone(),
        session_no: c.session.session_no,
        z_no,
        business_day: c.session.business_day.clone(),
        closed_by: c.closed_by.to_owned(),
        figures: c.figures.clone(),
        counted_cents: c.counted,
        difference_cents: difference,
        float_next_cents: c.float_next,
        tse_first_signature_counter: c.tse_counters.0,
        tse_last_signature_counter: c.tse_counters.1,
    })?;
    closing(tx.db(), till, z_no)?
        .ok_or_else(|| StoreError::Malformed(format!("closing {till} Z {z_no} not written")))
}

const CLOSING_SELECT: &str = "SELECT c.till_id, c.z_no, s.session_no, c.business_day, s.opened_at,
        c.closed_at, c.closed_by, c.expected_cents, c.counted_cents, c.difference_cents,
        c.float_next_cents, c.count, c.figures, c.journal_entry
   FROM till_closings c JOIN till_sessions s ON s.id = c.session_id";

fn closing_row(r: &Row<'_>) -> rusqlite::Result<(ClosingRow, String)> {
    Ok((
        ClosingRow {
            till_id: r.get(0)?,
            z_no: r.get(1)?,
            session_no: r.get(2)?,
            business_day: r.get(3)?,
            opened_at: r.get(4)?,
            closed_at: r.get(5)?,
            closed_by: r.get(6)?,
            expected_cents: r.get(7)?,
            counted_cents: r.get(8)?,
            difference_cents: r.get(9)?,
            float_next_cents: r.get(10)?,
            count: r.get(11)?,
            figures: TillFigures::compute(Cents::ZERO, &[], &[], &[]),
            journal_entry: r.get(13)?,
        },
        r.get(12)?,
    ))
}

fn with_figures((mut row, figures): (ClosingRow, String)) -> Result<ClosingRow, StoreError> {
    row.figures = serde_json::from_str(&figures)?;
    Ok(row)
}

/// The row id of a closing (its TSE record names it).
pub fn closing_id(db: &Db, till_id: &str, z_no: i64) -> Result<Option<i64>, StoreError> {
    Ok(db
        .conn()
        .prepare_cached("SELECT id FROM till_closings WHERE till_id = ?1 AND z_no = ?2")?
        .query_row(params![till_id, z_no], |r| r.get(0))
        .optional()?)
}

/// One closing by till and Z number.
pub fn closing(db: &Db, till_id: &str, z_no: i64) -> Result<Option<ClosingRow>, StoreError> {
    let conn = db.conn();
    conn.prepare_cached(&format!(
        "{CLOSING_SELECT} WHERE c.till_id = ?1 AND c.z_no = ?2"
    ))?
    .query_row(params![till_id, z_no], closing_row)
    .optional()?
    .map(with_figures)
    .transpose()
}

/// The closings of one till (or of all), newest first.
pub fn closings(db: &Db, till_id: Option<&str>, limit: i64) -> Result<Vec<ClosingRow>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "{CLOSING_SELECT} WHERE (?1 IS NULL OR c.till_id = ?1)
          ORDER BY c.closed_at DESC, c.till_id, c.z_no DESC LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(params![till_id, limit.max(1)], closing_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(with_figures).collect()
}

/// The cash the open session's drawer should hold now (float, cash sales and refunds, movements).
pub fn cash_expected(db: &Db, session: &SessionRow) -> Result<Cents, StoreError> {
    Ok(figures(db, session)?.cash_expected_cents)
}
