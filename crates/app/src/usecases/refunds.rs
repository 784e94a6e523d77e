//! Refunds and voids: a manager's approval for the receipt, then one transaction that writes the
//! refund document, restocks, posts the reversal, audits and emits the events.

use super::staff::ManagerConsent;
use super::{BackOffice, ManagerApproval, UseCaseError};
use crate::dto::{RefundLineInput, RefundableReceipt, RefundableReceiptLine};
use filiale_domain::{ManagerAction, Sku};
use filiale_store::refunds::{self, Refund, RefundRequest};

/// How long a manager's approval stays good for the act it was given for.
pub const APPROVAL_VALID_FOR: chrono::Duration = chrono::Duration::minutes(5);

impl BackOffice<'_> {
    /// Refunds `lines` (SKU and units) of receipt `receipt_no`, or — with `None` — everything not
    /// refunded yet (a void when nothing was refunded before), with a manager's consent for this
    /// receipt. Bad SKUs change nothing and ask no PIN; a refused PIN refunds nothing. Refuses
    /// more units than were sold minus earlier refunds.
    pub fn refund(
        &self,
        receipt_no: i64,
        lines: Option<&[RefundLineInput]>,
        reason: &str,
        consent: ManagerConsent<'_>,
    ) -> Result<Refund, UseCaseError> {
        let lines = lines
            .map(|lines| {
                lines
                    .iter()
                    .map(|line| {
                        let sku = Sku::parse(&line.sku).map_err(|e| crate::ErrorCode::from(&e))?;
                        Ok((sku, line.quantity))
                    })
                    .collect::<Result<Vec<_>, UseCaseError>>()
            })
            .transpose()?;
        if lines.as_ref().is_some_and(Vec::is_empty) {
            return Err(crate::ErrorCode::RefundNothingChosen.into());
        }
        let approval = match consent {
            ManagerConsent::Approval(approval) => approval.clone(),
            ManagerConsent::Pin(_) => {
                let action = match lines {
                    None => ManagerAction::Void { receipt_no },
                    Some(_) => ManagerAction::Refund { receipt_no },
                };
                self.app.approve(consent, action)?
            }
        };
        self.refund_with_approval(receipt_no, lines.as_deref(), reason, &approval)
    }

    /// Refunds with an approval of [`ManagerAction::Refund`] or [`ManagerAction::Void`] for this
    /// receipt, given in the last [`APPROVAL_VALID_FOR`].
    pub(crate) fn refund_with_approval(
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
        if self.app.now() - approval.approved_at() > APPROVAL_VALID_FOR {
            return Err(crate::ErrorCode::ApprovalStale {
                name: approval.manager().to_owned(),
                minutes: APPROVAL_VALID_FOR.num_minutes(),
            }
            .into());
        }
        let reason = reason.trim();
        if reason.chars().count() > 200 {
            return Err(crate::ErrorCode::RefundReasonTooLong { max: 200 }.into());
        }
        let request = RefundRequest {
            receipt_no,
            lines,
            authorized_by: approval.manager(),
            terminal: approval.terminal(),
            reason,
        };
        let refund = self.app.store.write(self.app.now(), |tx| {
            let refund = refunds::record_refund(tx, &request)?;
            let pending = crate::fiscal::sign::Pending {
                till_id: request.terminal,
                kind: filiale_store::tse::TseRecordKind::Refund,
                process_type: filiale_tse::ProcessType::Kassenbeleg,
                process_data: crate::fiscal::sign::refund_data(&refund).to_process_data(),
            };
            crate::fiscal::sign::sign_and_record(self.app, tx, &pending, refund.refund_no)?;
            Ok::<_, UseCaseError>(refund)
        })?;
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
        Ok(self
            .app
            .store
            .read(|c| refunds::for_receipt(c, receipt_no))?)
    }
}

impl BackOffice<'_> {
    /// Receipt `receipt_no` with its refundable lines and earlier refunds, read in one go;
    /// `unknown_receipt` when there is no such receipt.
    pub fn refundable_receipt(&self, receipt_no: i64) -> Result<RefundableReceipt, UseCaseError> {
        let found = self.app.store.read(|c| {
            let Some(receipt) = filiale_store::sales::receipt(c, receipt_no)? else {
                return Ok(None);
            };
            let (_, _, refundable) = refunds::refundable(c, receipt_no)?
                .ok_or(filiale_store::StoreError::UnknownReceipt(receipt_no))?;
            let earlier = refunds::for_receipt(c, receipt_no)?;
            Ok(Some((receipt, refundable, earlier)))
        })?;
        let (receipt, refundable, earlier) =
            found.ok_or(filiale_store::StoreError::UnknownReceipt(receipt_no))?;
        let lines = receipt
            .lines
            .iter()
            .zip(&refundable)
            .map(|(sold, line)| RefundableReceiptLine {
                line_no: line.line_no,
                sku: sold.sku.clone(),
                name: sold.name.clone(),
                quantity: sold.quantity,
                unit_price_cents: sold.unit_price_cents,
                line_total_cents: sold.line_total_cents,
                vat_rate: sold.vat_rate,
                refunded: line.refunded,
                remaining: line.remaining(),
            })
            .collect();
        Ok(RefundableReceipt {
            refunded_cents: earlier.iter().map(|r| r.total_cents).sum(),
            receipt,
            lines,
            refunds: earlier,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::dto::SaleLineInput;
    use crate::{App, Config};
    use filiale_domain::{ManagerAction, Role, Sku, Tender};

    #[test]
    fn a_refundable_receipt_shows_what_is_left_after_each_refund() {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(Config::load(dir.path()).unwrap()).unwrap();
        app.staff()
            .add("Frau Krüger", Role::Manager, "739153", None)
            .unwrap();
        app.back_office()
            .import_articles(
                b"sku;name;price;vat_rate;stock\nA-1;Rechen;9,99;19;5\nA-2;Saatgut;2,49;7;9\n",
            )
            .unwrap();
        let cart = app
            .till()
            .build_cart(&[
                SaleLineInput {
                    code: "A-1".into(),
                    quantity: 2,
                },
                SaleLineInput {
                    code: "A-2".into(),
                    quantity: 3,
                },
            ])
            .unwrap();
        crate::usecases::till_script::ready_to_sell(&app);
        let sale = app.till().sell(&cart, Tender::Card, None).unwrap();
        let before = app
            .back_office()
            .refundable_receipt(sale.receipt_no)
            .unwrap();
        assert_eq!(before.receipt.total_cents, 2 * 999 + 3 * 249);
        let left: Vec<_> = before
            .lines
            .iter()
            .map(|l| (l.sku.as_str(), l.remaining))
            .collect();
        assert_eq!(left, [("A-1", 2), ("A-2", 3)]);
        assert!(before.refunds.is_empty());

        let approval = app
            .staff()
            .authorize_manager(
                "Frau Krüger",
                "739153",
                ManagerAction::Refund {
                    receipt_no: sale.receipt_no,
                },
            )
            .unwrap();
        let back = [(Sku::parse("A-2").unwrap(), 2)];
        let refund = app
            .back_office()
            .refund_with_approval(sale.receipt_no, Some(&back), "Ware defekt", &approval)
            .unwrap();
        let after = app
            .back_office()
            .refundable_receipt(sale.receipt_no)
            .unwrap();
        let left: Vec<_> = after
            .lines
            .iter()
            .map(|l| (l.refunded, l.remaining))
            .collect();
        assert_eq!(left, [(0, 2), (2, 1)]);
        assert_eq!(after.refunds.len(), 1);
        assert_eq!(after.refunded_cents, refund.total.get());
        assert_eq!(after.refunded_cents, 498);

        let missing = app.back_office().refundable_receipt(999).unwrap_err();
        assert_eq!(missing.code(), "unknown_receipt");
    }
}
