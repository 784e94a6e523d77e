//! The reorder proposal ("Bestellvorschlag") on the workflow engine: data interfaces, demand
//! profiles, the proposal, the manager's decision and the graph that ties them together.

pub mod approval;
pub mod demand;
pub mod memory;
pub mod proposal;
pub mod reason;
pub mod source;
pub mod workflow;

pub use approval::{Decision, InvalidDecision, Verdict};
pub use proposal::{Proposal, ProposalLine, ReorderPolicy, Skipped, SupplierProposal};
pub use reason::{LineReasonCode, LineReasonFacts, Season, SkipReasonCode, SkipReasonFacts};
pub use source::{
    OrderId, OrderLine, PurchaseOrderRequest, PurchaseOrderSink, ReorderArticle, ReorderSource,
    SalesHistory, StockoutDays, SupplierOrder,
};
pub use workflow::{DecideError, Outcome, ReorderState, ReorderWorkflow};
