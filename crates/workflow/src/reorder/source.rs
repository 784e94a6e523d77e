//! The data interfaces the reorder graph needs. The app implements them over the store; this crate
//! ships only an in-memory implementation ([`super::memory`]).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One article as the reorder proposal sees it. Quantities are in the article's selling unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReorderArticle {
    pub sku: String,
    pub name: String,
    /// Supplier name or number; proposal lines are grouped by it.
    pub supplier: String,
    pub on_hand: i64,
    /// Ordered but not yet received.
    pub on_order: i64,
    /// The article master's "Meldebestand".
    pub reorder_point: i64,
    pub lead_time_days: u32,
    /// The supplier's pack size; order quantities are rounded up to a multiple of it (>= 1).
    pub pack_size: i64,
    /// Purchase price per unit in cents.
    pub unit_cost_cents: i64,
}

/// Units sold per day for each requested SKU. Days without sales may be left out.
pub type SalesHistory = HashMap<String, Vec<(NaiveDate, i64)>>;

/// Read access to the articles and their sales, implemented by the app over the store.
pub trait ReorderSource: Send + Sync {
    /// Every article that can be reordered (active, with a supplier).
    fn articles(&self) -> anyhow::Result<Vec<ReorderArticle>>;

    /// Units sold per day for `skus` between `from` and `to` inclusive, in one query.
    fn daily_sales(
        &self,
        skus: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> anyhow::Result<SalesHistory>;

    /// The days between `from` and `to` inclusive on which each of `skus` was out of stock at
    /// some point (stock at or below zero): those days' sales are censored, not the demand.
    /// Without stock records there are none.
    fn stockout_days(
        &self,
        _skus: &[String],
        _from: NaiveDate,
        _to: NaiveDate,
    ) -> anyhow::Result<StockoutDays> {
        Ok(StockoutDays::new())
    }
}

/// Per SKU, the days it was out of stock, sorted.
pub type StockoutDays = HashMap<String, Vec<NaiveDate>>;

/// One line of an approved order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderLine {
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_cost_cents: i64,
    pub line_total_cents: i64,
}

/// The approved order for one supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SupplierOrder {
    pub supplier: String,
    pub lines: Vec<OrderLine>,
    pub total_cents: i64,
}

/// Everything a purchase order is made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PurchaseOrderRequest {
    /// The workflow thread: the idempotency key. One thread gives at most one order.
    pub thread_id: String,
    pub suppliers: Vec<SupplierOrder>,
    pub total_cents: i64,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

/// The id the store gave a purchase order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderId(pub String);

/// Creates purchase orders, implemented by the app over the store (order rows, `on_order`, and
/// the outbox event in one transaction).
pub trait PurchaseOrderSink: Send + Sync {
    /// Creates the order for `request.thread_id`, or returns the id of the order already created
    /// for it: calling this twice with the same thread id must leave exactly one order.
    fn create_order(&self, request: &PurchaseOrderRequest) -> anyhow::Result<OrderId>;
}
