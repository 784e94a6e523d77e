//! In-memory [`ReorderSource`] and [`PurchaseOrderSink`]: for unit tests, benchmarks and the
//! replay simulator. The app implements the traits over the store instead.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use chrono::NaiveDate;

use super::source::{
    OrderId, PurchaseOrderRequest, PurchaseOrderSink, ReorderArticle, ReorderSource, SalesHistory,
    StockoutDays,
};

/// Articles and their daily sales, held in memory.
#[derive(Debug, Default)]
pub struct MemorySource {
    /// A std mutex: the simulator changes stock between runs; every use is short.
    articles: Mutex<Vec<ReorderArticle>>,
    /// Per SKU, `(day, units)` sorted by day.
    sales: Mutex<HashMap<String, Vec<(NaiveDate, i64)>>>,
    /// Per SKU, the days it ran out of stock, sorted.
    stockouts: Mutex<StockoutDays>,
}

impl MemorySource {
    pub fn new(articles: Vec<ReorderArticle>) -> Self {
        Self {
            articles: Mutex::new(articles),
            sales: Mutex::new(HashMap::new()),
            stockouts: Mutex::new(StockoutDays::new()),
        }
    }

    /// Records `units` sold of `sku` on `day` (added to what that day already has).
    pub fn record_sale(&self, sku: &str, day: NaiveDate, units: i64) {
        let mut sales = self.sales.lock().unwrap_or_else(|e| e.into_inner());
        let days = sales.entry(sku.to_owned()).or_default();
        match days.binary_search_by_key(&day, |(d, _)| *d) {
            Ok(i) => days[i].1 += units,
            Err(i) => days.insert(i, (day, units)),
        }
    }

    /// Records that `sku` was out of stock on `day` (days in order; a day once).
    pub fn record_stockout(&self, sku: &str, day: NaiveDate) {
        let mut stockouts = self.stockouts.lock().unwrap_or_else(|e| e.into_inner());
        let days = stockouts.entry(sku.to_owned()).or_default();
        if days.last() != Some(&day) {
            days.push(day);
        }
    }

    /// Replaces the whole history of `sku` (must be sorted by day).
    pub fn set_history(&self, sku: &str, days: Vec<(NaiveDate, i64)>) {
        let mut sales = self.sales.lock().unwrap_or_else(|e| e.into_inner());
        sales.insert(sku.to_owned(), days);
    }

    /// Changes one article in place (stock, open orders, ...).
    pub fn update_article(&self, sku: &str, change: impl FnOnce(&mut ReorderArticle)) {
        let mut articles = self.articles.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(a) = articles.iter_mut().find(|a| a.sku == sku) {
            change(a);
        }
    }
}

impl ReorderSource for MemorySource {
    fn articles(&self) -> anyhow::Result<Vec<ReorderArticle>> {
        Ok(self
            .articles
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone())
    }

    fn daily_sales(
        &self,
        skus: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> anyhow::Result<SalesHistory> {
        let sales = self.sales.lock().unwrap_or_else(|e| e.into_inner());
        Ok(skus
            .iter()
            .map(|sku| {
                let days = sales.get(sku).map_or(&[][..], Vec::as_slice);
                let start = days.partition_point(|(d, _)| *d < from);
                let end = days.partition_point(|(d, _)| *d <= to);
                (sku.clone(), days[start..end].to_vec())
            })
            .collect())
    }

    fn stockout_days(
        &self,
        skus: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> anyhow::Result<StockoutDays> {
        let stockouts = self.stockouts.lock().unwrap_or_else(|e| e.into_inner());
        Ok(skus
            .iter()
            .filter_map(|sku| {
                let days: Vec<NaiveDate> = stockouts
                    .get(sku)?
                    .iter()
                    .filter(|d| (from..=to).contains(*d))
                    .copied()
                    .collect();
                (!days.is_empty()).then(|| (sku.clone(), days))
            })
            .collect())
    }
}

/// Purchase orders held in memory, one per thread id.
#[derive(Debug, Default)]
pub struct MemoryOrders {
    /// A std mutex: create-or-get must be atomic, and it is never held for long.
    orders: Mutex<BTreeMap<String, (OrderId, PurchaseOrderRequest)>>,
}

impl MemoryOrders {
    /// Every order created so far, by thread id.
    pub fn orders(&self) -> Vec<(OrderId, PurchaseOrderRequest)> {
        self.orders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .cloned()
            .collect()
    }
}

impl PurchaseOrderSink for MemoryOrders {
    fn create_order(&self, request: &PurchaseOrderRequest) -> anyhow::Result<OrderId> {
        let mut orders = self.orders.lock().unwrap_or_else(|e| e.into_inner());
        let next = orders.len() + 1;
        let (id, _) = orders
            .entry(request.thread_id.clone())
            .or_insert_with(|| (OrderId(format!("PO-{next:05}")), request.clone()));
        Ok(id.clone())
    }
}
