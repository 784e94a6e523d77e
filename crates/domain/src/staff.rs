//! Who may do what at the till: staff roles, the actions that need a manager, and the discount
//! threshold above which a cashier must call one.

use crate::money::Cents;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A discount larger than this share of the line (in percent) needs a manager.
pub const CASHIER_DISCOUNT_LIMIT_PERCENT: i64 = 10;

/// What a member of staff is allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Role {
    /// Sells, gives discounts up to the limit.
    Cashier,
    /// Everything a cashier does, plus voids, refunds, larger discounts, price overrides and approvals.
    Manager,
}

/// A role name that is neither `cashier` nor `manager`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?} (cashier or manager)")]
pub struct RoleError(pub String);

impl Role {
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Manager => "manager",
        }
    }

    /// Parses `cashier` / `manager` (also the German `kasse`, `kassierer`, `filialleitung`).
    pub fn parse(text: &str) -> Result<Role, RoleError> {
        match text.trim().to_lowercase().as_str() {
            "cashier" | "kasse" | "kassierer" | "kassiererin" => Ok(Role::Cashier),
            "manager" | "filialleitung" | "marktleitung" => Ok(Role::Manager),
            _ => Err(RoleError(text.to_owned())),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something only a manager may do. A manager's approval names exactly one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ManagerAction {
    /// Cancel a whole receipt by reversal.
    Void { receipt_no: i64 },
    /// Take back some or all of a receipt's lines.
    Refund { receipt_no: i64 },
    /// A discount above [`CASHIER_DISCOUNT_LIMIT_PERCENT`] on a cart line.
    Discount {
        sku: String,
        line_total_cents: Cents,
        discount_cents: Cents,
    },
    /// Selling an article at another price than its list price.
    PriceOverride {
        sku: String,
        list_price_cents: Cents,
        new_price_cents: Cents,
    },
    /// Approving a reorder proposal (purchase orders follow).
    ReorderApproval { proposal: String },
    /// Rejecting a reorder proposal.
    ReorderRejection { proposal: String },
    /// Adding a member of staff, changing their role or resetting their PIN.
    StaffChange { staff: String },
    /// Taking cash out of a till above the store's limit.
    CashOut {
        till_id: String,
        reason: String,
        amount_cents: Cents,
    },
    /// Changing an article's list price by more than the store's limit (article edit).
    PriceChange {
        sku: String,
        old_price_cents: Cents,
        new_price_cents: Cents,
    },
    /// An article import that changes prices by more than the store's limit.
    PriceImport { articles: u32 },
    /// A stock correction worth more than the store's limit.
    StockCorrection {
        sku: String,
        delta: i64,
        value_cents: Cents,
    },
}

impl ManagerAction {
    /// A stable name for the audit log, e.g. `sale.void`, `cart.discount`.
    pub fn name(&self) -> &'static str {
        match self {
            ManagerAction::Void { .. } => "sale.void",
            ManagerAction::Refund { .. } => "sale.refund",
            ManagerAction::Discount { .. } => "cart.discount",
            ManagerAction::PriceOverride { .. } => "cart.price_override",
            ManagerAction::ReorderApproval { .. } => "reorder.approve",
            ManagerAction::ReorderRejection { .. } => "reorder.reject",
            ManagerAction::StaffChange { .. } => "staff.change",
            ManagerAction::CashOut { .. } => "till.cash_out",
            ManagerAction::PriceChange { .. } => "article.price_change",
            ManagerAction::PriceImport { .. } => "article.price_import",
            ManagerAction::StockCorrection { .. } => "stock.correction",
        }
    }

    /// What the action concerns, e.g. the receipt number or the SKU.
    pub fn subject(&self) -> String {
        match self {
            ManagerAction::Void { receipt_no } | ManagerAction::Refund { receipt_no } => {
                format!("Bon {receipt_no}")
            }
            ManagerAction::Discount { sku, .. } | ManagerAction::PriceOverride { sku, .. } => {
                sku.clone()
            }
            ManagerAction::ReorderApproval { proposal }
            | ManagerAction::ReorderRejection { proposal } => proposal.clone(),
            ManagerAction::StaffChange { staff } => staff.clone(),
            ManagerAction::CashOut { till_id, .. } => till_id.clone(),
            ManagerAction::PriceChange { sku, .. } | ManagerAction::StockCorrection { sku, .. } => {
                sku.clone()
            }
            ManagerAction::PriceImport { articles } => format!("Import ({articles} Artikel)"),
        }
    }
}

/// Whether a cashier needs a manager for `discount` on a line worth `line_total` before discount:
/// true when the discount is more than [`CASHIER_DISCOUNT_LIMIT_PERCENT`] % of the line.
pub fn discount_needs_manager(line_total: Cents, discount: Cents) -> bool {
    if discount <= Cents::ZERO {
        return false;
    }
    if line_total <= Cents::ZERO {
        return true;
    }
    i128::from(discount.get()) * 100
        > i128::from(line_total.get()) * i128::from(CASHIER_DISCOUNT_LIMIT_PERCENT)
}

/// Whether changing a list price from `old` to `new` needs a manager: when the price moves by more
/// than `limit_percent` % of the old price, up or down. Setting a first price (old zero) does not.
pub fn price_change_needs_manager(old: Cents, new: Cents, limit_percent: u32) -> bool {
    if old == new || old <= Cents::ZERO {
        return false;
    }
    let moved = (i128::from(new.get()) - i128::from(old.get())).abs();
    moved * 100 > i128::from(old.get()) * i128::from(limit_percent)
}

/// What a stock correction of `delta` units is worth at `unit_value` per unit (never negative).
pub fn correction_value(delta: i64, unit_value: Cents) -> Cents {
    let value = i128::from(delta).abs() * i128::from(unit_value.get().max(0));
    Cents::new(i64::try_from(value).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_changes_beyond_the_limit_need_a_manager() {
        let cases = [
            // (old, new, limit %, needs a manager)
            (1000, 1000, 20, false),
            (1000, 1200, 20, false), // exactly 20 % up
            (1000, 1201, 20, true),
            (1000, 800, 20, false), // exactly 20 % down
            (1000, 799, 20, true),
            (1000, 1, 20, true),   // the price dropped to one cent
            (0, 5000, 20, false),  // a first price
            (1000, 1001, 0, true), // a limit of zero: every change
        ];
        for (old, new, limit, expected) in cases {
            assert_eq!(
                price_change_needs_manager(Cents::new(old), Cents::new(new), limit),
                expected,
                "{old} -> {new} at {limit} %"
            );
        }
    }

    #[test]
    fn a_correction_is_worth_its_units_either_way() {
        assert_eq!(correction_value(-3, Cents::new(250)), Cents::new(750));
        assert_eq!(correction_value(3, Cents::new(250)), Cents::new(750));
        assert_eq!(
            correction_value(i64::MIN, Cents::new(250)),
            Cents::new(i64::MAX)
        );
    }

    #[test]
    fn discounts_above_ten_percent_need_a_manager() {
        let cases = [
            // (line total, discount, needs a manager)
            (1000, 0, false),
            (1000, 100, false), // exactly 10 %
            (1000, 101, true),
            (999, 100, true), // 10.01 %
            (1299, 129, false),
            (1299, 130, true),
            (0, 1, true),
            (1000, -5, false),
        ];
        for (total, discount, expected) in cases {
            assert_eq!(
                discount_needs_manager(Cents::new(total), Cents::new(discount)),
                expected,
                "{discount} of {total}"
            );
        }
    }

    #[test]
    fn roles_parse_in_english_and_german() {
        assert_eq!(Role::parse("Manager"), Ok(Role::Manager));
        assert_eq!(Role::parse("filialleitung"), Ok(Role::Manager));
        assert_eq!(Role::parse(" kasse "), Ok(Role::Cashier));
        assert!(Role::parse("chef").is_err());
    }

    #[test]
    fn actions_have_stable_audit_names_and_json() {
        let action = ManagerAction::Discount {
            sku: "GF-1".into(),
            line_total_cents: Cents::new(1000),
            discount_cents: Cents::new(200),
        };
        assert_eq!(action.name(), "cart.discount");
        assert_eq!(action.subject(), "GF-1");
        let json = serde_json::to_value(&action).unwrap();
        assert_eq!(json["action"], "discount");
        assert_eq!(json["discount_cents"], 200);
        assert_eq!(ManagerAction::Void { receipt_no: 7 }.subject(), "Bon 7");
    }
}
