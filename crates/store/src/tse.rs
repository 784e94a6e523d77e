//! What the TSE said about each business case (migration 0009): the signed transaction, or the
//! outage it was made in — one row per sale, refund, cash movement and closing, written in the
//! business case's own transaction — the TSEs that signed, and the outages of each till.

use crate::{Db, StoreError, Tx};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

/// Which business case a TSE row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TseRecordKind {
    Sale,
    Refund,
    CashMovement,
    /// The opening of a till session with its counted float.
    TillOpening,
    TillClosing,
}

impl TseRecordKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            TseRecordKind::Sale => "sale",
            TseRecordKind::Refund => "refund",
            TseRecordKind::CashMovement => "cash_movement",
            TseRecordKind::TillOpening => "till_opening",
            TseRecordKind::TillClosing => "till_closing",
        }
    }

    fn parse(text: &str) -> Option<TseRecordKind> {
        [
            TseRecordKind::Sale,
            TseRecordKind::Refund,
            TseRecordKind::CashMovement,
            TseRecordKind::TillOpening,
            TseRecordKind::TillClosing,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }
}

/// A TSE as receipts and the export name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Device {
    pub id: i64,
    pub serial_number: String,
    pub public_key: String,
    pub signature_algorithm: String,
    pub time_format: String,
    pub certified: bool,
    pub description: String,
    pub first_used_at: String,
}

/// The identity of a TSE, to record the first time it signs here.
#[derive(Debug, Clone, Copy)]
pub struct NewDevice<'a> {
    pub serial_number: &'a str,
    pub public_key: &'a str,
    pub signature_algorithm: &'a str,
    pub time_format: &'a str,
    pub certified: bool,
    pub description: &'a str,
}

/// What the TSE did for one business case.
#[derive(Debug, Clone, Copy)]
pub struct BusinessCase<'a> {
    pub till_id: &'a str,
    pub kind: TseRecordKind,
    pub record_id: i64,
    pub process_type: &'a str,
    pub process_data: &'a str,
    pub client_id: &'a str,
}

/// A signed transaction: its start and finish.
#[derive(Debug, Clone, Copy)]
pub struct Signature<'a> {
    pub device: NewDevice<'a>,
    pub transaction_number: i64,
    pub start_signature_counter: i64,
    pub signature_counter: i64,
    pub start_time: i64,
    pub end_time: i64,
    pub signature: &'a str,
}

/// A stored outage of a till's TSE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outage {
    pub id: i64,
    pub till_id: String,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub reason: String,
    /// Business cases made during it, without a signature.
    pub business_cases: i64,
}

/// A stored TSE row with its device or outage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TseRow {
    pub till_id: String,
    pub kind: TseRecordKind,
    pub record_id: i64,
    pub process_type: String,
    pub process_data: String,
    pub client_id: String,
    pub recorded_at: String,
    pub signed: Option<SignedRow>,
    pub outage: Option<Outage>,
}

/// The signed part of a [`TseRow`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedRow {
    pub device: Device,
    pub transaction_number: i64,
    pub start_signature_counter: i64,
    pub signature_counter: i64,
    pub start_time: i64,
    pub end_time: i64,
    pub signature: String,
}

const DEVICE_COLUMNS: &str = "id, serial_number, public_key, signature_algorithm, time_format, \
                              certified, description, first_used_at";

fn device_row(r: &Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: r.get(0)?,
        serial_number: r.get(1)?,
        public_key: r.get(2)?,
        signature_algorithm: r.get(3)?,
        time_format: r.get(4)?,
        certified: r.get::<_, i64>(5)? != 0,
        description: r.get(6)?,
        first_used_at: r.get(7)?,
    })
}

const OUTAGE_SELECT: &str = "SELECT o.id, o.till_id, o.started_at, o.ended_at, o.reason,
        (SELECT COUNT(*) FROM tse_transactions t WHERE t.outage_id = o.id)
   FROM tse_outages o";

fn outage_row(r: &Row<'_>) -> rusqlite::Result<Outage> {
    Ok(Outage {
        id: r.get(0)?,
        till_id: r.get(1)?,
        started_at: r.get(2)?,
        ended_at: r.get(3)?,
        reason: r.get(4)?,
        business_cases: r.get(5)?,
    })
}

/// The id of the device, recorded now if it never signed here before.
fn device_id(tx: &Tx<'_>, device: &NewDevice<'_>) -> Result<i64, StoreError> {
    tx.sql()
        .prepare_cached(
            "INSERT INTO tse_devices (serial_number, public_key, signature_algorithm, time_format,
                                      certified, description, first_used_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (serial_number) DO NOTHING",
        )?
        .execute(params![
            device.serial_number,
            device.public_key,
            device.signature_algorithm,
            device.time_format,
            i64::from(device.certified),
            device.description,
            tx.now_text()
        ])?;
    Ok(tx
        .sql()
        .prepare_cached("SELECT id FROM tse_devices WHERE serial_number = ?1")?
        .query_row([device.serial_number], |r| r.get(0))?)
}

/// Records a signed business case; ends the till's open outage, if any (the TSE answers again).
pub fn record_signed(
    tx: &Tx<'_>,
    case: &BusinessCase<'_>,
    signed: &Signature<'_>,
) -> Result<(), StoreError> {
    let device = device_id(tx, &signed.device)?;
    end_outage(tx, case.till_id)?;
    tx.sql()
        .prepare_cached(
            "INSERT INTO tse_transactions (till_id, record_kind, record_id, process_type,
                 process_data, client_id, device_id, transaction_number, start_signature_counter,
                 signature_counter, start_time, end_time, signature, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            case.till_id,
            case.kind.as_str(),
            case.record_id,
            case.process_type,
            case.process_data,
            case.client_id,
            device,
            signed.transaction_number,
            signed.start_signature_counter,
            signed.signature_counter,
            signed.start_time,
            signed.end_time,
            signed.signature,
            tx.now_text()
        ])?;
    Ok(())
}

/// Records a business case made while the TSE did not answer, in the till's open outage (opened
/// now with `reason` when there is none). Returns the outage.
pub fn record_outage(
    tx: &Tx<'_>,
    case: &BusinessCase<'_>,
    reason: &str,
) -> Result<Outage, StoreError> {
    let outage = match open_outage(tx.db(), case.till_id)? {
        Some(outage) => outage.id,
        None => {
            tx.sql()
                .prepare_cached(
                    "INSERT INTO tse_outages (till_id, started_at, reason) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![case.till_id, tx.now_text(), reason])?;
            tx.sql().last_insert_rowid()
        }
    };
    tx.sql()
        .prepare_cached(
            "INSERT INTO tse_transactions (till_id, record_kind, record_id, process_type,
                 process_data, client_id, outage_id, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            case.till_id,
            case.kind.as_str(),
            case.record_id,
            case.process_type,
            case.process_data,
            case.client_id,
            outage,
            tx.now_text()
        ])?;
    open_outage(tx.db(), case.till_id)?
        .ok_or_else(|| StoreError::Malformed("TSE outage not written".into()))
}

/// Ends the till's open outage now; the ended outage, or `None` when none was open.
pub fn end_outage(tx: &Tx<'_>, till_id: &str) -> Result<Option<Outage>, StoreError> {
    let Some(open) = open_outage(tx.db(), till_id)? else {
        return Ok(None);
    };
    tx.sql()
        .prepare_cached("UPDATE tse_outages SET ended_at = ?2 WHERE id = ?1")?
        .execute(params![open.id, tx.now_text()])?;
    Ok(Some(Outage {
        ended_at: Some(tx.now_text()),
        ..open
    }))
}

/// The till's outage that has not ended yet.
pub fn open_outage(db: &Db, till_id: &str) -> Result<Option<Outage>, StoreError> {
    Ok(db
        .conn()
        .prepare_cached(&format!(
            "{OUTAGE_SELECT} WHERE o.till_id = ?1 AND o.ended_at IS NULL"
        ))?
        .query_row([till_id], outage_row)
        .optional()?)
}

/// Every till's outages, newest first.
pub fn outages(db: &Db, limit: i64) -> Result<Vec<Outage>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(&format!("{OUTAGE_SELECT} ORDER BY o.id DESC LIMIT ?1"))?;
    let rows = stmt.query_map([limit.max(1)], outage_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The TSEs that signed here, oldest first.
pub fn devices(db: &Db) -> Result<Vec<Device>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {DEVICE_COLUMNS} FROM tse_devices ORDER BY id"
    ))?;
    let rows = stmt.query_map([], device_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The highest signature counter stored for the TSE with this serial number.
pub fn highest_signature_counter(db: &Db, serial_number: &str) -> Result<Option<i64>, StoreError> {
    Ok(db
        .conn()
        .prepare_cached(
            "SELECT MAX(t.signature_counter) FROM tse_transactions t
               JOIN tse_devices d ON d.id = t.device_id WHERE d.serial_number = ?1",
        )?
        .query_row([serial_number], |r| r.get(0))?)
}

/// The lowest start counter of the till's signed business cases since its last closing (the
/// first signature counter of the closing being made now).
pub fn first_counter_since_closing(db: &Db, till_id: &str) -> Result<Option<i64>, StoreError> {
    Ok(db
        .conn()
        .prepare_cached(
            "SELECT MIN(start_signature_counter) FROM tse_transactions
              WHERE till_id = ?1 AND id > COALESCE((SELECT MAX(id) FROM tse_transactions
                    WHERE till_id = ?1 AND record_kind = 'till_closing'), 0)",
        )?
        .query_row([till_id], |r| r.get(0))?)
}

const ROW_SELECT: &str = "SELECT t.till_id, t.record_kind, t.record_id, t.process_type,
        t.process_data, t.client_id, t.recorded_at, t.transaction_number,
        t.start_signature_counter, t.signature_counter, t.start_time, t.end_time, t.signature,
        d.id, d.serial_number, d.public_key, d.signature_algorithm, d.time_format, d.certified,
        d.description, d.first_used_at,
        o.id, o.till_id, o.started_at, o.ended_at, o.reason
   FROM tse_transactions t
   LEFT JOIN tse_devices d ON d.id = t.device_id
   LEFT JOIN tse_outages o ON o.id = t.outage_id";

fn tse_row(r: &Row<'_>) -> rusqlite::Result<(TseRow, String)> {
    let kind: String = r.get(1)?;
    let signed = match r.get::<_, Option<String>>(12)? {
        Some(signature) => Some(SignedRow {
            device: Device {
                id: r.get(13)?,
                serial_number: r.get(14)?,
                public_key: r.get(15)?,
                signature_algorithm: r.get(16)?,
                time_format: r.get(17)?,
                certified: r.get::<_, i64>(18)? != 0,
                description: r.get(19)?,
                first_used_at: r.get(20)?,
            },
            transaction_number: r.get(7)?,
            start_signature_counter: r.get(8)?,
            signature_counter: r.get(9)?,
            start_time: r.get(10)?,
            end_time: r.get(11)?,
            signature,
        }),
        None => None,
    };
    let outage = match r.get::<_, Option<i64>>(21)? {
        Some(id) => Some(Outage {
            id,
            till_id: r.get(22)?,
            started_at: r.get(23)?,
            ended_at: r.get(24)?,
            reason: r.get(25)?,
            business_cases: 0,
        }),
        None => None,
    };
    Ok((
        TseRow {
            till_id: r.get(0)?,
            kind: TseRecordKind::Sale,
            record_id: r.get(2)?,
            process_type: r.get(3)?,
            process_data: r.get(4)?,
            client_id: r.get(5)?,
            recorded_at: r.get(6)?,
            signed,
            outage,
        },
        kind,
    ))
}

fn with_kind((mut row, kind): (TseRow, String)) -> Result<TseRow, StoreError> {
    row.kind = TseRecordKind::parse(&kind)
        .ok_or_else(|| StoreError::Malformed(format!("TSE record kind {kind}")))?;
    Ok(row)
}

/// The TSE row of one business case.
pub fn for_record(
    db: &Db,
    kind: TseRecordKind,
    record_id: i64,
) -> Result<Option<TseRow>, StoreError> {
    db.conn()
        .prepare_cached(&format!(
            "{ROW_SELECT} WHERE t.record_kind = ?1 AND t.record_id = ?2"
        ))?
        .query_row(params![kind.as_str(), record_id], tse_row)
        .optional()?
        .map(with_kind)
        .transpose()
}

/// Counts of business cases signed and made during outages, per till.
pub fn counts(db: &Db) -> Result<(i64, i64), StoreError> {
    Ok(db.conn().query_row(
        "SELECT COUNT(signature), COUNT(outage_id) FROM tse_transactions",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
