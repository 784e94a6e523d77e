//! Staff and approvals: signing in, the staff list (adding cashiers and managers, PIN and role
//! changes) and managers' approvals. Every change needs a manager's consent (except the very
//! first manager of a store) and is written with its audit entry in one transaction.

use super::authorization::pin_error;
use super::{ManagerApproval, UseCaseError};
use crate::App;
use crate::dto::{ManagerPin, StaffMember, StaffRow};
use crate::store_bridge::StaffTx;
use filiale_domain::{ManagerAction, Role};
use filiale_workflow::{PinError, StaffPins, VerifiedStaff};
use serde_json::json;

/// Who allows what needs a manager: a manager's name and PIN as typed (checked and audited when
/// used), or an approval given before for exactly that act.
#[derive(Debug, Clone, Copy)]
pub enum ManagerConsent<'a> {
    Pin(ManagerPin<'a>),
    Approval(&'a ManagerApproval),
}

impl<'a> From<ManagerPin<'a>> for ManagerConsent<'a> {
    fn from(pin: ManagerPin<'a>) -> Self {
        ManagerConsent::Pin(pin)
    }
}

impl<'a> From<&'a ManagerApproval> for ManagerConsent<'a> {
    fn from(approval: &'a ManagerApproval) -> Self {
        ManagerConsent::Approval(approval)
    }
}

/// Staff and approvals at this store: sign-in, the staff list, managers' approvals.
#[derive(Debug, Clone, Copy)]
pub struct Staff<'a> {
    app: &'a App,
}

fn staff_change(name: &str) -> ManagerAction {
    ManagerAction::StaffChange {
        staff: name.trim().to_owned(),
    }
}

impl<'a> Staff<'a> {
    pub(crate) fn new(app: &'a App) -> Staff<'a> {
        Staff { app }
    }

    /// Checks a member of staff's PIN at this till (a sign-in). Success and failure are audited.
    pub fn log_in(&self, name: &str, pin: &str) -> Result<VerifiedStaff, UseCaseError> {
        self.app.log_in(name, pin)
    }

    /// A manager approves `action` with their PIN at this till. Wrong PINs count towards the
    /// lockout; every attempt is audited.
    pub fn authorize_manager(
        &self,
        name: &str,
        pin: &str,
        action: ManagerAction,
    ) -> Result<ManagerApproval, UseCaseError> {
        self.app.authorize_manager(name, pin, action)
    }

    /// Sets (or changes) a manager's PIN at the store PC; a new name is added as a manager. The
    /// store's very first manager needs no consent; once the store has a manager, creating or
    /// resetting a manager's PIN (which also lifts a lockout) needs an existing manager's consent.
    /// Audited as `staff.enroll` (without the PIN), in the same transaction.
    pub fn set_manager_pin(
        &self,
        manager: &str,
        pin: &str,
        consent: Option<ManagerConsent<'_>>,
    ) -> Result<(), UseCaseError> {
        let approval = match consent {
            Some(consent) => Some(self.app.approve(consent, staff_change(manager))?),
            None if !self.has_manager()? => None,
            None => {
                return Err(UseCaseError::Denied(
                    "die Filiale hat schon eine Filialleitung: eine Manager-PIN setzen braucht deren \
                     Freigabe / the store already has a manager: setting a manager's PIN needs an \
                     existing manager's approval (--approver, --approver-pin)"
                        .into(),
                ));
            }
        };
        let terminal = self.app.config.till_id().to_owned();
        let actor = approval
            .as_ref()
            .map_or(manager.trim(), |a| a.manager())
            .to_owned();
        self.app.audited_staff_change(
            &terminal,
            &actor,
            "staff.enroll",
            manager.trim(),
            json!({ "role": Role::Manager }),
            |p, s| {
                p.enroll_in(s, manager, Role::Manager, pin, s.now())
                    .map_err(|e| pin_error(manager, e))
            },
        )
    }

    /// Everyone on the staff list, by name (never with PIN hashes).
    pub fn list(&self) -> Result<Vec<StaffMember>, UseCaseError> {
        self.app.staff_pins()?.list().map_err(|e| pin_error("", e))
    }

    /// Everyone on the staff list, each marked locked while their lockout lasts.
    pub fn rows(&self) -> Result<Vec<StaffRow>, UseCaseError> {
        let now = self.app.now();
        Ok(self
            .list()?
            .into_iter()
            .map(|member| StaffRow {
                locked: member.locked_until.is_some_and(|until| until > now),
                member,
            })
            .collect())
    }

    pub(crate) fn has_manager(&self) -> Result<bool, UseCaseError> {
        Ok(self.list()?.iter().any(|m| m.role == Role::Manager))
    }

    /// Turns `consent` into a manager's approval of a change to `name`; without consent only
    /// while the store has no manager yet.
    fn consent_to_change(
        &self,
        name: &str,
        consent: Option<ManagerConsent<'_>>,
    ) -> Result<Option<ManagerApproval>, UseCaseError> {
        match consent {
            Some(consent) => Ok(Some(self.app.approve(consent, staff_change(name))?)),
            None if !self.has_manager()? => Ok(None),
            None => Err(crate::ErrorCode::StaffNeedsManager.into()),
        }
    }

    /// Makes a staff change and writes its audit entry, in one transaction.
    fn audit_staff_change(
        &self,
        action: &str,
        name: &str,
        approval: Option<&ManagerApproval>,
        details: serde_json::Value,
        change: impl FnOnce(&StaffPins, &StaffTx<'_, '_>) -> Result<(), PinError>,
    ) -> Result<(), UseCaseError> {
        let terminal = approval
            .map(|a| a.terminal().to_owned())
            .unwrap_or_else(|| self.app.config.till_id().to_owned());
        let actor = approval.map_or(name.trim(), |a| a.manager()).to_owned();
        self.app
            .audited_staff_change(&terminal, &actor, action, name.trim(), details, |p, s| {
                change(p, s).map_err(|e| pin_error(name, e))
            })
    }

    /// Adds a cashier or manager with a PIN, with a manager's consent — except the first manager
    /// of a store, who needs none.
    pub fn add(
        &self,
        name: &str,
        role: Role,
        pin: &str,
        consent: Option<ManagerConsent<'_>>,
    ) -> Result<(), UseCaseError> {
        if consent.is_none() && role != Role::Manager && !self.has_manager()? {
            return Err(crate::ErrorCode::FirstManager.into());
        }
        let approval = self.consent_to_change(name, consent)?;
        self.audit_staff_change(
            "staff.add",
            name,
            approval.as_ref(),
            json!({ "role": role }),
            |p, s| p.add_in(s, name, role, pin, s.now()),
        )
    }

    /// Sets a new PIN for `name` with a manager's consent (a forgotten PIN, a lockout).
    pub fn reset_pin(
        &self,
        name: &str,
        pin: &str,
        consent: ManagerConsent<'_>,
    ) -> Result<(), UseCaseError> {
        let approval = self.consent_to_change(name, Some(consent))?;
        self.audit_staff_change(
            "staff.set_pin",
            name,
            approval.as_ref(),
            json!({ "by": "manager" }),
            |p, s| p.set_pin_in(s, name, pin, s.now()),
        )
    }

    /// Changes one's own PIN, proving the old one (wrong old PINs count towards the lockout).
    pub fn change_own_pin(
        &self,
        name: &str,
        old_pin: &str,
        new_pin: &str,
    ) -> Result<(), UseCaseError> {
        let me = self.app.log_in(name, old_pin)?;
        self.audit_staff_change(
            "staff.set_pin",
            me.name(),
            None,
            json!({ "by": "self" }),
            |p, s| p.set_pin_in(s, me.name(), new_pin, s.now()),
        )
    }

    /// Changes the role of `name` with a manager's consent. The last manager cannot be demoted.
    pub fn set_role(
        &self,
        name: &str,
        role: Role,
        consent: ManagerConsent<'_>,
    ) -> Result<(), UseCaseError> {
        let approval = self.consent_to_change(name, Some(consent))?;
        let staff = self.list()?;
        let managers: Vec<&StaffMember> =
            staff.iter().filter(|m| m.role == Role::Manager).collect();
        if role == Role::Cashier && managers.len() == 1 && managers[0].name == name.trim() {
            return Err(crate::ErrorCode::OnlyManager {
                name: name.trim().to_owned(),
            }
            .into());
        }
        self.audit_staff_change(
            "staff.set_role",
            name,
            approval.as_ref(),
            json!({ "role": role }),
            |p, s| p.set_role_in(s, name, role, s.now()),
        )
    }
}

/// A role as typed (cashier/manager, Kasse/Filialleitung).
pub fn parse_role(text: &str) -> Result<Role, UseCaseError> {
    Role::parse(text).map_err(|e| crate::ErrorCode::UnknownRole { role: e.0 }.into())
}

#[cfg(test)]
#[path = "staff_tests.rs"]
mod tests;
