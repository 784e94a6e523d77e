//! Double-entry bookkeeping: a small SKR03-style chart of accounts and balanced journal entries
//! (sales, refunds, and with [`crate::till_report`] the till's cash movements and differences).

use crate::money::Cents;
use crate::refund::{Payout, RefundPlan};
use crate::sale::{Sale, Tender};
use crate::vat::VatRate;
use serde::{Deserialize, Serialize};

/// The accounts a store's till posts to (SKR03 numbering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u32", try_from = "u32")]
pub enum Account {
    /// 1000 Kasse: cash in the till.
    Cash,
    /// 1360 Geldtransit: card payments on their way from the card processor.
    CardClearing,
    /// 8400 Erlöse 19 % USt.
    Revenue19,
    /// 8300 Erlöse 7 % USt.
    Revenue7,
    /// 8100 Steuerfreie Umsätze.
    RevenueTaxFree,
    /// 1776 Umsatzsteuer 19 %.
    OutputVat19,
    /// 1771 Umsatzsteuer 7 %.
    OutputVat7,
    /// 1800 Privatentnahmen: cash the owner takes from the till.
    PrivateWithdrawals,
    /// 1890 Privateinlagen: cash the owner puts into the till.
    PrivateContributions,
    /// 4980 Sonstiger Betriebsbedarf: small expenses paid from the till against a receipt.
    OperatingSupplies,
    /// 4900 Sonstige betriebliche Aufwendungen: cash shortfalls at the closing (Kassenfehlbetrag).
    CashShortfall,
    /// 2700 Sonstige Erträge: cash surpluses at the closing (Kassenüberschuss).
    CashSurplus,
}

impl Account {
    pub const ALL: [Account; 12] = [
        Account::Cash,
        Account::CardClearing,
        Account::Revenue19,
        Account::Revenue7,
        Account::RevenueTaxFree,
        Account::OutputVat19,
        Account::OutputVat7,
        Account::PrivateWithdrawals,
        Account::PrivateContributions,
        Account::OperatingSupplies,
        Account::CashShortfall,
        Account::CashSurplus,
    ];

    pub const fn number(self) -> u32 {
        match self {
            Account::Cash => 1000,
            Account::CardClearing => 1360,
            Account::Revenue19 => 8400,
            Account::Revenue7 => 8300,
            Account::RevenueTaxFree => 8100,
            Account::OutputVat19 => 1776,
            Account::OutputVat7 => 1771,
            Account::PrivateWithdrawals => 1800,
            Account::PrivateContributions => 1890,
            Account::OperatingSupplies => 4980,
            Account::CashShortfall => 4900,
            Account::CashSurplus => 2700,
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            Account::Cash => "Kasse",
            Account::CardClearing => "Geldtransit (Kartenzahlungen)",
            Account::Revenue19 => "Erlöse 19 % USt",
            Account::Revenue7 => "Erlöse 7 % USt",
            Account::RevenueTaxFree => "Steuerfreie Umsätze",
            Account::OutputVat19 => "Umsatzsteuer 19 %",
            Account::OutputVat7 => "Umsatzsteuer 7 %",
            Account::PrivateWithdrawals => "Privatentnahmen",
            Account::PrivateContributions => "Privateinlagen",
            Account::OperatingSupplies => "Sonstiger Betriebsbedarf",
            Account::CashShortfall => "Sonstige betriebliche Aufwendungen (Kassenfehlbetrag)",
            Account::CashSurplus => "Sonstige Erträge (Kassenüberschuss)",
        }
    }

    /// Whether a debit increases the balance (assets) or a credit does (revenue, liabilities).
    pub const fn is_debit_normal(self) -> bool {
        matches!(
            self,
            Account::Cash
                | Account::CardClearing
                | Account::PrivateWithdrawals
                | Account::OperatingSupplies
                | Account::CashShortfall
        )
    }

    pub fn from_number(number: u32) -> Option<Account> {
        Account::ALL.into_iter().find(|a| a.number() == number)
    }

    fn revenue_for(rate: VatRate) -> Account {
        match rate {
            VatRate::Standard => Account::Revenue19,
            VatRate::Reduced => Account::Revenue7,
            VatRate::Zero => Account::RevenueTaxFree,
        }
    }

    fn output_vat_for(rate: VatRate) -> Option<Account> {
        match rate {
            VatRate::Standard => Some(Account::OutputVat19),
            VatRate::Reduced => Some(Account::OutputVat7),
            VatRate::Zero => None,
        }
    }
}

impl From<Account> for u32 {
    fn from(a: Account) -> u32 {
        a.number()
    }
}

impl TryFrom<u32> for Account {
    type Error = String;
    fn try_from(n: u32) -> Result<Self, Self::Error> {
        Account::from_number(n).ok_or_else(|| format!("unknown account {n}"))
    }
}

/// One side of a posting: an account with either a debit or a credit amount (both non-negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalLine {
    pub account: Account,
    pub debit: Cents,
    pub credit: Cents,
}

impl JournalLine {
    /// The change this line makes to its account's balance, in the account's normal direction.
    pub fn balance_effect(&self) -> Cents {
        let d = self.debit.get() - self.credit.get();
        Cents::new(if self.account.is_debit_normal() {
            d
        } else {
            -d
        })
    }
}

/// Why a journal entry was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    #[error("entry is unbalanced: debits {debit}, credits {credit}")]
    Unbalanced { debit: Cents, credit: Cents },
    #[error("entry has no lines")]
    Empty,
    #[error("a journal line must not have negative amounts")]
    NegativeAmount,
}

/// A balanced journal entry. Constructed only through [`JournalEntry::new`], so it is always balanced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub text: String,
    /// What caused the posting, e.g. `receipt:42`.
    pub reference: String,
    lines: Vec<JournalLine>,
}

impl JournalEntry {
    pub fn new(
        text: String,
        reference: String,
        lines: Vec<JournalLine>,
    ) -> Result<JournalEntry, JournalError> {
        let lines: Vec<JournalLine> = lines
            .into_iter()
            .filter(|l| l.debit != Cents::ZERO || l.credit != Cents::ZERO)
            .collect();
        if lines.is_empty() {
            return Err(JournalError::Empty);
        }
        if lines
            .iter()
            .any(|l| l.debit < Cents::ZERO || l.credit < Cents::ZERO)
        {
            return Err(JournalError::NegativeAmount);
        }
        let debit = Cents::new(lines.iter().map(|l| l.debit.get()).sum());
        let credit = Cents::new(lines.iter().map(|l| l.credit.get()).sum());
        if debit != credit {
            return Err(JournalError::Unbalanced { debit, credit });
        }
        Ok(JournalEntry {
            text,
            reference,
            lines,
        })
    }

    pub fn lines(&self) -> &[JournalLine] {
        &self.lines
    }

    pub fn total(&self) -> Cents {
        Cents::new(self.lines.iter().map(|l| l.debit.get()).sum())
    }

    /// The posting of a sale: debit cash or card clearing with the total; credit revenue (net) and
    /// output VAT per rate.
    pub fn for_sale(sale: &Sale) -> JournalEntry {
        let money_account = match sale.tender {
            Tender::Cash { .. } => Account::Cash,
            Tender::Card => Account::CardClearing,
        };
        let mut lines = vec![JournalLine {
            account: money_account,
            debit: sale.total,
            credit: Cents::ZERO,
        }];
        for share in &sale.vat.shares {
            lines.push(JournalLine {
                account: Account::revenue_for(share.rate),
                debit: Cents::ZERO,
                credit: share.net,
            });
            if let Some(vat_account) = Account::output_vat_for(share.rate) {
                lines.push(JournalLine {
                    account: vat_account,
                    debit: Cents::ZERO,
                    credit: share.vat,
                });
            }
        }
        let text = format!("Verkauf Bon {}", sale.receipt_no);
        // A sale's breakdown always sums to its total, so this entry is balanced by construction.
        JournalEntry::new(text, format!("receipt:{}", sale.receipt_no), lines)
            .expect("a sale's VAT breakdown sums to its total")
    }

    /// The reversal of (part of) a sale: debit revenue (net) and output VAT per rate, credit cash or
    /// card clearing with what goes back — the sale's posting with the sides swapped.
    pub fn for_refund(refund_no: i64, plan: &RefundPlan, payout: Payout) -> JournalEntry {
        let money_account = match payout {
            Payout::Cash => Account::Cash,
            Payout::Card => Account::CardClearing,
        };
        let mut lines = Vec::new();
        for share in &plan.vat.shares {
            lines.push(JournalLine {
                account: Account::revenue_for(share.rate),
                debit: share.net,
                credit: Cents::ZERO,
            });
            if let Some(vat_account) = Account::output_vat_for(share.rate) {
                lines.push(JournalLine {
                    account: vat_account,
                    debit: share.vat,
                    credit: Cents::ZERO,
                });
            }
        }
        lines.push(JournalLine {
            account: money_account,
            debit: Cents::ZERO,
            credit: plan.total,
        });
        let text = format!("Erstattung {refund_no} zu Bon {}", plan.receipt_no);
        // The breakdown is built from the same amounts as the total, so the entry is balanced.
        JournalEntry::new(text, format!("refund:{refund_no}"), lines)
            .expect("a refund's VAT breakdown sums to its total")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleDraft;
    use crate::cart::{Cart, Quantity};
    use chrono::DateTime;

    fn sale(tender: Tender) -> Sale {
        let mut cart = Cart::new();
        for (sku, price, vat) in [
            ("A", 1299, VatRate::Standard),
            ("B", 349, VatRate::Reduced),
            ("C", 500, VatRate::Zero),
        ] {
            let article = ArticleDraft {
                sku: sku.into(),
                name: sku.into(),
                price: Cents::new(price),
                vat_rate: Some(vat),
                ..ArticleDraft::default()
            }
            .validate()
            .unwrap();
            cart.add(&article, Quantity::new(3).unwrap()).unwrap();
        }
        Sale::complete(
            &cart,
            tender,
            12,
            None,
            DateTime::from_timestamp(0, 0).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn a_sale_posts_a_balanced_entry_across_revenue_and_vat_accounts() {
        let sale = sale(Tender::Card);
        let entry = JournalEntry::for_sale(&sale);
        assert_eq!(entry.total(), sale.total);
        let credit = |account| {
            entry
                .lines()
                .iter()
                .find(|l| l.account == account)
                .map(|l| l.credit)
        };
        assert_eq!(entry.lines()[0].account, Account::CardClearing);
        assert_eq!(credit(Account::OutputVat19), Some(Cents::new(622))); // 3897 * 19/119 = 622.2
        assert_eq!(credit(Account::Revenue19), Some(Cents::new(3275)));
        assert_eq!(credit(Account::OutputVat7), Some(Cents::new(68))); // 1047 * 7/107 = 68.5 -> 68
        assert_eq!(credit(Account::RevenueTaxFree), Some(Cents::new(1500)));
        let net_effect: i64 = entry
            .lines()
            .iter()
            .map(|l| l.debit.get() - l.credit.get())
            .sum();
        assert_eq!(net_effect, 0);
    }

    #[test]
    fn refuses_unbalanced_and_negative_entries() {
        let line = |account, debit, credit| JournalLine {
            account,
            debit: Cents::new(debit),
            credit: Cents::new(credit),
        };
        assert_eq!(
            JournalEntry::new(
                "x".into(),
                "r".into(),
                vec![line(Account::Cash, 100, 0), line(Account::Revenue19, 0, 99)]
            ),
            Err(JournalError::Unbalanced {
                debit: Cents::new(100),
                credit: Cents::new(99)
            })
        );
        assert_eq!(
            JournalEntry::new(
                "x".into(),
                "r".into(),
                vec![line(Account::Cash, -1, 0), line(Account::Revenue19, -1, 0)]
            ),
            Err(JournalError::NegativeAmount)
        );
    }

    #[test]
    fn a_full_refund_reverses_the_sale_posting_line_by_line() {
        use crate::refund::{RefundPlan, RefundableLine};
        let sale = sale(Tender::Card);
        let sold: Vec<RefundableLine> = sale
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| RefundableLine {
                line_no: i as i64 + 1,
                sku: l.sku.clone(),
                name: l.name.clone(),
                quantity: l.quantity.get(),
                line_total: l.total(),
                vat_rate: l.vat_rate,
                refunded: 0,
            })
            .collect();
        let plan = RefundPlan::new(sale.receipt_no, &sold, None).unwrap();
        let reversal = JournalEntry::for_refund(1, &plan, Payout::Card);
        let posting = JournalEntry::for_sale(&sale);
        assert_eq!(reversal.total(), posting.total());
        for line in posting.lines() {
            let back = reversal
                .lines()
                .iter()
                .find(|l| l.account == line.account)
                .unwrap();
            assert_eq!((back.debit, back.credit), (line.credit, line.debit));
            assert_eq!(back.balance_effect().get(), -line.balance_effect().get());
        }
    }

    #[test]
    fn balances_grow_in_each_accounts_normal_direction() {
        let entry = JournalEntry::for_sale(&sale(Tender::Cash {
            tendered: Cents::new(10_000),
        }));
        for line in entry.lines() {
            assert!(line.balance_effect() > Cents::ZERO, "{:?}", line.account);
        }
    }
}
