//! The journal: balanced entries posted with their lines, account balances following, and their events.

use crate::chain::{self, RecordKind};
use crate::{Db, StoreError, Tx};
use filiale_domain::events::PostedLine;
use filiale_domain::{Account, Cents, DomainEvent, JournalEntry};
use rusqlite::{Connection, params};
use serde::Serialize;

/// Creates the chart of accounts in a new store database.
pub(crate) fn seed_chart_of_accounts(conn: &Connection) -> Result<(), StoreError> {
    let mut stmt = conn.prepare(
        "INSERT OR IGNORE INTO accounts (number, name, debit_normal) VALUES (?1, ?2, ?3)",
    )?;
    for account in Account::ALL {
        stmt.execute(params![
            account.number(),
            account.name(),
            account.is_debit_normal()
        ])?;
    }
    Ok(())
}

/// Posts a balanced entry: its lines, the new account balances, JournalEntryPosted and one
/// AccountBalanceChanged per account touched. Returns the entry id.
pub fn post(tx: &mut Tx<'_>, entry: &JournalEntry) -> Result<i64, StoreError> {
    tx.sql()
        .prepare_cached(
            "INSERT INTO journal_entries (posted_at, text, reference) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![tx.now_text(), entry.text, entry.reference])?;
    let entry_id = tx.sql().last_insert_rowid();
    for (line_no, line) in entry.lines().iter().enumerate() {
        tx.sql()
            .prepare_cached(
                "INSERT INTO journal_lines (entry_id, line_no, account, debit_cents, credit_cents) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![entry_id, line_no as i64 + 1, line.account.number(), line.debit.get(), line.credit.get()])?;
    }
    chain::seal(tx, RecordKind::JournalEntry, entry_id)?;
    tx.emit(&DomainEvent::JournalEntryPosted {
        entry_id,
        text: entry.text.clone(),
        reference: entry.reference.clone(),
        lines: entry
            .lines()
            .iter()
            .map(|l| PostedLine {
                account: l.account.number(),
                debit_cents: l.debit,
                credit_cents: l.credit,
            })
            .collect(),
    })?;
    for line in entry.lines() {
        let delta = line.balance_effect();
        let balance: i64 = tx
            .sql()
            .prepare_cached("UPDATE accounts SET balance_cents = balance_cents + ?2 WHERE number = ?1 RETURNING balance_cents")?
            .query_row(params![line.account.number(), delta.get()], |r| r.get(0))?;
        tx.emit(&DomainEvent::AccountBalanceChanged {
            account: line.account.number(),
            name: line.account.name().to_owned(),
            delta_cents: delta,
            balance_cents: Cents::new(balance),
        })?;
    }
    Ok(entry_id)
}

/// An account with its balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountBalance {
    pub number: u32,
    pub name: String,
    pub balance_cents: i64,
}

pub fn balances(db: &Db) -> Result<Vec<AccountBalance>, StoreError> {
    let conn = db.conn();
    let mut stmt =
        conn.prepare_cached("SELECT number, name, balance_cents FROM accounts ORDER BY number")?;
    let rows = stmt.query_map([], |r| {
        Ok(AccountBalance {
            number: r.get(0)?,
            name: r.get(1)?,
            balance_cents: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Sum of debits minus sum of credits over all posted lines: zero in balanced books.
pub fn trial_balance_difference(db: &Db) -> Result<i64, StoreError> {
    let conn = db.conn();
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(debit_cents) - SUM(credit_cents), 0) FROM journal_lines",
        [],
        |r| r.get(0),
    )?)
}

/// A posted entry with its lines, for the back office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostedEntry {
    pub id: i64,
    pub posted_at: String,
    pub text: String,
    pub reference: String,
    pub lines: Vec<(u32, i64, i64)>,
}

/// The most recent entries, newest first.
pub fn recent_entries(db: &Db, limit: i64) -> Result<Vec<PostedEntry>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT id, posted_at, text, reference FROM journal_entries ORDER BY id DESC LIMIT ?1",
    )?;
    let mut entries: Vec<PostedEntry> = stmt
        .query_map([limit], |r| {
            Ok(PostedEntry {
                id: r.get(0)?,
                posted_at: r.get(1)?,
                text: r.get(2)?,
                reference: r.get(3)?,
                lines: Vec::new(),
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut lines = conn.prepare_cached(
        "SELECT account, debit_cents, credit_cents FROM journal_lines WHERE entry_id = ?1 ORDER BY line_no",
    )?;
    for entry in &mut entries {
        entry.lines = lines
            .query_map([entry.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
    }
    Ok(entries)
}

/// Number of posted entries.
pub fn entry_count(db: &Db) -> Result<i64, StoreError> {
    let conn = db.conn();
    Ok(conn.query_row("SELECT COUNT(*) FROM journal_entries", [], |r| r.get(0))?)
}
