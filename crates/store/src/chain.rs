//! The hash chain over the books: every sale, refund, journal entry, audit entry, cash movement
//! and till closing is sealed in
//! the transaction that writes it with the sha256 of its canonical content and a link hash over the
//! previous link. [`verify`] recomputes both from the rows as they are now and names the first
//! record that no longer matches.

use crate::{Db, StoreError, Tx};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt;

/// The `prev_hash` of the first link.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What kind of record a link seals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum RecordKind {
    Sale,
    Refund,
    JournalEntry,
    Audit,
    CashMovement,
    TillClosing,
}

impl RecordKind {
    pub const ALL: [RecordKind; 6] = [
        RecordKind::Sale,
        RecordKind::Refund,
        RecordKind::JournalEntry,
        RecordKind::Audit,
        RecordKind::CashMovement,
        RecordKind::TillClosing,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            RecordKind::Sale => "sale",
            RecordKind::Refund => "refund",
            RecordKind::JournalEntry => "journal_entry",
            RecordKind::Audit => "audit",
            RecordKind::CashMovement => "cash_movement",
            RecordKind::TillClosing => "till_closing",
        }
    }

    fn parse(text: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The head table and its key column.
    const fn table(self) -> (&'static str, &'static str) {
        match self {
            RecordKind::Sale => ("sales", "receipt_no"),
            RecordKind::Refund => ("refunds", "refund_no"),
            RecordKind::JournalEntry => ("journal_entries", "id"),
            RecordKind::Audit => ("audit_log", "id"),
            RecordKind::CashMovement => ("cash_movements", "id"),
            RecordKind::TillClosing => ("till_closings", "id"),
        }
    }

    /// The queries whose rows make up the record's canonical content, head row first. Columns are
    /// named, so a column added later does not change the hashes of records sealed before it.
    const fn parts(self) -> &'static [&'static str] {
        match self {
            RecordKind::Sale => &[
                "SELECT receipt_no, completed_at, total_cents, method, tendered_cents, change_cents,
                        customer_no FROM sales WHERE receipt_no = ?1",
                "SELECT line_no, sku, name, quantity, unit_price_cents, discount_cents, vat_rate,
                        line_total_cents FROM sale_lines WHERE receipt_no = ?1 ORDER BY line_no",
                "SELECT vat_rate, net_cents, vat_cents, gross_cents FROM sale_vat
                  WHERE receipt_no = ?1 ORDER BY vat_rate",
            ],
            RecordKind::Refund => &[
                "SELECT refund_no, receipt_no, kind, refunded_at, total_cents, method, authorized_by,
                        terminal, reason FROM refunds WHERE refund_no = ?1",
                "SELECT line_no, sale_line_no, sku, name, quantity, vat_rate, amount_cents
                   FROM refund_lines WHERE refund_no = ?1 ORDER BY line_no",
                "SELECT vat_rate, net_cents, vat_cents, gross_cents FROM refund_vat
                  WHERE refund_no = ?1 ORDER BY vat_rate",
            ],
            RecordKind::JournalEntry => &[
                "SELECT id, posted_at, text, reference FROM journal_entries WHERE id = ?1",
                "SELECT line_no, account, debit_cents, credit_cents FROM journal_lines
                  WHERE entry_id = ?1 ORDER BY line_no",
            ],
            RecordKind::Audit => &[
                "SELECT id, occurred_at, terminal, actor, action, outcome, subject, details
                   FROM audit_log WHERE id = ?1",
            ],
            RecordKind::CashMovement => &[
                "SELECT id, session_id, till_id, direction, reason, amount_cents, cashier,
                        approved_by, note, recorded_at, journal_entry
                   FROM cash_movements WHERE id = ?1",
            ],
            RecordKind::TillClosing => &[
                "SELECT id, till_id, z_no, session_id, business_day, closed_at, closed_by,
                        float_cents, turnover_cents, refunds_cents, discounts_cents, cash_in_cents,
                        cash_out_cents, expected_cents, counted_cents, difference_cents,
                        float_next_cents, first_receipt, last_receipt, count, figures, journal_entry
                   FROM till_closings WHERE id = ?1",
            ],
        }
    }

    /// Parts added to a kind after records of it were sealed: a part that has no rows is left out
    /// of the content, so records written before it keep their hashes.
    /// Each is (table, the column a migration added, query); skipped while the column is missing
    /// (sealing the backlog of an older schema).
    const fn later_parts(self) -> &'static [(&'static str, &'static str, &'static str)] {
        match self {
            RecordKind::Sale => &[(
                "sales",
                "till_id",
                "SELECT till_id, till_session_id, cashier FROM sales
                  WHERE receipt_no = ?1 AND till_id IS NOT NULL",
            )],
            RecordKind::Refund => &[(
                "refunds",
                "till_session_id",
                "SELECT till_session_id, cashier FROM refunds
                  WHERE refund_no = ?1 AND till_session_id IS NOT NULL",
            )],
            _ => &[],
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RecordKind::Sale => "sale (receipt)",
            RecordKind::Refund => "refund",
            RecordKind::JournalEntry => "journal entry",
            RecordKind::Audit => "audit entry",
            RecordKind::CashMovement => "cash movement",
            RecordKind::TillClosing => "till closing (Z-report)",
        })
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn json_value(value: ValueRef<'_>) -> serde_json::Value {
    match value {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => f.into(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => sha256_hex(b).into(),
    }
}

/// The record's canonical content: a JSON array with one array of rows per part. `None` when the
/// head row does not exist.
pub(crate) fn canonical(
    conn: &Connection,
    kind: RecordKind,
    id: i64,
) -> Result<Option<String>, StoreError> {
    let mut parts = Vec::with_capacity(kind.parts().len());
    for (index, sql) in kind.parts().iter().enumerate() {
        let mut stmt = conn.prepare_cached(sql)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([id])?;
        let mut part = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(columns);
            for column in 0..columns {
                values.push(json_value(row.get_ref(column)?));
            }
            part.push(serde_json::Value::Array(values));
        }
        if index == 0 && part.is_empty() {
            return Ok(None);
        }
        parts.push(serde_json::Value::Array(part));
    }
    for (table, column, sql) in kind.later_parts() {
        let has_column = conn
            .prepare_cached("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2")?
            .query_row([table, column], |_| Ok(()))
            .optional()?
            .is_some();
        if !has_column {
            continue;
        }
        let mut stmt = conn.prepare_cached(sql)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([id])?;
        let mut part = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(columns);
            for column in 0..columns {
                values.push(json_value(row.get_ref(column)?));
            }
            part.push(serde_json::Value::Array(values));
        }
        if !part.is_empty() {
            parts.push(serde_json::Value::Array(part));
        }
    }
    Ok(Some(serde_json::Value::Array(parts).to_string()))
}

/// The link hash over the previous link, the record and its content hash.
pub fn link_hash(prev_hash: &str, kind: RecordKind, id: i64, content_hash: &str) -> String {
    sha256_hex(format!("{prev_hash}\n{}\n{id}\n{content_hash}", kind.as_str()).as_bytes())
}

/// One link of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub position: i64,
    pub kind: RecordKind,
    pub record_id: i64,
    pub content_hash: String,
    pub prev_hash: String,
    pub hash: String,
}

fn head(conn: &Connection) -> Result<Option<(i64, String)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT position, hash FROM hash_chain ORDER BY position DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn append(
    conn: &Connection,
    kind: RecordKind,
    id: i64,
    sealed_at: &str,
) -> Result<Link, StoreError> {
    let content = canonical(conn, kind, id)?.ok_or_else(|| {
        StoreError::Malformed(format!("cannot seal {kind} {id}: it does not exist"))
    })?;
    let (last, prev_hash) = head(conn)?.unwrap_or((0, GENESIS.to_owned()));
    let content_hash = sha256_hex(content.as_bytes());
    let hash = link_hash(&prev_hash, kind, id, &content_hash);
    let position = last + 1;
    conn.prepare_cached(
        "INSERT INTO hash_chain (position, record_kind, record_id, content_hash, prev_hash, hash, sealed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![position, kind.as_str(), id, content_hash, prev_hash, hash, sealed_at])?;
    Ok(Link {
        position,
        kind,
        record_id: id,
        content_hash,
        prev_hash,
        hash,
    })
}

/// Seals a record just written in this transaction: the next link of the chain.
pub fn seal(tx: &Tx<'_>, kind: RecordKind, id: i64) -> Result<Link, StoreError> {
    append(tx.sql(), kind, id, &tx.now_text())
}

/// Seals the records written before the chain existed (run once by the migration that adds it):
/// sales and journal entries in the order they were written.
pub(crate) fn seal_backlog(conn: &Connection, sealed_at: &str) -> Result<usize, StoreError> {
    let mut records: Vec<(String, RecordKind, i64)> = Vec::new();
    for kind in RecordKind::ALL {
        let (table, key) = kind.table();
        let exists = conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !exists {
            // A kind whose table a later migration adds has no backlog.
            continue;
        }
        let time = match kind {
            RecordKind::Sale => "completed_at",
            RecordKind::Refund => "refunded_at",
            RecordKind::JournalEntry => "posted_at",
            RecordKind::Audit => "occurred_at",
            RecordKind::CashMovement => "recorded_at",
            RecordKind::TillClosing => "closed_at",
        };
        let mut stmt = conn.prepare(&format!(
            "SELECT {time}, {key} FROM {table}
              WHERE {key} NOT IN (SELECT record_id FROM hash_chain WHERE record_kind = ?1)"
        ))?;
        let rows = stmt.query_map([kind.as_str()], |r| Ok((r.get(0)?, kind, r.get(1)?)))?;
        for row in rows {
            records.push(row?);
        }
    }
    // A sale is written before its journal entry in the same transaction: time, then kind order.
    records.sort_by(|a, b| (&a.0, a.1 as u8, a.2).cmp(&(&b.0, b.1 as u8, b.2)));
    for (_, kind, id) in &records {
        append(conn, *kind, *id, sealed_at)?;
    }
    Ok(records.len())
}

/// What is wrong with a record or a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Fault {
    /// The record's rows differ from what was sealed.
    ContentChanged,
    /// The record was sealed but its rows are gone.
    RecordMissing,
    /// The link itself was edited: its hash or its previous hash does not follow.
    LinkBroken,
    /// A link is missing between two others.
    LinkMissing,
    /// The record exists but was never sealed (written around Filiale).
    Unsealed,
}

/// The first record that does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Problem {
    /// Chain position, when the record has a link.
    pub position: Option<i64>,
    pub kind: RecordKind,
    pub record_id: i64,
    pub fault: Fault,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.fault {
            Fault::ContentChanged => "was changed after it was sealed",
            Fault::RecordMissing => "was deleted after it was sealed",
            Fault::LinkBroken => "has a chain link that was edited",
            Fault::LinkMissing => "follows a chain link that was removed",
            Fault::Unsealed => "was written outside Filiale (it is not in the chain)",
        };
        write!(f, "{} {} {what}", self.kind, self.record_id)?;
        if let Some(position) = self.position {
            write!(f, " (chain position {position})")?;
        }
        Ok(())
    }
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Links checked.
    pub links: i64,
    /// Hash of the last link: write it down (or send it away) to notice a rewritten chain later.
    pub head: Option<String>,
    /// The first record that does not verify, in chain order; records outside the chain after.
    pub problem: Option<Problem>,
    /// Append-only triggers that are missing from the database.
    pub missing_triggers: Vec<String>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.problem.is_none() && self.missing_triggers.is_empty()
    }
}

/// The append-only triggers of migrations 0005 and 0008.
pub const TRIGGERS: [&str; 25] = [
    "sales_no_update",
    "sales_no_delete",
    "sale_lines_no_update",
    "sale_lines_no_delete",
    "sale_vat_no_update",
    "sale_vat_no_delete",
    "journal_entries_no_update",
    "journal_entries_no_delete",
    "journal_lines_no_update",
    "journal_lines_no_delete",
    "refunds_no_update",
    "refunds_no_delete",
    "refund_lines_no_update",
    "refund_lines_no_delete",
    "refund_vat_no_update",
    "refund_vat_no_delete",
    "audit_log_no_update",
    "audit_log_no_delete",
    "hash_chain_no_update",
    "hash_chain_no_delete",
    "cash_movements_no_update",
    "cash_movements_no_delete",
    "till_closings_no_update",
    "till_closings_no_delete",
    "till_sessions_closed_stay_closed",
];

/// Recomputes every link from the rows as they are now.
pub fn verify(db: &Db) -> Result<Verification, StoreError> {
    let conn = db.conn();
    let mut missing_triggers = Vec::new();
    for name in TRIGGERS {
        let present = conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [name],
                |_| Ok(()),
            )
            .optional()?;
        if present.is_none() {
            missing_triggers.push(name.to_owned());
        }
    }
    let mut stmt = conn.prepare(
        "SELECT position, record_kind, record_id, content_hash, prev_hash, hash FROM hash_chain
          ORDER BY position",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_owned();
    let mut links = 0;
    let mut problem = None;
    while let Some(row) = rows.next()? {
        let position: i64 = row.get(0)?;
        let kind_text: String = row.get(1)?;
        let record_id: i64 = row.get(2)?;
        let content_hash: String = row.get(3)?;
        let prev_hash: String = row.get(4)?;
        let hash: String = row.get(5)?;
        links += 1;
        let Some(kind) = RecordKind::parse(&kind_text) else {
            return Err(StoreError::Malformed(format!(
                "chain position {position} names an unknown record kind {kind_text:?}"
            )));
        };
        let found = |fault| {
            Some(Problem {
                position: Some(position),
                kind,
                record_id,
                fault,
            })
        };
        if position != links {
            problem = found(Fault::LinkMissing);
            break;
        }
        if prev_hash != expected_prev
            || link_hash(&prev_hash, kind, record_id, &content_hash) != hash
        {
            problem = found(Fault::LinkBroken);
            break;
        }
        match canonical(conn, kind, record_id)? {
            None => {
                problem = found(Fault::RecordMissing);
                break;
            }
            Some(content) if sha256_hex(content.as_bytes()) != content_hash => {
                problem = found(Fault::ContentChanged);
                break;
            }
            Some(_) => {}
        }
        expected_prev = hash;
    }
    drop(rows);
    if problem.is_none() {
        problem = first_unsealed(conn)?;
    }
    Ok(Verification {
        links,
        head: (links > 0)
            .then_some(expected_prev)
            .filter(|_| problem.is_none()),
        problem,
        missing_triggers,
    })
}

fn first_unsealed(conn: &Connection) -> Result<Option<Problem>, StoreError> {
    for kind in RecordKind::ALL {
        let (table, key) = kind.table();
        let id: Option<i64> = conn
            .query_row(
                &format!(
                    "SELECT {key} FROM {table}
                      WHERE {key} NOT IN (SELECT record_id FROM hash_chain WHERE record_kind = ?1)
                      ORDER BY {key} LIMIT 1"
                ),
                [kind.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(record_id) = id {
            return Ok(Some(Problem {
                position: None,
                kind,
                record_id,
                fault: Fault::Unsealed,
            }));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_lowercase_hex_sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let a = link_hash(GENESIS, RecordKind::Sale, 1, &sha256_hex(b"x"));
        let b = link_hash(GENESIS, RecordKind::Sale, 2, &sha256_hex(b"x"));
        assert_ne!(a, b, "the record id is part of the link");
    }
}
