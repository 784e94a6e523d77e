//! Sales leads and their pipeline: new -> contacted -> qualified -> converted, or lost.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a lead stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum LeadStatus {
    New,
    Contacted,
    Qualified,
    Converted,
    Lost,
}

/// Why a lead change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LeadError {
    #[error("a lead cannot move from {from} to {to}")]
    ImpossibleTransition { from: LeadStatus, to: LeadStatus },
    #[error("{0:?} is not a lead status (new, contacted, qualified, converted, lost)")]
    UnknownStatus(String),
    #[error("lead name must not be empty")]
    EmptyName,
}

impl LeadStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::New => "new",
            LeadStatus::Contacted => "contacted",
            LeadStatus::Qualified => "qualified",
            LeadStatus::Converted => "converted",
            LeadStatus::Lost => "lost",
        }
    }

    pub fn parse(text: &str) -> Result<LeadStatus, LeadError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "new" | "neu" => Ok(LeadStatus::New),
            "contacted" | "kontaktiert" => Ok(LeadStatus::Contacted),
            "qualified" | "qualifiziert" => Ok(LeadStatus::Qualified),
            "converted" | "gewonnen" => Ok(LeadStatus::Converted),
            "lost" | "verloren" => Ok(LeadStatus::Lost),
            _ => Err(LeadError::UnknownStatus(text.to_owned())),
        }
    }

    fn rank(self) -> u8 {
        match self {
            LeadStatus::New => 0,
            LeadStatus::Contacted => 1,
            LeadStatus::Qualified => 2,
            LeadStatus::Converted | LeadStatus::Lost => 3,
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, LeadStatus::Converted | LeadStatus::Lost)
    }

    /// The pipeline moves forward only (steps may be skipped); any open lead can be lost;
    /// a lost lead may be reopened as new; a converted lead is final.
    pub fn can_move_to(self, to: LeadStatus) -> bool {
        match (self, to) {
            (LeadStatus::Converted, _) => false,
            (LeadStatus::Lost, LeadStatus::New) => true,
            (LeadStatus::Lost, _) => false,
            (_, LeadStatus::Lost) => true,
            (from, to) => to.rank() > from.rank(),
        }
    }
}

impl fmt::Display for LeadStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A prospective customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Lead {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source: Option<String>,
    pub interest: Option<String>,
    pub notes: String,
    pub status: LeadStatus,
    /// Set once the lead became a customer.
    pub customer_no: Option<String>,
}

impl Lead {
    /// Moves the lead to `to`, or says why it cannot. Conversion goes through [`Lead::convert`].
    pub fn move_to(&mut self, to: LeadStatus) -> Result<LeadStatus, LeadError> {
        if to == LeadStatus::Converted || !self.status.can_move_to(to) {
            return Err(LeadError::ImpossibleTransition {
                from: self.status,
                to,
            });
        }
        let from = self.status;
        self.status = to;
        Ok(from)
    }

    /// Converts the lead into the customer with number `customer_no`.
    pub fn convert(&mut self, customer_no: String) -> Result<LeadStatus, LeadError> {
        if !self.status.can_move_to(LeadStatus::Converted) {
            return Err(LeadError::ImpossibleTransition {
                from: self.status,
                to: LeadStatus::Converted,
            });
        }
        let from = self.status;
        self.status = LeadStatus::Converted;
        self.customer_no = Some(customer_no);
        Ok(from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LeadStatus::*;

    #[test]
    fn pipeline_transitions_table() {
        let all = [New, Contacted, Qualified, Converted, Lost];
        #[rustfmt::skip]
        let allowed = [
            // to:  New    Contacted Qualified Converted Lost
            /*New*/       [false, true,  true,  true,  true],
            /*Contacted*/ [false, false, true,  true,  true],
            /*Qualified*/ [false, false, false, true,  true],
            /*Converted*/ [false, false, false, false, false],
            /*Lost*/      [true,  false, false, false, false],
        ];
        for (i, from) in all.iter().enumerate() {
            for (j, to) in all.iter().enumerate() {
                assert_eq!(from.can_move_to(*to), allowed[i][j], "{from} -> {to}");
            }
        }
    }

    #[test]
    fn converting_records_the_customer_and_is_final() {
        let mut lead = Lead {
            id: 1,
            name: "Gärtnerei Fink".into(),
            company: None,
            email: None,
            phone: None,
            source: None,
            interest: None,
            notes: String::new(),
            status: Qualified,
            customer_no: None,
        };
        assert!(
            lead.move_to(Converted).is_err(),
            "conversion needs a customer"
        );
        assert_eq!(lead.convert("K-00061".into()), Ok(Qualified));
        assert_eq!(lead.customer_no.as_deref(), Some("K-00061"));
        assert_eq!(
            lead.move_to(Lost),
            Err(LeadError::ImpossibleTransition {
                from: Converted,
                to: Lost
            })
        );
    }
}
