//! The back office: the store manager's lists and forms. [`BackOffice`] is the group; its
//! methods live beside their subject (`catalogue`, `stock`, `crm`, `refunds`, `audit`,
//! `overview`); this file holds the lists the windows page through.

use super::UseCaseError;
use crate::App;
use crate::dto::{
    Article, ArticleDraft, ArticleInput, Customer, CustomerDraft, CustomerInput, JournalView, Lead,
    LeadDraft, LeadInput, Receipt, StockedArticle,
};
use filiale_domain::VatRate;
use filiale_store::{articles, customers, journal, leads, sales};

/// Largest page a window may ask for at once.
const MAX_PAGE: i64 = 1000;

/// The store manager's back office: articles, stock, customers and leads, the journal,
/// receipts and refunds, the audit log and the store's key figures.
#[derive(Debug, Clone, Copy)]
pub struct BackOffice<'a> {
    pub(super) app: &'a App,
}

impl<'a> BackOffice<'a> {
    pub(crate) fn new(app: &'a App) -> BackOffice<'a> {
        BackOffice { app }
    }
}

fn page(limit: i64) -> i64 {
    limit.clamp(1, MAX_PAGE)
}

fn blank_to_none(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// Whether `article` matches every word of `query` in its SKU, EAN or name (case-insensitive).
pub fn article_matches(article: &Article, words: &[String]) -> bool {
    let haystack = format!(
        "{} {} {}",
        article.sku,
        article
            .ean
            .as_ref()
            .map(|e| e.to_string())
            .unwrap_or_default(),
        article.name
    )
    .to_lowercase();
    words.iter().all(|w| haystack.contains(w.as_str()))
}

impl BackOffice<'_> {
    /// Articles whose SKU, EAN or name contain every word of `query`, at most `limit` of them.
    pub fn filter_articles(
        &self,
        query: &str,
        limit: i64,
    ) -> Result<Vec<StockedArticle>, UseCaseError> {
        if query.chars().count() > 200 {
            return Err(crate::ErrorCode::SearchTooLong { max: 200 }.into());
        }
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let all = self
            .app
            .store
            .read(|c| articles::list(c, None, i64::MAX, 0))?;
        Ok(all
            .into_iter()
            .filter(|a| article_matches(&a.article, &words))
            .take(page(limit) as usize)
            .collect())
    }

    pub fn low_stock_articles(&self) -> Result<Vec<StockedArticle>, UseCaseError> {
        Ok(self.app.store.read(articles::low_stock)?)
    }

    pub fn list_customers(&self, limit: i64, offset: i64) -> Result<Vec<Customer>, UseCaseError> {
        Ok(self
            .app
            .store
            .read(|c| customers::list(c, page(limit), offset.max(0)))?)
    }

    pub fn list_leads(&self) -> Result<Vec<Lead>, UseCaseError> {
        self.leads_with_status(None)
    }

    /// Leads in one pipeline status, or all of them.
    pub fn leads_with_status(
        &self,
        status: Option<filiale_domain::LeadStatus>,
    ) -> Result<Vec<Lead>, UseCaseError> {
        Ok(self.app.store.read(|c| leads::list(c, status))?)
    }

    /// The latest `limit` stock movements of an article, newest first.
    pub fn stock_movements(
        &self,
        sku: &str,
        limit: i64,
    ) -> Result<Vec<crate::dto::StockMovement>, UseCaseError> {
        Ok(self
            .app
            .store
            .read(|c| filiale_store::stock::movements(c, sku, limit))?)
    }

    pub fn journal_view(&self, entries: i64) -> Result<JournalView, UseCaseError> {
        Ok(self.app.store.read(|c| {
            Ok(JournalView {
                balances: journal::balances(c)?,
                entries: journal::recent_entries(c, page(entries))?,
            })
        })?)
    }

    pub fn receipt(&self, receipt_no: i64) -> Result<Receipt, UseCaseError> {
        self.app
            .store
            .read(|c| sales::receipt(c, receipt_no))?
            .ok_or(filiale_store::StoreError::UnknownReceipt(receipt_no).into())
    }

    /// Saves an article as the window's form gives it; a price change beyond the store's limit
    /// needs `consent`.
    pub fn save_article_input(
        &self,
        input: ArticleInput,
        consent: Option<super::ManagerConsent<'_>>,
    ) -> Result<Article, UseCaseError> {
        let vat_rate = VatRate::try_from(input.vat_rate)
            .map_err(|e| crate::ErrorCode::BadVatRate { rate: e.0 })?;
        let draft = ArticleDraft {
            sku: input.sku,
            ean: blank_to_none(input.ean),
            name: input.name,
            description: input.description,
            category: input.category,
            unit: input.unit,
            price: filiale_domain::Cents::new(input.price_cents),
            vat_rate: Some(vat_rate),
            purchase_price: input.purchase_price_cents.map(filiale_domain::Cents::new),
            pack_size: input.pack_size,
            supplier: blank_to_none(input.supplier),
            lead_time_days: input.lead_time_days,
            reorder_point: input.reorder_point,
        };
        Ok(self
            .save_article_approved(&draft, input.initial_stock, consent)?
            .0)
    }

    pub fn add_customer_input(&self, input: CustomerInput) -> Result<Customer, UseCaseError> {
        self.add_customer(&CustomerDraft {
            customer_no: None,
            name: input.name,
            email: blank_to_none(input.email),
            phone: blank_to_none(input.phone),
            street: blank_to_none(input.street),
            postal_code: blank_to_none(input.postal_code),
            city: blank_to_none(input.city),
            customer_type: blank_to_none(input.customer_type),
            notes: blank_to_none(input.notes),
        })
    }

    pub fn add_lead_input(&self, input: LeadInput) -> Result<Lead, UseCaseError> {
        self.add_lead(&LeadDraft {
            name: input.name,
            company: blank_to_none(input.company),
            email: blank_to_none(input.email),
            phone: blank_to_none(input.phone),
            source: blank_to_none(input.source),
            interest: blank_to_none(input.interest),
            notes: input.notes,
        })
    }
}
