//! Articles: create or update by SKU (ArticleCreated / ArticleUpdated), look up by SKU or EAN, list.

use crate::{Db, StoreError, Tx, stock};
use filiale_domain::{Article, Cents, DomainEvent, Ean, MovementKind, Sku, VatRate};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

/// An article with its current stock figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StockedArticle {
    #[serde(flatten)]
    pub article: Article,
    pub on_hand: i64,
    pub on_order: i64,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Created,
    Updated,
    Unchanged,
}

const COLUMNS: &str =
    "sku, ean, name, description, category, unit, price_cents, vat_rate, purchase_price_cents,
     pack_size, supplier, lead_time_days, reorder_point, on_hand, on_order";

fn from_row(row: &Row<'_>) -> rusqlite::Result<StockedArticle> {
    let bad = |i, e: String| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    };
    let sku: String = row.get(0)?;
    let ean: Option<String> = row.get(1)?;
    let vat: u8 = row.get(7)?;
    Ok(StockedArticle {
        article: Article {
            sku: Sku::parse(&sku).map_err(|e| bad(0, e.to_string()))?,
            ean: ean
                .map(|e| Ean::parse(&e))
                .transpose()
                .map_err(|e| bad(1, e.to_string()))?,
            name: row.get(2)?,
            description: row.get(3)?,
            category: row.get(4)?,
            unit: row.get(5)?,
            price: Cents::new(row.get(6)?),
            vat_rate: VatRate::try_from(vat).map_err(|e| bad(7, e.to_string()))?,
            purchase_price: row.get::<_, Option<i64>>(8)?.map(Cents::new),
            pack_size: row.get(9)?,
            supplier: row.get(10)?,
            lead_time_days: row.get(11)?,
            reorder_point: row.get(12)?,
        },
        on_hand: row.get(13)?,
        on_order: row.get(14)?,
    })
}

/// Finds an article by SKU.
pub fn get(db: &Db, sku: &str) -> Result<Option<StockedArticle>, StoreError> {
    let conn = db.conn();
    let sql = format!("SELECT {COLUMNS} FROM articles WHERE sku = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([sku], from_row)
        .optional()?)
}

/// The articles of `skus` in the order given, in one query; SKUs the store does not have are
/// left out (a search index may still know an article that was removed).
pub fn get_many(db: &Db, skus: &[String]) -> Result<Vec<StockedArticle>, StoreError> {
    let conn = db.conn();
    if skus.is_empty() {
        return Ok(Vec::new());
    }
    let json = serde_json::to_string(skus)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM articles JOIN json_each(?1) AS wanted ON wanted.value = articles.sku
         ORDER BY wanted.key"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([json], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Finds an article by SKU, or says that it does not exist.
pub fn require(db: &Db, sku: &str) -> Result<StockedArticle, StoreError> {
    get(db, sku)?.ok_or_else(|| StoreError::UnknownArticle(sku.to_owned()))
}

/// Finds an article by its EAN barcode.
pub fn by_ean(db: &Db, ean: &str) -> Result<Option<StockedArticle>, StoreError> {
    let conn = db.conn();
    let sql = format!("SELECT {COLUMNS} FROM articles WHERE ean = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([ean], from_row)
        .optional()?)
}

/// Lists articles ordered by SKU, optionally only those of one category.
pub fn list(
    db: &Db,
    category: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<Vec<StockedArticle>, StoreError> {
    let conn = db.conn();
    let sql = format!(
        "SELECT {COLUMNS} FROM articles WHERE (?1 IS NULL OR category = ?1) ORDER BY sku LIMIT ?2 OFFSET ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![category, limit, offset], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn count(db: &Db) -> Result<i64, StoreError> {
    let conn = db.conn();
    Ok(conn.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?)
}

/// Articles at or below their reorder point.
pub fn low_stock(db: &Db) -> Result<Vec<StockedArticle>, StoreError> {
    let conn = db.conn();
    let sql = format!("SELECT {COLUMNS} FROM articles WHERE on_hand <= reorder_point ORDER BY sku");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Creates the article or updates the one with the same SKU. A new article with `initial_stock`
/// gets a stock receipt. Re-submitting identical data changes nothing and emits nothing.
pub fn upsert(
    tx: &mut Tx<'_>,
    article: &Article,
    initial_stock: Option<i64>,
) -> Result<Upserted, StoreError> {
    if let Some(ean) = &article.ean {
        let owner: Option<String> = tx
            .sql()
            .prepare_cached("SELECT sku FROM articles WHERE ean = ?1")?
            .query_row([ean.as_str()], |r| r.get(0))
            .optional()?;
        if let Some(owner) = owner.filter(|o| o != article.sku.as_str()) {
            return Err(StoreError::DuplicateEan {
                ean: ean.to_string(),
                sku: owner,
            });
        }
    }
    let existing = get(tx.db(), article.sku.as_str())?;
    let now = tx.now_text();
    let values = params![
        article.sku.as_str(),
        article.ean.as_ref().map(|e| e.as_str()),
        article.name,
        article.description,
        article.category,
        article.unit,
        article.price.get(),
        article.vat_rate.percent(),
        article.purchase_price.map(Cents::get),
        article.pack_size,
        article.supplier,
        article.lead_time_days,
        article.reorder_point,
        now,
    ];
    match existing {
        Some(current) if current.article == *article => Ok(Upserted::Unchanged),
        Some(_) => {
            tx.sql()
                .prepare_cached(
                    "UPDATE articles SET ean = ?2, name = ?3, description = ?4, category = ?5, unit = ?6,
                     price_cents = ?7, vat_rate = ?8, purchase_price_cents = ?9, pack_size = ?10, supplier = ?11,
                     lead_time_days = ?12, reorder_point = ?13, updated_at = ?14 WHERE sku = ?1",
                )?
                .execute(values)?;
            tx.emit(&DomainEvent::ArticleUpdated {
                sku: article.sku.to_string(),
                name: article.name.clone(),
                category: article.category.clone(),
                price_cents: article.price,
                vat_rate: article.vat_rate,
            })?;
            Ok(Upserted::Updated)
        }
        None => {
            tx.sql()
                .prepare_cached(
                    "INSERT INTO articles (sku, ean, name, description, category, unit, price_cents, vat_rate,
                     purchase_price_cents, pack_size, supplier, lead_time_days, reorder_point, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
                )?
                .execute(values)?;
            tx.emit(&DomainEvent::ArticleCreated {
                sku: article.sku.to_string(),
                ean: article.ean.as_ref().map(ToString::to_string),
                name: article.name.clone(),
                category: article.category.clone(),
                unit: article.unit.clone(),
                price_cents: article.price,
                vat_rate: article.vat_rate,
                supplier: article.supplier.clone(),
            })?;
            if let Some(quantity) = initial_stock.filter(|q| *q != 0) {
                stock::record_movement(
                    tx,
                    &article.sku,
                    MovementKind::Receipt,
                    quantity,
                    Some("Anfangsbestand"),
                )?;
            }
            Ok(Upserted::Created)
        }
    }
}
