//! The back office's refunds, staff changes and audit checks as the desktop window asks for them:
//! text from the window parsed here, the manager's name and PIN given along and turned into an
//! approval of exactly that act, and the shapes the screens show.

use super::UseCaseError;
use crate::App;
use filiale_domain::{ManagerAction, Role, Sku};
use serde::Serialize;

pub use filiale_store::audit::{Entry as AuditEntry, Filter as AuditFilter};
pub use filiale_store::chain::Problem as ChainProblem;
pub use filiale_store::refunds::Refund;
pub use filiale_workflow::StaffMember;

/// A manager's name and PIN as typed, to approve one act.
#[derive(Debug, Clone, Copy)]
pub struct ManagerPin<'a> {
    pub manager: &'a str,
    pub pin: &'a str,
}

/// A member of staff as the staff page lists them; `locked` by the core's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StaffRow {
    #[serde(flatten)]
    pub member: StaffMember,
    pub locked: bool,
}

/// The outcome of verifying the books, with the first broken link in words as well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChainCheck {
    pub ok: bool,
    pub links: i64,
    pub head: Option<String>,
    pub problem: Option<ChainProblem>,
    pub problem_text: Option<String>,
    pub missing_triggers: Vec<String>,
}

fn role(text: &str) -> Result<Role, UseCaseError> {
    Role::parse(text).map_err(|e| crate::ErrorCode::UnknownRole { role: e.0 }.into())
}

fn staff_change(name: &str) -> ManagerAction {
    ManagerAction::StaffChange {
        staff: name.trim().to_owned(),
    }
}

impl App {
    /// Refunds `lines` (SKU and units) of a receipt, or — with `None` — voids what is left of it,
    /// approved by the manager's PIN for exactly this receipt. Bad SKUs change nothing and ask no
    /// PIN; a refused PIN refunds nothing.
    pub fn refund_with_pin(
        &self,
        receipt_no: i64,
        lines: Option<&[(String, i64)]>,
        reason: &str,
        given: ManagerPin<'_>,
    ) -> Result<Refund, UseCaseError> {
        let lines = lines
            .map(|lines| {
                lines
                    .iter()
                    .map(|(sku, quantity)| {
                        let sku =
                            Sku::parse(sku).map_err(|e| crate::ErrorCode::from(&e))?;
                        Ok((sku, *quantity))
                    })
                    .collect::<Result<Vec<_>, UseCaseError>>()
            })
            .transpose()?;
        if lines.as_ref().is_some_and(Vec::is_empty) {
            return Err(crate::ErrorCode::RefundNothingChosen.into());
        }
        let action = match lines {
            None => ManagerAction::Void { receipt_no },
            Some(_) => ManagerAction::Refund { receipt_no },
        };
        let approval = self.authorize_manager(given.manager, given.pin, action)?;
        self.refund(receipt_no, lines.as_deref(), reason, &approval)
    }

    /// Everyone on the staff list, each marked locked while their lockout lasts.
    pub fn staff_rows(&self) -> Result<Vec<StaffRow>, UseCaseError> {
        let now = self.now();
        Ok(self
            .staff_list()?
            .into_iter()
            .map(|member| StaffRow {
                locked: member.locked_until.is_some_and(|until| until > now),
                member,
            })
            .collect())
    }

    /// Adds a cashier or manager (`role` as typed: cashier/manager, Kasse/Filialleitung). The
    /// manager's PIN may be left out only while the store has no manager.
    pub fn staff_add_with_pin(
        &self,
        name: &str,
        role_text: &str,
        pin: &str,
        given: Option<ManagerPin<'_>>,
    ) -> Result<(), UseCaseError> {
        let role = role(role_text)?;
        let approval = given
            .map(|g| self.authorize_manager(g.manager, g.pin, staff_change(name)))
            .transpose()?;
        self.staff_add(name, role, pin, approval.as_ref())
    }

    /// Sets a new PIN for `name` (forgotten, locked out), approved by a manager's PIN.
    pub fn staff_reset_pin_with_pin(
        &self,
        name: &str,
        pin: &str,
        given: ManagerPin<'_>,
    ) -> Result<(), UseCaseError> {
        let approval = self.authorize_manager(given.manager, given.pin, staff_change(name))?;
        self.staff_reset_pin(name, pin, &approval)
    }

    /// Makes `name` a cashier or a manager, approved by a manager's PIN.
    pub fn staff_set_role_with_pin(
        &self,
        name: &str,
        role_text: &str,
        given: ManagerPin<'_>,
    ) -> Result<(), UseCaseError> {
        let role = role(role_text)?;
        let approval = self.authorize_manager(given.manager, given.pin, staff_change(name))?;
        self.staff_set_role(name, role, &approval)
    }

    /// [`App::audit_verify`] as the audit page shows it.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::usecases::SaleLineInput;
    use filiale_domain::Tender;

    const BOSS: ManagerPin<'static> = ManagerPin {
        manager: "Frau Krüger",
        pin: "739153",
    };

    fn store() -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(Config::load(dir.path()).unwrap()).unwrap();
        app.staff_add_with_pin("Frau Krüger", "Filialleitung", "739153", None)
            .unwrap();
        (dir, app)
    }

    fn sold(app: &App) -> i64 {
        app.import_articles(b"sku;name;price;vat_rate;stock\nA-1;Rechen;9,99;19;5\n")
            .unwrap();
        let cart = app
            .build_cart(&[SaleLineInput {
                code: "A-1".into(),
                quantity: 3,
            }])
            .unwrap();
        app.sell(&cart, Tender::Card, None).unwrap().receipt_no
    }

    #[test]
    fn a_refund_needs_the_right_pin_and_refuses_more_than_is_left() {
        let (_dir, app) = store();
        let receipt = sold(&app);
        let two = [("A-1".to_owned(), 2)];
        let wrong = ManagerPin {
            manager: BOSS.manager,
            pin: "000000",
        };
        let refused = app
            .refund_with_pin(receipt, Some(&two), "", wrong)
            .unwrap_err();
        assert_eq!(refused.code(), "wrong_pin");
        assert!(app.refunds_of(receipt).unwrap().is_empty());

        let bad_sku = [("not a sku!".to_owned(), 1)];
        let bad = app
            .refund_with_pin(receipt, Some(&bad_sku), "", BOSS)
            .unwrap_err();
        assert_eq!(bad.code(), "invalid_input");
        let none = app
            .refund_with_pin(receipt, Some(&[]), "", BOSS)
            .unwrap_err();
        assert_eq!(none.code(), "invalid_input");

        let refund = app
            .refund_with_pin(receipt, Some(&two), "Ware defekt", BOSS)
            .unwrap();
        assert_eq!(refund.total.get(), 1998);
        let too_many = app
            .refund_with_pin(receipt, Some(&two), "", BOSS)
            .unwrap_err();
        assert_eq!(too_many.code(), "refund_refused");

        let rest = app.refund_with_pin(receipt, None, "Rest", BOSS).unwrap();
        assert_eq!(rest.total.get(), 999);
        assert_eq!(
            app.refundable_receipt(receipt).unwrap().lines[0].remaining,
            0
        );
        let check = app.chain_check().unwrap();
        assert!(check.ok, "{:?}", check.problem_text);
        assert!(check.links > 0);
    }

    #[test]
    fn staff_changes_go_through_a_managers_pin_and_the_audit_log() {
        let (_dir, app) = store();
        let without = app
            .staff_add_with_pin("Lena", "Kasse", "246813", None)
            .unwrap_err();
        assert_eq!(without.code(), "denied");
        app.staff_add_with_pin("Lena", "Kasse", "246813", Some(BOSS))
            .unwrap();
        let bad_role = app
            .staff_add_with_pin("Tom", "Chef", "135792", Some(BOSS))
            .unwrap_err();
        assert_eq!(bad_role.code(), "invalid_input");

        for _ in 0..5 {
            let _ = app.log_in("Lena", "000000");
        }
        let lena = |app: &App| {
            app.staff_rows()
                .unwrap()
                .into_iter()
                .find(|r| r.member.name == "Lena")
                .unwrap()
        };
        assert!(lena(&app).locked, "five wrong PINs lock Lena out");
        app.staff_reset_pin_with_pin("Lena", "112233", BOSS)
            .unwrap();
        assert!(!lena(&app).locked, "a new PIN lifts the lockout");
        app.log_in("Lena", "112233").unwrap();

        let last = app
            .staff_set_role_with_pin("Frau Krüger", "cashier", BOSS)
            .unwrap_err();
        assert_eq!(last.code(), "denied", "the only manager stays a manager");
        app.staff_set_role_with_pin("Lena", "manager", BOSS)
            .unwrap();
        assert_eq!(lena(&app).member.role, Role::Manager);

        let log = app
            .audit_log(&AuditFilter {
                actor: None,
                action: Some("staff".into()),
                limit: 100,
            })
            .unwrap();
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        assert!(actions.contains(&"staff.set_pin"), "{actions:?}");
        assert!(actions.contains(&"staff.set_role"), "{actions:?}");
        let everything = app
            .audit_log(&AuditFilter {
                limit: 1000,
                ..AuditFilter::default()
            })
            .unwrap()
            .iter()
            .map(|e| format!("{} {} {}", e.subject, e.actor, e.details))
            .collect::<String>();
        for pin in ["246813", "112233", "739153"] {
            assert!(!everything.contains(pin), "no PIN in the audit log");
        }
    }
}
