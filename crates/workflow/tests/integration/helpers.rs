//! Test fixtures: a tiny SQLite store of our own (articles, daily sales, purchase orders) that
//! implements the reorder traits the way the app will over the real store, and a fresh database
//! file per test filled with synthetic garden-centre data.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use filiale_workflow::ManualClock;
use filiale_workflow::reorder::{
    OrderId, PurchaseOrderRequest, PurchaseOrderSink, ReorderArticle, ReorderSource,
    ReorderWorkflow, SalesHistory,
};
use filiale_workflow::simulate::synthetic::{self, SyntheticArticle};
use rusqlite::{Connection, OptionalExtension, params};

/// The day the tests make their proposals: a Monday at the start of the spring season.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
}

pub fn morning() -> DateTime<Utc> {
    as_of().and_hms_opt(7, 30, 0).unwrap().and_utc()
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS test_articles (
    sku TEXT PRIMARY KEY, name TEXT NOT NULL, supplier TEXT NOT NULL, on_hand INTEGER NOT NULL,
    on_order INTEGER NOT NULL, reorder_point INTEGER NOT NULL, lead_time_days INTEGER NOT NULL,
    pack_size INTEGER NOT NULL, unit_cost_cents INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS test_sales (sku TEXT NOT NULL, day TEXT NOT NULL, qty INTEGER NOT NULL,
    PRIMARY KEY (sku, day));
CREATE TABLE IF NOT EXISTS test_purchase_orders (
    order_id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id TEXT NOT NULL UNIQUE,
    decided_by TEXT NOT NULL, decided_at TEXT NOT NULL, total_cents INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS test_purchase_order_lines (
    order_id INTEGER NOT NULL, supplier TEXT NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL,
    line_total_cents INTEGER NOT NULL);
";

/// A fresh database file with the test schema.
pub struct TestStore {
    pub dir: tempfile::TempDir,
    pub catalogue: Vec<SyntheticArticle>,
}

impl TestStore {
    /// 28 synthetic articles (four of each category), two years of sales before [`as_of`], and
    /// stock at each article's reorder point so that every article is looked at.
    pub fn garden_centre() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut catalogue = synthetic::catalogue(28, 3);
        for a in &mut catalogue {
            a.article.on_hand = a.article.reorder_point;
        }
        let from = as_of() - Duration::days(730);
        let demand = synthetic::demand(&catalogue, from, as_of(), from, 5);
        let store = Self { dir, catalogue };
        let mut conn = store.connect();
        conn.execute_batch(SCHEMA).unwrap();
        let tx = conn.transaction().unwrap();
        for a in store.catalogue.iter().map(|a| &a.article) {
            tx.execute(
                "INSERT INTO test_articles VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    a.sku,
                    a.name,
                    a.supplier,
                    a.on_hand,
                    a.on_order,
                    a.reorder_point,
                    a.lead_time_days,
                    a.pack_size,
                    a.unit_cost_cents
                ],
            )
            .unwrap();
            for (day, qty) in synthetic::to_sparse(from, &demand[&a.sku]) {
                tx.execute(
                    "INSERT INTO test_sales VALUES (?1, ?2, ?3)",
                    params![a.sku, day.to_string(), qty],
                )
                .unwrap();
            }
        }
        tx.commit().unwrap();
        store
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("store.db")
    }

    pub fn connect(&self) -> Connection {
        open(&self.db_path())
    }

    /// A reorder workflow on its own connections, as one process of the app would have.
    pub fn workflow(&self) -> ReorderWorkflow {
        workflow_at(&self.db_path())
    }

    /// `(thread_id, decided_by, total_cents, line count)` of every purchase order.
    pub fn purchase_orders(&self) -> Vec<(String, String, i64, i64)> {
        let conn = self.connect();
        let mut stmt = conn
            .prepare(
                "SELECT thread_id, decided_by, total_cents,
                    (SELECT COUNT(*) FROM test_purchase_order_lines l WHERE l.order_id = o.order_id)
                 FROM test_purchase_orders o ORDER BY order_id",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// The `on_order` of an article.
    pub fn on_order(&self, sku: &str) -> i64 {
        self.connect()
            .query_row(
                "SELECT on_order FROM test_articles WHERE sku = ?1",
                [sku],
                |r| r.get(0),
            )
            .unwrap()
    }
}

fn open(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn
}

/// A reorder workflow over the database at `path`, with a clock standing at [`morning`].
pub fn workflow_at(path: &Path) -> ReorderWorkflow {
    let store = Arc::new(SqliteStore(Mutex::new(open(path))));
    let checkpointer = crate::store_backed::checkpoints_at(path);
    ReorderWorkflow::new(
        checkpointer,
        Arc::new(ManualClock::new(morning())),
        store.clone(),
        store,
    )
    .unwrap()
}

/// The reorder traits over the test schema.
pub struct SqliteStore(pub Mutex<Connection>);

impl ReorderSource for SqliteStore {
    fn articles(&self) -> anyhow::Result<Vec<ReorderArticle>> {
        let conn = self.0.lock().unwrap();
        let mut stmt = conn.prepare(
            "SELECT sku, name, supplier, on_hand, on_order, reorder_point, lead_time_days,
                    pack_size, unit_cost_cents FROM test_articles ORDER BY sku",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ReorderArticle {
                sku: r.get(0)?,
                name: r.get(1)?,
                supplier: r.get(2)?,
                on_hand: r.get(3)?,
                on_order: r.get(4)?,
                reorder_point: r.get(5)?,
                lead_time_days: r.get(6)?,
                pack_size: r.get(7)?,
                unit_cost_cents: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn daily_sales(
        &self,
        skus: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> anyhow::Result<SalesHistory> {
        let wanted: HashSet<&str> = skus.iter().map(String::as_str).collect();
        let conn = self.0.lock().unwrap();
        let mut stmt = conn.prepare(
            "SELECT sku, day, qty FROM test_sales WHERE day BETWEEN ?1 AND ?2 ORDER BY sku, day",
        )?;
        let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
        let mut history: SalesHistory = skus.iter().map(|s| (s.clone(), Vec::new())).collect();
        while let Some(row) = rows.next()? {
            let sku: String = row.get(0)?;
            if wanted.contains(sku.as_str()) {
                let day: String = row.get(1)?;
                let day = day.parse::<NaiveDate>().context("sales day")?;
                history.entry(sku).or_default().push((day, row.get(2)?));
            }
        }
        Ok(history)
    }
}

impl PurchaseOrderSink for SqliteStore {
    fn create_order(&self, request: &PurchaseOrderRequest) -> anyhow::Result<OrderId> {
        let mut conn = self.0.lock().unwrap();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT order_id FROM test_purchase_orders WHERE thread_id = ?1",
                [&request.thread_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok(OrderId(id.to_string()));
        }
        tx.execute(
            "INSERT INTO test_purchase_orders (thread_id, decided_by, decided_at, total_cents)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                request.thread_id,
                request.decided_by,
                request.decided_at.to_rfc3339(),
                request.total_cents
            ],
        )?;
        let id = tx.last_insert_rowid();
        for s in &request.suppliers {
            for l in &s.lines {
                tx.execute(
                    "INSERT INTO test_purchase_order_lines VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, s.supplier, l.sku, l.quantity, l.line_total_cents],
                )?;
                tx.execute(
                    "UPDATE test_articles SET on_order = on_order + ?2 WHERE sku = ?1",
                    params![l.sku, l.quantity],
                )?;
            }
        }
        tx.commit()?;
        Ok(OrderId(id.to_string()))
    }
}
