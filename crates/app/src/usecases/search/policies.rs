//! Store policies (returns, payment, plant guarantee, ...): importing `.md` / `.txt` files,
//! keeping their texts in the store database (`policies`, migration 0006) and indexing them, and
//! the demo store's policies.

use std::path::{Path, PathBuf};

use anyhow::Context;
use filiale_search::collection::{CollectionName, Document, SearchIndex, policy_document};

use crate::App;

/// Marker in the search index: the demo store's policies were added once.
const DEMO_POLICIES: &str = "demo_policies_loaded";

/// The demo store's policy texts, compiled in like the rest of the demo.
pub(super) const DEMO_POLICY_FILES: &[(&str, &str)] = &[
    (
        "datenschutz",
        include_str!("../../../demo/policies/datenschutz.md"),
    ),
    (
        "kundenkarte",
        include_str!("../../../demo/policies/kundenkarte.md"),
    ),
    (
        "lieferservice",
        include_str!("../../../demo/policies/lieferservice.md"),
    ),
    (
        "oeffnungszeiten",
        include_str!("../../../demo/policies/oeffnungszeiten.md"),
    ),
    (
        "pflanzengarantie",
        include_str!("../../../demo/policies/pflanzengarantie.md"),
    ),
    (
        "pflanzenschutzmittel-abgabe",
        include_str!("../../../demo/policies/pflanzenschutzmittel-abgabe.md"),
    ),
    (
        "rueckgabe-umtausch",
        include_str!("../../../demo/policies/rueckgabe-umtausch.md"),
    ),
    (
        "zahlungsarten",
        include_str!("../../../demo/policies/zahlungsarten.md"),
    ),
];

/// Largest policy file accepted.
const MAX_POLICY_BYTES: u64 = 1 << 20;

/// What importing policy files did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PolicyImport {
    pub imported: Vec<String>,
    pub errors: Vec<(String, String)>,
}

impl App {
    /// Adds policy texts (`.md` / `.txt`) from a file or every such file in a directory; the
    /// file stem is the document id, an existing policy of that id is replaced. A file that is
    /// empty, too large or not UTF-8 is reported and skipped.
    pub(crate) fn import_policies(&self, path: &Path) -> anyhow::Result<PolicyImport> {
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
        let mut texts = Vec::new();
        for file in files {
            let name = file.display().to_string();
            match read_policy(&file) {
                Ok((id, text)) => {
                    outcome.imported.push(id.clone());
                    texts.push((id, text));
                }
                Err(reason) => outcome.errors.push((name, reason)),
            }
        }
        if !texts.is_empty() {
            let index = self.search_index()?;
            self.store_policies(&texts, false)?;
            let documents: Vec<Document> = texts
                .iter()
                .map(|(id, text)| policy_document(id, text))
                .collect();
            index.write(CollectionName::Policies, &documents, None, self.now())?;
        }
        Ok(outcome)
    }

    /// Saves policy texts in the store database, all or none; a policy of the same id is
    /// replaced, or kept when `keep_existing` (the demo's texts never overwrite the store's).
    fn store_policies(
        &self,
        texts: &[(String, String)],
        keep_existing: bool,
    ) -> anyhow::Result<()> {
        let now = self
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        filiale_store::policies::save(&self.store, texts, keep_existing, &now)
            .context("cannot save the policies")
    }

    /// The policy documents kept in the store database.
    pub(crate) fn stored_policies(&self) -> anyhow::Result<Vec<Document>> {
        let texts = self.store.read(filiale_store::policies::all)?;
        Ok(texts
            .iter()
            .map(|(id, text)| policy_document(id, text))
            .collect())
    }

    /// Policies imported before they were kept in the store exist only in the search index:
    /// copy them into the store once, so that a rebuild keeps them.
    pub(super) fn keep_indexed_policies(&self, index: &SearchIndex) -> anyhow::Result<()> {
        let stored: i64 = self
            .store
            .read(|c| Ok(c.query_row("SELECT count(*) FROM policies", [], |r| r.get(0))?))?;
        if stored > 0 {
            return Ok(());
        }
        let indexed = index.documents(CollectionName::Policies)?;
        if indexed.is_empty() {
            return Ok(());
        }
        let texts: Vec<(String, String)> = indexed
            .into_iter()
            .map(|d| (d.id, format!("# {}\n\n{}", d.title, d.body)))
            .collect();
        tracing::info!(
            policies = texts.len(),
            "policies copied from the search index into the store"
        );
        self.store_policies(&texts, true)
    }

    pub(super) fn load_demo_policies_once(&self, index: &SearchIndex) -> anyhow::Result<usize> {
        let is_demo = self.config.store.store_id == crate::demo::store_config().store_id;
        if !is_demo || index.marker(DEMO_POLICIES)?.is_some() {
            return Ok(0);
        }
        let texts: Vec<(String, String)> = DEMO_POLICY_FILES
            .iter()
            .map(|(id, text)| ((*id).to_owned(), (*text).to_owned()))
            .collect();
        self.store_policies(&texts, true)?;
        let documents = self.stored_policies()?;
        index.write(CollectionName::Policies, &documents, None, self.now())?;
        index.set_marker(DEMO_POLICIES, "1")?;
        Ok(documents.len())
    }
}

fn read_policy(file: &Path) -> Result<(String, String), String> {
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
    Ok((id, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usecases::search::tests::{demo_app, first_ids};
    use filiale_search::collection::{SearchMode, SearchRequest};

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
        let outcome = app.search().import_policies(&files).unwrap();
        assert_eq!(outcome.imported, vec!["gutscheine"]);
        assert_eq!(outcome.errors.len(), 2, "{:?}", outcome.errors);
        let outcome = app
            .search()
            .query(
                CollectionName::Policies,
                &SearchRequest {
                    mode: SearchMode::Lexical,
                    ..SearchRequest::new("Gutschein")
                },
            )
            .unwrap();
        assert_eq!(outcome.hits[0].id, "gutscheine");
        assert!(
            app.search()
                .import_policies(&dir.path().join("missing"))
                .is_err()
        );

        // The texts live in the store: a rebuild of the search index keeps them.
        let stored: Vec<String> = app
            .stored_policies()
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert!(stored.contains(&"gutscheine".to_owned()), "{stored:?}");
        assert_eq!(stored.len(), DEMO_POLICY_FILES.len() + 1);
        app.search_rebuild(|_, _| {}).unwrap();
        let ids = first_ids(&app, CollectionName::Policies, "Gutscheine");
        assert_eq!(ids[0], "gutscheine", "{ids:?}");
    }
}
