//! Catalogue use cases: import the article CSV, add or change one article, look articles up.

use super::BackOffice;
use super::UseCaseError;
use crate::App;
use crate::import::{ImportSummary, articles as article_csv};
use filiale_domain::{Article, ArticleDraft};
use filiale_store::articles::{self, StockedArticle, Upserted};

impl BackOffice<'_> {
    /// Imports an article CSV: valid rows are upserted by SKU in one transaction, bad rows reported.
    pub fn import_articles(&self, bytes: &[u8]) -> Result<ImportSummary, UseCaseError> {
        let (rows, errors) = article_csv::parse(bytes)?;
        let mut summary = ImportSummary {
            rows: rows.len() + errors.len(),
            errors,
            ..ImportSummary::default()
        };
        let outcomes = self.app.store.write(self.app.now(), |tx| {
            rows.iter()
                .map(|row| articles::upsert(tx, &row.article, row.stock))
                .collect::<Result<Vec<_>, _>>()
        });
        let outcomes = match outcomes {
            Ok(outcomes) => outcomes,
            // A row that conflicts with stored data (an EAN taken by another article) fails the
            // whole transaction; find it and report it, then import the others.
            Err(filiale_store::StoreError::DuplicateEan { .. }) => {
                return self.import_rows_one_by_one(rows, summary);
            }
            Err(e) => return Err(e.into()),
        };
        for outcome in outcomes {
            count(&mut summary, outcome);
        }
        Ok(summary)
    }

    fn import_rows_one_by_one(
        &self,
        rows: Vec<article_csv::ArticleRow>,
        mut summary: ImportSummary,
    ) -> Result<ImportSummary, UseCaseError> {
        for row in rows {
            match self.app.store.write(self.app.now(), |tx| {
                articles::upsert(tx, &row.article, row.stock)
            }) {
                Ok(outcome) => count(&mut summary, outcome),
                Err(e @ filiale_store::StoreError::DuplicateEan { .. }) => {
                    summary.errors.push(crate::import::RowError {
                        line: row.line,
                        reason: e.to_string(),
                    })
                }
                Err(e) => return Err(e.into()),
            }
        }
        summary.errors.sort_by_key(|e| e.line);
        Ok(summary)
    }

    /// Creates or updates one article; a new article may come with its initial stock.
    pub fn save_article(
        &self,
        draft: &ArticleDraft,
        initial_stock: Option<i64>,
    ) -> Result<(Article, Upserted), UseCaseError> {
        let article = draft.validate().map_err(filiale_store::StoreError::from)?;
        let outcome = self.app.store.write(self.app.now(), |tx| {
            articles::upsert(tx, &article, initial_stock)
        })?;
        Ok((article, outcome))
    }

    /// Finds an article by SKU or, for 13 digits, by EAN (what a barcode scanner types).
    pub fn find_article(&self, code: &str) -> Result<StockedArticle, UseCaseError> {
        self.app.find_article(code)
    }

    pub fn list_articles(
        &self,
        category: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<StockedArticle>, UseCaseError> {
        Ok(self
            .app
            .store
            .read(|c| articles::list(c, category, limit, offset))?)
    }
}

impl App {
    /// Finds an article by SKU or, for 13 digits, by EAN (what a barcode scanner types).
    pub(crate) fn find_article(&self, code: &str) -> Result<StockedArticle, UseCaseError> {
        let code = code.trim();
        let found = self.store.read(|c| {
            if let Some(a) = articles::get(c, code)? {
                return Ok(Some(a));
            }
            if code.len() == 13 && code.bytes().all(|b| b.is_ascii_digit()) {
                return articles::by_ean(c, code);
            }
            Ok(None)
        })?;
        found.ok_or_else(|| filiale_store::StoreError::UnknownArticle(code.to_owned()).into())
    }
}

fn count(summary: &mut ImportSummary, outcome: Upserted) {
    match outcome {
        Upserted::Created => summary.created += 1,
        Upserted::Updated => summary.updated += 1,
        Upserted::Unchanged => summary.unchanged += 1,
    }
}
