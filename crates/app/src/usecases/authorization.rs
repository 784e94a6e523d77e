//! Authorisation: checking a member of staff's PIN and a manager's approval of one action, each
//! attempt — granted or refused — written to the audit log. Other use cases take a
//! [`ManagerApproval`] as proof; only [`App::authorize_manager`] makes one. These are the crate's
//! own doors; windows and scripts reach them through [`Staff`](super::Staff).

use super::UseCaseError;
use crate::App;
use crate::store_bridge::StaffTx;
use chrono::{DateTime, Utc};
use filiale_domain::ManagerAction;
use filiale_store::StoreError;
use filiale_store::audit::{self, NewEntry, Outcome};
use filiale_workflow::{PinError, StaffPins, VerifiedManager, VerifiedStaff};
use serde_json::json;

/// Why a PIN or a manager's approval was refused. The UI branches on [`AuthorizationError::code`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorizationError {
    #[error("{0} is not on the staff list")]
    UnknownStaff(String),
    /// From a manager's approval: nobody of this name is on the staff list.
    #[error("{0} is not on the staff list")]
    UnknownManager(String),
    #[error("wrong PIN for {name}; {remaining} attempts left before lockout")]
    WrongPin { name: String, remaining: u32 },
    #[error("{name} is locked out after too many wrong PINs until {until}")]
    LockedOut { name: String, until: DateTime<Utc> },
    #[error("{0} is not a manager")]
    NotAManager(String),
    #[error("the approval of {approved} does not cover {requested}")]
    WrongApproval { approved: String, requested: String },
}

impl AuthorizationError {
    /// A stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            AuthorizationError::UnknownStaff(_) => "unknown_staff",
            AuthorizationError::UnknownManager(_) => "unknown_manager",
            AuthorizationError::WrongPin { .. } => "wrong_pin",
            AuthorizationError::LockedOut { .. } => "locked_out",
            AuthorizationError::NotAManager(_) => "not_a_manager",
            AuthorizationError::WrongApproval { .. } => "wrong_approval",
        }
    }
}

/// A manager's approval of exactly one action at one till: proof that the manager's PIN was right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerApproval {
    manager: VerifiedManager,
    action: ManagerAction,
    terminal: String,
}

impl ManagerApproval {
    pub fn manager(&self) -> &str {
        self.manager.name()
    }
    pub fn action(&self) -> &ManagerAction {
        &self.action
    }
    pub fn approved_at(&self) -> DateTime<Utc> {
        self.manager.verified_at()
    }
    pub fn terminal(&self) -> &str {
        &self.terminal
    }
    /// The workflow's proof of the manager (reorder decisions).
    pub fn verified_manager(&self) -> &VerifiedManager {
        &self.manager
    }

    /// Refuses unless this approval was given for `action` (same kind, same receipt, same line).
    pub fn require(&self, action: &ManagerAction) -> Result<(), AuthorizationError> {
        if &self.action == action {
            Ok(())
        } else {
            Err(AuthorizationError::WrongApproval {
                approved: format!("{} {}", self.action.name(), self.action.subject()),
                requested: format!("{} {}", action.name(), action.subject()),
            })
        }
    }

    /// For tests and tools that have authenticated the manager some other way.
    pub fn trusted(
        manager: &str,
        action: ManagerAction,
        terminal: &str,
        at: DateTime<Utc>,
    ) -> Self {
        ManagerApproval {
            manager: VerifiedManager::trusted(manager, at),
            action,
            terminal: terminal.to_owned(),
        }
    }
}

/// Maps a PIN failure: refusals become [`AuthorizationError`]s, bad input and storage stay what they are.
pub(crate) fn pin_error(name: &str, error: PinError) -> UseCaseError {
    let name = name.trim().to_owned();
    match error {
        PinError::UnknownStaff(_) => AuthorizationError::UnknownStaff(name).into(),
        PinError::UnknownManager(_) => AuthorizationError::UnknownManager(name).into(),
        PinError::WrongPin { remaining } => AuthorizationError::WrongPin { name, remaining }.into(),
        PinError::LockedOut { until } => AuthorizationError::LockedOut { name, until }.into(),
        PinError::NotAManager(_) => AuthorizationError::NotAManager(name).into(),
        PinError::AlreadyEnrolled(_) | PinError::InvalidPin | PinError::InvalidName => {
            crate::ErrorCode::from_pin(&name, &error).into()
        }
        PinError::Storage(e) => crate::store_bridge::storage_error(e).into(),
        PinError::Hash(e) => StoreError::Malformed(format!("PIN hash: {e}")).into(),
    }
}

impl App {
    /// The staff list with PINs, over the store's `staff` table.
    pub(crate) fn staff_pins(&self) -> Result<&StaffPins, UseCaseError> {
        Ok(self.staff.get_or_init(|| self.open_staff_pins()))
    }

    /// Appends one entry to the audit log (its own transaction, sealed into the chain).
    pub(crate) fn audit(
        &self,
        terminal: &str,
        actor: &str,
        action: &str,
        outcome: Outcome,
        subject: &str,
        details: serde_json::Value,
    ) -> Result<(), UseCaseError> {
        let entry = NewEntry {
            terminal,
            actor,
            action,
            outcome,
            subject,
            details,
        };
        self.store
            .write(self.now(), |tx| audit::record(tx, &entry))?;
        Ok(())
    }

    /// Checks a member of staff's PIN at this till (a login). Success and failure are audited, in
    /// the transaction that counts the attempt.
    pub(crate) fn log_in(&self, name: &str, pin: &str) -> Result<VerifiedStaff, UseCaseError> {
        let terminal = self.config.till_id().to_owned();
        self.log_in_at(&terminal, name, pin)
    }

    /// [`App::log_in`] at a given till (`filiale till --till kasse-2` signs in at kasse-2).
    pub(crate) fn log_in_at(
        &self,
        terminal: &str,
        name: &str,
        pin: &str,
    ) -> Result<VerifiedStaff, UseCaseError> {
        self.staff_transaction(
            |pins, staff| match pins.verify_in(staff, name, pin, staff.now()) {
                Ok(verified) => {
                    staff.audit(
                        terminal,
                        verified.name(),
                        "staff.login",
                        Outcome::Ok,
                        verified.name(),
                        json!({ "role": verified.role() }),
                    )?;
                    Ok(Ok(verified))
                }
                Err(error) => self
                    .refused(staff, terminal, name, "staff.login", name, json!({}), error)
                    .map(Err),
            },
        )?
    }

    /// A manager approves `action` with their PIN at this till (its till: [`Config::till_id`](crate::Config::till_id)). Wrong PINs
    /// count towards the lockout; a cashier's right PIN is refused as [`AuthorizationError::NotAManager`].
    /// Every attempt is audited as `authorization.grant` or `authorization.deny` with the action.
    pub(crate) fn authorize_manager(
        &self,
        name: &str,
        pin: &str,
        action: ManagerAction,
    ) -> Result<ManagerApproval, UseCaseError> {
        let terminal = self.config.till_id().to_owned();
        self.authorize_manager_at(&terminal, name, pin, action)
    }

    /// [`App::authorize_manager`] at a given till.
    pub(crate) fn authorize_manager_at(
        &self,
        terminal: &str,
        name: &str,
        pin: &str,
        action: ManagerAction,
    ) -> Result<ManagerApproval, UseCaseError> {
        let details = serde_json::to_value(&action).map_err(StoreError::from)?;
        let subject = action.subject();
        let manager = self.staff_transaction(|pins, staff| {
            match pins.verify_manager_in(staff, name, pin, staff.now()) {
                Ok(manager) => {
                    staff.audit(
                        terminal,
                        manager.name(),
                        "authorization.grant",
                        Outcome::Ok,
                        &subject,
                        details,
                    )?;
                    Ok(Ok(manager))
                }
                Err(PinError::UnknownStaff(unknown)) => self
                    .refused(
                        staff,
                        terminal,
                        name,
                        "authorization.deny",
                        &subject,
                        details,
                        PinError::UnknownManager(unknown),
                    )
                    .map(Err),
                Err(error) => self
                    .refused(
                        staff,
                        terminal,
                        name,
                        "authorization.deny",
                        &subject,
                        details,
                        error,
                    )
                    .map(Err),
            }
        })??;
        tracing::info!(
            terminal,
            manager = manager.name(),
            action = action.name(),
            subject = %subject,
            "manager approval"
        );
        Ok(ManagerApproval {
            manager,
            action,
            terminal: terminal.to_owned(),
        })
    }

    /// Audits a refused PIN (never the PIN itself) in the transaction that counted the attempt and
    /// returns the error to report; `Err` (the transaction rolls back) when the refusal is not a
    /// PIN refusal but a storage failure, or when the audit entry cannot be written.
    #[allow(clippy::too_many_arguments)]
    fn refused(
        &self,
        staff: &StaffTx<'_, '_>,
        terminal: &str,
        name: &str,
        action: &str,
        subject: &str,
        mut details: serde_json::Value,
        error: PinError,
    ) -> Result<UseCaseError, UseCaseError> {
        let error = pin_error(name, error);
        let UseCaseError::Authorization(reason) = &error else {
            return Err(error);
        };
        if let Some(map) = details.as_object_mut() {
            map.insert("reason".into(), reason.code().into());
        }
        tracing::warn!(
            terminal,
            staff = name.trim(),
            action,
            reason = reason.code(),
            "PIN refused"
        );
        staff.audit(
            terminal,
            name.trim(),
            action,
            Outcome::Denied,
            subject,
            details,
        )?;
        Ok(error)
    }

    /// A manager's approval of `action` from `consent`: a PIN is checked (and audited) now, an
    /// approval given before must cover exactly `action`.
    pub(crate) fn approve(
        &self,
        consent: super::staff::ManagerConsent<'_>,
        action: ManagerAction,
    ) -> Result<ManagerApproval, UseCaseError> {
        match consent {
            super::staff::ManagerConsent::Pin(given) => {
                self.authorize_manager(given.manager, given.pin, action)
            }
            super::staff::ManagerConsent::Approval(approval) => {
                approval.require(&action)?;
                Ok(approval.clone())
            }
        }
    }
}

#[cfg(test)]
#[path = "authorization_tests.rs"]
mod tests;
