//! Search use cases: find articles, customers and store policies (hybrid, vector or lexical),
//! keep the search index in step with the store, rebuild it, import policy texts.
//!
//! The index lives in `<data-dir>/search/`. It follows the store through the outbox: before a
//! search (and in [`Search::catch_up`], which the background indexer of `services` calls
//! after commits) the events since the last indexed `store_seq` are read and the articles and
//! customers they name are indexed again, so a sale never waits for the index. Policy texts
//! live in the store database (`policies`, migration 0006), so a rebuilt index never loses them.

use std::collections::BTreeSet;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use filiale_search::collection::{
    ArticleFields, CollectionName, CollectionStats, CustomerFields, Document, SearchIndex,
    SearchOutcome, SearchRequest, article_document, customer_document,
};
use filiale_search::embed::{Embedder, Progress};
use filiale_store::{articles, customers};

use crate::App;

/// Marker in the search index: the last outbox `store_seq` whose changes are indexed.
const INDEXED_SEQ: &str = "indexed_store_seq";

mod policies;

#[cfg(test)]
use policies::DEMO_POLICY_FILES;
pub use policies::PolicyImport;

/// Search over the store's articles, customers and policy texts, and the index behind it.
#[derive(Debug, Clone, Copy)]
pub struct Search<'a> {
    app: &'a App,
}

impl<'a> Search<'a> {
    pub(crate) fn new(app: &'a App) -> Search<'a> {
        Search { app }
    }

    /// Searches `collection` (after catching up with the store's latest changes).
    pub fn query(
        &self,
        collection: CollectionName,
        request: &SearchRequest,
    ) -> anyhow::Result<SearchOutcome> {
        let index = self.app.search_index()?;
        self.app.search_catch_up()?;
        Ok(index.search(collection, request)?)
    }

    /// Indexes what changed in the store since the last indexed event; how many documents.
    pub fn catch_up(&self) -> anyhow::Result<usize> {
        self.app.search_catch_up()
    }

    /// Rebuilds every collection from the store, reporting progress after each batch.
    pub fn rebuild(
        &self,
        on_progress: impl FnMut(CollectionName, Progress),
    ) -> anyhow::Result<usize> {
        self.app.search_rebuild(on_progress)
    }

    /// Figures of every collection.
    pub fn stats(&self) -> anyhow::Result<Vec<CollectionStats>> {
        self.app.search_stats()
    }

    /// Stores policy texts (a Markdown or text file, or a folder of them) and indexes them.
    pub fn import_policies(&self, path: &Path) -> anyhow::Result<PolicyImport> {
        self.app.import_policies(path)
    }

    /// Whether the index has an embedding model (hybrid search) or searches lexically.
    pub fn has_model(&self) -> anyhow::Result<bool> {
        Ok(self.app.search_index()?.embedder().is_some())
    }
}

impl App {
    /// The store's search index, opened (and the model loaded) once per [`App`] on first use.
    pub(crate) fn search_index(&self) -> anyhow::Result<Arc<SearchIndex>> {
        if let Some(index) = self.search_index.get() {
            return Ok(index.clone());
        }
        let _one_opening = self
            .search_opening
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(index) = self.search_index.get() {
            return Ok(index.clone());
        }
        let data_dir = self.config.data_dir.clone();
        let model = self.config.model_dir();
        let embedder = Embedder::load(&model).map(Arc::new).map_err(|e| {
            tracing::warn!(error = %e, "no embedding model: search works lexically");
            e.to_string()
        });
        let index = Arc::new(
            SearchIndex::open(&data_dir.join("search"), embedder)
                .context("cannot open the search index")?,
        );
        self.keep_indexed_policies(&index)?;
        Ok(self.search_index.get_or_init(|| index).clone())
    }

    /// Indexes what changed in the store since the last indexed outbox event: articles and
    /// customers named by new events are read again and written to the index. Where events
    /// are missing (the outbox was cleaned up past the marker) or nothing was indexed yet,
    /// articles and customers are rebuilt. Returns how many documents were written.
    pub(crate) fn search_catch_up(&self) -> anyhow::Result<usize> {
        let index = self.search_index()?;
        let _one_at_a_time = self
            .search_catch_up_lock
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let mut written = self.load_demo_policies_once(&index)?;
        let last: i64 = index
            .marker(INDEXED_SEQ)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(-1);
        let (events, oldest, newest) = self
            .store
            .read(|c| filiale_store::outbox::mentions_after(c, last))?;
        let missed = last < 0 || oldest.is_some_and(|o| o > last + 1);
        if missed {
            written += self.rebuild_from_store(&index, |_, _| ControlFlow::Continue(()))?;
        } else if !events.is_empty() {
            let mut skus = BTreeSet::new();
            let mut customer_nos = BTreeSet::new();
            for event in &events {
                let aggregate = &event.aggregate_id;
                match event.event_type.as_str() {
                    "ArticleCreated" | "ArticleUpdated" | "StockUpdated" => {
                        skus.insert(aggregate.clone());
                    }
                    "CustomerCreated" => {
                        customer_nos.insert(aggregate.clone());
                    }
                    _ => {}
                }
            }
            written += self.index_articles(&index, &skus)?;
            written += self.index_customers(&index, &customer_nos)?;
        }
        let newest = newest.unwrap_or(0).max(last).max(0);
        index.set_marker(INDEXED_SEQ, &newest.to_string())?;
        Ok(written)
    }

    /// Indexes the articles `skus` again (removing those that no longer exist).
    pub(crate) fn index_articles(
        &self,
        index: &SearchIndex,
        skus: &BTreeSet<String>,
    ) -> anyhow::Result<usize> {
        if skus.is_empty() {
            return Ok(0);
        }
        let mut documents = Vec::new();
        for sku in skus {
            match self.store.read(|c| articles::get(c, sku))? {
                Some(a) => documents.push(article_to_document(&a)),
                None => {
                    index.remove(CollectionName::Articles, sku)?;
                }
            }
        }
        index.write(CollectionName::Articles, &documents, None, self.now())?;
        Ok(documents.len())
    }

    fn index_customers(
        &self,
        index: &SearchIndex,
        numbers: &BTreeSet<String>,
    ) -> anyhow::Result<usize> {
        let mut documents = Vec::new();
        for number in numbers {
            if let Some(c) = self.store.read(|conn| customers::get(conn, number))? {
                documents.push(customer_to_document(&c));
            }
        }
        index.write(CollectionName::Customers, &documents, None, self.now())?;
        Ok(documents.len())
    }

    /// Rebuilds every collection from the store: articles, customers and policies. `on_progress(collection, progress)` after each batch.
    pub(crate) fn search_rebuild(
        &self,
        mut on_progress: impl FnMut(CollectionName, Progress),
    ) -> anyhow::Result<usize> {
        let index = self.search_index()?;
        self.load_demo_policies_once(&index)?;
        let newest: i64 = self
            .store
            .read(|c| filiale_store::outbox::mentions_after(c, i64::MAX))?
            .2
            .unwrap_or(0);
        let written = self.rebuild_from_store(&index, |c, p| {
            on_progress(c, p);
            ControlFlow::Continue(())
        })?;
        index.set_marker(INDEXED_SEQ, &newest.to_string())?;
        Ok(written)
    }

    fn rebuild_from_store(
        &self,
        index: &SearchIndex,
        mut on_progress: impl FnMut(CollectionName, Progress) -> ControlFlow<()>,
    ) -> anyhow::Result<usize> {
        let all_articles = self.store.read(|c| articles::list(c, None, i64::MAX, 0))?;
        let documents: Vec<Document> = all_articles.iter().map(article_to_document).collect();
        let mut written = index.rebuild(CollectionName::Articles, &documents, self.now(), |p| {
            on_progress(CollectionName::Articles, p)
        })?;
        let all_customers = self.store.read(|c| customers::list(c, i64::MAX, 0))?;
        let documents: Vec<Document> = all_customers.iter().map(customer_to_document).collect();
        written += index.rebuild(CollectionName::Customers, &documents, self.now(), |p| {
            on_progress(CollectionName::Customers, p)
        })?;
        let policies = self.stored_policies()?;
        written += index.rebuild(CollectionName::Policies, &policies, self.now(), |p| {
            on_progress(CollectionName::Policies, p)
        })?;
        Ok(written)
    }

    /// Figures of every collection.
    pub(crate) fn search_stats(&self) -> anyhow::Result<Vec<CollectionStats>> {
        let index = self.search_index()?;
        self.search_catch_up()?;
        CollectionName::ALL
            .into_iter()
            .map(|c| Ok(index.stats(c)?))
            .collect()
    }
}

fn article_to_document(a: &articles::StockedArticle) -> Document {
    let article = &a.article;
    article_document(&ArticleFields {
        sku: article.sku.as_str(),
        ean: article.ean.as_ref().map(|e| e.as_str()),
        name: &article.name,
        description: &article.description,
        category: &article.category,
        unit: &article.unit,
        price_cents: article.price.get(),
        vat_rate: article.vat_rate.percent(),
        on_hand: a.on_hand,
    })
}

fn customer_to_document(c: &filiale_domain::Customer) -> Document {
    customer_document(&CustomerFields {
        customer_no: &c.customer_no,
        name: &c.name,
        customer_type: &c.customer_type,
        street: c.street.as_deref(),
        postal_code: c.postal_code.as_deref(),
        city: c.city.as_deref(),
        notes: &c.notes,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::Config;

    pub(crate) fn demo_app(dir: &Path) -> App {
        let config = Config::new(dir, crate::demo::store_config());
        let app = App::open(config).unwrap();
        let summary = app
            .back_office()
            .import_articles(include_bytes!("../../demo/articles.csv"))
            .unwrap();
        assert!(summary.errors.is_empty());
        app
    }

    pub(crate) fn first_ids(app: &App, collection: CollectionName, query: &str) -> Vec<String> {
        app.search()
            .query(collection, &SearchRequest::new(query))
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn demo_store_is_searchable_and_follows_new_articles() {
        let dir = tempfile::tempdir().unwrap();
        let app = demo_app(dir.path());
        let ids = first_ids(&app, CollectionName::Articles, "Bio Dünger für Tomaten");
        assert_eq!(ids[0], "GF-13001", "{ids:?}");
        // The demo policies are there without an import.
        let ids = first_ids(&app, CollectionName::Policies, "Kann ich mit Karte zahlen?");
        assert!(ids.contains(&"zahlungsarten".to_owned()), "{ids:?}");

        // A new article is found by the next search (indexed from the outbox).
        let draft = filiale_domain::ArticleDraft {
            sku: "GF-99001".into(),
            ean: None,
            name: "Hochbeet Alpenglück Zirbe".into(),
            description: "Hochbeet aus Zirbenholz.".into(),
            category: "Garten".into(),
            unit: "Stk".into(),
            price: filiale_domain::Cents::new(3999),
            vat_rate: None,
            purchase_price: None,
            pack_size: None,
            supplier: None,
            lead_time_days: None,
            reorder_point: None,
        };
        app.back_office().save_article(&draft, Some(2)).unwrap();
        assert_eq!(
            first_ids(&app, CollectionName::Articles, "Alpenglück")[0],
            "GF-99001"
        );
        let stats = app.search_stats().unwrap();
        assert_eq!(stats[0].documents, 345);
        assert_eq!(stats[2].documents, DEMO_POLICY_FILES.len());
    }
}
