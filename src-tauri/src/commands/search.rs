//! The cashier's article search: the typeahead (exact code first, then hybrid search) and the
//! plain substring filter it is measured against.

use super::UiResult;
use filiale_app::dto::StockedArticle;
use filiale_app::{App, ErrorCode};
use serde::Serialize;
use tauri::State;

/// What the cashier's search box shows: articles best first, and how they were found
/// (`hybrid`; `lexical` without an embedding model; `filter` when the index is unusable).
#[derive(Debug, Serialize, specta::Type)]
pub struct ArticleSearch {
    mode: &'static str,
    articles: Vec<StockedArticle>,
}

/// Articles whose SKU, EAN or name contain the query's words (the cashier's instant search).
#[tauri::command]
#[specta::specta]
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
#[specta::specta]
pub async fn search_articles(
    app: State<'_, App>,
    query: String,
    limit: usize,
) -> UiResult<ArticleSearch> {
    let app = App::clone(&app);
    let found = tauri::async_runtime::spawn_blocking(move || app.till().search(&query, limit))
        .await
        .map_err(|e| ErrorCode::Internal {
            detail: format!("search stopped: {e}"),
        })??;
    Ok(ArticleSearch {
        mode: found.mode,
        articles: found.articles,
    })
}
