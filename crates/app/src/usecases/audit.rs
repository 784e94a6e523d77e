//! The audit trail for the back office: the audit log, and verifying the hash chain and the
//! append-only triggers of the books.

use super::UseCaseError;
use crate::App;
use filiale_store::audit::{self, Entry, Filter};
use filiale_store::chain::{self, Verification};

impl App {
    /// The most recent audit entries matching `filter`, oldest first.
    pub fn audit_log(&self, filter: &Filter) -> Result<Vec<Entry>, UseCaseError> {
        Ok(self.store.read(|c| audit::list(c, filter))?)
    }

    /// Recomputes the hash chain over sales, refunds, journal entries and the audit log from the
    /// rows as they are now, and checks that the append-only triggers are in place.
    pub fn audit_verify(&self) -> Result<Verification, UseCaseError> {
        let verification = self.store.read(chain::verify)?;
        if let Some(problem) = &verification.problem {
            tracing::error!(%problem, "the books do not verify");
        }
        Ok(verification)
    }
}
