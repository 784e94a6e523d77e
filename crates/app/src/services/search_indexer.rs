//! Keeps the search index following the store while the app runs: every commit that wrote
//! outbox events (a new article, a stock change, a new customer) wakes it, and it indexes what
//! changed on a blocking thread, so the committing sale only pays for a wake-up. Now and then,
//! and when the services stop, it saves the vector indexes (changes are journaled until then).

use std::sync::Arc;
use std::time::Duration;

use crate::App;

/// How long a stop waits for a catch-up under way before it leaves it to the next start.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// Indexes at start and after every commit with events, saves vector changes every
/// `save_interval`, until `shutdown` completes (then saves once more).
pub async fn run(
    app: App,
    save_interval: Duration,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let wake = Arc::new(tokio::sync::Notify::new());
    {
        let wake = wake.clone();
        app.store
            .on_outbox_commit(Arc::new(move |_| wake.notify_one()));
    }
    // Whatever happened while the services were not running is indexed first.
    wake.notify_one();
    let mut saves = tokio::time::interval(save_interval);
    saves.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    saves.tick().await;
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            _ = wake.notified() => {
                let app = app.clone();
                let mut catching_up = tokio::task::spawn_blocking(move || app.search_catch_up());
                let done = tokio::select! {
                    done = &mut catching_up => done,
                    _ = &mut shutdown => {
                        // A stop waits a moment for the catch-up under way, then goes: embedding
                        // a whole catalogue takes a while, and what it wrote is journaled and
                        // replayed at the next start.
                        match tokio::time::timeout(STOP_GRACE, catching_up).await {
                            Ok(_) => break,
                            Err(_) => return,
                        }
                    }
                };
                match done {
                    Ok(Ok(written)) if written > 0 => tracing::debug!(written, "search index caught up"),
                    Ok(Ok(_)) => {}
                    Ok(Err(error)) => tracing::warn!(error = %format!("{error:#}"), "search indexing failed"),
                    Err(error) => tracing::warn!(%error, "search indexing task failed"),
                }
            }
            _ = saves.tick() => save(&app).await,
        }
    }
    save(&app).await;
}

/// Saves unsaved vector changes (a no-op when there are none or no index was opened).
async fn save(app: &App) {
    let app = app.clone();
    let saved = tokio::task::spawn_blocking(move || -> anyhow::Result<usize> {
        let index = app.search_index()?;
        Ok(index.flush()?)
    })
    .await;
    match saved {
        Ok(Ok(0)) => {}
        Ok(Ok(saved)) => tracing::debug!(saved, "vector indexes saved"),
        Ok(Err(error)) => tracing::warn!(error = %format!("{error:#}"), "vector indexes not saved"),
        Err(error) => tracing::warn!(%error, "vector index save task failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use filiale_search::collection::{CollectionName, SearchMode, SearchRequest};

    fn found_by_words(app: &App, query: &str) -> Vec<String> {
        let request = SearchRequest {
            mode: SearchMode::Lexical,
            ..SearchRequest::new(query)
        };
        // The index itself, not `App::search`: that would catch up by itself.
        app.search_index()
            .unwrap()
            .search(CollectionName::Articles, &request)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_new_article_is_found_once_the_indexer_caught_up() {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(Config::new(dir.path(), crate::demo::store_config())).unwrap();
        let summary = app
            .back_office()
            .import_articles(include_bytes!("../../demo/articles.csv"))
            .unwrap();
        assert!(summary.errors.is_empty());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let indexer = tokio::spawn(run(app.clone(), Duration::from_secs(3600), async {
            let _ = stopped.await;
        }));

        let mut draft = filiale_domain::ArticleDraft {
            sku: "GF-99002".into(),
            name: "Kompostbeschleuniger Turbo".into(),
            price: filiale_domain::Cents::new(1299),
            ..Default::default()
        };
        draft.category = "Dünger".into();
        let saving = app.clone();
        tokio::task::spawn_blocking(move || {
            saving.back_office().save_article(&draft, Some(4)).unwrap()
        })
        .await
        .unwrap();

        let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
        loop {
            let probe = app.clone();
            let ids = tokio::task::spawn_blocking(move || {
                found_by_words(&probe, "Kompostbeschleuniger Turbo")
            })
            .await
            .unwrap();
            if ids.first().is_some_and(|id| id == "GF-99002") {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the indexer did not index the new article: {ids:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        stop.send(()).unwrap();
        indexer.await.unwrap();
        // Stopping saved the vector index: nothing is left to replay at the next start.
        assert!(!app.search_index().unwrap().has_unsaved_vectors());
    }
}
