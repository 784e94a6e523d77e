//! Search use cases: find articles, customers and store policies (hybrid, vector or lexical),
//! keep the search index in step with the store, rebuild it, import policy texts.
//!
//! The index lives in `<data-dir>/search/`. It follows the store through the outbox: before a
//! search (and in [`App::search_catch_up`], which a background task can call after commits) the
//! events since the last indexed `store_seq` are read and the articles and customers they name
//! are indexed again, so a sale never waits for the index.

use std::collections::{BTreeSet, HashMap};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::Context;
use filiale_search::collection::{
    ArticleFields, CollectionName, CollectionStats, CustomerFields, Document, SearchIndex,
    SearchOutcome, SearchRequest, article_document, customer_document, policy_document,
};
use filiale_search::embed::{DEFAULT_MODEL, Embedder, Progress};
use filiale_store::{StoreError, articles, customers};

use crate::App;

/// Marker in the search index: the last outbox `store_seq` whose changes are indexed.
const INDEXED_SEQ: &str = "indexed_store_seq";
/// Marker: the demo store's policies were added once.
const DEMO_POLICIES: &str = "demo_policies_loaded";

/// The demo store's policy texts, compiled in like the rest of the demo.
const DEMO_POLICY_FILES: &[(&str, &str)] = &[
    (
        "datenschutz",
        include_str!("../../demo/policies/datenschutz.md"),
    ),
    (
        "kundenkarte",
        include_str!("../../demo/policies/kundenkarte.md"),
    ),
    (
        "lieferservice",
        include_str!("../../demo/policies/lieferservice.md"),
    ),
    (
        "oeffnungszeiten",
        include_str!("../../demo/policies/oeffnungszeiten.md"),
    ),
    (
        "pflanzengarantie",
        include_str!("../../demo/policies/pflanzengarantie.md"),
    ),
    (
        "pflanzenschutzmittel-abgabe",
        include_str!("../../demo/policies/pflanzenschutzmittel-abgabe.md"),
    ),
    (
        "rueckgabe-umtausch",
        include_str!("../../demo/policies/rueckgabe-umtausch.md"),
    ),
    (
        "zahlungsarten",
        include_str!("../../demo/policies/zahlungsarten.md"),
    ),
];

/// Largest policy file accepted.
const MAX_POLICY_BYTES: u64 = 1 << 20;

/// Open search indexes by data directory: the model is loaded once per process.
fn open_indexes() -> &'static Mutex<HashMap<PathBuf, Arc<SearchIndex>>> {
    static INDEXES: OnceLock<Mutex<HashMap<PathBuf, Arc<SearchIndex>>>> = OnceLock::new();
    INDEXES.get_or_init(Default::default)
}

/// Where the embedding model is looked for: `FILIALE_MODEL_DIR`, `<data-dir>/models/<model>`,
/// then the source tree's `models/<model>` (fetched by `scripts/fetch-model`).
pub fn model_dir(data_dir: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("FILIALE_MODEL_DIR") {
        return PathBuf::from(dir);
    }
    let in_data = data_dir.join("models").join(DEFAULT_MODEL);
    if in_data.is_dir() {
        return in_data;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../models")
        .join(DEFAULT_MODEL)
}

/// What importing policy files did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PolicyImport {
    pub imported: Vec<String>,
    pub errors: Vec<(String, String)>,
}

impl App {
    /// The store's search index, opened (and the model loaded) on first use.
    pub fn search_index(&self) -> anyhow::Result<Arc<SearchIndex>> {
        let data_dir = self.config.data_dir.clone();
        let mut indexes = open_indexes().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(index) = indexes.get(&data_dir) {
            return Ok(index.clone());
        }
        let model = model_dir(&data_dir);
        let embedder = Embedder::load(&model).map(Arc::new).map_err(|e| {
            tracing::warn!(error = %e, "no embedding model: search works lexically");
            e.to_string()
        });
        let index = Arc::new(
            SearchIndex::open(&data_dir.join("search"), embedder)
                .context("cannot open the search index")?,
        );
        indexes.insert(data_dir, index.clone());
        Ok(index)
    }

    /// Searches `collection` after catching up with the store's latest changes.
    pub fn search(
        &self,
        collection: CollectionName,
        request: &SearchRequest,
    ) -> anyhow::Result<SearchOutcome> {
        let index = self.search_index()?;
        self.search_catch_up()?;
        Ok(index.search(collection, request)?)
    }

    /// Indexes what changed in the store since the last indexed outbox event: articles and
    /// customers named by new events are read again and written to the index. Where events
    /// are missing (the outbox was cleaned up past the marker) or nothing was indexed yet,
    /// articles and customers are rebuilt. Returns how many documents were written.
    pub fn search_catch_up(&self) -> anyhow::Result<usize> {
        let index = self.search_index()?;
        let mut written = self.load_demo_policies_once(&index)?;
        let last: i64 = index
            .marker(INDEXED_SEQ)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(-1);
        let (events, oldest, newest) = self.store.read(|c| {
            let mut stmt = c.prepare(
                "SELECT store_seq, event_type, aggregate_id FROM outbox WHERE store_seq > ?1
                 ORDER BY store_seq",
            )?;
            let rows = stmt
                .query_map([last], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let (oldest, newest): (Option<i64>, Option<i64>) = c.query_row(
                "SELECT min(store_seq), max(store_seq) FROM outbox",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok::<_, StoreError>((rows, oldest, newest))
        })?;
        let missed = last < 0 || oldest.is_some_and(|o| o > last + 1);
        if missed {
            written += self.rebuild_from_store(&index, |_, _| ControlFlow::Continue(()))?;
        } else if !events.is_empty() {
            let mut skus = BTreeSet::new();
            let mut customer_nos = BTreeSet::new();
            for (_, event_type, aggregate) in &events {
                match event_type.as_str() {
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

    /// Starts a thread that indexes changes right after each commit that wrote events, so the
    /// index follows the store without waiting for the next search. The committing
    /// transaction (a sale) only drops a wake-up into a channel of one.
    pub fn spawn_search_indexer(&self) -> std::io::Result<std::thread::JoinHandle<()>> {
        let (wake, woken) = std::sync::mpsc::sync_channel::<()>(1);
        self.store.on_outbox_commit(Arc::new(move |_| {
            let _ = wake.try_send(());
        }));
        let app = self.clone();
        std::thread::Builder::new()
            .name("search-indexer".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    if let Err(e) = app.search_catch_up() {
                        tracing::warn!(error = %format!("{e:#}"), "search indexing failed");
                    }
                }
            })
    }

    /// Indexes the articles `skus` again (removing those that no longer exist).
    pub fn index_articles(
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

    /// Rebuilds every collection: articles and customers from the store, policies from their
    /// stored texts (embedded again). `on_progress(collection, progress)` after each batch.
    pub fn search_rebuild(
        &self,
        mut on_progress: impl FnMut(CollectionName, Progress),
    ) -> anyhow::Result<usize> {
        let index = self.search_index()?;
        self.load_demo_policies_once(&index)?;
        let newest: i64 = self.store.read(|c| {
            Ok(
                c.query_row("SELECT coalesce(max(store_seq), 0) FROM outbox", [], |r| {
                    r.get(0)
                })?,
            )
        })?;
        let mut written = self.rebuild_from_store(&index, |c, p| {
            on_progress(c, p);
            ControlFlow::Continue(())
        })?;
        let policies = index.documents(CollectionName::Policies)?;
        written += index.rebuild(CollectionName::Policies, &policies, self.now(), |p| {
            on_progress(CollectionName::Policies, p);
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
        Ok(written)
    }

    /// Figures of every collection.
    pub fn search_stats(&self) -> anyhow::Result<Vec<CollectionStats>> {
        let index = self.search_index()?;
        self.search_catch_up()?;
        CollectionName::ALL
            .into_iter()
            .map(|c| Ok(index.stats(c)?))
            .collect()
    }

    /// Adds policy texts (`.md` / `.txt`) from a file or every such file in a directory; the
    /// file stem is the document id, an existing policy of that id is replaced. A file that is
    /// empty, too large or not UTF-8 is reported and skipped.
    pub fn import_policies(&self, path: &Path) -> anyhow::Result<PolicyImport> {
        let files: Vec<PathBuf> = if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read {}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension().is_some_and(|x| {
                            x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("txt")
                        })
                })
                .collect();
            files.sort();
            anyhow::ensure!(
                !files.is_empty(),
                "{} has no .md or .txt files",
                path.display()
            );
            files
        } else {
            anyhow::ensure!(path.is_file(), "{} does not exist", path.display());
            vec![path.to_path_buf()]
        };
        let mut outcome = PolicyImport::default();
        let mut documents = Vec::new();
        for file in files {
            let name = file.display().to_string();
            match read_policy(&file) {
                Ok(doc) => {
                    outcome.imported.push(doc.id.clone());
                    documents.push(doc);
                }
                Err(reason) => outcome.errors.push((name, reason)),
            }
        }
        if !documents.is_empty() {
            let index = self.search_index()?;
            index.write(CollectionName::Policies, &documents, None, self.now())?;
        }
        Ok(outcome)
    }

    fn load_demo_policies_once(&self, index: &SearchIndex) -> anyhow::Result<usize> {
        let is_demo = self.config.store.store_id == crate::demo::store_config().store_id;
        if !is_demo || index.marker(DEMO_POLICIES)?.is_some() {
            return Ok(0);
        }
        let documents: Vec<Document> = DEMO_POLICY_FILES
            .iter()
            .map(|(id, text)| policy_document(id, text))
            .collect();
        index.write(CollectionName::Policies, &documents, None, self.now())?;
        index.set_marker(DEMO_POLICIES, "1")?;
        Ok(documents.len())
    }
}

fn read_policy(file: &Path) -> Result<Document, String> {
    let id = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(
            "file name must be letters, digits, '-' or '_' (it becomes the policy id)".into(),
        );
    }
    let size = std::fs::metadata(file).map_err(|e| e.to_string())?.len();
    if size > MAX_POLICY_BYTES {
        return Err(format!("{size} bytes; a policy may have at most 1 MiB"));
    }
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())?;
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    Ok(policy_document(&id, &text))
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
mod tests {
    use super::*;
    use crate::Config;
    use filiale_search::collection::SearchMode;

    fn demo_app(dir: &Path) -> App {
        let config = Config {
            data_dir: dir.to_path_buf(),
            store: crate::demo::store_config(),
        };
        let app = App::open(config).unwrap();
        let summary = app
            .import_articles(include_bytes!("../../demo/articles.csv"))
            .unwrap();
        assert!(summary.errors.is_empty());
        app
    }

    fn first_ids(app: &App, collection: CollectionName, query: &str) -> Vec<String> {
        app.search(collection, &SearchRequest::new(query))
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
        app.save_article(&draft, Some(2)).unwrap();
        assert_eq!(
            first_ids(&app, CollectionName::Articles, "Alpenglück")[0],
            "GF-99001"
        );
        let stats = app.search_stats().unwrap();
        assert_eq!(stats[0].documents, 345);
        assert_eq!(stats[2].documents, DEMO_POLICY_FILES.len());
    }

    #[test]
    fn the_indexer_follows_commits_without_a_search() {
        let dir = tempfile::tempdir().unwrap();
        let app = demo_app(dir.path());
        app.search_catch_up().unwrap();
        app.spawn_search_indexer().unwrap();
        let mut draft = filiale_domain::ArticleDraft {
            sku: "GF-99002".into(),
            name: "Kompostbeschleuniger Turbo".into(),
            price: filiale_domain::Cents::new(1299),
            ..Default::default()
        };
        draft.category = "Dünger".into();
        app.save_article(&draft, Some(4)).unwrap();
        let index = app.search_index().unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        let request = SearchRequest {
            mode: SearchMode::Lexical,
            ..SearchRequest::new("Kompostbeschleuniger Turbo")
        };
        loop {
            let hits = index
                .search(CollectionName::Articles, &request)
                .unwrap()
                .hits;
            if hits.first().is_some_and(|h| h.id == "GF-99002") {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the indexer did not index the new article"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    #[test]
    fn policies_are_imported_and_bad_files_reported() {
        let dir = tempfile::tempdir().unwrap();
        let app = demo_app(dir.path());
        let files = dir.path().join("policies");
        std::fs::create_dir_all(&files).unwrap();
        std::fs::write(
            files.join("gutscheine.md"),
            "# Gutscheine\n\nGutscheine gelten drei Jahre und werden nicht bar ausgezahlt.",
        )
        .unwrap();
        std::fs::write(files.join("leer.md"), "  \n").unwrap();
        std::fs::write(files.join("kaputt.txt"), [0xff, 0xfe, 0x00]).unwrap();
        let outcome = app.import_policies(&files).unwrap();
        assert_eq!(outcome.imported, vec!["gutscheine"]);
        assert_eq!(outcome.errors.len(), 2, "{:?}", outcome.errors);
        let outcome = app
            .search(
                CollectionName::Policies,
                &SearchRequest {
                    mode: SearchMode::Lexical,
                    ..SearchRequest::new("Gutschein")
                },
            )
            .unwrap();
        assert_eq!(outcome.hits[0].id, "gutscheine");
        assert!(app.import_policies(&dir.path().join("missing")).is_err());
    }
}
