//! The store at a glance: what the start page and `filiale status` show.

use super::BackOffice;
use super::UseCaseError;
use crate::dto::StoreOverview;
use filiale_store::outbox;
use filiale_store::{articles, customers, sales};

impl BackOffice<'_> {
    pub fn overview(&self) -> Result<StoreOverview, UseCaseError> {
        let today = self.app.now().date_naive().to_string();
        Ok(self.app.store.read(|c| {
            let (sales_today, revenue) = sales::day_summary(c, &today)?;
            Ok(StoreOverview {
                store_id: self.app.config.store.store_id.clone(),
                store_name: self.app.config.store.store_name.clone(),
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
