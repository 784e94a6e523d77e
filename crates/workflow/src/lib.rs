//! Filiale's workflows: a small checkpointed state-graph engine and the reorder-proposal graph.
//!
//! # Map of the crate
//!
//! The engine knows nothing about reordering:
//! - [`graph`]: [`StateGraph`] — nodes (functions over a serde state), static and conditional
//!   edges, [`END`], `interrupt_before`; `compile` checks it.
//! - [`engine`]: [`CompiledGraph`] — `invoke`, `resume` (a human's update merged into the state,
//!   one winner among concurrent resumes), `continue_thread` / `recover` after a crash,
//!   `get_state`, `get_state_history`, `list_threads`.
//! - [`checkpoint`]: [`CheckpointStore`] — the storage the engine writes a checkpoint to after
//!   every node, with an optimistic step compare-and-set (the store's tables implement it through
//!   the app; [`MemoryCheckpoints`] keeps them in memory for the simulator and tests).
//! - [`clock`]: [`Clock`] — time is passed in.
//! - [`error`]: [`WorkflowError`] — the typed cases callers branch on.
//!
//! Crash semantics: a node's result is stored before the next node runs; a node that was running
//! when the process died runs again on `continue_thread`. **Nodes with side effects must be
//! idempotent** — key them by the thread id, as the reorder graph's purchase-order node does.
//! Failpoints `workflow.before_node.<node>` / `workflow.after_node.<node>` let tests crash there.
//!
//! The reorder proposal ("Bestellvorschlag") is built on the engine:
//! - [`reorder::source`]: the data interfaces the app implements over the store —
//!   [`reorder::ReorderSource`] (articles and daily sales) and [`reorder::PurchaseOrderSink`]
//!   (idempotent purchase-order creation).
//! - [`reorder::demand`]: per-article demand profile (rate, variability, trend, last year's season).
//! - [`reorder::proposal`]: order-up-to quantities, pack-size rounding, supplier grouping, cents,
//!   German reasons.
//! - [`reorder::approval`]: the manager's decision (approve, approve edited, reject).
//! - [`reorder::workflow`]: the graph `analyse_stock -> check_sales_history -> generate_proposal ->
//!   [interrupt] approval -> create_purchase_order | END`, and [`reorder::ReorderWorkflow`].
//! - [`reorder::memory`]: an in-memory source and sink for unit tests, benches and simulations.
//! - [`pins`]: [`StaffPins`] — cashiers and managers with argon2-hashed PINs and lockout, over a
//!   [`StaffStore`] / [`StaffRecords`] (the store's `staff` table through the app, or
//!   [`MemoryStaff`]); [`VerifiedManager`] is the proof a manager's decision needs; [`ManagerPins`]
//!   is the managers' view.
//! - [`simulate`]: a replay simulator that orders by the proposals for a year of daily demand and
//!   compares with a naive min/max rule; [`simulate::synthetic`] makes garden-centre data.

pub mod checkpoint;
pub mod clock;
pub mod engine;
pub mod error;
pub mod graph;
pub mod memory_checkpoints;
pub mod memory_staff;
pub mod pins;
pub mod reorder;
pub mod simulate;

pub use checkpoint::{
    Checkpoint, CheckpointSource, CheckpointStore, Expect, ThreadStatus, ThreadSummary,
};
pub use clock::{Clock, ManualClock, SystemClock};
pub use engine::{CompiledGraph, StateSnapshot};
pub use error::{StorageError, WorkflowError};
pub use graph::{END, NodeContext, StateGraph};
pub use memory_checkpoints::MemoryCheckpoints;
pub use memory_staff::MemoryStaff;
pub use pins::{
    ManagerPins, PinError, StaffCredentials, StaffMember, StaffPins, StaffRecords, StaffStore,
    VerifiedManager, VerifiedStaff,
};
