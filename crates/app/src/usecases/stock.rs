//! Stock use cases: goods received and stocktake corrections.

use super::BackOffice;
use super::UseCaseError;
use super::staff::ManagerConsent;
use filiale_domain::{MovementKind, StockChange};
use filiale_store::articles;
use filiale_store::stock;

/// The largest quantity one movement may move: guards against a scanner typing an EAN as quantity.
const MAX_MOVEMENT: i64 = 1_000_000;

impl BackOffice<'_> {
    /// Books goods received from a supplier.
    pub fn receive_stock(
        &self,
        code: &str,
        quantity: i64,
        reference: Option<&str>,
    ) -> Result<StockChange, UseCaseError> {
        if !(1..=MAX_MOVEMENT).contains(&quantity) {
            return Err(crate::ErrorCode::StockQuantityImpossible {
                quantity,
                max: MAX_MOVEMENT,
            }
            .into());
        }
        let sku = self.app.find_article(code)?.article.sku;
        Ok(self.app.store.write(self.app.now(), |tx| {
            stock::record_movement(
                tx,
                &sku,
                MovementKind::Receipt,
                quantity,
                reference.or(Some("Wareneingang")),
            )
        })?)
    }

    /// Corrects stock, either to a counted quantity or by a difference. A correction worth more
    /// than the store's limit is refused (see [`BackOffice::adjust_stock_approved`]); every
    /// correction is audited.
    pub fn adjust_stock(
        &self,
        code: &str,
        to: Option<i64>,
        by: Option<i64>,
        reason: &str,
    ) -> Result<StockChange, UseCaseError> {
        self.adjust_stock_approved(code, to, by, reason, None)
    }

    /// [`BackOffice::adjust_stock`] with a manager's consent to a correction beyond the limit
    /// (asked only for such a correction).
    pub fn adjust_stock_approved(
        &self,
        code: &str,
        to: Option<i64>,
        by: Option<i64>,
        reason: &str,
        consent: Option<ManagerConsent<'_>>,
    ) -> Result<StockChange, UseCaseError> {
        let article = self.app.find_article(code)?;
        let sku = article.article.sku.clone();
        let reason = if reason.trim().is_empty() {
            "Korrektur"
        } else {
            reason.trim()
        };
        let delta = match (to, by) {
            (Some(counted), None) if (0..=MAX_MOVEMENT).contains(&counted) => {
                counted - article.on_hand
            }
            (None, Some(delta)) if delta != 0 && delta.abs() <= MAX_MOVEMENT => delta,
            (Some(_), Some(_)) | (None, None) => {
                return Err(crate::ErrorCode::CountOrDifference.into());
            }
            _ => return Err(crate::ErrorCode::AdjustmentImpossible.into()),
        };
        let allowed = self.consent_to_correction(&article, delta, consent)?;
        self.app.store.write(self.app.now(), |tx| {
            let change = match to {
                Some(counted) => stock::adjust_to(tx, &sku, counted, reason)?,
                None => {
                    stock::record_movement(tx, &sku, MovementKind::Adjustment, delta, Some(reason))?
                }
            };
            let article = articles::require(tx.db(), sku.as_str())?;
            self.audit_correction(tx, &article, &change, reason, &allowed)?;
            Ok::<_, UseCaseError>(change)
        })
    }
}
