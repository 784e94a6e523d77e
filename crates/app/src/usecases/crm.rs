//! Customer and lead use cases.

use super::BackOffice;
use super::UseCaseError;
use crate::import::{ImportSummary, customers as customer_csv};
use filiale_domain::{Customer, CustomerDraft, Lead, LeadStatus};
use filiale_store::customers;
use filiale_store::leads::{self, LeadDraft};

impl BackOffice<'_> {
    pub fn add_customer(&self, draft: &CustomerDraft) -> Result<Customer, UseCaseError> {
        Ok(self
            .app
            .store
            .write(self.app.now(), |tx| customers::create(tx, draft))?)
    }

    /// Imports a customer CSV: new customer numbers are created, existing ones left as they are.
    pub fn import_customers(&self, bytes: &[u8]) -> Result<ImportSummary, UseCaseError> {
        let (text, encoding) = crate::import::decode(bytes);
        let (rows, errors) = customer_csv::parse(text.as_bytes())?;
        let mut summary = ImportSummary {
            rows: rows.len() + errors.len(),
            errors,
            encoding,
            ..ImportSummary::default()
        };
        let created = self.app.store.write(self.app.now(), |tx| {
            rows.iter()
                .map(|row| customers::create_if_absent(tx, &row.draft))
                .collect::<Result<Vec<_>, _>>()
        })?;
        summary.created = created.iter().filter(|c| c.is_some()).count();
        summary.unchanged = created.len() - summary.created;
        Ok(summary)
    }

    pub fn add_lead(&self, draft: &LeadDraft) -> Result<Lead, UseCaseError> {
        Ok(self
            .app
            .store
            .write(self.app.now(), |tx| leads::create(tx, draft))?)
    }

    pub fn change_lead_status(&self, id: i64, status: &str) -> Result<Lead, UseCaseError> {
        let status = LeadStatus::parse(status).map_err(filiale_store::StoreError::from)?;
        if status == LeadStatus::Converted {
            return Err(UseCaseError::Input(
                "use `lead convert ID` to convert a lead into a customer".into(),
            ));
        }
        Ok(self
            .app
            .store
            .write(self.app.now(), |tx| leads::change_status(tx, id, status))?)
    }

    pub fn convert_lead(&self, id: i64) -> Result<(Lead, Customer), UseCaseError> {
        Ok(self
            .app
            .store
            .write(self.app.now(), |tx| leads::convert(tx, id))?)
    }
}
