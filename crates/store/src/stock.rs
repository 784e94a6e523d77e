//! Stock movements: every receipt, sale and adjustment is a ledger row plus StockUpdated, and
//! LowStockDetected when the article crosses its reorder point.

use crate::{Db, StoreError, Tx, articles};
use filiale_domain::{DomainEvent, MovementKind, Sku, StockChange};
use rusqlite::params;
use serde::Serialize;

/// Records a movement of `delta` units and returns its effect. Stock may go negative: a store sells
/// what is on the counter even when book stock says zero; the change says so in `negative`.
pub fn record_movement(
    tx: &mut Tx<'_>,
    sku: &Sku,
    kind: MovementKind,
    delta: i64,
    reference: Option<&str>,
) -> Result<StockChange, StoreError> {
    let article = articles::require(tx.db(), sku.as_str())?;
    let change = StockChange::apply(article.on_hand, delta, article.article.reorder_point);
    tx.sql()
        .prepare_cached("UPDATE articles SET on_hand = ?2, updated_at = ?3 WHERE sku = ?1")?
        .execute(params![sku.as_str(), change.after, tx.now_text()])?;
    tx.sql()
        .prepare_cached(
            "INSERT INTO stock_movements (sku, kind, delta, on_hand_after, reference, occurred_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            sku.as_str(),
            kind.as_str(),
            delta,
            change.after,
            reference,
            tx.now_text()
        ])?;
    if change.negative {
        tracing::warn!(
            sku = sku.as_str(),
            on_hand = change.after,
            "sold beyond book stock; stocktake advised"
        );
    }
    tx.emit(&DomainEvent::StockUpdated {
        sku: sku.to_string(),
        movement: kind,
        delta,
        on_hand: change.after,
        reference: reference.map(str::to_owned),
    })?;
    if change.crossed_reorder_point {
        tx.emit(&DomainEvent::LowStockDetected {
            sku: sku.to_string(),
            name: article.article.name.clone(),
            on_hand: change.after,
            reorder_point: article.article.reorder_point,
            supplier: article.article.supplier.clone(),
        })?;
    }
    Ok(change)
}

/// Sets the on-hand quantity to a counted value (stocktake), recording the difference as an adjustment.
pub fn adjust_to(
    tx: &mut Tx<'_>,
    sku: &Sku,
    counted: i64,
    reason: &str,
) -> Result<StockChange, StoreError> {
    let current = articles::require(tx.db(), sku.as_str())?.on_hand;
    record_movement(
        tx,
        sku,
        MovementKind::Adjustment,
        counted - current,
        Some(reason),
    )
}

/// One row of an article's stock ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Movement {
    pub id: i64,
    pub kind: String,
    pub delta: i64,
    pub on_hand_after: i64,
    pub reference: Option<String>,
    pub occurred_at: String,
}

/// The most recent movements of an article, newest first.
pub fn movements(db: &Db, sku: &str, limit: i64) -> Result<Vec<Movement>, StoreError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, delta, on_hand_after, reference, occurred_at FROM stock_movements
         WHERE sku = ?1 ORDER BY id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![sku, limit], |r| {
        Ok(Movement {
            id: r.get(0)?,
            kind: r.get(1)?,
            delta: r.get(2)?,
            on_hand_after: r.get(3)?,
            reference: r.get(4)?,
            occurred_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
