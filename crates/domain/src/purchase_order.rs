//! Purchase orders and goods receipt: an order's state, and what a delivery does to it — how much
//! of each delivered article was still on order, which order state follows, and what is written
//! off when the order is closed or cancelled. Pure rules; the store books the plan.

use crate::money::Cents;
use serde::{Deserialize, Serialize};

/// The most units one receipt line may book: guards against a scanner typing an EAN as quantity.
pub const MAX_RECEIPT_QUANTITY: i64 = 1_000_000;

/// A delivery of more than this many times the ordered quantity (or pack size for an article
/// not on the order) is a typing mistake unless the person confirms it.
pub const CONFIRM_ABOVE_FACTOR: i64 = 10;

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum OrderState {
    /// Ordered, nothing arrived yet.
    Open,
    /// Some arrived, some is still open.
    PartlyReceived,
    /// Done: everything arrived, or the rest was written off with the last delivery.
    Received,
    /// Cancelled by the manager; what was open no longer counts as on order.
    Cancelled,
}

impl OrderState {
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderState::Open => "open",
            OrderState::PartlyReceived => "partly_received",
            OrderState::Received => "received",
            OrderState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<OrderState> {
        [
            OrderState::Open,
            OrderState::PartlyReceived,
            OrderState::Received,
            OrderState::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// Whether goods can still be booked against the order.
    pub const fn is_open(self) -> bool {
        matches!(self, OrderState::Open | OrderState::PartlyReceived)
    }

    /// The state in German, as the order documents and the command line print it.
    pub const fn german(self) -> &'static str {
        match self {
            OrderState::Open => "offen",
            OrderState::PartlyReceived => "teilweise geliefert",
            OrderState::Received => "geliefert",
            OrderState::Cancelled => "storniert",
        }
    }
}

/// One line of an order as far as receiving is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderedQuantity {
    pub sku: String,
    pub ordered: i64,
    /// Units received against this line so far.
    pub received: i64,
}

impl OrderedQuantity {
    /// Units still expected: never below zero (an over-delivery leaves nothing open).
    pub fn open(&self) -> i64 {
        (self.ordered - self.received).max(0)
    }
}

/// One article of a delivery, as typed or scanned (the same article twice is added up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub sku: String,
    pub quantity: i64,
    /// The purchase price on the delivery note, when given.
    pub unit_cost: Option<Cents>,
    /// The article's supplier in the article master.
    pub supplier: Option<String>,
    pub pack_size: i64,
}

/// A delivery line as it will be booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedLine {
    pub sku: String,
    pub quantity: i64,
    /// The part of `quantity` that was still on order (reduces the article's on-order quantity).
    pub against_order: i64,
    pub unit_cost: Option<Cents>,
    /// Whether the article is on the order at all (false: a different article came).
    pub on_order_line: bool,
}

/// What a delivery does to an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptPlan {
    pub lines: Vec<PlannedLine>,
    pub state_after: OrderState,
    /// Units still open that are written off because the order closes: (sku, quantity).
    pub written_off: Vec<(String, i64)>,
}

/// Why a delivery or cancellation cannot be booked on an order. Nothing is changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    #[error("order {order_no} is {} and takes no more goods", state.as_str())]
    OrderClosed { order_no: String, state: OrderState },
    #[error("quantity {quantity} of {sku} is impossible (1 to {MAX_RECEIPT_QUANTITY})")]
    ImpossibleQuantity { sku: String, quantity: i64 },
    #[error("the delivery has no lines")]
    NothingDelivered,
    #[error("{quantity} units of {sku} are more than ten times {reference}; confirm if right")]
    NeedsConfirmation {
        sku: String,
        quantity: i64,
        reference: i64,
    },
    #[error("article {sku} comes from {article_supplier}, not from {order_supplier}")]
    OtherSupplier {
        sku: String,
        article_supplier: String,
        order_supplier: String,
    },
}

/// Plans a delivery against an order in `state` from `order_supplier` with `lines`. With `close`
/// the order is complete after it and what is still open is written off; without, it is complete
/// when nothing is open any more. `confirmed` allows a delivery far above the order.
pub fn plan_receipt(
    order_no: &str,
    state: OrderState,
    order_supplier: &str,
    lines: &[OrderedQuantity],
    delivered: &[Delivered],
    close: bool,
    confirmed: bool,
) -> Result<ReceiptPlan, ReceiptError> {
    if !state.is_open() {
        return Err(ReceiptError::OrderClosed {
            order_no: order_no.to_owned(),
            state,
        });
    }
    if delivered.is_empty() && !close {
        return Err(ReceiptError::NothingDelivered);
    }
    // The same article scanned twice is one line; the last price given counts.
    let mut merged: Vec<Delivered> = Vec::new();
    for d in delivered {
        if !(1..=MAX_RECEIPT_QUANTITY).contains(&d.quantity) {
            return Err(ReceiptError::ImpossibleQuantity {
                sku: d.sku.clone(),
                quantity: d.quantity,
            });
        }
        match merged.iter_mut().find(|m| m.sku == d.sku) {
            Some(m) => {
                m.quantity += d.quantity;
                m.unit_cost = d.unit_cost.or(m.unit_cost);
            }
            None => merged.push(d.clone()),
        }
    }
    let mut planned = Vec::new();
    for d in &merged {
        let line = lines.iter().find(|l| l.sku == d.sku);
        if line.is_none()
            && let Some(article_supplier) = &d.supplier
            && article_supplier != order_supplier
        {
            return Err(ReceiptError::OtherSupplier {
                sku: d.sku.clone(),
                article_supplier: article_supplier.clone(),
                order_supplier: order_supplier.to_owned(),
            });
        }
        let reference = line.map_or(d.pack_size, |l| l.ordered).max(1);
        if d.quantity > CONFIRM_ABOVE_FACTOR * reference && !confirmed {
            return Err(ReceiptError::NeedsConfirmation {
                sku: d.sku.clone(),
                quantity: d.quantity,
                reference,
            });
        }
        planned.push(PlannedLine {
            sku: d.sku.clone(),
            quantity: d.quantity,
            against_order: line.map_or(0, |l| d.quantity.min(l.open())),
            unit_cost: d.unit_cost,
            on_order_line: line.is_some(),
        });
    }
    let open_after: Vec<(String, i64)> = lines
        .iter()
        .map(|l| {
            let now = planned
                .iter()
                .find(|p| p.sku == l.sku)
                .map_or(0, |p| p.quantity);
            (l.sku.clone(), (l.open() - now).max(0))
        })
        .filter(|(_, open)| *open > 0)
        .collect();
    let received_any = lines.iter().any(|l| l.received > 0) || !planned.is_empty();
    let (state_after, written_off) = if open_after.is_empty() || close {
        (
            OrderState::Received,
            if close { open_after } else { vec![] },
        )
    } else if received_any {
        (OrderState::PartlyReceived, vec![])
    } else {
        (OrderState::Open, vec![])
    };
    Ok(ReceiptPlan {
        lines: planned,
        state_after,
        written_off,
    })
}

/// What cancelling an order writes off: every line's open units. A closed order cannot be cancelled.
pub fn plan_cancel(
    order_no: &str,
    state: OrderState,
    lines: &[OrderedQuantity],
) -> Result<Vec<(String, i64)>, ReceiptError> {
    if !state.is_open() {
        return Err(ReceiptError::OrderClosed {
            order_no: order_no.to_owned(),
            state,
        });
    }
    Ok(lines
        .iter()
        .filter(|l| l.open() > 0)
        .map(|l| (l.sku.clone(), l.open()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> Vec<OrderedQuantity> {
        vec![
            OrderedQuantity {
                sku: "A".into(),
                ordered: 24,
                received: 0,
            },
            OrderedQuantity {
                sku: "B".into(),
                ordered: 10,
                received: 0,
            },
        ]
    }

    fn came(sku: &str, quantity: i64) -> Delivered {
        Delivered {
            sku: sku.into(),
            quantity,
            unit_cost: None,
            supplier: Some("Gardena".into()),
            pack_size: 6,
        }
    }

    fn plan(delivered: &[Delivered], close: bool) -> Result<ReceiptPlan, ReceiptError> {
        plan_receipt(
            "B-1",
            OrderState::Open,
            "Gardena",
            &order(),
            delivered,
            close,
            false,
        )
    }

    #[test]
    fn a_partial_delivery_leaves_the_rest_open() {
        let p = plan(&[came("A", 12)], false).unwrap();
        assert_eq!(p.state_after, OrderState::PartlyReceived);
        assert_eq!(p.lines[0].against_order, 12);
        assert!(p.written_off.is_empty());
    }

    #[test]
    fn an_over_delivery_reduces_on_order_only_by_what_was_open() {
        let p = plan(&[came("A", 30), came("B", 10)], false).unwrap();
        assert_eq!(p.state_after, OrderState::Received);
        assert_eq!(
            (p.lines[0].quantity, p.lines[0].against_order),
            (30, 24),
            "six more than ordered go to stock, not off on-order"
        );
    }

    #[test]
    fn closing_with_a_missing_line_writes_it_off() {
        let p = plan(&[came("A", 20)], true).unwrap();
        assert_eq!(p.state_after, OrderState::Received);
        assert_eq!(p.written_off, vec![("A".into(), 4), ("B".into(), 10)]);
    }

    #[test]
    fn a_different_article_of_the_supplier_is_stock_but_not_on_order() {
        let p = plan(&[came("C", 6)], false).unwrap();
        assert_eq!(
            (p.lines[0].against_order, p.lines[0].on_order_line),
            (0, false)
        );
        assert_eq!(p.state_after, OrderState::PartlyReceived);
    }

    #[test]
    fn refusals() {
        let mut other = came("C", 6);
        other.supplier = Some("Kiepenkerl".into());
        assert!(matches!(
            plan(&[other], false),
            Err(ReceiptError::OtherSupplier { .. })
        ));
        assert!(matches!(
            plan(&[came("A", -3)], false),
            Err(ReceiptError::ImpossibleQuantity { quantity: -3, .. })
        ));
        assert!(matches!(
            plan(&[came("A", 0)], false),
            Err(ReceiptError::ImpossibleQuantity { .. })
        ));
        assert!(matches!(
            plan(&[came("A", 241)], false),
            Err(ReceiptError::NeedsConfirmation { reference: 24, .. })
        ));
        assert!(plan(&[came("A", 240)], false).is_ok());
        assert!(matches!(
            plan(&[], false),
            Err(ReceiptError::NothingDelivered)
        ));
        let closed = plan_receipt(
            "B-1",
            OrderState::Received,
            "Gardena",
            &order(),
            &[came("A", 1)],
            false,
            false,
        );
        assert!(matches!(closed, Err(ReceiptError::OrderClosed { .. })));
        assert!(plan_cancel("B-1", OrderState::Cancelled, &order()).is_err());
        assert_eq!(
            plan_cancel("B-1", OrderState::Open, &order())
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn the_same_article_twice_is_added_up() {
        let p = plan(&[came("B", 4), came("B", 6)], false).unwrap();
        assert_eq!(p.lines.len(), 1);
        assert_eq!(p.lines[0].quantity, 10);
    }
}
