//! The staff list: adding cashiers and managers, PIN changes and role changes — each behind a
//! manager's approval (except the very first manager of a store) and each in the audit log.

use super::authorization::pin_error;
use super::{ManagerApproval, UseCaseError};
use crate::App;
use filiale_domain::{ManagerAction, Role};
use filiale_store::audit::Outcome;
use filiale_workflow::StaffMember;
use serde_json::json;

impl App {
    /// Everyone on the staff list, by name (never with PIN hashes).
    pub fn staff_list(&self) -> Result<Vec<StaffMember>, UseCaseError> {
        self.staff_pins()?.list().map_err(|e| pin_error("", e))
    }

    fn has_manager(&self) -> Result<bool, UseCaseError> {
        Ok(self.staff_list()?.iter().any(|m| m.role == Role::Manager))
    }

    /// Refuses unless `approval` is a manager's approval of a change to `name`, or — for the first
    /// manager of a store — there is no manager yet.
    fn staff_change_allowed(
        &self,
        name: &str,
        approval: Option<&ManagerApproval>,
    ) -> Result<(), UseCaseError> {
        match approval {
            Some(approval) => Ok(approval.require(&ManagerAction::StaffChange {
                staff: name.trim().to_owned(),
            })?),
            None if !self.has_manager()? => Ok(()),
            None => Err(crate::ErrorCode::StaffNeedsManager.into()),
        }
    }

    fn audit_staff_change(
        &self,
        action: &str,
        name: &str,
        approval: Option<&ManagerApproval>,
        details: serde_json::Value,
    ) -> Result<(), UseCaseError> {
        let terminal = approval
            .map(|a| a.terminal().to_owned())
            .unwrap_or_else(|| self.terminal().to_owned());
        let actor = approval.map_or(name.trim(), |a| a.manager()).to_owned();
        self.audit(&terminal, &actor, action, Outcome::Ok, name.trim(), details)
    }

    /// Adds a cashier or manager with a PIN. Needs a manager's approval of
    /// `ManagerAction::StaffChange { staff: name }`, except for the first manager of a store.
    pub fn staff_add(
        &self,
        name: &str,
        role: Role,
        pin: &str,
        approval: Option<&ManagerApproval>,
    ) -> Result<(), UseCaseError> {
        if approval.is_none() && role != Role::Manager && !self.has_manager()? {
            return Err(crate::ErrorCode::FirstManager.into());
        }
        self.staff_change_allowed(name, approval)?;
        self.staff_pins()?
            .add(name, role, pin, self.now())
            .map_err(|e| pin_error(name, e))?;
        self.audit_staff_change("staff.add", name, approval, json!({ "role": role }))
    }

    /// Sets a new PIN for `name` with a manager's approval (a forgotten PIN, a lockout).
    pub fn staff_reset_pin(
        &self,
        name: &str,
        pin: &str,
        approval: &ManagerApproval,
    ) -> Result<(), UseCaseError> {
        self.staff_change_allowed(name, Some(approval))?;
        self.staff_pins()?
            .set_pin(name, pin, self.now())
            .map_err(|e| pin_error(name, e))?;
        self.audit_staff_change(
            "staff.set_pin",
            name,
            Some(approval),
            json!({ "by": "manager" }),
        )
    }

    /// Changes one's own PIN, proving the old one (wrong old PINs count towards the lockout).
    pub fn staff_change_own_pin(
        &self,
        name: &str,
        old_pin: &str,
        new_pin: &str,
    ) -> Result<(), UseCaseError> {
        let me = self.log_in(name, old_pin)?;
        self.staff_pins()?
            .set_pin(me.name(), new_pin, self.now())
            .map_err(|e| pin_error(name, e))?;
        self.audit_staff_change("staff.set_pin", me.name(), None, json!({ "by": "self" }))
    }

    /// Changes the role of `name` with a manager's approval. The last manager cannot be demoted.
    pub fn staff_set_role(
        &self,
        name: &str,
        role: Role,
        approval: &ManagerApproval,
    ) -> Result<(), UseCaseError> {
        self.staff_change_allowed(name, Some(approval))?;
        let staff = self.staff_list()?;
        let managers: Vec<&StaffMember> =
            staff.iter().filter(|m| m.role == Role::Manager).collect();
        if role == Role::Cashier && managers.len() == 1 && managers[0].name == name.trim() {
            return Err(crate::ErrorCode::OnlyManager {
                name: name.trim().to_owned(),
            }
            .into());
        }
        self.staff_pins()?
            .set_role(name, role, self.now())
            .map_err(|e| pin_error(name, e))?;
        self.audit_staff_change(
            "staff.set_role",
            name,
            Some(approval),
            json!({ "role": role }),
        )
    }
}
