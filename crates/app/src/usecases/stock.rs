//! Stock use cases: goods received and stocktake corrections.

use super::BackOffice;
use super::UseCaseError;
use filiale_domain::{MovementKind, StockChange};
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

    /// Corrects stock, either to a counted quantity or by a difference.
    pub fn adjust_stock(
        &self,
        code: &str,
        to: Option<i64>,
        by: Option<i64>,
        reason: &str,
    ) -> Result<StockChange, UseCaseError> {
        let sku = self.app.find_article(code)?.article.sku;
        let reason = if reason.trim().is_empty() {
            "Korrektur"
        } else {
            reason.trim()
        };
        match (to, by) {
            (Some(counted), None) if (0..=MAX_MOVEMENT).contains(&counted) => {
                Ok(self.app.store.write(self.app.now(), |tx| {
                    stock::adjust_to(tx, &sku, counted, reason)
                })?)
            }
            (None, Some(delta)) if delta != 0 && delta.abs() <= MAX_MOVEMENT => {
                Ok(self.app.store.write(self.app.now(), |tx| {
                    stock::record_movement(tx, &sku, MovementKind::Adjustment, delta, Some(reason))
                })?)
            }
            (Some(_), Some(_)) | (None, None) => Err(crate::ErrorCode::CountOrDifference.into()),
            _ => Err(crate::ErrorCode::AdjustmentImpossible.into()),
        }
    }
}
