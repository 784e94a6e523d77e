//! Why a purchase order use case (receiving goods, cancelling) did nothing: typed, with a code
//! for the windows and a message in German and English.

use filiale_domain::purchase_order::{OrderState, ReceiptError};

/// A refusal on a purchase order. `Display` gives "deutsch / english"; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} / {}", self.message_de(), self.message_en())]
pub enum OrderError {
    /// No order has this number.
    UnknownOrder { order_no: String },
    /// The delivery or cancellation breaks a receiving rule.
    Receipt(ReceiptError),
}

impl From<ReceiptError> for OrderError {
    fn from(error: ReceiptError) -> Self {
        OrderError::Receipt(error)
    }
}

fn state_en(state: OrderState) -> &'static str {
    match state {
        OrderState::Open => "open",
        OrderState::PartlyReceived => "partly received",
        OrderState::Received => "received",
        OrderState::Cancelled => "cancelled",
    }
}

impl OrderError {
    /// A stable code for the windows.
    pub fn code(&self) -> &'static str {
        match self {
            OrderError::UnknownOrder { .. } => "unknown_order",
            OrderError::Receipt(e) => match e {
                ReceiptError::OrderClosed { .. } => "order_closed",
                ReceiptError::ImpossibleQuantity { .. } => "impossible_quantity",
                ReceiptError::NothingDelivered => "nothing_delivered",
                ReceiptError::NeedsConfirmation { .. } => "needs_confirmation",
                ReceiptError::OtherSupplier { .. } => "other_supplier",
            },
        }
    }

    pub fn message_de(&self) -> String {
        match self {
            OrderError::UnknownOrder { order_no } => {
                format!("Es gibt keine Bestellung {order_no} (filiale order list zeigt alle)")
            }
            OrderError::Receipt(e) => match e {
                ReceiptError::OrderClosed { order_no, state } => format!(
                    "Bestellung {order_no} ist {} und nimmt keine Ware mehr an; ohne Bestellung buchen: filiale stock receive",
                    state.german()
                ),
                ReceiptError::ImpossibleQuantity { sku, quantity } => format!(
                    "Menge {quantity} für {sku} ist unmöglich (1 bis {})",
                    filiale_domain::purchase_order::MAX_RECEIPT_QUANTITY
                ),
                ReceiptError::NothingDelivered => {
                    "Der Wareneingang hat keine Zeilen (--line ARTIKEL:MENGE)".into()
                }
                ReceiptError::NeedsConfirmation {
                    sku,
                    quantity,
                    reference,
                } => format!(
                    "{quantity} Stück {sku} sind mehr als das Zehnfache von {reference}; bitte bestätigen (--confirm), wenn das stimmt"
                ),
                ReceiptError::OtherSupplier {
                    sku,
                    article_supplier,
                    order_supplier,
                } => format!(
                    "Artikel {sku} kommt von {article_supplier}, nicht von {order_supplier}: auf dessen Bestellung oder mit filiale stock receive buchen"
                ),
            },
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            OrderError::UnknownOrder { order_no } => {
                format!("there is no purchase order {order_no} (filiale order list shows them all)")
            }
            OrderError::Receipt(e) => match e {
                ReceiptError::OrderClosed { order_no, state } => format!(
                    "purchase order {order_no} is {} and takes no more goods; to book without an order: filiale stock receive",
                    state_en(*state)
                ),
                ReceiptError::ImpossibleQuantity { sku, quantity } => format!(
                    "quantity {quantity} of {sku} is impossible (1 to {})",
                    filiale_domain::purchase_order::MAX_RECEIPT_QUANTITY
                ),
                ReceiptError::NothingDelivered => {
                    "the goods receipt has no lines (--line SKU:QTY)".into()
                }
                ReceiptError::NeedsConfirmation {
                    sku,
                    quantity,
                    reference,
                } => format!(
                    "{quantity} units of {sku} are more than ten times {reference}; confirm (--confirm) if that is right"
                ),
                ReceiptError::OtherSupplier {
                    sku,
                    article_supplier,
                    order_supplier,
                } => format!(
                    "article {sku} comes from {article_supplier}, not from {order_supplier}: book it on that supplier's order or with filiale stock receive"
                ),
            },
        }
    }
}
