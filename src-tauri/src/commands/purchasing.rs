//! The approval screen's commands: reorder proposals, decided with the manager's PIN; and the
//! purchase orders they became: list, detail, goods receipt, cancellation, documents.

use super::UiResult;
use filiale_app::App;
use filiale_app::dto::{
    ManagerPin, OrderDetail, OrderSummary, ProposalSummary, ReceiptLineInput, ReceiptOutcome,
    ReceiveOptions, ReorderSnapshot,
};
use filiale_app::usecases::{ManagerConsent, Purchasing};
use std::collections::BTreeMap;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn reorder_list(app: State<'_, App>) -> UiResult<Vec<ProposalSummary>> {
    Ok(app.purchasing().proposals()?)
}

#[tauri::command]
#[specta::specta]
pub fn reorder_show(app: State<'_, App>, id: String) -> UiResult<ReorderSnapshot> {
    Ok(app.purchasing().show(&id)?)
}

#[tauri::command]
#[specta::specta]
pub fn reorder_start(app: State<'_, App>) -> UiResult<ReorderSnapshot> {
    Ok(app.purchasing().start()?)
}

#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub fn reorder_approve(
    app: State<'_, App>,
    id: String,
    manager: String,
    pin: String,
    quantities: Option<BTreeMap<String, i64>>,
    removed: Option<Vec<String>>,
) -> UiResult<ReorderSnapshot> {
    Ok(app
        .purchasing()
        .approve(&id, approver(&manager, &pin), quantities, removed)?)
}

/// The manager who decides, by name and PIN (the store's default manager when no name is given).
fn approver<'a>(manager: &'a str, pin: &'a str) -> ManagerConsent<'a> {
    if manager.trim().is_empty() {
        return Purchasing::default_manager(pin);
    }
    ManagerPin {
        manager: manager.trim(),
        pin,
    }
    .into()
}

#[tauri::command]
#[specta::specta]
pub fn reorder_reject(
    app: State<'_, App>,
    id: String,
    reason: String,
    manager: String,
    pin: String,
) -> UiResult<ReorderSnapshot> {
    Ok(app
        .purchasing()
        .reject(&id, &reason, approver(&manager, &pin))?)
}

/// Units sold per day of each line's article over the last `days` days, for the line charts.
#[tauri::command]
#[specta::specta]
pub fn reorder_sales_history(
    app: State<'_, App>,
    skus: Vec<String>,
    days: u32,
) -> UiResult<BTreeMap<String, Vec<i64>>> {
    Ok(app.purchasing().sales_history(&skus, days)?)
}

/// Purchase orders, newest first; only those still expecting goods with `open_only`.
#[tauri::command]
#[specta::specta]
pub fn orders_list(app: State<'_, App>, open_only: bool) -> UiResult<Vec<OrderSummary>> {
    Ok(app.purchasing().orders(open_only)?)
}

#[tauri::command]
#[specta::specta]
pub fn order_show(app: State<'_, App>, order_no: String) -> UiResult<OrderDetail> {
    Ok(app.purchasing().order(&order_no)?)
}

/// A goods receipt against an order (one transaction; refused as a whole).
#[tauri::command]
#[specta::specta]
pub fn order_receive(
    app: State<'_, App>,
    order_no: String,
    lines: Vec<ReceiptLineInput>,
    options: ReceiveOptions,
) -> UiResult<ReceiptOutcome> {
    Ok(app.purchasing().receive(&order_no, &lines, &options)?)
}

#[tauri::command]
#[specta::specta]
pub fn order_cancel(app: State<'_, App>, order_no: String, by: String) -> UiResult<OrderDetail> {
    Ok(app.purchasing().cancel_order(&order_no, &by)?)
}

/// The order's documents for the supplier: the CSV and the printable page (HTML).
#[tauri::command]
#[specta::specta]
pub fn order_documents(app: State<'_, App>, order_no: String) -> UiResult<OrderDocuments> {
    let purchasing = app.purchasing();
    Ok(OrderDocuments {
        csv: purchasing.order_csv(&order_no)?,
        page: purchasing.order_page(&order_no)?,
    })
}

/// An order's two documents.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct OrderDocuments {
    pub csv: String,
    pub page: String,
}
