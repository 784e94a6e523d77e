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
    OrderId, PurchaseOrderRequest, PurchaseOrderSink, ReorderArticle, ReorderPolicy, ReorderSource,
    ReorderState, ReorderWorkflow, SalesHistory, Verdict,
};
use filiale_workflow::{SqliteCheckpointer, StateSnapshot, ThreadStatus, ThreadSummary};
use std::sync::Arc;

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

    /// Starts a proposal when stock ran low and none is waiting for the manager yet. Returns its id.
    pub fn reorder_on_low_stock(&self) -> Result<Option<String>, UseCaseError> {
        if !self.reorder_list(true)?.is_empty() {
            return Ok(None);
        }
        let started = self.reorder_start()?;
        Ok((started.status == ThreadStatus::Interrupted).then_some(started.thread_id))
    }
}
