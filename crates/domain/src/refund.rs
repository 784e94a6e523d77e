//! Refunds and voids by reversal: which units of a receipt go back, what each is worth (the line's
//! discount shared out so that refunding everything returns exactly what was paid), and the VAT.

use crate::codes::Sku;
use crate::money::Cents;
use crate::vat::{VatBreakdown, VatRate, VatShare};
use serde::{Deserialize, Serialize};

/// A line of the original receipt, with what earlier refunds already took back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundableLine {
    pub line_no: i64,
    pub sku: Sku,
    pub name: String,
    pub quantity: i64,
    /// What the line cost after its discount.
    pub line_total: Cents,
    pub vat_rate: VatRate,
    /// Units refunded by earlier refunds of this receipt.
    pub refunded: i64,
}

impl RefundableLine {
    pub fn remaining(&self) -> i64 {
        self.quantity - self.refunded
    }

    /// What the first `units` units of the line are worth: the line total shared out in
    /// proportion, rounded half away from zero. `value_of(quantity)` is the line total.
    fn value_of(&self, units: i64) -> i64 {
        let scaled = i128::from(self.line_total.get()) * i128::from(units);
        let q = i128::from(self.quantity);
        let rounded = (2 * scaled + q) / (2 * q);
        rounded as i64
    }
}

/// Whether the whole receipt is cancelled or some of its units are taken back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum RefundKind {
    /// Everything on a receipt of which nothing was refunded before.
    Void,
    /// Some units, or the rest after an earlier refund.
    Refund,
}

impl RefundKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            RefundKind::Void => "void",
            RefundKind::Refund => "refund",
        }
    }
}

/// How the money goes back: the way the customer paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Payout {
    /// Cash out of the till.
    Cash,
    /// Back to the card, through card clearing.
    Card,
}

impl Payout {
    pub const fn as_str(self) -> &'static str {
        match self {
            Payout::Cash => "cash",
            Payout::Card => "card",
        }
    }

    /// The payout for a sale paid by `method` (`cash` or `card`, as stored with the sale).
    pub fn for_method(method: &str) -> Option<Payout> {
        match method {
            "cash" => Some(Payout::Cash),
            "card" => Some(Payout::Card),
            _ => None,
        }
    }
}

/// One line going back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RefundLine {
    pub sale_line_no: i64,
    pub sku: Sku,
    pub name: String,
    pub quantity: i64,
    pub vat_rate: VatRate,
    /// What the customer gets back for these units.
    pub amount: Cents,
}

/// Why a refund was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefundError {
    #[error("receipt {0} has been refunded completely already")]
    NothingLeft(i64),
    #[error("article {0} is not on the receipt")]
    NotOnReceipt(Sku),
    #[error(
        "cannot refund {requested} × {sku}: {sold} sold, {refunded} refunded already, {left} left"
    )]
    MoreThanSold {
        sku: Sku,
        requested: i64,
        sold: i64,
        refunded: i64,
        left: i64,
    },
    #[error("a refund quantity must be at least 1, not {0}")]
    ImpossibleQuantity(i64),
}

/// What a refund gives back, before it has a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundPlan {
    pub receipt_no: i64,
    pub kind: RefundKind,
    pub lines: Vec<RefundLine>,
    pub vat: VatBreakdown,
    pub total: Cents,
}

impl RefundPlan {
    /// Plans giving back `requested` units (SKU and quantity) of receipt `receipt_no`, or — with
    /// `None` — everything not refunded yet. Refuses more than was sold minus earlier refunds.
    pub fn new(
        receipt_no: i64,
        sold: &[RefundableLine],
        requested: Option<&[(Sku, i64)]>,
    ) -> Result<RefundPlan, RefundError> {
        let nothing_refunded = sold.iter().all(|l| l.refunded == 0);
        let wanted: Vec<(Sku, i64)> = match requested {
            None => sold
                .iter()
                .filter(|l| l.remaining() > 0)
                .map(|l| (l.sku.clone(), l.remaining()))
                .collect(),
            Some(lines) => lines.to_vec(),
        };
        if wanted.is_empty() {
            return Err(RefundError::NothingLeft(receipt_no));
        }
        let mut taken: Vec<i64> = sold.iter().map(|l| l.refunded).collect();
        let mut lines: Vec<RefundLine> = Vec::new();
        for (sku, quantity) in &wanted {
            if *quantity < 1 {
                return Err(RefundError::ImpossibleQuantity(*quantity));
            }
            let on_receipt: Vec<usize> = (0..sold.len()).filter(|&i| &sold[i].sku == sku).collect();
            if on_receipt.is_empty() {
                return Err(RefundError::NotOnReceipt(sku.clone()));
            }
            let left: i64 = on_receipt
                .iter()
                .map(|&i| sold[i].quantity - taken[i])
                .sum();
            if *quantity > left {
                let sold_units: i64 = on_receipt.iter().map(|&i| sold[i].quantity).sum();
                let refunded: i64 = on_receipt.iter().map(|&i| sold[i].refunded).sum();
                return Err(RefundError::MoreThanSold {
                    sku: sku.clone(),
                    requested: *quantity,
                    sold: sold_units,
                    refunded,
                    left: sold_units - refunded,
                });
            }
            let mut still = *quantity;
            for &i in &on_receipt {
                let line = &sold[i];
                let units = still.min(line.quantity - taken[i]);
                if units == 0 {
                    continue;
                }
                let amount = line.value_of(taken[i] + units) - line.value_of(taken[i]);
                taken[i] += units;
                still -= units;
                match lines.iter_mut().find(|l| l.sale_line_no == line.line_no) {
                    Some(existing) => {
                        existing.quantity += units;
                        existing.amount = Cents::new(existing.amount.get() + amount);
                    }
                    None => lines.push(RefundLine {
                        sale_line_no: line.line_no,
                        sku: line.sku.clone(),
                        name: line.name.clone(),
                        quantity: units,
                        vat_rate: line.vat_rate,
                        amount: Cents::new(amount),
                    }),
                }
            }
        }
        lines.sort_by_key(|l| l.sale_line_no);
        let everything = sold.iter().enumerate().all(|(i, l)| taken[i] == l.quantity);
        let kind = if nothing_refunded && everything {
            RefundKind::Void
        } else {
            RefundKind::Refund
        };
        let vat = reversed_vat(sold, &taken);
        let total = Cents::new(lines.iter().map(|l| l.amount.get()).sum());
        Ok(RefundPlan {
            receipt_no,
            kind,
            lines,
            vat,
            total,
        })
    }
}

/// The VAT of what goes back, per rate: the VAT of everything refunded after this refund minus the
/// VAT of what was refunded before. So the refunds of a receipt together reverse exactly the VAT
/// the sale booked, cent for cent, however it is split.
fn reversed_vat(sold: &[RefundableLine], taken: &[i64]) -> VatBreakdown {
    let sums = |units: &dyn Fn(usize) -> i64| {
        let mut per_rate = [0i64; 3];
        for (i, line) in sold.iter().enumerate() {
            per_rate[line.vat_rate as usize] += line.value_of(units(i));
        }
        per_rate
    };
    let before = sums(&|i| sold[i].refunded);
    let after = sums(&|i| taken[i]);
    let shares = VatRate::ALL
        .iter()
        .filter(|rate| after[**rate as usize] != before[**rate as usize])
        .map(|&rate| {
            let (b, a) = (
                Cents::new(before[rate as usize]),
                Cents::new(after[rate as usize]),
            );
            let gross = Cents::new(a.get() - b.get());
            let vat = Cents::new(rate.vat_in_gross(a).get() - rate.vat_in_gross(b).get());
            VatShare {
                rate,
                gross,
                vat,
                net: Cents::new(gross.get() - vat.get()),
            }
        })
        .collect();
    VatBreakdown { shares }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(no: i64, sku: &str, quantity: i64, total: i64, refunded: i64) -> RefundableLine {
        RefundableLine {
            line_no: no,
            sku: Sku::parse(sku).unwrap(),
            name: sku.into(),
            quantity,
            line_total: Cents::new(total),
            vat_rate: VatRate::Standard,
            refunded,
        }
    }

    fn sku(s: &str) -> Sku {
        Sku::parse(s).unwrap()
    }

    #[test]
    fn refunding_everything_returns_exactly_what_was_paid_and_is_a_void() {
        // 3 units for 10.00 after a discount: 3.33 + 3.34 + 3.33 in any split.
        let sold = [line(1, "A-1", 3, 1000, 0), line(2, "B-1", 1, 499, 0)];
        let plan = RefundPlan::new(7, &sold, None).unwrap();
        assert_eq!(plan.kind, RefundKind::Void);
        assert_eq!(plan.total, Cents::new(1499));
        assert_eq!(plan.vat.total_gross(), plan.total);
    }

    #[test]
    fn partial_refunds_add_up_to_the_line_total_without_a_cent_lost() {
        let mut sold = [line(1, "A-1", 3, 1000, 0)];
        let mut paid_back = 0;
        for _ in 0..3 {
            let plan = RefundPlan::new(7, &sold, Some(&[(sku("A-1"), 1)])).unwrap();
            assert_eq!(plan.kind, RefundKind::Refund);
            paid_back += plan.total.get();
            sold[0].refunded += 1;
        }
        assert_eq!(paid_back, 1000);
        assert_eq!(
            RefundPlan::new(7, &sold, None),
            Err(RefundError::NothingLeft(7))
        );
    }

    #[test]
    fn refunds_one_by_one_reverse_exactly_the_vat_of_the_sale() {
        // 2 × 12.99 at 19 %: the sale books 415 VAT; each unit alone would round to 207.
        let mut sold = [line(1, "A-1", 2, 2598, 0)];
        let sale_vat = VatRate::Standard.vat_in_gross(Cents::new(2598));
        let mut vat_back = 0;
        for _ in 0..2 {
            let plan = RefundPlan::new(7, &sold, Some(&[(sku("A-1"), 1)])).unwrap();
            assert_eq!(plan.vat.total_gross(), plan.total);
            vat_back += plan.vat.total_vat().get();
            sold[0].refunded += 1;
        }
        assert_eq!(vat_back, sale_vat.get());
    }

    #[test]
    fn refuses_more_than_sold_and_articles_not_on_the_receipt() {
        let sold = [line(1, "A-1", 2, 600, 1)];
        assert_eq!(
            RefundPlan::new(7, &sold, Some(&[(sku("A-1"), 2)])),
            Err(RefundError::MoreThanSold {
                sku: sku("A-1"),
                requested: 2,
                sold: 2,
                refunded: 1,
                left: 1
            })
        );
        assert_eq!(
            RefundPlan::new(7, &sold, Some(&[(sku("Z-9"), 1)])),
            Err(RefundError::NotOnReceipt(sku("Z-9")))
        );
        assert_eq!(
            RefundPlan::new(7, &sold, Some(&[(sku("A-1"), 0)])),
            Err(RefundError::ImpossibleQuantity(0))
        );
        assert_eq!(
            RefundPlan::new(7, &sold, Some(&[(sku("A-1"), 1), (sku("A-1"), 1)])),
            Err(RefundError::MoreThanSold {
                sku: sku("A-1"),
                requested: 1,
                sold: 2,
                refunded: 1,
                left: 1
            }),
            "the same article twice in one request counts together"
        );
    }
}
