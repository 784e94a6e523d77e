//! The audit trail for the back office: the audit log, and verifying the hash chain and the
//! append-only triggers of the books.

use super::BackOffice;
use super::UseCaseError;
use crate::dto::ChainCheck;
use filiale_store::audit::{self, Entry, Filter};
use filiale_store::chain::{self, Verification};

impl BackOffice<'_> {
    /// The most recent audit entries matching `filter`, oldest first.
    pub fn audit_log(&self, filter: &Filter) -> Result<Vec<Entry>, UseCaseError> {
        Ok(self.app.store.read(|c| audit::list(c, filter))?)
    }

    /// Recomputes the hash chain over sales, refunds, journal entries and the audit log from the
    /// rows as they are now, and checks that the append-only triggers are in place.
    pub fn audit_verify(&self) -> Result<Verification, UseCaseError> {
        let verification = self.app.store.read(chain::verify)?;
        if let Some(problem) = &verification.problem {
            tracing::error!(%problem, "the books do not verify");
        }
        Ok(verification)
    }

    /// [`BackOffice::audit_verify`] as the audit page shows it, the first broken link in words.
    pub fn chain_check(&self) -> Result<ChainCheck, UseCaseError> {
        let verification = self.audit_verify()?;
        Ok(ChainCheck {
            ok: verification.ok(),
            links: verification.links,
            head: verification.head,
            problem_text: verification.problem.as_ref().map(ToString::to_string),
            problem: verification.problem,
            missing_triggers: verification.missing_triggers,
        })
    }
}
