//! Tauri commands of the cashier window: thin adapters from the UI to the use cases, errors as
//! `{code, message}`. The back office's commands are in `commands_backoffice.rs`.

use filiale_app::App;
use filiale_app::dto::{Receipt, Sale, StockedArticle, StoreOverview, TenderInput, TillView};
use filiale_app::usecases::{Till, UseCaseError};
use serde::Serialize;
use tauri::State;

/// An error the UI can branch on by `code` and show by `message`.
#[derive(Debug, Serialize)]
pub struct UiError {
    code: &'static str,
    message: String,
}

impl From<UseCaseError> for UiError {
    fn from(error: UseCaseError) -> Self {
        UiError {
            code: error.code(),
            message: error.to_string(),
        }
    }
}

pub type UiResult<T> = Result<T, UiError>;

/// Where the customer display of this process listens, for the cashier's status line.
#[derive(Debug, Clone, Serialize)]
pub struct DisplayEndpoint {
    pub port: u16,
    pub terminal_id: String,
}

/// What the cashier's search box shows: articles best first, and how they were found
/// (`hybrid`; `lexical` without an embedding model; `filter` when the index is unusable).
#[derive(Debug, Serialize)]
pub struct ArticleSearch {
    mode: &'static str,
    articles: Vec<StockedArticle>,
}

/// The display port as bound at start-up (0 until the services are up).
#[derive(Debug, Default)]
pub struct BoundDisplay(pub std::sync::atomic::AtomicU16);

/// Key figures for the start page.
#[tauri::command]
pub fn store_overview(app: State<'_, App>) -> UiResult<StoreOverview> {
    Ok(app.back_office().overview()?)
}

#[tauri::command]
pub fn display_endpoint(app: State<'_, App>, bound: State<'_, BoundDisplay>) -> DisplayEndpoint {
    DisplayEndpoint {
        port: bound.0.load(std::sync::atomic::Ordering::Relaxed),
        terminal_id: app.config().till_id().to_owned(),
    }
}

fn till<'a>(app: &'a App, terminal: &str) -> Result<Till<'a>, UseCaseError> {
    app.till_at(terminal)
}

/// Articles whose SKU, EAN or name contain the query's words (the cashier's instant search).
#[tauri::command]
pub fn articles_filter(
    app: State<'_, App>,
    query: String,
    limit: i64,
) -> UiResult<Vec<StockedArticle>> {
    Ok(app.back_office().filter_articles(&query, limit)?)
}

/// The cashier's typeahead: exact SKU/EAN first, then hybrid search (lexical without a model).
/// Async and on a blocking thread, so a slow query never holds up the window's event loop.
#[tauri::command]
pub async fn search_articles(
    app: State<'_, App>,
    query: String,
    limit: usize,
) -> UiResult<ArticleSearch> {
    let app = App::clone(&app);
    let found = tauri::async_runtime::spawn_blocking(move || app.till().search(&query, limit))
        .await
        .map_err(|e| UiError {
            code: "internal",
            message: format!("search stopped: {e}"),
        })??;
    Ok(ArticleSearch {
        mode: found.mode,
        articles: found.articles,
    })
}

#[tauri::command]
pub fn till_show(app: State<'_, App>, terminal: String) -> UiResult<TillView> {
    Ok(till(&app, &terminal)?.show()?)
}

#[tauri::command]
pub fn till_scan(
    app: State<'_, App>,
    terminal: String,
    code: String,
    quantity: i64,
) -> UiResult<TillView> {
    Ok(till(&app, &terminal)?.scan(&code, quantity)?)
}

#[tauri::command]
pub fn till_set_quantity(
    app: State<'_, App>,
    terminal: String,
    sku: String,
    quantity: i64,
) -> UiResult<TillView> {
    Ok(till(&app, &terminal)?.set_quantity(&sku, quantity)?)
}

#[tauri::command]
pub fn till_remove(app: State<'_, App>, terminal: String, sku: String) -> UiResult<TillView> {
    Ok(till(&app, &terminal)?.remove(&sku)?)
}

/// A line discount; above the cashier's limit the answer is `needs_manager` until the UI sends
/// a manager's name and PIN along (refused: `wrong_pin`, `locked_out`, `unknown_manager`,
/// `not_a_manager`).
#[tauri::command]
pub fn till_discount(
    app: State<'_, App>,
    terminal: String,
    sku: String,
    discount_cents: i64,
    manager: Option<String>,
    pin: Option<String>,
) -> UiResult<TillView> {
    let till = till(&app, &terminal)?;
    let given = match (manager.as_deref(), pin.as_deref()) {
        (Some(manager), Some(pin)) => {
            till.discount_line_with_pin(&sku, discount_cents, manager, pin)
        }
        _ => till.discount_line(&sku, discount_cents),
    };
    given.map_err(|e| UiError {
        code: e.code(),
        message: e.to_string(),
    })
}

#[tauri::command]
pub fn till_attach_customer(
    app: State<'_, App>,
    terminal: String,
    customer_no: Option<String>,
) -> UiResult<TillView> {
    Ok(till(&app, &terminal)?.attach_customer(customer_no.as_deref())?)
}

#[tauri::command]
pub fn till_clear(app: State<'_, App>, terminal: String) -> UiResult<TillView> {
    Ok(till(&app, &terminal)?.clear()?)
}

#[tauri::command]
pub fn till_start_payment(
    app: State<'_, App>,
    terminal: String,
    tender: TenderInput,
) -> UiResult<TillView> {
    Ok(till(&app, &terminal)?.start_payment(tender)?)
}

#[tauri::command]
pub fn till_pay(app: State<'_, App>, terminal: String, tender: TenderInput) -> UiResult<Sale> {
    Ok(till(&app, &terminal)?.pay(tender.into())?)
}

#[tauri::command]
pub fn receipt_show(app: State<'_, App>, receipt_no: i64) -> UiResult<Receipt> {
    Ok(app.back_office().receipt(receipt_no)?)
}
