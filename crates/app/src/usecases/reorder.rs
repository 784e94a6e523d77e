//! Reorder proposals: start one over the store's stock and sales history, list and show them, and
//! approve or reject them behind a manager's PIN. The workflow engine checkpoints into the store's
//! database file; purchase orders and their events are written by the store in one transaction.

use super::UseCaseError;
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use filiale_domain::Cents;
use filiale_store::purchasing::{self, SupplierOrderInput};
use filiale_store::{Store, articles};
use filiale_workflow::reorder::{
    OrderId, PurchaseOrderRequest, PurchaseOrderSink, ReorderArticle, ReorderSource,
    ReorderWorkflow, SalesHistory, StockoutDays,
};
use std::sync::Arc;

/// The manager name used when none is given (the demo store's manager).
pub const DEFAULT_MANAGER: &str = "Filialleitung";

/// The reorder workflow of one store (decisions are signed by a manager's approval).
pub struct Reordering {
    pub(super) workflow: ReorderWorkflow,
}

struct AppClock(crate::app::Clock);

impl filiale_workflow::Clock for AppClock {
    fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }
}

/// Articles and demand history straight from the store.
pub(super) struct StoreSource(pub(super) Arc<Store>);

impl ReorderSource for StoreSource {
    fn articles(&self) -> anyhow::Result<Vec<ReorderArticle>> {
        let all = self.0.read(|c| articles::list(c, None, i64::MAX, 0))?;
        Ok(all
            .into_iter()
            .map(|a| {
                let art = a.article;
                // Without a purchase price, assume a typical retail margin: 60 % of the net price.
                let net = art.price.get() - art.vat_rate.vat_in_gross(art.price).get();
                ReorderArticle {
                    sku: art.sku.to_string(),
                    name: art.name,
                    supplier: art.supplier.unwrap_or_else(|| "Ohne Lieferant".into()),
                    on_hand: a.on_hand,
                    on_order: a.on_order,
                    reorder_point: art.reorder_point,
                    lead_time_days: art.lead_time_days,
                    pack_size: i64::from(art.pack_size),
                    unit_cost_cents: art.purchase_price.map_or(net * 6 / 10, Cents::get),
                }
            })
            .collect())
    }

    fn daily_sales(
        &self,
        skus: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> anyhow::Result<SalesHistory> {
        let raw = self
            .0
            .read(|c| purchasing::daily_sales(c, skus, &from.to_string(), &to.to_string()))?;
        let mut history = SalesHistory::new();
        for (sku, days) in raw {
            let parsed = days
                .into_iter()
                .filter_map(|(day, qty)| day.parse::<NaiveDate>().ok().map(|d| (d, qty)))
                .collect();
            history.insert(sku, parsed);
        }
        Ok(history)
    }

    fn stockout_days(
        &self,
        skus: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> anyhow::Result<StockoutDays> {
        let raw = self
            .0
            .read(|c| purchasing::stockout_days(c, skus, &from.to_string(), &to.to_string()))?;
        Ok(raw
            .into_iter()
            .map(|(sku, days)| {
                let days = days.iter().filter_map(|d| d.parse().ok()).collect();
                (sku, days)
            })
            .collect())
    }
}

/// Purchase orders written by the store, once per proposal.
struct StoreSink {
    store: Arc<Store>,
    clock: crate::app::Clock,
}

impl PurchaseOrderSink for StoreSink {
    fn create_order(&self, request: &PurchaseOrderRequest) -> anyhow::Result<OrderId> {
        let suppliers: Vec<SupplierOrderInput> = request
            .suppliers
            .iter()
            .map(|s| SupplierOrderInput {
                supplier: s.supplier.clone(),
                lines: s
                    .lines
                    .iter()
                    .map(|l| (l.sku.clone(), l.quantity, Cents::new(l.unit_cost_cents)))
                    .collect(),
            })
            .collect();
        let decided_at = request.decided_at.to_rfc3339();
        let numbers = self.store.write((self.clock)(), |tx| {
            purchasing::create_for_thread(
                tx,
                &request.thread_id,
                &suppliers,
                &request.decided_by,
                &decided_at,
            )
        })?;
        Ok(OrderId(numbers.join(",")))
    }
}

pub(super) fn workflow_error(e: impl std::fmt::Display) -> UseCaseError {
    UseCaseError::Workflow(e.to_string())
}

impl Reordering {
    fn open(app: &App) -> Result<Reordering, UseCaseError> {
        let checkpointer =
            crate::store_bridge::StoreCheckpoints::new(app.store.clone(), app.clock());
        let workflow = ReorderWorkflow::new(
            Arc::new(checkpointer),
            Arc::new(AppClock(app.clock())),
            Arc::new(StoreSource(app.store.clone())),
            Arc::new(StoreSink {
                store: app.store.clone(),
                clock: app.clock(),
            }),
        )
        .map_err(workflow_error)?;
        // A proposal whose step was running when the process died continues where it stopped.
        for recovered in workflow.graph().recover().map_err(workflow_error)? {
            tracing::info!(?recovered, "reorder proposal continued after a restart");
        }
        Ok(Reordering { workflow })
    }
}

impl App {
    pub(crate) fn reordering(&self) -> Result<&Reordering, UseCaseError> {
        if let Some(r) = self.reordering.get() {
            return Ok(r);
        }
        let opened = Reordering::open(self)?;
        Ok(self.reordering.get_or_init(|| opened))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::dto::SaleLineInput;
    use crate::usecases::Purchasing;
    use crate::usecases::purchasing::{MAX_HISTORY_ARTICLES, MAX_HISTORY_DAYS};
    use chrono::TimeZone;
    use filiale_workflow::ThreadStatus;
    use filiale_workflow::reorder::Outcome as ReorderOutcome;

    /// Blumentopf Terrakotta 14 cm in the demo catalogue.
    const POT: &str = "GF-10002";

    fn app_at(dir: &std::path::Path, day: u32) -> App {
        let config = Config::new(dir, crate::demo::store_config());
        let now = Utc.with_ymd_and_hms(2025, 3, day, 9, 0, 0).unwrap();
        let app = App::open(config).unwrap().with_clock(Arc::new(move || now));
        let summary = app
            .back_office()
            .import_articles(include_bytes!("../../demo/articles.csv"))
            .unwrap();
        assert!(summary.errors.is_empty());
        app
    }

    fn sell_pots(app: &App, quantity: i64) {
        let cart = app
            .till()
            .build_cart(&[SaleLineInput {
                code: POT.into(),
                quantity,
            }])
            .unwrap();
        crate::usecases::till_script::ready_to_sell(app);
        app.till()
            .sell(&cart, filiale_domain::Tender::Card, None)
            .unwrap();
    }

    #[test]
    fn sales_history_has_one_slot_per_day_with_the_units_sold() {
        let dir = tempfile::tempdir().unwrap();
        sell_pots(&app_at(dir.path(), 10), 3);
        sell_pots(&app_at(dir.path(), 12), 2);
        sell_pots(&app_at(dir.path(), 12), 1);
        let app = app_at(dir.path(), 14);
        let skus = [POT.to_owned(), "GF-10001".to_owned()];
        let history = app.purchasing().sales_history(&skus, 7).unwrap();
        // 8 to 14 March: three pots on the 10th, three on the 12th, none since.
        assert_eq!(history[POT], [0, 0, 3, 0, 3, 0, 0]);
        assert_eq!(history["GF-10001"], [0; 7], "an article without sales");
        assert_eq!(
            app.purchasing().sales_history(&skus, 2).unwrap()[POT],
            [0, 0]
        );
    }

    #[test]
    fn the_list_says_how_each_completed_proposal_ended() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::new(dir.path(), crate::demo::store_config());
        let app = App::open(config).unwrap();
        // The demo store: stock below reorder points, a year of sales, the manager's PIN 1234.
        crate::demo::load(&app).unwrap();
        let [rejected, approved, waiting] =
            std::array::from_fn(|_| app.purchasing().start().unwrap().thread_id);
        app.purchasing()
            .reject(&rejected, "Lager voll", Purchasing::default_manager("1234"))
            .unwrap();
        app.purchasing()
            .approve(&approved, Purchasing::default_manager("1234"), None, None)
            .unwrap();
        // With the approved order on its way, a new proposal finds nothing to order.
        let nothing = app.purchasing().start().unwrap().thread_id;

        let listed = app.purchasing().proposals().unwrap();
        let ended = |id: &str| {
            let summary = listed.iter().find(|p| p.thread.thread_id == id).unwrap();
            (summary.thread.status, summary.outcome.clone())
        };
        assert!(matches!(
            ended(&approved),
            (
                ThreadStatus::Completed,
                Some(ReorderOutcome::Ordered { .. })
            )
        ));
        assert_eq!(
            ended(&rejected),
            (
                ThreadStatus::Completed,
                Some(ReorderOutcome::Rejected {
                    reason: "Lager voll".into()
                })
            )
        );
        assert_eq!(ended(&waiting), (ThreadStatus::Interrupted, None));
        assert_eq!(
            ended(&nothing),
            (
                ThreadStatus::Completed,
                Some(ReorderOutcome::NothingToOrder)
            )
        );
        let json = serde_json::to_value(&listed[0]).unwrap();
        assert_eq!(
            json["thread_id"],
            nothing.as_str(),
            "newest first, flat for the UI"
        );
        assert_eq!(json["outcome"]["kind"], "nothing_to_order");
    }

    #[test]
    fn days_out_of_stock_count_as_lost_demand_not_as_no_demand() {
        let dir = tempfile::tempdir().unwrap();
        app_at(dir.path(), 1)
            .back_office()
            .adjust_stock(POT, Some(24), None, "Inventur")
            .unwrap();
        // Four pots a day from 1 to 6 March; the last ones go on the 6th, then none are left.
        for day in 1..=6 {
            sell_pots(&app_at(dir.path(), day), 4);
        }
        let app = app_at(dir.path(), 14);
        let snapshot = app.purchasing().start().unwrap();
        let profile = &snapshot.values.profiles[POT];
        assert_eq!(profile.stockout_days, 8, "6 to 13 March: {profile:?}");
        assert!(
            profile.lost_units >= 7.0,
            "a week without pots is demand the till could not serve: {profile:?}"
        );
    }

    #[test]
    fn sales_history_refuses_impossible_requests() {
        let dir = tempfile::tempdir().unwrap();
        let app = app_at(dir.path(), 14);
        let pot = [POT.to_owned()];
        for days in [0, MAX_HISTORY_DAYS + 1] {
            let error = app.purchasing().sales_history(&pot, days).unwrap_err();
            assert_eq!(error.code(), "invalid_input", "{days} days");
        }
        let error = app
            .purchasing()
            .sales_history(&[" ".to_owned()], 28)
            .unwrap_err();
        assert_eq!(error.code(), "invalid_input");
        let many = vec![POT.to_owned(); MAX_HISTORY_ARTICLES + 1];
        assert!(app.purchasing().sales_history(&many, 28).is_err());
    }
}
