//! The article CSV: `sku;ean;name;description;category;unit;price;vat_rate;stock;reorder_point;supplier;lead_time_days;pack_size`
//! (plus optional `purchase_price`). Required: sku, name, price, vat_rate.

use super::table::{CsvTable, FileError, Row, RowError};
use filiale_domain::{ArticleDraft, Cents, VatRate};

/// The columns an article file must have.
pub const REQUIRED: &[&str] = &["sku", "name", "price", "vat_rate"];

/// A valid row: the article and the initial stock it brings.
#[derive(Debug, Clone)]
pub struct ArticleRow {
    pub line: u64,
    pub article: filiale_domain::Article,
    pub stock: Option<i64>,
}

/// Parses the file into valid rows and row errors. Nothing is written here.
pub fn parse(bytes: &[u8]) -> Result<(Vec<ArticleRow>, Vec<RowError>), FileError> {
    let table = CsvTable::parse(bytes, REQUIRED)?;
    let mut valid = Vec::new();
    let mut errors = table.broken.clone();
    for row in table.rows() {
        match parse_row(&row) {
            Ok((article, stock)) => valid.push(ArticleRow {
                line: row.line,
                article,
                stock,
            }),
            Err(reason) => errors.push(RowError {
                line: row.line,
                reason,
            }),
        }
    }
    errors.sort_by_key(|e| e.line);
    Ok((valid, errors))
}

fn money(row: &Row<'_>, column: &str) -> Result<Option<Cents>, String> {
    row.get(column)
        .map(|text| Cents::parse_eur(text).map_err(|e| format!("{column}: {e}")))
        .transpose()
}

fn non_negative_u32(row: &Row<'_>, column: &str) -> Result<Option<u32>, String> {
    match row.integer(column)? {
        None => Ok(None),
        Some(n) => u32::try_from(n)
            .map(Some)
            .map_err(|_| format!("{column} {n} must be 0 or more")),
    }
}

fn parse_row(row: &Row<'_>) -> Result<(filiale_domain::Article, Option<i64>), String> {
    let price = money(row, "price")?.ok_or("price is empty")?;
    let vat_rate = VatRate::parse(row.require("vat_rate")?).map_err(|e| e.to_string())?;
    let draft = ArticleDraft {
        sku: row.require("sku")?.to_owned(),
        ean: row.get("ean").map(str::to_owned),
        name: row.require("name")?.to_owned(),
        description: row.get("description").unwrap_or_default().to_owned(),
        category: row.get("category").unwrap_or_default().to_owned(),
        unit: row.get("unit").unwrap_or_default().to_owned(),
        price,
        vat_rate: Some(vat_rate),
        purchase_price: money(row, "purchase_price")?,
        pack_size: non_negative_u32(row, "pack_size")?,
        supplier: row.get("supplier").map(str::to_owned),
        lead_time_days: non_negative_u32(row, "lead_time_days")?,
        reorder_point: row.integer("reorder_point")?,
    };
    let article = draft.validate().map_err(|e| e.to_string())?;
    let stock = row.integer("stock")?;
    if let Some(s) = stock
        && !(-1_000_000..=1_000_000).contains(&s)
    {
        return Err(format!("stock {s} is implausible"));
    }
    Ok((article, stock))
}
