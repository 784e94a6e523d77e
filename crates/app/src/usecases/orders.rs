//! Open purchase orders: list and show them, receive goods against one (partial, over, missing
//! lines, a different article of the same supplier, purchase prices), close or cancel one, and
//! write its documents. Each change is one store transaction with its events and audit entry.

use super::order_error::OrderError;
use super::{Purchasing, UseCaseError};
use filiale_domain::Cents;
use filiale_domain::purchase_order::{self, Delivered};
use filiale_store::audit::{self, NewEntry, Outcome};
use filiale_store::purchase_orders::{self, Booked, Booking, OrderDetail, OrderSummary};
use serde::{Deserialize, Serialize};

/// The failpoint inside a goods receipt, after the stock moved and before its event (tests: a
/// crash there leaves nothing of the receipt).
pub const RECEIPT_AFTER_STOCK: &str = "goods_receipt.after_stock";

/// One article of a delivery as typed or scanned: SKU or EAN, units, and the purchase price on
/// the delivery note when it is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReceiptLineInput {
    pub code: String,
    pub quantity: i64,
    pub unit_cost_cents: Option<i64>,
}

/// How a delivery is booked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReceiveOptions {
    /// The order is complete with this delivery: what is still open is written off.
    pub close: bool,
    /// A quantity more than ten times the order is meant.
    pub confirmed: bool,
    /// Who unpacked it.
    pub received_by: String,
    /// The delivery note's number or a remark.
    pub note: String,
}

/// What a goods receipt did, and the order after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReceiptOutcome {
    pub booked: Booked,
    pub order: OrderDetail,
}

/// The name booked when nobody is named.
pub const DEFAULT_RECEIVER: &str = "Wareneingang";

impl Purchasing<'_> {
    /// Purchase orders, newest first; only those still expecting goods with `open_only`.
    pub fn orders(&self, open_only: bool) -> Result<Vec<OrderSummary>, UseCaseError> {
        Ok(self
            .app
            .store
            .read(|db| purchase_orders::list(db, open_only))?)
    }

    /// One order with its lines, deliveries and what is still open.
    pub fn order(&self, order_no: &str) -> Result<OrderDetail, UseCaseError> {
        let order_no = order_no.trim();
        self.app
            .store
            .read(|db| purchase_orders::get(db, order_no))?
            .ok_or_else(|| unknown(order_no))
    }

    /// Books a delivery against an order: stock up, on-order down by what was still open, prices
    /// updated, the order's state moved on; one transaction with its events and audit entry.
    pub fn receive(
        &self,
        order_no: &str,
        lines: &[ReceiptLineInput],
        options: &ReceiveOptions,
    ) -> Result<ReceiptOutcome, UseCaseError> {
        let order_no = order_no.trim();
        let mut delivered = Vec::with_capacity(lines.len());
        for line in lines {
            let article = self.app.find_article(&line.code)?;
            let unit_cost = match line.unit_cost_cents {
                Some(c) if c < 0 => {
                    return Err(crate::ErrorCode::PurchasePriceOutOfRange { price_cents: c }.into());
                }
                other => other.map(Cents::new),
            };
            delivered.push(Delivered {
                sku: article.article.sku.to_string(),
                quantity: line.quantity,
                unit_cost,
                supplier: article.article.supplier.clone(),
                pack_size: i64::from(article.article.pack_size),
            });
        }
        let by = name_or(&options.received_by, DEFAULT_RECEIVER);
        let note = options.note.trim();
        let terminal = self.app.config.till_id().to_owned();
        let booked = self.app.store.write(self.app.now(), |tx| {
            let order =
                purchase_orders::get(tx.db(), order_no)?.ok_or_else(|| unknown(order_no))?;
            let plan = purchase_order::plan_receipt(
                order_no,
                order.summary.state,
                &order.summary.supplier,
                &order.ordered_quantities(),
                &delivered,
                options.close,
                options.confirmed,
            )
            .map_err(OrderError::from)?;
            let booked = purchase_orders::book_receipt(tx, &order, &plan, Booking { by, note })?;
            let subject = match &booked.receipt_no {
                Some(receipt_no) => format!("Wareneingang {receipt_no} zu {order_no}"),
                None => format!("Bestellung {order_no} abgeschlossen"),
            };
            audit::record(
                tx,
                &NewEntry {
                    terminal: &terminal,
                    actor: by,
                    action: "purchasing.goods_receipt",
                    outcome: Outcome::Ok,
                    subject: &subject,
                    details: serde_json::json!({
                        "lines": plan.lines,
                        "state": plan.state_after,
                        "written_off": plan.written_off,
                        "price_changes": booked.price_changes,
                        "note": note,
                    }),
                },
            )?;
            Ok::<_, UseCaseError>(booked)
        })?;
        Ok(ReceiptOutcome {
            booked,
            order: self.order(order_no)?,
        })
    }

    /// Cancels an order that is still expecting goods: what was open no longer counts as on order.
    pub fn cancel_order(&self, order_no: &str, by: &str) -> Result<OrderDetail, UseCaseError> {
        let order_no = order_no.trim();
        let by = name_or(by, super::reorder::DEFAULT_MANAGER);
        let terminal = self.app.config.till_id().to_owned();
        self.app.store.write(self.app.now(), |tx| {
            let order =
                purchase_orders::get(tx.db(), order_no)?.ok_or_else(|| unknown(order_no))?;
            let written_off = purchase_order::plan_cancel(
                order_no,
                order.summary.state,
                &order.ordered_quantities(),
            )
            .map_err(OrderError::from)?;
            purchase_orders::cancel(tx, &order, &written_off, by)?;
            audit::record(
                tx,
                &NewEntry {
                    terminal: &terminal,
                    actor: by,
                    action: "purchasing.order_cancel",
                    outcome: Outcome::Ok,
                    subject: &format!("Bestellung {order_no} storniert"),
                    details: serde_json::json!({ "written_off": written_off }),
                },
            )?;
            Ok::<_, UseCaseError>(())
        })?;
        self.order(order_no)
    }

    /// The open orders an article is on, with the units still open on each.
    pub fn open_orders_of(&self, code: &str) -> Result<Vec<(String, i64)>, UseCaseError> {
        let sku = self.app.find_article(code)?.article.sku;
        Ok(self
            .app
            .store
            .read(|db| purchase_orders::open_orders_of(db, sku.as_str()))?)
    }

    /// The order as the supplier's CSV (article number, supplier article number, EAN, quantity,
    /// pack size).
    pub fn order_csv(&self, order_no: &str) -> Result<String, UseCaseError> {
        Ok(super::order_document::csv(&self.order(order_no)?))
    }

    /// The order as a printable page (HTML, A4).
    pub fn order_page(&self, order_no: &str) -> Result<String, UseCaseError> {
        let store = &self.app.config().store;
        Ok(super::order_document::page(
            &self.order(order_no)?,
            &store.store_name,
            &store.store_id,
        ))
    }
}

fn unknown(order_no: &str) -> UseCaseError {
    OrderError::UnknownOrder {
        order_no: order_no.to_owned(),
    }
    .into()
}

fn name_or<'a>(name: &'a str, default: &'a str) -> &'a str {
    match name.trim() {
        "" => default,
        name => name,
    }
}
