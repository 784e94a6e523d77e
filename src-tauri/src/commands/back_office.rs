//! The back office's commands: key figures, articles and stock, customers and leads, the journal,
//! receipts and refunds (with the approving manager's name and PIN) and the audit log.

use super::UiResult;
use filiale_app::App;
use filiale_app::dto::{
    Article, ArticleInput, AuditEntry, AuditFilter, ChainCheck, Conversion, Customer,
    CustomerInput, ImportSummary, JournalView, Lead, LeadInput, ManagerPin, Refund,
    RefundLineInput, RefundableReceipt, StockChange, StockedArticle, StoreOverview,
};
use tauri::State;

/// Key figures for the start page.
#[tauri::command]
#[specta::specta]
pub fn store_overview(app: State<'_, App>) -> UiResult<StoreOverview> {
    Ok(app.back_office().overview()?)
}

#[tauri::command]
#[specta::specta]
pub fn articles_list(
    app: State<'_, App>,
    category: Option<String>,
    limit: i64,
    offset: i64,
) -> UiResult<Vec<StockedArticle>> {
    Ok(app
        .back_office()
        .list_articles(category.as_deref(), limit.clamp(1, 1000), offset.max(0))?)
}

/// The manager's name and PIN the window sends along after a `*_needs_manager` refusal.
fn manager_pin<'a>(manager: &'a Option<String>, pin: &'a Option<String>) -> Option<ManagerPin<'a>> {
    match (manager.as_deref(), pin.as_deref()) {
        (Some(manager), Some(pin)) => Some(ManagerPin { manager, pin }),
        _ => None,
    }
}

/// Saves an article; a price change beyond the store's limit is refused with
/// `price_change_needs_manager` until the window sends a manager's name and PIN along.
#[tauri::command]
#[specta::specta]
pub fn article_save(
    app: State<'_, App>,
    article: ArticleInput,
    manager: Option<String>,
    pin: Option<String>,
) -> UiResult<Article> {
    let given = manager_pin(&manager, &pin);
    Ok(app
        .back_office()
        .save_article_input(article, given.map(Into::into))?)
}

/// Imports an article CSV given as the file's text; price changes beyond the store's limit need
/// a manager's name and PIN (`price_change_needs_manager`).
#[tauri::command]
#[specta::specta]
pub fn articles_import(
    app: State<'_, App>,
    csv: String,
    manager: Option<String>,
    pin: Option<String>,
) -> UiResult<ImportSummary> {
    let given = manager_pin(&manager, &pin);
    Ok(app
        .back_office()
        .import_articles_approved(csv.as_bytes(), given.map(Into::into))?)
}

#[tauri::command]
#[specta::specta]
pub fn customers_import(app: State<'_, App>, csv: String) -> UiResult<ImportSummary> {
    Ok(app.back_office().import_customers(csv.as_bytes())?)
}

#[tauri::command]
#[specta::specta]
pub fn stock_low(app: State<'_, App>) -> UiResult<Vec<StockedArticle>> {
    Ok(app.back_office().low_stock_articles()?)
}

#[tauri::command]
#[specta::specta]
pub fn stock_receive(
    app: State<'_, App>,
    code: String,
    quantity: i64,
    reference: Option<String>,
) -> UiResult<StockChange> {
    Ok(app
        .back_office()
        .receive_stock(&code, quantity, reference.as_deref())?)
}

#[tauri::command]
#[specta::specta]
/// Corrects stock; a correction worth more than the store's limit is refused with
/// `stock_correction_needs_manager` until the window sends a manager's name and PIN along.
#[allow(clippy::too_many_arguments)]
pub fn stock_adjust(
    app: State<'_, App>,
    code: String,
    to: Option<i64>,
    by: Option<i64>,
    reason: String,
    manager: Option<String>,
    pin: Option<String>,
) -> UiResult<StockChange> {
    let given = manager_pin(&manager, &pin);
    Ok(app
        .back_office()
        .adjust_stock_approved(&code, to, by, &reason, given.map(Into::into))?)
}

#[tauri::command]
#[specta::specta]
pub fn customers_list(app: State<'_, App>, limit: i64, offset: i64) -> UiResult<Vec<Customer>> {
    Ok(app.back_office().list_customers(limit, offset)?)
}

#[tauri::command]
#[specta::specta]
pub fn customer_add(app: State<'_, App>, customer: CustomerInput) -> UiResult<Customer> {
    Ok(app.back_office().add_customer_input(customer)?)
}

#[tauri::command]
#[specta::specta]
pub fn leads_list(app: State<'_, App>) -> UiResult<Vec<Lead>> {
    Ok(app.back_office().list_leads()?)
}

#[tauri::command]
#[specta::specta]
pub fn lead_add(app: State<'_, App>, lead: LeadInput) -> UiResult<Lead> {
    Ok(app.back_office().add_lead_input(lead)?)
}

#[tauri::command]
#[specta::specta]
pub fn lead_status(app: State<'_, App>, id: i64, status: String) -> UiResult<Lead> {
    Ok(app.back_office().change_lead_status(id, &status)?)
}

#[tauri::command]
#[specta::specta]
pub fn lead_convert(app: State<'_, App>, id: i64) -> UiResult<Conversion> {
    let (lead, customer) = app.back_office().convert_lead(id)?;
    Ok(Conversion { lead, customer })
}

#[tauri::command]
#[specta::specta]
pub fn journal_show(app: State<'_, App>, entries: i64) -> UiResult<JournalView> {
    Ok(app.back_office().journal_view(entries)?)
}

/// A receipt with its lines, what is left to refund of each, and the refunds so far.
#[tauri::command]
#[specta::specta]
pub fn receipt_refundable(app: State<'_, App>, receipt_no: i64) -> UiResult<RefundableReceipt> {
    Ok(app.back_office().refundable_receipt(receipt_no)?)
}

/// Gives back `lines` of a receipt or, without lines, voids what is left of it (refused PINs:
/// `wrong_pin`, `locked_out`, `unknown_manager`, `not_a_manager`; too many units:
/// `refund_more_than_sold`).
#[tauri::command]
#[specta::specta]
pub fn receipt_refund(
    app: State<'_, App>,
    receipt_no: i64,
    lines: Option<Vec<RefundLineInput>>,
    reason: String,
    manager: String,
    pin: String,
) -> UiResult<Refund> {
    let given = ManagerPin {
        manager: &manager,
        pin: &pin,
    };
    Ok(app
        .back_office()
        .refund(receipt_no, lines.as_deref(), &reason, given.into())?)
}

/// The most recent `limit` audit entries of `actor` and `action` (a name or a family such as
/// `sale`, `staff`, `authorization`), oldest first.
#[tauri::command]
#[specta::specta]
pub fn audit_log(
    app: State<'_, App>,
    actor: Option<String>,
    action: Option<String>,
    limit: i64,
) -> UiResult<Vec<AuditEntry>> {
    let given = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    Ok(app.back_office().audit_log(&AuditFilter {
        actor: given(actor),
        action: given(action),
        limit: limit.clamp(1, 1000),
    })?)
}

#[tauri::command]
#[specta::specta]
pub fn audit_verify(app: State<'_, App>) -> UiResult<ChainCheck> {
    Ok(app.back_office().chain_check()?)
}
