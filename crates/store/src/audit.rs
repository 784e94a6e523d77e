//! The audit log: who did what, when, at which till — append-only and sealed into the hash chain in
//! the same transaction as the act it records. It never holds a PIN.

use crate::chain::{self, RecordKind};
use crate::{Db, StoreError, Tx};
use rusqlite::params;
use serde::Serialize;

/// Whether the act happened or was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
// Named for the window's TypeScript, where another type has the short name.
#[serde(rename = "AuditOutcome")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Outcome {
    Ok,
    Denied,
}

impl Outcome {
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Denied => "denied",
        }
    }
}

/// An entry to append.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub terminal: &'a str,
    /// Who acted: the member of staff (or the name typed at a refused login).
    pub actor: &'a str,
    /// What, e.g. `staff.login`, `authorization.grant`, `sale.refund`, `staff.add`.
    pub action: &'a str,
    pub outcome: Outcome,
    /// What the act concerns, e.g. `Bon 17`, a proposal id, a staff name.
    pub subject: &'a str,
    /// Further facts as JSON (amounts, lines, the reason of a refusal).
    pub details: serde_json::Value,
}

/// Appends an entry and seals it. Returns its id.
pub fn record(tx: &Tx<'_>, entry: &NewEntry<'_>) -> Result<i64, StoreError> {
    tx.sql()
        .prepare_cached(
            "INSERT INTO audit_log (occurred_at, terminal, actor, action, outcome, subject, details)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            tx.now_text(),
            entry.terminal,
            entry.actor,
            entry.action,
            entry.outcome.as_str(),
            entry.subject,
            entry.details.to_string()
        ])?;
    let id = tx.sql().last_insert_rowid();
    chain::seal(tx, RecordKind::Audit, id)?;
    Ok(id)
}

/// A stored audit entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
// Named for the window's TypeScript, where another type has the short name.
#[serde(rename = "AuditEntry")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Entry {
    pub id: i64,
    pub occurred_at: String,
    pub terminal: String,
    pub actor: String,
    pub action: String,
    pub outcome: String,
    pub subject: String,
    pub details: serde_json::Value,
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<String>,
    /// An action name or its prefix before the dot, e.g. `sale` or `sale.refund`.
    pub action: Option<String>,
    pub limit: i64,
}

/// The most recent entries matching `filter`, oldest first.
pub fn list(db: &Db, filter: &Filter) -> Result<Vec<Entry>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT id, occurred_at, terminal, actor, action, outcome, subject, details FROM (
             SELECT * FROM audit_log
              WHERE (?1 IS NULL OR actor = ?1)
                AND (?2 IS NULL OR action = ?2 OR action LIKE ?2 || '.%')
              ORDER BY id DESC LIMIT ?3)
          ORDER BY id",
    )?;
    let limit = if filter.limit > 0 {
        filter.limit
    } else {
        i64::MAX
    };
    let rows = stmt.query_map(params![filter.actor, filter.action, limit], |r| {
        let details: String = r.get(7)?;
        Ok(Entry {
            id: r.get(0)?,
            occurred_at: r.get(1)?,
            terminal: r.get(2)?,
            actor: r.get(3)?,
            action: r.get(4)?,
            outcome: r.get(5)?,
            subject: r.get(6)?,
            details: serde_json::from_str(&details).unwrap_or(serde_json::Value::String(details)),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
