//! Refunds and voids: a manager's approval for the receipt, then one transaction that writes the
//! refund document, restocks, posts the reversal, audits and emits the events.

use super::{ManagerApproval, UseCaseError};
use crate::App;
use filiale_domain::{ManagerAction, Sku};
use filiale_store::refunds::{self, Refund, RefundRequest};

/// How long a manager's approval stays good for the act it was given for.
pub const APPROVAL_VALID_FOR: chrono::Duration = chrono::Duration::minutes(5);

impl App {
    /// Refunds `lines` (SKU and units) of receipt `receipt_no`, or — with `None` — everything not
    /// refunded yet (a void when nothing was refunded before). Needs a manager's approval of
    /// [`ManagerAction::Refund`] or [`ManagerAction::Void`] for this receipt, given in the last
    /// [`APPROVAL_VALID_FOR`]. Refuses more units than were sold minus earlier refunds.
    pub fn refund(
        &self,
        receipt_no: i64,
        lines: Option<&[(Sku, i64)]>,
        reason: &str,
        approval: &ManagerApproval,
    ) -> Result<Refund, UseCaseError> {
        let covers = matches!(
            approval.action(),
            ManagerAction::Refund { receipt_no: r } | ManagerAction::Void { receipt_no: r }
                if *r == receipt_no
        );
        if !covers {
            approval.require(&ManagerAction::Refund { receipt_no })?;
        }
        if self.now() - approval.approved_at() > APPROVAL_VALID_FOR {
            return Err(UseCaseError::Denied(format!(
                "the approval by {} is older than {} minutes; approve again",
                approval.manager(),
                APPROVAL_VALID_FOR.num_minutes()
            )));
        }
        let reason = reason.trim();
        if reason.chars().count() > 200 {
            return Err(UseCaseError::Input(
                "a refund reason must be at most 200 characters".into(),
            ));
        }
        let request = RefundRequest {
            receipt_no,
            lines,
            authorized_by: approval.manager(),
            terminal: approval.terminal(),
            reason,
        };
        let refund = self
            .store
            .write(self.now(), |tx| refunds::record_refund(tx, &request))?;
        tracing::info!(
            refund_no = refund.refund_no,
            receipt_no,
            total_cents = refund.total.get(),
            kind = refund.kind.as_str(),
            manager = approval.manager(),
            "refund committed"
        );
        Ok(refund)
    }

    /// The refunds of a receipt, oldest first.
    pub fn refunds_of(&self, receipt_no: i64) -> Result<Vec<refunds::StoredRefund>, UseCaseError> {
        Ok(self.store.read(|c| refunds::for_receipt(c, receipt_no))?)
    }
}
