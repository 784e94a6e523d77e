//! Money controls in the back office: a list price change or a stock correction beyond the
//! store's limits (`[controls]` in `filiale.toml`) needs a manager's consent, and every price change
//! and every stock correction is written to the audit log in the transaction that makes it.

use super::staff::ManagerConsent;
use super::{BackOffice, UseCaseError};
use crate::ErrorCode;
use filiale_domain::staff::{correction_value, price_change_needs_manager};
use filiale_domain::{Cents, ManagerAction, StockChange};
use filiale_store::Tx;
use filiale_store::articles::StockedArticle;
use filiale_store::audit::{self, NewEntry, Outcome};
use serde_json::json;

/// The audit log's actor for a back-office change no manager had to approve.
pub const BACK_OFFICE_ACTOR: &str = "Backoffice";

/// A list price about to change: the article and its price before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PriceChange {
    pub sku: String,
    pub old: Cents,
    pub new: Cents,
}

impl PriceChange {
    /// The change `new_price` makes to `current`, if it changes anything.
    pub fn of(current: Option<&StockedArticle>, new_price: Cents) -> Option<PriceChange> {
        let current = current?;
        (current.article.price != new_price).then(|| PriceChange {
            sku: current.article.sku.as_str().to_owned(),
            old: current.article.price,
            new: new_price,
        })
    }
}

/// Who allowed a change: nobody needed to, a manager, or nobody could because the store has no
/// manager yet (setting up: the change is allowed and the audit log says so).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Allowed {
    WithinLimit,
    ByManager(String),
    NoManagerEnrolled,
}

impl Allowed {
    fn manager(&self) -> Option<&str> {
        match self {
            Allowed::ByManager(name) => Some(name),
            _ => None,
        }
    }

    fn beyond_limit(&self) -> bool {
        !matches!(self, Allowed::WithinLimit)
    }

    fn actor(&self) -> &str {
        self.manager().unwrap_or(BACK_OFFICE_ACTOR)
    }
}

/// Where a price change came from, for the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PriceSource {
    Edit,
    Import,
}

impl PriceSource {
    fn as_str(self) -> &'static str {
        match self {
            PriceSource::Edit => "edit",
            PriceSource::Import => "import",
        }
    }
}

impl BackOffice<'_> {
    fn price_limit_percent(&self) -> u32 {
        self.app
            .config()
            .store
            .controls
            .price_change_manager_percent
    }

    fn correction_limit(&self) -> Cents {
        Cents::new(
            self.app
                .config()
                .store
                .controls
                .stock_correction_manager_limit_cents,
        )
    }

    /// The changes among `changes` beyond the store's limit.
    fn beyond_price_limit<'c>(&self, changes: &'c [PriceChange]) -> Vec<&'c PriceChange> {
        let limit = self.price_limit_percent();
        changes
            .iter()
            .filter(|c| price_change_needs_manager(c.old, c.new, limit))
            .collect()
    }

    /// The refusal of `count` price changes beyond the limit, naming the first.
    fn prices_refused(&self, first: &PriceChange, count: usize) -> UseCaseError {
        ErrorCode::PriceChangeNeedsManager {
            sku: first.sku.clone(),
            old_price_cents: first.old.get(),
            new_price_cents: first.new.get(),
            limit_percent: self.price_limit_percent(),
            articles: u32::try_from(count).unwrap_or(u32::MAX),
        }
        .into()
    }

    /// The manager who approves `changes`; asked (and the PIN checked) only when one of them is
    /// beyond the store's limit. Without consent such changes are refused.
    pub(super) fn consent_to_prices(
        &self,
        changes: &[PriceChange],
        consent: Option<ManagerConsent<'_>>,
        source: PriceSource,
    ) -> Result<Allowed, UseCaseError> {
        let beyond = self.beyond_price_limit(changes);
        let Some(first) = beyond.first() else {
            return Ok(Allowed::WithinLimit);
        };
        let Some(consent) = consent else {
            if !self.app.staff().has_manager()? {
                return Ok(Allowed::NoManagerEnrolled);
            }
            return Err(self.prices_refused(first, beyond.len()));
        };
        let action = match source {
            PriceSource::Edit => ManagerAction::PriceChange {
                sku: first.sku.clone(),
                old_price_cents: first.old,
                new_price_cents: first.new,
            },
            PriceSource::Import => ManagerAction::PriceImport {
                articles: u32::try_from(beyond.len()).unwrap_or(u32::MAX),
            },
        };
        Ok(Allowed::ByManager(
            self.app.approve(consent, action)?.manager().to_owned(),
        ))
    }

    /// Audits `changes` inside the transaction that writes them; refuses (rolling everything back)
    /// when one is beyond the limit and nobody approved, as when a price changed in between.
    pub(super) fn audit_price_changes(
        &self,
        tx: &Tx<'_>,
        changes: &[PriceChange],
        allowed: &Allowed,
        source: PriceSource,
    ) -> Result<(), UseCaseError> {
        let beyond = self.beyond_price_limit(changes);
        if let (Some(first), false) = (beyond.first(), allowed.beyond_limit()) {
            return Err(self.prices_refused(first, beyond.len()));
        }
        let terminal = self.app.config().till_id();
        for change in changes {
            audit::record(
                tx,
                &NewEntry {
                    terminal,
                    actor: allowed.actor(),
                    action: "article.price_change",
                    outcome: Outcome::Ok,
                    subject: &change.sku,
                    details: json!({
                        "old_price_cents": change.old.get(),
                        "new_price_cents": change.new.get(),
                        "approved_by": allowed.manager(),
                        "no_manager_enrolled": *allowed == Allowed::NoManagerEnrolled,
                        "source": source.as_str(),
                    }),
                },
            )?;
        }
        Ok(())
    }

    /// The manager who approves a correction of `delta` units of `article`, asked only when it is
    /// worth more than the store's limit (at the purchase price, else the selling price).
    pub(super) fn consent_to_correction(
        &self,
        article: &StockedArticle,
        delta: i64,
        consent: Option<ManagerConsent<'_>>,
    ) -> Result<Allowed, UseCaseError> {
        let value = correction_value(delta, unit_value(article));
        if value <= self.correction_limit() {
            return Ok(Allowed::WithinLimit);
        }
        let Some(consent) = consent else {
            if !self.app.staff().has_manager()? {
                return Ok(Allowed::NoManagerEnrolled);
            }
            return Err(self.correction_refused(article, delta, value));
        };
        let action = ManagerAction::StockCorrection {
            sku: article.article.sku.as_str().to_owned(),
            delta,
            value_cents: value,
        };
        Ok(Allowed::ByManager(
            self.app.approve(consent, action)?.manager().to_owned(),
        ))
    }

    fn correction_refused(
        &self,
        article: &StockedArticle,
        delta: i64,
        value: Cents,
    ) -> UseCaseError {
        ErrorCode::StockCorrectionNeedsManager {
            sku: article.article.sku.as_str().to_owned(),
            delta,
            value_cents: value.get(),
            limit_cents: self.correction_limit().get(),
        }
        .into()
    }

    /// Audits a stock correction inside its transaction; refuses when it turned out beyond the
    /// limit (stock moved in between) and nobody approved.
    pub(super) fn audit_correction(
        &self,
        tx: &Tx<'_>,
        article: &StockedArticle,
        change: &StockChange,
        reason: &str,
        allowed: &Allowed,
    ) -> Result<(), UseCaseError> {
        let value = correction_value(change.delta, unit_value(article));
        if value > self.correction_limit() && !allowed.beyond_limit() {
            return Err(self.correction_refused(article, change.delta, value));
        }
        audit::record(
            tx,
            &NewEntry {
                terminal: self.app.config().till_id(),
                actor: allowed.actor(),
                action: "stock.correction",
                outcome: Outcome::Ok,
                subject: article.article.sku.as_str(),
                details: json!({
                    "before": change.before,
                    "after": change.after,
                    "delta": change.delta,
                    "value_cents": value.get(),
                    "reason": reason,
                    "approved_by": allowed.manager(),
                    "no_manager_enrolled": *allowed == Allowed::NoManagerEnrolled,
                }),
            },
        )?;
        Ok(())
    }
}

/// What one unit is worth for a correction: its net purchase price, else its selling price.
fn unit_value(article: &StockedArticle) -> Cents {
    article
        .article
        .purchase_price
        .unwrap_or(article.article.price)
}
