//! Tauri commands of the back office: articles, stock, customers and leads, journal, sync status.

use crate::commands::UiResult;
use filiale_app::App;
use filiale_app::dto::{
    Article, ArticleInput, Conversion, Customer, CustomerInput, ImportSummary, JournalView, Lead,
    LeadInput, StockChange, StockedArticle, SyncView,
};
use tauri::State;

#[tauri::command]
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

#[tauri::command]
pub fn article_save(app: State<'_, App>, article: ArticleInput) -> UiResult<Article> {
    Ok(app.back_office().save_article_input(article)?)
}

/// Imports an article CSV given as the file's text.
#[tauri::command]
pub fn articles_import(app: State<'_, App>, csv: String) -> UiResult<ImportSummary> {
    Ok(app.back_office().import_articles(csv.as_bytes())?)
}

#[tauri::command]
pub fn customers_import(app: State<'_, App>, csv: String) -> UiResult<ImportSummary> {
    Ok(app.back_office().import_customers(csv.as_bytes())?)
}

#[tauri::command]
pub fn stock_low(app: State<'_, App>) -> UiResult<Vec<StockedArticle>> {
    Ok(app.back_office().low_stock_articles()?)
}

#[tauri::command]
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
pub fn stock_adjust(
    app: State<'_, App>,
    code: String,
    to: Option<i64>,
    by: Option<i64>,
    reason: String,
) -> UiResult<StockChange> {
    Ok(app.back_office().adjust_stock(&code, to, by, &reason)?)
}

#[tauri::command]
pub fn customers_list(app: State<'_, App>, limit: i64, offset: i64) -> UiResult<Vec<Customer>> {
    Ok(app.back_office().list_customers(limit, offset)?)
}

#[tauri::command]
pub fn customer_add(app: State<'_, App>, customer: CustomerInput) -> UiResult<Customer> {
    Ok(app.back_office().add_customer_input(customer)?)
}

#[tauri::command]
pub fn leads_list(app: State<'_, App>) -> UiResult<Vec<Lead>> {
    Ok(app.back_office().list_leads()?)
}

#[tauri::command]
pub fn lead_add(app: State<'_, App>, lead: LeadInput) -> UiResult<Lead> {
    Ok(app.back_office().add_lead_input(lead)?)
}

#[tauri::command]
pub fn lead_status(app: State<'_, App>, id: i64, status: String) -> UiResult<Lead> {
    Ok(app.back_office().change_lead_status(id, &status)?)
}

#[tauri::command]
pub fn lead_convert(app: State<'_, App>, id: i64) -> UiResult<Conversion> {
    let (lead, customer) = app.back_office().convert_lead(id)?;
    Ok(Conversion { lead, customer })
}

#[tauri::command]
pub fn journal_show(app: State<'_, App>, entries: i64) -> UiResult<JournalView> {
    Ok(app.back_office().journal_view(entries)?)
}

#[tauri::command]
pub fn sync_status(app: State<'_, App>, limit: i64) -> UiResult<SyncView> {
    Ok(app.outbox().sync_view(limit)?)
}

#[tauri::command]
pub fn outbox_retry(app: State<'_, App>, store_seq: i64) -> UiResult<()> {
    Ok(app.outbox().retry_dead_letter(store_seq)?)
}
