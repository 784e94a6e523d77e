//! Catalogue use cases: import the article CSV, add or change one article, look articles up.

use super::BackOffice;
use super::UseCaseError;
use super::controls::{Allowed, PriceChange, PriceSource};
use super::staff::ManagerConsent;
use crate::App;
use crate::import::{ImportSummary, articles as article_csv};
use filiale_domain::{Article, ArticleDraft};
use filiale_store::articles::{self, StockedArticle, Upserted};

impl BackOffice<'_> {
    /// Imports an article CSV: valid rows are upserted by SKU in one transaction, bad rows reported.
    /// Refused as a whole when it changes a price beyond the store's limit (see
    /// [`BackOffice::import_articles_approved`]); every price it changes is audited.
    pub fn import_articles(&self, bytes: &[u8]) -> Result<ImportSummary, UseCaseError> {
        self.import_articles_approved(bytes, None)
    }

    /// [`BackOffice::import_articles`] with a manager's consent to price changes beyond the limit
    /// (asked only when the file has such changes).
    pub fn import_articles_approved(
        &self,
        bytes: &[u8],
        consent: Option<ManagerConsent<'_>>,
    ) -> Result<ImportSummary, UseCaseError> {
        let (text, encoding) = crate::import::decode(bytes);
        let (rows, errors) = article_csv::parse(text.as_bytes())?;
        let mut summary = ImportSummary {
            rows: rows.len() + errors.len(),
            errors,
            encoding,
            ..ImportSummary::default()
        };
        let skus: Vec<String> = rows
            .iter()
            .map(|row| row.article.sku.as_str().to_owned())
            .collect();
        let current = self.app.store.read(|c| articles::get_many(c, &skus))?;
        let planned: Vec<PriceChange> = rows
            .iter()
            .filter_map(|row| {
                let stored = current.iter().find(|a| a.article.sku == row.article.sku);
                PriceChange::of(stored, row.article.price)
            })
            .collect();
        let allowed = self.consent_to_prices(&planned, consent, PriceSource::Import)?;
        let outcomes = self.app.store.write(self.app.now(), |tx| {
            rows.iter()
                .map(|row| self.upsert_audited(tx, row, &allowed))
                .collect::<Result<Vec<_>, _>>()
        });
        let outcomes = match outcomes {
            Ok(outcomes) => outcomes,
            // A row that conflicts with stored data (an EAN taken by another article) fails the
            // whole transaction; find it and report it, then import the others.
            Err(UseCaseError::Store(filiale_store::StoreError::DuplicateEan { .. })) => {
                return self.import_rows_one_by_one(rows, summary, &allowed);
            }
            Err(e) => return Err(e),
        };
        for outcome in outcomes {
            count(&mut summary, outcome);
        }
        Ok(summary)
    }

    /// Upserts one imported row, auditing its price change in the same transaction.
    fn upsert_audited(
        &self,
        tx: &mut filiale_store::Tx<'_>,
        row: &article_csv::ArticleRow,
        allowed: &Allowed,
    ) -> Result<Upserted, UseCaseError> {
        let stored = articles::get(tx.db(), row.article.sku.as_str())?;
        let changes: Vec<PriceChange> = PriceChange::of(stored.as_ref(), row.article.price)
            .into_iter()
            .collect();
        self.audit_price_changes(tx, &changes, allowed, PriceSource::Import)?;
        Ok(articles::upsert(tx, &row.article, row.stock)?)
    }

    fn import_rows_one_by_one(
        &self,
        rows: Vec<article_csv::ArticleRow>,
        mut summary: ImportSummary,
        allowed: &Allowed,
    ) -> Result<ImportSummary, UseCaseError> {
        for row in rows {
            match self
                .app
                .store
                .write(self.app.now(), |tx| self.upsert_audited(tx, &row, allowed))
            {
                Ok(outcome) => count(&mut summary, outcome),
                Err(UseCaseError::Store(e @ filiale_store::StoreError::DuplicateEan { .. })) => {
                    summary.errors.push(crate::import::RowError {
                        line: row.line,
                        reason: e.to_string(),
                    })
                }
                Err(e) => return Err(e),
            }
        }
        summary.errors.sort_by_key(|e| e.line);
        Ok(summary)
    }

    /// Creates or updates one article; a new article may come with its initial stock. A price
    /// change beyond the store's limit is refused (see [`BackOffice::save_article_approved`]).
    pub fn save_article(
        &self,
        draft: &ArticleDraft,
        initial_stock: Option<i64>,
    ) -> Result<(Article, Upserted), UseCaseError> {
        self.save_article_approved(draft, initial_stock, None)
    }

    /// [`BackOffice::save_article`] with a manager's consent to a price change beyond the limit
    /// (asked only for such a change). Every price change is audited with the article's write.
    pub fn save_article_approved(
        &self,
        draft: &ArticleDraft,
        initial_stock: Option<i64>,
        consent: Option<ManagerConsent<'_>>,
    ) -> Result<(Article, Upserted), UseCaseError> {
        let article = draft.validate().map_err(filiale_store::StoreError::from)?;
        let sku = article.sku.as_str();
        let stored = self.app.store.read(|c| articles::get(c, sku))?;
        let planned: Vec<PriceChange> = PriceChange::of(stored.as_ref(), article.price)
            .into_iter()
            .collect();
        let allowed = self.consent_to_prices(&planned, consent, PriceSource::Edit)?;
        let outcome = self.app.store.write(self.app.now(), |tx| {
            let stored = articles::get(tx.db(), sku)?;
            let changes: Vec<PriceChange> = PriceChange::of(stored.as_ref(), article.price)
                .into_iter()
                .collect();
            self.audit_price_changes(tx, &changes, &allowed, PriceSource::Edit)?;
            Ok::<_, UseCaseError>(articles::upsert(tx, &article, initial_stock)?)
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
