//! The manager's decision on a proposal: approve as proposed, approve with edited quantities or
//! removed lines, or reject with a reason — always signed by a manager and a time.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::proposal::Proposal;
use super::source::{OrderLine, PurchaseOrderRequest, SupplierOrder};

/// What the manager decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Verdict {
    /// Order exactly what was proposed.
    Approve,
    /// Order with changed quantities (`sku -> quantity`, 0 removes the line) and removed lines.
    ApproveEdited {
        #[serde(default)]
        quantities: BTreeMap<String, i64>,
        #[serde(default)]
        removed: BTreeSet<String>,
    },
    /// Order nothing.
    Reject { reason: String },
}

/// A decision as stored in the workflow state (and so in the checkpoint).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Decision {
    #[serde(flatten)]
    pub verdict: Verdict,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

/// Why a decision does not fit the proposal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidDecision {
    #[error("article {0} is not in the proposal")]
    UnknownLine(String),
    #[error("quantity {quantity} for article {sku} must not be negative")]
    NegativeQuantity { sku: String, quantity: i64 },
    #[error("quantity {quantity} for article {sku} is implausibly large")]
    QuantityTooLarge { sku: String, quantity: i64 },
    #[error("a rejection needs a reason")]
    MissingReason,
}

/// Largest quantity a manager may type for one line: a guard against a slipped finger.
const MAX_LINE_QUANTITY: i64 = 1_000_000;

impl Verdict {
    /// Checks the verdict against the proposal it decides on.
    pub fn validate(&self, proposal: &Proposal) -> Result<(), InvalidDecision> {
        match self {
            Self::Approve => Ok(()),
            Self::Reject { reason } if reason.trim().is_empty() => {
                Err(InvalidDecision::MissingReason)
            }
            Self::Reject { .. } => Ok(()),
            Self::ApproveEdited {
                quantities,
                removed,
            } => {
                let known: BTreeSet<&str> = proposal.lines().map(|l| l.sku.as_str()).collect();
                for sku in quantities.keys().chain(removed.iter()) {
                    if !known.contains(sku.as_str()) {
                        return Err(InvalidDecision::UnknownLine(sku.clone()));
                    }
                }
                for (sku, &quantity) in quantities {
                    if quantity < 0 {
                        return Err(InvalidDecision::NegativeQuantity {
                            sku: sku.clone(),
                            quantity,
                        });
                    }
                    if quantity > MAX_LINE_QUANTITY {
                        return Err(InvalidDecision::QuantityTooLarge {
                            sku: sku.clone(),
                            quantity,
                        });
                    }
                }
                Ok(())
            }
        }
    }
}

/// The order a decision leads to, or `None` if it orders nothing (rejected, or every line removed).
pub fn approved_order(
    thread_id: &str,
    proposal: &Proposal,
    decision: &Decision,
) -> Option<PurchaseOrderRequest> {
    let (quantities, removed) = match &decision.verdict {
        Verdict::Reject { .. } => return None,
        Verdict::Approve => (BTreeMap::new(), BTreeSet::new()),
        Verdict::ApproveEdited {
            quantities,
            removed,
        } => (quantities.clone(), removed.clone()),
    };
    let suppliers: Vec<SupplierOrder> = proposal
        .suppliers
        .iter()
        .filter_map(|s| {
            let lines: Vec<OrderLine> = s
                .lines
                .iter()
                .filter(|l| !removed.contains(&l.sku))
                .map(|l| {
                    let quantity = quantities.get(&l.sku).copied().unwrap_or(l.quantity);
                    OrderLine {
                        sku: l.sku.clone(),
                        name: l.name.clone(),
                        quantity,
                        unit_cost_cents: l.unit_cost_cents,
                        line_total_cents: quantity * l.unit_cost_cents,
                    }
                })
                .filter(|l| l.quantity > 0)
                .collect();
            (!lines.is_empty()).then(|| SupplierOrder {
                supplier: s.supplier.clone(),
                total_cents: lines.iter().map(|l| l.line_total_cents).sum(),
                lines,
            })
        })
        .collect();
    if suppliers.is_empty() {
        return None;
    }
    Some(PurchaseOrderRequest {
        thread_id: thread_id.to_owned(),
        total_cents: suppliers.iter().map(|s| s.total_cents).sum(),
        suppliers,
        decided_by: decision.decided_by.clone(),
        decided_at: decision.decided_at,
    })
}
