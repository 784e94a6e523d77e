//! What the desktop windows read and send beyond the till's own use cases: article filtering,
//! back-office lists, the outbox at a glance, and the UI's input shapes (money as integer cents).

use super::UseCaseError;
use super::reorder::DEFAULT_MANAGER;
use crate::App;
use filiale_domain::{ArticleDraft, CustomerDraft, VatRate};
use filiale_store::leads::LeadDraft;
use filiale_store::{articles, customers, journal, leads, outbox, sales};
use filiale_workflow::reorder::Verdict;
use serde::{Deserialize, Serialize};

pub use crate::import::{ImportSummary, RowError};
pub use filiale_domain::{Article, Customer, Lead, Sale, StockChange};
pub use filiale_store::articles::StockedArticle;
pub use filiale_store::journal::{AccountBalance, PostedEntry};
pub use filiale_store::outbox::{OutboxRow, OutboxStatus};
pub use filiale_store::sales::Receipt;
pub use filiale_workflow::reorder::ReorderState;
pub use filiale_workflow::{StateSnapshot, ThreadSummary};

/// A reorder proposal as the approval screen shows it.
pub type ReorderSnapshot = StateSnapshot<ReorderState>;

/// Largest page a window may ask for at once.
const MAX_PAGE: i64 = 1000;

/// How the customer pays, as the cashier window sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum TenderInput {
    Cash { tendered_cents: i64 },
    Card,
}

/// An article as the back office's form sends it (price in gross cents).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArticleInput {
    pub sku: String,
    pub ean: Option<String>,
    pub name: String,
    pub description: String,
    pub category: String,
    pub unit: String,
    pub price_cents: i64,
    pub vat_rate: u8,
    pub purchase_price_cents: Option<i64>,
    pub pack_size: Option<u32>,
    pub supplier: Option<String>,
    pub lead_time_days: Option<u32>,
    pub reorder_point: Option<i64>,
    /// Initial stock of a new article.
    pub initial_stock: Option<i64>,
}

/// A customer as the back office's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CustomerInput {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub customer_type: Option<String>,
    pub notes: Option<String>,
}

/// A lead as the back office's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LeadInput {
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source: Option<String>,
    pub interest: Option<String>,
    pub notes: String,
}

/// The journal page: account balances and the latest entries.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JournalView {
    pub balances: Vec<AccountBalance>,
    pub entries: Vec<PostedEntry>,
}

/// The sync page: outbox figures, the latest rows and the dead letters.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncView {
    pub status: OutboxStatus,
    pub recent: Vec<OutboxRow>,
    pub dead: Vec<OutboxRow>,
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

impl App {
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
        let all = self.store.read(|c| articles::list(c, None, i64::MAX, 0))?;
        Ok(all
            .into_iter()
            .filter(|a| article_matches(&a.article, &words))
            .take(page(limit) as usize)
            .collect())
    }

    pub fn low_stock_articles(&self) -> Result<Vec<StockedArticle>, UseCaseError> {
        Ok(self.store.read(articles::low_stock)?)
    }

    pub fn list_customers(&self, limit: i64, offset: i64) -> Result<Vec<Customer>, UseCaseError> {
        Ok(self
            .store
            .read(|c| customers::list(c, page(limit), offset.max(0)))?)
    }

    pub fn list_leads(&self) -> Result<Vec<Lead>, UseCaseError> {
        Ok(self.store.read(|c| leads::list(c, None))?)
    }

    pub fn journal_view(&self, entries: i64) -> Result<JournalView, UseCaseError> {
        Ok(self.store.read(|c| {
            Ok(JournalView {
                balances: journal::balances(c)?,
                entries: journal::recent_entries(c, page(entries))?,
            })
        })?)
    }

    pub fn sync_view(&self, limit: i64) -> Result<SyncView, UseCaseError> {
        Ok(self.store.read(|c| {
            Ok(SyncView {
                status: outbox::status(c)?,
                recent: outbox::list(c, false, page(limit))?,
                dead: outbox::list(c, true, page(limit))?,
            })
        })?)
    }

    /// Puts a dead letter back in the queue for the relay.
    pub fn retry_dead_letter(&self, store_seq: i64) -> Result<(), UseCaseError> {
        Ok(self.store.bookkeep(|c| outbox::retry(c, store_seq))?)
    }

    pub fn receipt(&self, receipt_no: i64) -> Result<Receipt, UseCaseError> {
        self.store
            .read(|c| sales::receipt(c, receipt_no))?
            .ok_or_else(|| crate::ErrorCode::UnknownReceipt { receipt_no }.into())
    }

    pub fn till_start_payment_cents(
        &self,
        terminal_id: &str,
        tender: TenderInput,
    ) -> Result<super::TillView, UseCaseError> {
        match tender {
            TenderInput::Cash { tendered_cents } => self.till_start_payment(
                terminal_id,
                false,
                Some(filiale_domain::Cents::new(tendered_cents)),
            ),
            TenderInput::Card => self.till_start_payment(terminal_id, true, None),
        }
    }

    pub fn till_pay_with(
        &self,
        terminal_id: &str,
        tender: TenderInput,
    ) -> Result<Sale, UseCaseError> {
        let tender = match tender {
            TenderInput::Cash { tendered_cents } => filiale_domain::Tender::Cash {
                tendered: filiale_domain::Cents::new(tendered_cents),
            },
            TenderInput::Card => filiale_domain::Tender::Card,
        };
        self.till_pay(terminal_id, tender)
    }

    pub fn save_article_input(&self, input: ArticleInput) -> Result<Article, UseCaseError> {
        let vat_rate =
            VatRate::try_from(input.vat_rate).map_err(|e| crate::ErrorCode::BadVatRate { rate: e.0 })?;
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
        Ok(self.save_article(&draft, input.initial_stock)?.0)
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

impl App {
    /// Approves a proposal as the store manager, as proposed or with changed quantities (0
    /// removes a line) and removed lines.
    pub fn reorder_approve(
        &self,
        thread_id: &str,
        pin: &str,
        quantities: Option<std::collections::BTreeMap<String, i64>>,
        removed: Option<Vec<String>>,
    ) -> Result<ReorderSnapshot, UseCaseError> {
        let verdict = match (quantities, removed) {
            (None, None) => Verdict::Approve,
            (quantities, removed) => Verdict::ApproveEdited {
                quantities: quantities.unwrap_or_default(),
                removed: removed.unwrap_or_default().into_iter().collect(),
            },
        };
        self.reorder_decide(thread_id, DEFAULT_MANAGER, pin, verdict)
    }

    /// Rejects a proposal as the store manager; the reason is required.
    pub fn reorder_reject(
        &self,
        thread_id: &str,
        reason: &str,
        pin: &str,
    ) -> Result<ReorderSnapshot, UseCaseError> {
        let verdict = Verdict::Reject {
            reason: reason.trim().to_owned(),
        };
        self.reorder_decide(thread_id, DEFAULT_MANAGER, pin, verdict)
    }
}
