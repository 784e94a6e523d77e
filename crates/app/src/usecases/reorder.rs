//! Reorder proposals: start one over the store's stock and sales history, list and show them, and
//! approve or reject them behind a manager's PIN. The workflow engine checkpoints into the store's
//! database file; purchase orders and their events are written by the store in one transaction.

use super::UseCaseError;
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use filiale_domain::Cents;
use filiale_domain::{ManagerAction, Role};
use filiale_store::audit::Outcome;
use filiale_store::purchasing::{self, SupplierOrderInput};
use filiale_store::{Store, articles};
use filiale_workflow::reorder::{
    OrderId, Outcome as ReorderOutcome, PurchaseOrderRequest, PurchaseOrderSink, ReorderArticle,
    ReorderPolicy, ReorderSource, ReorderState, ReorderWorkflow, SalesHistory, Verdict,
};
use filiale_workflow::{SqliteCheckpointer, StateSnapshot, ThreadStatus, ThreadSummary};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A proposal as the approval screen lists it: the workflow's summary and, once completed, how
/// it ended (ordered, rejected, nothing to order).
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProposalSummary {
    #[serde(flatten)]
    pub thread: ThreadSummary,
    pub outcome: Option<ReorderOutcome>,
}

/// The longest sales history one request may ask for, in days.
pub const MAX_HISTORY_DAYS: u32 = 366;
/// The most articles one sales-history request may name.
pub const MAX_HISTORY_ARTICLES: usize = 1_000;

/// The manager name used when none is given (the demo store's manager).
pub const DEFAULT_MANAGER: &str = "Filialleitung";

/// The reorder workflow of one store (decisions are signed by a manager's approval).
pub struct Reordering {
    workflow: ReorderWorkflow,
}

struct AppClock(crate::app::Clock);

impl filiale_workflow::Clock for AppClock {
    fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }
}

/// Articles and demand history straight from the store.
struct StoreSource(Arc<Store>);

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

fn open_connection(store: &Store) -> Result<rusqlite::Connection, UseCaseError> {
    let conn = rusqlite::Connection::open(store.path()).map_err(filiale_store::StoreError::from)?;
    filiale_store::apply_pragmas(&conn).map_err(filiale_store::StoreError::from)?;
    Ok(conn)
}

fn workflow_error(e: impl std::fmt::Display) -> UseCaseError {
    UseCaseError::Workflow(e.to_string())
}

impl Reordering {
    fn open(app: &App) -> Result<Reordering, UseCaseError> {
        let checkpointer =
            SqliteCheckpointer::new(open_connection(&app.store)?).map_err(workflow_error)?;
        let workflow = ReorderWorkflow::new(
            checkpointer,
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
    fn reordering(&self) -> Result<&Reordering, UseCaseError> {
        if let Some(r) = self.reordering.get() {
            return Ok(r);
        }
        let opened = Reordering::open(self)?;
        Ok(self.reordering.get_or_init(|| opened))
    }

    /// Sets (or changes) a manager's PIN at the store PC; a new name is added as a manager. Audited
    /// as `staff.enroll` (without the PIN).
    pub fn set_manager_pin(&self, manager: &str, pin: &str) -> Result<(), UseCaseError> {
        self.staff_pins()?
            .enroll(manager, Role::Manager, pin, self.now())
            .map_err(|e| super::authorization::pin_error(manager, e))?;
        let terminal = self.terminal().to_owned();
        self.audit(
            &terminal,
            manager.trim(),
            "staff.enroll",
            Outcome::Ok,
            manager.trim(),
            serde_json::json!({ "role": Role::Manager }),
        )
    }

    /// Starts a reorder proposal for today and runs it up to the manager's approval.
    pub fn reorder_start(&self) -> Result<StateSnapshot<ReorderState>, UseCaseError> {
        let reordering = self.reordering()?;
        let count = reordering
            .workflow
            .graph()
            .list_threads(None)
            .map_err(workflow_error)?
            .len();
        let thread_id = format!("BV-{}-{:03}", self.now().format("%Y%m%d"), count + 1);
        reordering
            .workflow
            .start(
                &thread_id,
                self.now().date_naive(),
                ReorderPolicy::default(),
            )
            .map_err(workflow_error)
    }

    /// Proposals, newest first, optionally only those awaiting approval.
    pub fn reorder_list(&self, awaiting_only: bool) -> Result<Vec<ThreadSummary>, UseCaseError> {
        let status = awaiting_only.then_some(ThreadStatus::Interrupted);
        let mut threads = self
            .reordering()?
            .workflow
            .graph()
            .list_threads(status)
            .map_err(workflow_error)?;
        threads.sort_by_key(|t| std::cmp::Reverse(t.created_at));
        Ok(threads)
    }

    /// Every proposal, newest first, with how the completed ones ended.
    pub fn reorder_proposals(&self) -> Result<Vec<ProposalSummary>, UseCaseError> {
        self.reorder_list(false)?
            .into_iter()
            .map(|thread| {
                let outcome = if thread.status == ThreadStatus::Completed {
                    self.reorder_show(&thread.thread_id)?.values.outcome
                } else {
                    None
                };
                Ok(ProposalSummary { thread, outcome })
            })
            .collect()
    }

    pub fn reorder_show(
        &self,
        thread_id: &str,
    ) -> Result<StateSnapshot<ReorderState>, UseCaseError> {
        self.reordering()?
            .workflow
            .graph()
            .get_state(thread_id)
            .map_err(workflow_error)
    }

    /// Decides on a proposal as `manager` with `pin`; approving creates the purchase orders.
    pub fn reorder_decide(
        &self,
        thread_id: &str,
        manager: &str,
        pin: &str,
        verdict: Verdict,
    ) -> Result<StateSnapshot<ReorderState>, UseCaseError> {
        let reordering = self.reordering()?;
        let proposal = thread_id.to_owned();
        let action = match verdict {
            Verdict::Reject { .. } => ManagerAction::ReorderRejection { proposal },
            _ => ManagerAction::ReorderApproval { proposal },
        };
        let approval = self.authorize_manager(manager, pin, action)?;
        let details = serde_json::to_value(&verdict).unwrap_or_default();
        let snapshot = reordering
            .workflow
            .decide(thread_id, approval.verified_manager(), verdict)
            .map_err(workflow_error)?;
        self.audit(
            approval.terminal(),
            approval.manager(),
            approval.action().name(),
            Outcome::Ok,
            thread_id,
            details,
        )?;
        Ok(snapshot)
    }

    /// Purchase orders created from a proposal.
    pub fn purchase_orders(
        &self,
        thread_id: &str,
    ) -> Result<Vec<purchasing::PurchaseOrder>, UseCaseError> {
        Ok(self
            .store
            .read(|c| purchasing::orders_for_thread(c, thread_id))?)
    }

    /// Units sold of each of `skus` on each of the last `days` days, today included, oldest
    /// first (0 for a day without sales): the sales history the approval screen draws per line.
    pub fn reorder_sales_history(
        &self,
        skus: &[String],
        days: u32,
    ) -> Result<BTreeMap<String, Vec<i64>>, UseCaseError> {
        if !(1..=MAX_HISTORY_DAYS).contains(&days) {
            return Err(UseCaseError::Input(format!(
                "sales history: {days} days (1 to {MAX_HISTORY_DAYS})"
            )));
        }
        if skus.len() > MAX_HISTORY_ARTICLES || skus.iter().any(|sku| sku.trim().is_empty()) {
            return Err(UseCaseError::Input(format!(
                "sales history: 1 to {MAX_HISTORY_ARTICLES} article numbers, none empty"
            )));
        }
        let to = self.now().date_naive();
        let from = to - chrono::Days::new(u64::from(days - 1));
        let sold = self
            .store
            .read(|c| purchasing::daily_sales(c, skus, &from.to_string(), &to.to_string()))?;
        let mut history = BTreeMap::new();
        for sku in skus {
            let mut units = vec![0; days as usize];
            for (day, quantity) in sold.get(sku).into_iter().flatten() {
                let offset = day
                    .parse::<NaiveDate>()
                    .ok()
                    .and_then(|day| usize::try_from((day - from).num_days()).ok());
                if let Some(slot) = offset.and_then(|i| units.get_mut(i)) {
                    *slot += quantity;
                }
            }
            history.insert(sku.clone(), units);
        }
        Ok(history)
    }

    /// Starts a proposal when stock ran low and none is waiting for the manager yet. Returns its id.
    pub fn reorder_on_low_stock(&self) -> Result<Option<String>, UseCaseError> {
        if !self.reorder_list(true)?.is_empty() {
            return Ok(None);
        }
        let started = self.reorder_start()?;
        Ok((started.status == ThreadStatus::Interrupted).then_some(started.thread_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::usecases::SaleLineInput;
    use chrono::TimeZone;

    /// Blumentopf Terrakotta 14 cm in the demo catalogue.
    const POT: &str = "GF-10002";

    fn app_at(dir: &std::path::Path, day: u32) -> App {
        let config = Config {
            data_dir: dir.to_path_buf(),
            store: crate::demo::store_config(),
        };
        let now = Utc.with_ymd_and_hms(2025, 3, day, 9, 0, 0).unwrap();
        let app = App::open(config).unwrap().with_clock(Arc::new(move || now));
        let summary = app
            .import_articles(include_bytes!("../../demo/articles.csv"))
            .unwrap();
        assert!(summary.errors.is_empty());
        app
    }

    fn sell_pots(app: &App, quantity: i64) {
        let cart = app
            .build_cart(&[SaleLineInput {
                code: POT.into(),
                quantity,
            }])
            .unwrap();
        app.sell(&cart, filiale_domain::Tender::Card, None).unwrap();
    }

    #[test]
    fn sales_history_has_one_slot_per_day_with_the_units_sold() {
        let dir = tempfile::tempdir().unwrap();
        sell_pots(&app_at(dir.path(), 10), 3);
        sell_pots(&app_at(dir.path(), 12), 2);
        sell_pots(&app_at(dir.path(), 12), 1);
        let app = app_at(dir.path(), 14);
        let skus = [POT.to_owned(), "GF-10001".to_owned()];
        let history = app.reorder_sales_history(&skus, 7).unwrap();
        // 8 to 14 March: three pots on the 10th, three on the 12th, none since.
        assert_eq!(history[POT], [0, 0, 3, 0, 3, 0, 0]);
        assert_eq!(history["GF-10001"], [0; 7], "an article without sales");
        assert_eq!(app.reorder_sales_history(&skus, 2).unwrap()[POT], [0, 0]);
    }

    #[test]
    fn the_list_says_how_each_completed_proposal_ended() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            data_dir: dir.path().to_path_buf(),
            store: crate::demo::store_config(),
        };
        let app = App::open(config).unwrap();
        // The demo store: stock below reorder points, a year of sales, the manager's PIN 1234.
        crate::demo::load(&app).unwrap();
        let [rejected, approved, waiting] =
            std::array::from_fn(|_| app.reorder_start().unwrap().thread_id);
        app.reorder_reject(&rejected, "Lager voll", "1234").unwrap();
        app.reorder_approve(&approved, "1234", None, None).unwrap();
        // With the approved order on its way, a new proposal finds nothing to order.
        let nothing = app.reorder_start().unwrap().thread_id;

        let listed = app.reorder_proposals().unwrap();
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
    fn sales_history_refuses_impossible_requests() {
        let dir = tempfile::tempdir().unwrap();
        let app = app_at(dir.path(), 14);
        let pot = [POT.to_owned()];
        for days in [0, MAX_HISTORY_DAYS + 1] {
            let error = app.reorder_sales_history(&pot, days).unwrap_err();
            assert_eq!(error.code(), "invalid_input", "{days} days");
        }
        let error = app
            .reorder_sales_history(&[" ".to_owned()], 28)
            .unwrap_err();
        assert_eq!(error.code(), "invalid_input");
        let many = vec![POT.to_owned(); MAX_HISTORY_ARTICLES + 1];
        assert!(app.reorder_sales_history(&many, 28).is_err());
    }
}
