//! The till's commands: the cart of one terminal, the manager's discount, payment and receipts,
//! and where this process's customer display listens. Changing the cart and paying need a
//! cashier signed in at the window ([`SignedIn`]); each counts as the cashier's activity.

use super::till_day::acting;
use super::{UiResult, refused};
use crate::signed_in::SignedIn;
use filiale_app::App;
use filiale_app::dto::{PrintedReceipt, Sale, TenderInput, TillView};
use filiale_app::usecases::{Till, UseCaseError};
use serde::Serialize;
use tauri::State;

/// Where the customer display of this process listens, for the cashier's status line.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DisplayEndpoint {
    pub port: u16,
    pub terminal_id: String,
}

/// The display port as bound at start-up (0 until the services are up).
#[derive(Debug, Default)]
pub struct BoundDisplay(pub std::sync::atomic::AtomicU16);

#[tauri::command]
#[specta::specta]
pub fn display_endpoint(app: State<'_, App>, bound: State<'_, BoundDisplay>) -> DisplayEndpoint {
    DisplayEndpoint {
        port: bound.0.load(std::sync::atomic::Ordering::Relaxed),
        terminal_id: app.config().till_id().to_owned(),
    }
}

fn till<'a>(app: &'a App, terminal: &str) -> Result<Till<'a>, UseCaseError> {
    app.till_at(terminal)
}

#[tauri::command]
#[specta::specta]
pub fn till_show(app: State<'_, App>, terminal: String) -> UiResult<TillView> {
    Ok(till(&app, &terminal)?.show()?)
}

#[tauri::command]
#[specta::specta]
pub fn till_scan(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    terminal: String,
    code: String,
    quantity: i64,
) -> UiResult<TillView> {
    acting(&signed)?;
    Ok(till(&app, &terminal)?.scan(&code, quantity)?)
}

#[tauri::command]
#[specta::specta]
pub fn till_set_quantity(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    terminal: String,
    sku: String,
    quantity: i64,
) -> UiResult<TillView> {
    acting(&signed)?;
    Ok(till(&app, &terminal)?.set_quantity(&sku, quantity)?)
}

#[tauri::command]
#[specta::specta]
pub fn till_remove(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    terminal: String,
    sku: String,
) -> UiResult<TillView> {
    acting(&signed)?;
    Ok(till(&app, &terminal)?.remove(&sku)?)
}

/// A line discount; above the cashier's limit the answer is `needs_manager` until the window sends
/// a manager's name and PIN along (refused: `wrong_pin`, `locked_out`, `unknown_manager`,
/// `not_a_manager`).
#[tauri::command]
#[specta::specta]
pub fn till_discount(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    terminal: String,
    sku: String,
    discount_cents: i64,
    manager: Option<String>,
    pin: Option<String>,
) -> UiResult<TillView> {
    acting(&signed)?;
    let till = till(&app, &terminal)?;
    match (manager.as_deref(), pin.as_deref()) {
        (Some(manager), Some(pin)) => {
            till.discount_line_with_pin(&sku, discount_cents, manager, pin)
        }
        _ => till.discount_line(&sku, discount_cents),
    }
    .map_err(refused)
}

#[tauri::command]
#[specta::specta]
pub fn till_attach_customer(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    terminal: String,
    customer_no: Option<String>,
) -> UiResult<TillView> {
    acting(&signed)?;
    Ok(till(&app, &terminal)?.attach_customer(customer_no.as_deref())?)
}

#[tauri::command]
#[specta::specta]
pub fn till_clear(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    terminal: String,
) -> UiResult<TillView> {
    acting(&signed)?;
    Ok(till(&app, &terminal)?.clear()?)
}

#[tauri::command]
#[specta::specta]
pub fn till_start_payment(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    terminal: String,
    tender: TenderInput,
) -> UiResult<TillView> {
    acting(&signed)?;
    Ok(till(&app, &terminal)?.start_payment(tender)?)
}

/// Completes the sale for the signed-in cashier in the till's open session of today (refused:
/// nobody signed in, the till closed or still open from an earlier day, the session held by
/// another cashier).
#[tauri::command]
#[specta::specta]
pub fn till_pay(
    app: State<'_, App>,
    signed: State<'_, SignedIn>,
    terminal: String,
    tender: TenderInput,
) -> UiResult<Sale> {
    let cashier = acting(&signed)?;
    Ok(app
        .till_sessions_at(&terminal)?
        .pay_as(&cashier, tender.into())?)
}

/// A receipt as printed: lines, VAT, tender, the TSE's transaction and signature (or "TSE
/// ausgefallen") and the QR code as SVG.
#[tauri::command]
#[specta::specta]
pub fn receipt_show(app: State<'_, App>, receipt_no: i64) -> UiResult<PrintedReceipt> {
    Ok(app.printed_receipt(receipt_no)?)
}
