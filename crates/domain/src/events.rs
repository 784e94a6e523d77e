//! Domain events — the facts other systems learn about — and the envelope they travel in.
//!
//! Each event is written to the outbox in the same transaction as the change it describes and
//! replicated to head office on subject `erp.<store_id>.<domain>.<EventType>`.
//!
//! The event types (this enum is the contract; payload fields as below, amounts in cents):
//!
//! | domain | event type | aggregate id | when |
//! |---|---|---|---|
//! | inventory | `ArticleCreated`, `ArticleUpdated` | SKU | catalogue import or edit |
//! | inventory | `StockUpdated` | SKU | every stock movement (`receipt`, `sale`, `adjustment`, `return`) |
//! | inventory | `LowStockDetected` | SKU | a movement crosses the reorder point downwards |
//! | sales | `SaleCompleted` | receipt number | a sale is committed |
//! | sales | `SaleRefunded` | `E-<refund_no>` | a refund or void by reversal is committed (positive amounts going back, `kind` `void`/`refund`, the approving manager) |
//! | crm | `CustomerCreated`, `LeadStatusChanged`, `LeadConverted` | customer number / lead id | CRM changes |
//! | finance | `JournalEntryPosted` | entry id | every posting, including the reversal of a refund |
//! | finance | `AccountBalanceChanged` | account number | once per account a posting touches |
//! | purchasing | `PurchaseOrderCreated` | order number | an approved reorder proposal |
//! | purchasing | `GoodsReceived` | order number | a delivery is booked against an order (`WE-` receipt number, lines, the order's state after it) |
//! | purchasing | `PurchaseOrderClosed` | order number | an order is complete or cancelled; what was still open is written off |
//! | till | `TillOpened` | `<till>/<session_no>` | a till session opens with its counted float |
//! | till | `CashMovementRecorded` | `<till>/<session_no>` | cash goes in or out of the drawer (reason, amount, cashier, approving manager) |
//! | till | `TillClosed` | `<till>/Z<z_no>` | the daily closing: the Z-report's figures, counted cash, difference, float for tomorrow |
//!
//! A refund emits, in this order and in its one transaction: `SaleRefunded`, one `StockUpdated`
//! (movement `return`) per line, `JournalEntryPosted` and the `AccountBalanceChanged` events.
//! A goods receipt emits `GoodsReceived` (a line with a purchase price changes the article's), one
//! `StockUpdated` (movement `receipt`) per line, and `PurchaseOrderClosed` when it completes the
//! order; a cancellation emits `PurchaseOrderClosed` alone.
//! A cash movement emits `CashMovementRecorded` then its posting's events; a closing emits
//! `TillClosed`, then the posting of its cash difference (if any).

use crate::money::Cents;
use crate::stock::MovementKind;
use crate::till_report::{CashDirection, CashReason, TillFigures};
use crate::vat::VatRate;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The envelope's schema version; bump when a payload changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

/// A sale line as head office sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoldLine {
    pub sku: String,
    pub quantity: i64,
    pub unit_price_cents: Cents,
    pub discount_cents: Cents,
    pub line_total_cents: Cents,
    pub vat_rate: VatRate,
}

/// One VAT rate's share of a sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatLine {
    pub rate: VatRate,
    pub net_cents: Cents,
    pub vat_cents: Cents,
    pub gross_cents: Cents,
}

impl From<&crate::vat::VatShare> for VatLine {
    fn from(share: &crate::vat::VatShare) -> Self {
        VatLine {
            rate: share.rate,
            net_cents: share.net,
            vat_cents: share.vat,
            gross_cents: share.gross,
        }
    }
}

/// A line of a refund as head office sees it: units going back and the amount paid back for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundedLine {
    pub sku: String,
    pub quantity: i64,
    pub amount_cents: Cents,
    pub vat_rate: VatRate,
}

/// One side of a posted journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostedLine {
    pub account: u32,
    pub debit_cents: Cents,
    pub credit_cents: Cents,
}

/// Every fact a store tells head office about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event_type", content = "payload")]
pub enum DomainEvent {
    ArticleCreated {
        sku: String,
        ean: Option<String>,
        name: String,
        category: String,
        unit: String,
        price_cents: Cents,
        vat_rate: VatRate,
        supplier: Option<String>,
    },
    ArticleUpdated {
        sku: String,
        name: String,
        category: String,
        price_cents: Cents,
        vat_rate: VatRate,
    },
    StockUpdated {
        sku: String,
        movement: MovementKind,
        delta: i64,
        on_hand: i64,
        reference: Option<String>,
    },
    LowStockDetected {
        sku: String,
        name: String,
        on_hand: i64,
        reorder_point: i64,
        supplier: Option<String>,
    },
    SaleCompleted {
        receipt_no: i64,
        total_cents: Cents,
        method: String,
        change_cents: Cents,
        customer_no: Option<String>,
        lines: Vec<SoldLine>,
        vat: Vec<VatLine>,
    },
    /// A refund (or the void of a whole receipt) by reversal: its own document number, the
    /// receipt it reverses, positive amounts going back, and the manager who approved it.
    SaleRefunded {
        refund_no: i64,
        receipt_no: i64,
        /// `void` (the whole receipt) or `refund` (some units).
        kind: String,
        total_cents: Cents,
        /// `cash` or `card`: how the money goes back (as the sale was paid).
        method: String,
        lines: Vec<RefundedLine>,
        vat: Vec<VatLine>,
        authorized_by: String,
    },
    CustomerCreated {
        customer_no: String,
        name: String,
        customer_type: String,
        city: Option<String>,
    },
    LeadStatusChanged {
        lead_id: i64,
        name: String,
        from: String,
        to: String,
    },
    LeadConverted {
        lead_id: i64,
        customer_no: String,
    },
    JournalEntryPosted {
        entry_id: i64,
        text: String,
        reference: String,
        lines: Vec<PostedLine>,
    },
    AccountBalanceChanged {
        account: u32,
        name: String,
        delta_cents: Cents,
        balance_cents: Cents,
    },
    PurchaseOrderCreated {
        order_no: String,
        supplier: String,
        total_cents: Cents,
        lines: Vec<OrderedLine>,
    },
    /// A till session opened: the till, its session number (per till), the Berlin business day,
    /// the cashier and the counted float.
    TillOpened {
        till_id: String,
        session_no: i64,
        business_day: String,
        opened_by: String,
        float_cents: Cents,
    },
    /// Cash in or out of the drawer outside a sale.
    CashMovementRecorded {
        till_id: String,
        session_no: i64,
        movement_id: i64,
        /// `in` or `out`.
        direction: CashDirection,
        reason: CashReason,
        amount_cents: Cents,
        cashier: String,
        /// The manager who approved a cash out above the limit.
        approved_by: Option<String>,
    },
    /// The daily closing (Z-report), numbered gapless per till.
    TillClosed {
        till_id: String,
        session_no: i64,
        z_no: i64,
        business_day: String,
        closed_by: String,
        figures: TillFigures,
        counted_cents: Cents,
        /// Counted minus expected: positive over, negative short.
        difference_cents: Cents,
        /// What stays in the drawer for the next opening.
        float_next_cents: Cents,
        /// The TSE's signature counters of the closing: the start of its first signed business
        /// case and the finish of the closing's own signature. `None` when the TSE was down
        /// (and for closings of a store from before the TSE was wired in).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tse_first_signature_counter: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tse_last_signature_counter: Option<u64>,
    },
    /// A delivery booked against a purchase order (Wareneingang).
    GoodsReceived {
        /// `WE-00001`, gapless per store.
        receipt_no: String,
        order_no: String,
        supplier: String,
        lines: Vec<ReceivedLine>,
        /// The order's state after this delivery: `partly_received` or `received`.
        order_state: String,
        received_by: String,
    },
    /// A purchase order is done: everything arrived or the rest was written off (`received`), or
    /// it was cancelled (`cancelled`). `written_off` is what was still open and no longer counts as
    /// on order.
    PurchaseOrderClosed {
        order_no: String,
        supplier: String,
        state: String,
        written_off: Vec<OpenQuantity>,
        closed_by: String,
    },
}

/// A line of a goods receipt: the units that arrived, how many of them were still on order, and
/// the purchase price on the delivery note when one was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedLine {
    pub sku: String,
    pub quantity: i64,
    pub against_order: i64,
    pub unit_cost_cents: Option<Cents>,
}

/// Units of an article still open on an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenQuantity {
    pub sku: String,
    pub quantity: i64,
}

/// A purchase order line as head office sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderedLine {
    pub sku: String,
    pub quantity: i64,
    pub unit_cost_cents: Cents,
}

impl DomainEvent {
    /// The event's type name, as in the envelope and the subject.
    pub fn event_type(&self) -> &'static str {
        match self {
            DomainEvent::ArticleCreated { .. } => "ArticleCreated",
            DomainEvent::ArticleUpdated { .. } => "ArticleUpdated",
            DomainEvent::StockUpdated { .. } => "StockUpdated",
            DomainEvent::LowStockDetected { .. } => "LowStockDetected",
            DomainEvent::SaleCompleted { .. } => "SaleCompleted",
            DomainEvent::SaleRefunded { .. } => "SaleRefunded",
            DomainEvent::CustomerCreated { .. } => "CustomerCreated",
            DomainEvent::LeadStatusChanged { .. } => "LeadStatusChanged",
            DomainEvent::LeadConverted { .. } => "LeadConverted",
            DomainEvent::JournalEntryPosted { .. } => "JournalEntryPosted",
            DomainEvent::AccountBalanceChanged { .. } => "AccountBalanceChanged",
            DomainEvent::PurchaseOrderCreated { .. } => "PurchaseOrderCreated",
            DomainEvent::TillOpened { .. } => "TillOpened",
            DomainEvent::CashMovementRecorded { .. } => "CashMovementRecorded",
            DomainEvent::TillClosed { .. } => "TillClosed",
            DomainEvent::GoodsReceived { .. } => "GoodsReceived",
            DomainEvent::PurchaseOrderClosed { .. } => "PurchaseOrderClosed",
        }
    }

    /// The bounded context the event belongs to.
    pub fn domain(&self) -> &'static str {
        match self {
            DomainEvent::ArticleCreated { .. }
            | DomainEvent::ArticleUpdated { .. }
            | DomainEvent::StockUpdated { .. }
            | DomainEvent::LowStockDetected { .. } => "inventory",
            DomainEvent::SaleCompleted { .. } | DomainEvent::SaleRefunded { .. } => "sales",
            DomainEvent::CustomerCreated { .. }
            | DomainEvent::LeadStatusChanged { .. }
            | DomainEvent::LeadConverted { .. } => "crm",
            DomainEvent::JournalEntryPosted { .. } | DomainEvent::AccountBalanceChanged { .. } => {
                "finance"
            }
            DomainEvent::PurchaseOrderCreated { .. }
            | DomainEvent::GoodsReceived { .. }
            | DomainEvent::PurchaseOrderClosed { .. } => "purchasing",
            DomainEvent::TillOpened { .. }
            | DomainEvent::CashMovementRecorded { .. }
            | DomainEvent::TillClosed { .. } => "till",
        }
    }

    /// The id of the thing the event is about.
    pub fn aggregate_id(&self) -> String {
        match self {
            DomainEvent::ArticleCreated { sku, .. }
            | DomainEvent::ArticleUpdated { sku, .. }
            | DomainEvent::StockUpdated { sku, .. }
            | DomainEvent::LowStockDetected { sku, .. } => sku.clone(),
            DomainEvent::SaleCompleted { receipt_no, .. } => receipt_no.to_string(),
            DomainEvent::SaleRefunded { refund_no, .. } => format!("E-{refund_no}"),
            DomainEvent::CustomerCreated { customer_no, .. } => customer_no.clone(),
            DomainEvent::LeadStatusChanged { lead_id, .. }
            | DomainEvent::LeadConverted { lead_id, .. } => lead_id.to_string(),
            DomainEvent::JournalEntryPosted { entry_id, .. } => entry_id.to_string(),
            DomainEvent::AccountBalanceChanged { account, .. } => account.to_string(),
            DomainEvent::PurchaseOrderCreated { order_no, .. }
            | DomainEvent::GoodsReceived { order_no, .. }
            | DomainEvent::PurchaseOrderClosed { order_no, .. } => order_no.clone(),
            DomainEvent::TillOpened {
                till_id,
                session_no,
                ..
            }
            | DomainEvent::CashMovementRecorded {
                till_id,
                session_no,
                ..
            } => format!("{till_id}/{session_no}"),
            DomainEvent::TillClosed { till_id, z_no, .. } => format!("{till_id}/Z{z_no}"),
        }
    }

    /// The payload alone, as it appears in the envelope.
    pub fn payload(&self) -> serde_json::Value {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(mut map)) => map.remove("payload").unwrap_or_default(),
            _ => serde_json::Value::Null,
        }
    }
}

/// The JSON envelope every event travels in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventEnvelope {
    pub event_id: Uuid,
    pub event_type: String,
    pub domain: String,
    pub aggregate_id: String,
    pub store_id: String,
    /// Gapless, increasing per store: head office detects missing events by it.
    pub store_seq: i64,
    /// RFC 3339, UTC.
    pub occurred_at: String,
    pub schema_version: u32,
    pub payload: serde_json::Value,
}

/// Why an envelope could not be read back into an event.
#[derive(Debug, thiserror::Error)]
#[error("cannot decode {event_type} event: {source}")]
pub struct DecodeError {
    pub event_type: String,
    #[source]
    pub source: serde_json::Error,
}

impl EventEnvelope {
    pub fn new(
        event_id: Uuid,
        store_id: &str,
        store_seq: i64,
        occurred_at: DateTime<Utc>,
        event: &DomainEvent,
    ) -> EventEnvelope {
        EventEnvelope {
            event_id,
            event_type: event.event_type().to_owned(),
            domain: event.domain().to_owned(),
            aggregate_id: event.aggregate_id(),
            store_id: store_id.to_owned(),
            store_seq,
            occurred_at: occurred_at.to_rfc3339_opts(SecondsFormat::Millis, true),
            schema_version: SCHEMA_VERSION,
            payload: event.payload(),
        }
    }

    /// The NATS subject: `erp.<store_id>.<domain>.<EventType>`.
    pub fn subject(&self) -> String {
        format!("erp.{}.{}.{}", self.store_id, self.domain, self.event_type)
    }

    /// Reads the typed event back out of the envelope.
    pub fn decode(&self) -> Result<DomainEvent, DecodeError> {
        let tagged = serde_json::json!({"event_type": self.event_type, "payload": self.payload});
        serde_json::from_value(tagged).map_err(|source| DecodeError {
            event_type: self.event_type.clone(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_round_trips_and_names_its_subject() {
        let event = DomainEvent::LowStockDetected {
            sku: "GF-10001".into(),
            name: "Gießkanne".into(),
            on_hand: 3,
            reorder_point: 5,
            supplier: Some("Gardena".into()),
        };
        let at = DateTime::from_timestamp(1_760_000_000, 0).unwrap();
        let envelope = EventEnvelope::new(Uuid::nil(), "store-001", 42, at, &event);
        assert_eq!(
            envelope.subject(),
            "erp.store-001.inventory.LowStockDetected"
        );
        assert_eq!(envelope.occurred_at, "2025-10-09T08:53:20.000Z");
        assert_eq!(envelope.payload["on_hand"], 3);
        let json = serde_json::to_string(&envelope).unwrap();
        let back: EventEnvelope = serde_json::from_str(&json).unwrap();
        assert_eq!(back.decode().unwrap(), event);
    }

    #[test]
    fn a_payload_that_does_not_fit_its_type_is_a_decode_error() {
        let mut envelope = EventEnvelope::new(
            Uuid::nil(),
            "s",
            1,
            DateTime::from_timestamp(0, 0).unwrap(),
            &DomainEvent::LeadConverted {
                lead_id: 1,
                customer_no: "K-1".into(),
            },
        );
        envelope.payload = serde_json::json!({"lead_id": "not a number"});
        assert!(envelope.decode().is_err());
        envelope.event_type = "NoSuchEvent".into();
        assert!(envelope.decode().is_err());
    }
}
