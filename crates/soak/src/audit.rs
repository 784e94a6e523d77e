//! What must hold in a store database after any crash: the file is intact, receipt numbers and
//! `store_seq` have no gaps, every sale has all its events and a balanced journal entry (and no event
//! or entry exists without its sale), the books agree with the journal, and every receipt a cashier
//! was shown is still there.

use anyhow::Context;
use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeSet;
use std::path::Path;

/// Figures of one audit, and everything found wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audit {
    pub sales: i64,
    pub events: i64,
    /// Confirmed receipts (printed to the cashier) that are not in the database.
    pub lost_sales: Vec<i64>,
    pub problems: Vec<String>,
}

impl Audit {
    pub fn clean(&self) -> bool {
        self.lost_sales.is_empty() && self.problems.is_empty()
    }
}

/// Opens the store file as the next program start would (recovering a WAL left by a crash) and audits it.
pub fn audit(database: &Path, confirmed: &BTreeSet<i64>) -> anyhow::Result<Audit> {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .with_context(|| format!("cannot reopen {}", database.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    audit_connection(&conn, confirmed)
}

/// Audits the store file through a read-only connection of the auditor's own, beside a process
/// that keeps it open (nothing is written, so a full disk does not stop it).
pub fn audit_beside(database: &Path, confirmed: &BTreeSet<i64>) -> anyhow::Result<Audit> {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open {} to audit it", database.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    audit_connection(&conn, confirmed)
}

/// The audit on an open connection.
pub fn audit_connection(conn: &Connection, confirmed: &BTreeSet<i64>) -> anyhow::Result<Audit> {
    let mut audit = Audit::default();
    let integrity: Vec<String> = strings(conn, "PRAGMA integrity_check")?;
    if integrity != ["ok"] {
        audit
            .problems
            .push(format!("integrity_check: {}", integrity.join("; ")));
        return Ok(audit);
    }
    let fk: Vec<String> = strings(
        conn,
        "SELECT \"table\" || ' row ' || rowid FROM pragma_foreign_key_check",
    )?;
    for row in fk {
        audit.problems.push(format!("foreign key broken: {row}"));
    }

    let (sales, max_receipt) = pair(
        conn,
        "SELECT COUNT(*), COALESCE(MAX(receipt_no), 0) FROM sales",
    )?;
    audit.sales = sales;
    if sales != max_receipt {
        audit.problems.push(format!(
            "receipt numbers have gaps: {sales} sales, highest receipt {max_receipt}"
        ));
    }
    let receipt_counter = single(
        conn,
        "SELECT COALESCE(MAX(value), 0) FROM counters WHERE name = 'receipt_no'",
    )?;
    if receipt_counter != max_receipt {
        audit.problems.push(format!(
            "receipt counter {receipt_counter} but highest receipt {max_receipt}"
        ));
    }
    let (events, max_seq) = pair(
        conn,
        "SELECT COUNT(*), COALESCE(MAX(store_seq), 0) FROM outbox",
    )?;
    audit.events = events;
    if events != max_seq {
        audit.problems.push(format!(
            "store_seq has gaps: {events} events, highest store_seq {max_seq}"
        ));
    }
    let seq_counter = single(
        conn,
        "SELECT COALESCE(MAX(value), 0) FROM counters WHERE name = 'store_seq'",
    )?;
    if seq_counter != max_seq {
        audit.problems.push(format!(
            "store_seq counter {seq_counter} but highest store_seq {max_seq}"
        ));
    }

    let stored: BTreeSet<i64> = numbers(conn, "SELECT receipt_no FROM sales")?
        .into_iter()
        .collect();
    audit.lost_sales = confirmed.difference(&stored).copied().collect();

    for (what, sql) in SALE_CHECKS {
        for receipt in numbers(conn, sql)? {
            audit.problems.push(format!("receipt {receipt}: {what}"));
        }
    }
    for (what, sql) in BOOK_CHECKS {
        for value in strings(conn, sql)? {
            audit.problems.push(format!("{what}: {value}"));
        }
    }
    Ok(audit)
}

/// Per-sale checks: each query returns the receipt numbers that break the rule. They group first
/// and join afterwards, so an audit stays linear in the size of the database.
const SALE_CHECKS: &[(&str, &str)] = &[
    (
        "lines do not add up to the total",
        "WITH l AS (SELECT receipt_no, SUM(line_total_cents) AS total FROM sale_lines GROUP BY receipt_no)
         SELECT s.receipt_no FROM sales s LEFT JOIN l USING (receipt_no)
         WHERE l.total IS NULL OR l.total != s.total_cents",
    ),
    (
        "VAT breakdown does not add up to the total",
        "WITH v AS (SELECT receipt_no, SUM(gross_cents) AS total FROM sale_vat GROUP BY receipt_no)
         SELECT s.receipt_no FROM sales s LEFT JOIN v USING (receipt_no)
         WHERE v.total IS NULL OR v.total != s.total_cents",
    ),
    (
        "not exactly one SaleCompleted event",
        "WITH e AS (SELECT CAST(aggregate_id AS INTEGER) AS receipt_no, COUNT(*) AS n FROM outbox
                    WHERE event_type = 'SaleCompleted' GROUP BY aggregate_id)
         SELECT s.receipt_no FROM sales s LEFT JOIN e USING (receipt_no) WHERE COALESCE(e.n, 0) != 1",
    ),
    (
        "stock movements or StockUpdated events do not match its lines",
        "WITH l AS (SELECT receipt_no, COUNT(*) AS n FROM sale_lines GROUP BY receipt_no),
              m AS (SELECT CAST(substr(reference, 5) AS INTEGER) AS receipt_no, COUNT(*) AS n
                    FROM stock_movements WHERE kind = 'sale' AND reference LIKE 'Bon %' GROUP BY reference),
              e AS (SELECT CAST(substr(json_extract(envelope, '$.payload.reference'), 5) AS INTEGER) AS receipt_no,
                           COUNT(*) AS n
                    FROM outbox WHERE event_type = 'StockUpdated'
                    AND json_extract(envelope, '$.payload.reference') LIKE 'Bon %' GROUP BY 1)
         SELECT s.receipt_no FROM sales s LEFT JOIN l USING (receipt_no) LEFT JOIN m USING (receipt_no)
           LEFT JOIN e USING (receipt_no)
         WHERE COALESCE(l.n, 0) != COALESCE(m.n, 0) OR COALESCE(l.n, 0) != COALESCE(e.n, 0)",
    ),
    (
        "no balanced journal entry for the total, or more than one",
        "WITH j AS (SELECT CAST(substr(e.reference, 9) AS INTEGER) AS receipt_no, COUNT(DISTINCT e.id) AS n,
                           SUM(l.debit_cents) AS debit, SUM(l.credit_cents) AS credit
                    FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                    WHERE e.reference LIKE 'receipt:%' GROUP BY e.reference)
         SELECT s.receipt_no FROM sales s LEFT JOIN j USING (receipt_no)
         WHERE COALESCE(j.n, 0) != 1 OR j.debit != s.total_cents OR j.credit != s.total_cents",
    ),
    (
        "journal entry without exactly one JournalEntryPosted event",
        "WITH p AS (SELECT CAST(aggregate_id AS INTEGER) AS entry_id, COUNT(*) AS n FROM outbox
                    WHERE event_type = 'JournalEntryPosted' GROUP BY aggregate_id)
         SELECT CAST(substr(e.reference, 9) AS INTEGER) FROM journal_entries e
           LEFT JOIN p ON p.entry_id = e.id
         WHERE e.reference LIKE 'receipt:%' AND COALESCE(p.n, 0) != 1",
    ),
    (
        "SaleCompleted event without its sale",
        "SELECT CAST(o.aggregate_id AS INTEGER) FROM outbox o LEFT JOIN sales s
           ON s.receipt_no = CAST(o.aggregate_id AS INTEGER)
         WHERE o.event_type = 'SaleCompleted' AND s.receipt_no IS NULL",
    ),
    (
        "journal entry without its sale",
        "SELECT CAST(substr(e.reference, 9) AS INTEGER) FROM journal_entries e LEFT JOIN sales s
           ON s.receipt_no = CAST(substr(e.reference, 9) AS INTEGER)
         WHERE e.reference LIKE 'receipt:%' AND s.receipt_no IS NULL",
    ),
];

/// Whole-book checks: each query returns a description of what breaks the rule.
const BOOK_CHECKS: &[(&str, &str)] = &[
    (
        "account balance differs from its journal lines",
        "SELECT a.number || ' balance ' || a.balance_cents || ' journal ' ||
           COALESCE((SELECT SUM(CASE WHEN a.debit_normal = 1 THEN l.debit_cents - l.credit_cents
                                     ELSE l.credit_cents - l.debit_cents END)
                     FROM journal_lines l WHERE l.account = a.number), 0)
         FROM accounts a WHERE a.balance_cents != COALESCE((SELECT SUM(CASE WHEN a.debit_normal = 1
           THEN l.debit_cents - l.credit_cents ELSE l.credit_cents - l.debit_cents END)
           FROM journal_lines l WHERE l.account = a.number), 0)",
    ),
    (
        "AccountBalanceChanged events differ from journal lines",
        "SELECT (SELECT COUNT(*) FROM outbox WHERE event_type = 'AccountBalanceChanged') || ' events, ' ||
                (SELECT COUNT(*) FROM journal_lines) || ' lines'
         WHERE (SELECT COUNT(*) FROM outbox WHERE event_type = 'AccountBalanceChanged')
            != (SELECT COUNT(*) FROM journal_lines)",
    ),
    (
        "on-hand stock differs from its movements",
        "SELECT a.sku FROM articles a JOIN (SELECT sku, MAX(id) AS last FROM stock_movements GROUP BY sku) m
           ON m.sku = a.sku JOIN stock_movements s ON s.id = m.last WHERE s.on_hand_after != a.on_hand",
    ),
];

fn single(conn: &Connection, sql: &str) -> anyhow::Result<i64> {
    conn.query_row(sql, [], |r| r.get(0))
        .with_context(|| sql.to_owned())
}

fn pair(conn: &Connection, sql: &str) -> anyhow::Result<(i64, i64)> {
    conn.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .with_context(|| sql.to_owned())
}

fn numbers(conn: &Connection, sql: &str) -> anyhow::Result<Vec<i64>> {
    let mut stmt = conn.prepare(sql).with_context(|| sql.to_owned())?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn strings(conn: &Connection, sql: &str) -> anyhow::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql).with_context(|| sql.to_owned())?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
