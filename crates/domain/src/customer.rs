//! Customers of the store: private buyers, farms, landscapers; identified by a customer number.

use serde::{Deserialize, Serialize};

/// A customer as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Customer {
    /// The store's customer number, e.g. `K-00042`.
    pub customer_no: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    /// private, farm, business, institution
    pub customer_type: String,
    pub notes: String,
}

/// Why customer data was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustomerError {
    #[error("customer name must not be empty")]
    EmptyName,
    #[error("customer number {0:?} is invalid: 1 to 20 letters, digits or '-'")]
    BadNumber(String),
    #[error("e-mail address {0:?} is invalid")]
    BadEmail(String),
    #[error("postal code {0:?} is invalid (five digits)")]
    BadPostalCode(String),
    #[error("{0} is too long")]
    TooLong(&'static str),
}

/// Customer fields before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerDraft {
    pub customer_no: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub customer_type: Option<String>,
    pub notes: Option<String>,
}

fn optional(text: &Option<String>, field: &'static str) -> Result<Option<String>, CustomerError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) if t.chars().count() > 200 => Err(CustomerError::TooLong(field)),
        Some(t) => Ok(Some(t.to_owned())),
    }
}

/// Checks a customer number such as `K-00042`.
pub fn parse_customer_no(text: &str) -> Result<String, CustomerError> {
    let text = text.trim();
    if (1..=20).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        Ok(text.to_owned())
    } else {
        Err(CustomerError::BadNumber(text.to_owned()))
    }
}

impl CustomerDraft {
    /// Validates the draft. `assigned_no` is used when the draft carries no number of its own.
    pub fn validate(&self, assigned_no: &str) -> Result<Customer, CustomerError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(CustomerError::EmptyName);
        }
        if name.chars().count() > 200 {
            return Err(CustomerError::TooLong("name"));
        }
        let customer_no = match self.customer_no.as_deref().map(str::trim) {
            None | Some("") => parse_customer_no(assigned_no)?,
            Some(no) => parse_customer_no(no)?,
        };
        let email = optional(&self.email, "email")?;
        if let Some(e) = &email {
            let valid = e.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !e.contains(char::is_whitespace)
            });
            if !valid {
                return Err(CustomerError::BadEmail(e.clone()));
            }
        }
        let postal_code = optional(&self.postal_code, "postal code")?;
        if let Some(p) = &postal_code
            && (p.len() != 5 || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(CustomerError::BadPostalCode(p.clone()));
        }
        let notes = self.notes.as_deref().unwrap_or("").trim();
        if notes.chars().count() > 4000 {
            return Err(CustomerError::TooLong("notes"));
        }
        Ok(Customer {
            customer_no,
            name: name.to_owned(),
            email,
            phone: optional(&self.phone, "phone")?,
            street: optional(&self.street, "street")?,
            postal_code,
            city: optional(&self.city, "city")?,
            customer_type: optional(&self.customer_type, "customer type")?
                .unwrap_or_else(|| "private".into()),
            notes: notes.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_contact_data_and_assigns_a_number() {
        let draft = CustomerDraft {
            name: "Hof Meyer".into(),
            email: Some("info@hof-meyer.example.de".into()),
            postal_code: Some("49377".into()),
            ..CustomerDraft::default()
        };
        let customer = draft.validate("K-00001").unwrap();
        assert_eq!(customer.customer_no, "K-00001");
        assert_eq!(customer.customer_type, "private");
        let bad_mail = CustomerDraft {
            email: Some("meyer at hof".into()),
            ..draft.clone()
        };
        assert!(matches!(
            bad_mail.validate("K-1"),
            Err(CustomerError::BadEmail(_))
        ));
        let bad_zip = CustomerDraft {
            postal_code: Some("4937".into()),
            ..draft.clone()
        };
        assert!(matches!(
            bad_zip.validate("K-1"),
            Err(CustomerError::BadPostalCode(_))
        ));
        let no_name = CustomerDraft {
            name: " ".into(),
            ..draft
        };
        assert_eq!(no_name.validate("K-1"), Err(CustomerError::EmptyName));
    }
}
