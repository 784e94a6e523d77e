//! The stock ledger's rules: movements change the on-hand quantity, and crossing the reorder point is noticed once.

use serde::{Deserialize, Serialize};

/// Why stock moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// Goods received from a supplier.
    Receipt,
    /// Goods sold at the till.
    Sale,
    /// A correction: stocktake, breakage, spoilage, theft.
    Adjustment,
    /// Goods brought back by a customer (a refund or void).
    Return,
}

impl MovementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::Receipt => "receipt",
            MovementKind::Sale => "sale",
            MovementKind::Adjustment => "adjustment",
            MovementKind::Return => "return",
        }
    }
}

/// The effect of one movement on an article's on-hand quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StockChange {
    pub before: i64,
    pub after: i64,
    pub delta: i64,
    /// True exactly when this movement took stock from above the reorder point to at or below it.
    pub crossed_reorder_point: bool,
    /// True when the article is now sold beyond book stock (negative on hand): worth a stocktake.
    pub negative: bool,
}

impl StockChange {
    /// Applies `delta` to `before`. Low stock is detected when the quantity goes from above
    /// `reorder_point` to at or below it, so a series of sales below the point reports it once,
    /// and a receipt that lifts stock above the point re-arms the detection.
    pub fn apply(before: i64, delta: i64, reorder_point: i64) -> StockChange {
        let after = before.saturating_add(delta);
        StockChange {
            before,
            after,
            delta,
            crossed_reorder_point: before > reorder_point && after <= reorder_point,
            negative: after < 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn low_stock_is_reported_once_when_crossing_and_again_after_a_receipt() {
        let rp = 5;
        let steps = [
            (8, -2, false), // 8 -> 6: still above
            (6, -1, true),  // 6 -> 5: reaches the point
            (5, -1, false), // 5 -> 4: already low, not again
            (4, 10, false), // receipt: 4 -> 14
            (14, -9, true), // 14 -> 5: crosses again
        ];
        for (before, delta, crossed) in steps {
            let change = StockChange::apply(before, delta, rp);
            assert_eq!(change.after, before + delta);
            assert_eq!(change.crossed_reorder_point, crossed, "{before}{delta:+}");
        }
    }

    #[test]
    fn selling_beyond_book_stock_goes_negative_and_is_flagged() {
        let change = StockChange::apply(1, -3, 0);
        assert_eq!(change.after, -2);
        assert!(change.negative);
        assert!(change.crossed_reorder_point);
    }
}
