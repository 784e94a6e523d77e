//! The store at a glance: what the start page and `filiale status` show.

use super::UseCaseError;
use crate::App;
use filiale_store::outbox::{self, OutboxStatus};
use filiale_store::{articles, customers, sales};
use serde::Serialize;

/// Key figures of the store.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoreOverview {
    pub store_id: String,
    pub store_name: String,
    pub articles: i64,
    pub customers: i64,
    pub low_stock: usize,
    pub sales_today: i64,
    pub revenue_today_cents: i64,
    pub outbox: OutboxStatus,
}

impl App {
    pub fn overview(&self) -> Result<StoreOverview, UseCaseError> {
        let today = self.now().date_naive().to_string();
        Ok(self.store.read(|c| {
            let (sales_today, revenue) = sales::day_summary(c, &today)?;
            Ok(StoreOverview {
                store_id: self.config.store.store_id.clone(),
                store_name: self.config.store.store_name.clone(),
                articles: articles::count(c)?,
                customers: customers::count(c)?,
                low_stock: articles::low_stock(c)?.len(),
                sales_today,
                revenue_today_cents: revenue.get(),
                outbox: outbox::status(c)?,
            })
        })?)
    }
}
