//! A till's day in figures: the reasons cash goes in or out of the drawer and how each is booked,
//! and the X/Z-report figures (turnover per VAT rate and per tender, refunds, discounts, cash
//! movements, the cash the drawer should hold, per cashier) computed from a session's sales,
//! refunds and movements. Pure: the store loads the rows, this module adds them up.

use crate::events::VatLine;
use crate::journal::{Account, JournalEntry, JournalLine};
use crate::money::Cents;
use crate::vat::VatRate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Whether cash goes into the drawer or out of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CashDirection {
    In,
    Out,
}

impl CashDirection {
    pub const fn as_str(self) -> &'static str {
        match self {
            CashDirection::In => "in",
            CashDirection::Out => "out",
        }
    }

    pub fn parse(text: &str) -> Option<CashDirection> {
        match text {
            "in" => Some(CashDirection::In),
            "out" => Some(CashDirection::Out),
            _ => None,
        }
    }
}

/// Why cash goes in or out of the drawer outside a sale (a fixed list, as the tax office expects
/// every cash movement to have a named reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CashReason {
    /// Change money brought from the bank or taken back to it (in or out).
    Wechselgeld,
    /// Takings carried to the bank (out).
    Bankeinzahlung,
    /// The owner takes cash for private use (out).
    Privatentnahme,
    /// A business expense paid from the drawer against a receipt (out).
    AusgabeMitBeleg,
    /// The owner puts private money into the drawer (in).
    Einlage,
}

/// A reason that is not on the list, or that does not fit the direction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CashReasonError {
    #[error(
        "Unbekannter Grund {0:?} (Wechselgeld, Bankeinzahlung, Privatentnahme, Ausgabe mit Beleg, Einlage) / \
         unknown reason {0:?} (change, bank-deposit, private-withdrawal, expense, deposit)"
    )]
    Unknown(String),
    #[error(
        "{reason} passt nicht zu einer {de} / {reason} does not fit cash {en}",
        de = if *direction == CashDirection::In { "Einzahlung" } else { "Auszahlung" },
        en = direction.as_str()
    )]
    WrongDirection {
        reason: CashReason,
        direction: CashDirection,
    },
}

impl CashReason {
    pub const ALL: [CashReason; 5] = [
        CashReason::Wechselgeld,
        CashReason::Bankeinzahlung,
        CashReason::Privatentnahme,
        CashReason::AusgabeMitBeleg,
        CashReason::Einlage,
    ];

    /// The stored and serialised name.
    pub const fn as_str(self) -> &'static str {
        match self {
            CashReason::Wechselgeld => "wechselgeld",
            CashReason::Bankeinzahlung => "bankeinzahlung",
            CashReason::Privatentnahme => "privatentnahme",
            CashReason::AusgabeMitBeleg => "ausgabe_mit_beleg",
            CashReason::Einlage => "einlage",
        }
    }

    /// The German label printed on reports.
    pub const fn label_de(self) -> &'static str {
        match self {
            CashReason::Wechselgeld => "Wechselgeld",
            CashReason::Bankeinzahlung => "Bankeinzahlung",
            CashReason::Privatentnahme => "Privatentnahme",
            CashReason::AusgabeMitBeleg => "Ausgabe mit Beleg",
            CashReason::Einlage => "Einlage",
        }
    }

    /// Reads a reason in German or English, in any case, with spaces, '-' or '_'.
    pub fn parse(text: &str) -> Result<CashReason, CashReasonError> {
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .collect();
        let reason = match key.as_str() {
            "wechselgeld" | "change" => CashReason::Wechselgeld,
            "bankeinzahlung" | "bankdeposit" => CashReason::Bankeinzahlung,
            "privatentnahme" | "privatewithdrawal" => CashReason::Privatentnahme,
            "ausgabemitbeleg" | "ausgabe" | "expense" => CashReason::AusgabeMitBeleg,
            "einlage" | "privateinlage" | "deposit" => CashReason::Einlage,
            _ => return Err(CashReasonError::Unknown(text.trim().to_owned())),
        };
        Ok(reason)
    }

    /// Whether cash may move in `direction` for this reason.
    pub const fn allows(self, direction: CashDirection) -> bool {
        match self {
            CashReason::Wechselgeld => true,
            CashReason::Einlage => matches!(direction, CashDirection::In),
            _ => matches!(direction, CashDirection::Out),
        }
    }

    /// The account on the other side of 1000 Kasse.
    const fn counter_account(self) -> Account {
        match self {
            CashReason::Wechselgeld | CashReason::Bankeinzahlung => Account::CardClearing,
            CashReason::Privatentnahme => Account::PrivateWithdrawals,
            CashReason::AusgabeMitBeleg => Account::OperatingSupplies,
            CashReason::Einlage => Account::PrivateContributions,
        }
    }
}

impl fmt::Display for CashReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_de())
    }
}

fn line(account: Account, debit: Cents, credit: Cents) -> JournalLine {
    JournalLine {
        account,
        debit,
        credit,
    }
}

/// The posting of a cash movement: cash in debits 1000 Kasse, cash out credits it; the other side
/// is the reason's account (1360 Geldtransit, 1800 Privatentnahmen, 1890 Privateinlagen, 4980
/// Betriebsbedarf). `None` for a zero amount.
pub fn movement_entry(
    reference: &str,
    direction: CashDirection,
    reason: CashReason,
    amount: Cents,
) -> Option<JournalEntry> {
    let other = reason.counter_account();
    let lines = match direction {
        CashDirection::In => vec![
            line(Account::Cash, amount, Cents::ZERO),
            line(other, Cents::ZERO, amount),
        ],
        CashDirection::Out => vec![
            line(other, amount, Cents::ZERO),
            line(Account::Cash, Cents::ZERO, amount),
        ],
    };
    let verb = match direction {
        CashDirection::In => "Einzahlung",
        CashDirection::Out => "Auszahlung",
    };
    JournalEntry::new(
        format!("Kasse {verb}: {}", reason.label_de()),
        reference.to_owned(),
        lines,
    )
    .ok()
}

/// The posting of a cash difference at a closing: a shortfall debits 4900 (Kassenfehlbetrag) and
/// credits 1000 Kasse; a surplus debits Kasse and credits 2700 (Kassenüberschuss). `None` when the
/// drawer was exact.
pub fn difference_entry(reference: &str, difference: Cents) -> Option<JournalEntry> {
    let amount = Cents::new(difference.get().abs());
    let (text, lines) = if difference > Cents::ZERO {
        (
            "Kassenüberschuss",
            vec![
                line(Account::Cash, amount, Cents::ZERO),
                line(Account::CashSurplus, Cents::ZERO, amount),
            ],
        )
    } else {
        (
            "Kassenfehlbetrag",
            vec![
                line(Account::CashShortfall, amount, Cents::ZERO),
                line(Account::Cash, Cents::ZERO, amount),
            ],
        )
    };
    JournalEntry::new(text.to_owned(), reference.to_owned(), lines).ok()
}

/// A sale of the session as the report needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSale {
    pub receipt_no: i64,
    pub cashier: String,
    /// `cash` or `card`.
    pub method: String,
    pub total: Cents,
    /// Sum of the line discounts.
    pub discount: Cents,
    pub vat: Vec<VatLine>,
}

/// A refund paid out during the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRefund {
    pub refund_no: i64,
    pub method: String,
    pub total: Cents,
    pub vat: Vec<VatLine>,
}

/// A cash movement of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionMovement {
    pub direction: CashDirection,
    pub reason: CashReason,
    pub amount: Cents,
}

/// Turnover and receipts of one tender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderTotal {
    pub method: String,
    pub receipts: i64,
    pub total_cents: Cents,
    pub refunds_cents: Cents,
}

/// What one cashier sold in the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashierTotal {
    pub cashier: String,
    pub receipts: i64,
    pub total_cents: Cents,
}

/// Cash in or out for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementTotal {
    pub direction: CashDirection,
    pub reason: CashReason,
    pub count: i64,
    pub total_cents: Cents,
}

/// The figures of an X-report (during the day) or a Z-report (the closing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TillFigures {
    pub float_cents: Cents,
    pub receipts: i64,
    pub first_receipt: Option<i64>,
    pub last_receipt: Option<i64>,
    /// Gross sales before refunds.
    pub turnover_cents: Cents,
    /// Sales per VAT rate (net, VAT, gross).
    pub turnover_by_vat: Vec<VatLine>,
    pub by_tender: Vec<TenderTotal>,
    pub refunds: i64,
    pub refunds_cents: Cents,
    /// Refunds per VAT rate (positive amounts going back).
    pub refunds_by_vat: Vec<VatLine>,
    /// Line discounts given (gross).
    pub discounts_cents: Cents,
    pub cash_in_cents: Cents,
    pub cash_out_cents: Cents,
    pub movements: Vec<MovementTotal>,
    /// Float + cash sales − cash refunds + cash in − cash out: what the drawer should hold.
    pub cash_expected_cents: Cents,
    pub by_cashier: Vec<CashierTotal>,
}

fn add_vat(into: &mut BTreeMap<u8, (VatRate, i64, i64, i64)>, lines: &[VatLine]) {
    for l in lines {
        let entry = into.entry(l.rate.percent()).or_insert((l.rate, 0, 0, 0));
        entry.1 += l.net_cents.get();
        entry.2 += l.vat_cents.get();
        entry.3 += l.gross_cents.get();
    }
}

fn vat_lines(map: BTreeMap<u8, (VatRate, i64, i64, i64)>) -> Vec<VatLine> {
    map.into_values()
        .rev()
        .map(|(rate, net, vat, gross)| VatLine {
            rate,
            net_cents: Cents::new(net),
            vat_cents: Cents::new(vat),
            gross_cents: Cents::new(gross),
        })
        .collect()
}

impl TillFigures {
    /// Adds up a session: `float` at the opening, its sales, refunds and cash movements.
    pub fn compute(
        float: Cents,
        sales: &[SessionSale],
        refunds: &[SessionRefund],
        movements: &[SessionMovement],
    ) -> TillFigures {
        let mut by_vat = BTreeMap::new();
        let mut refund_vat = BTreeMap::new();
        let mut tenders: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
        let mut cashiers: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for sale in sales {
            add_vat(&mut by_vat, &sale.vat);
            let tender = tenders.entry(sale.method.clone()).or_default();
            tender.0 += 1;
            tender.1 += sale.total.get();
            let cashier = cashiers.entry(sale.cashier.clone()).or_default();
            cashier.0 += 1;
            cashier.1 += sale.total.get();
        }
        for refund in refunds {
            add_vat(&mut refund_vat, &refund.vat);
            tenders.entry(refund.method.clone()).or_default().2 += refund.total.get();
        }
        let mut moved: BTreeMap<(&str, &str), MovementTotal> = BTreeMap::new();
        let (mut cash_in, mut cash_out) = (0, 0);
        for m in movements {
            match m.direction {
                CashDirection::In => cash_in += m.amount.get(),
                CashDirection::Out => cash_out += m.amount.get(),
            }
            let total = moved
                .entry((m.direction.as_str(), m.reason.as_str()))
                .or_insert(MovementTotal {
                    direction: m.direction,
                    reason: m.reason,
                    count: 0,
                    total_cents: Cents::ZERO,
                });
            total.count += 1;
            total.total_cents = Cents::new(total.total_cents.get() + m.amount.get());
        }
        let cash = tenders.get("cash").copied().unwrap_or_default();
        let expected = float.get() + cash.1 - cash.2 + cash_in - cash_out;
        TillFigures {
            float_cents: float,
            receipts: sales.len() as i64,
            first_receipt: sales.iter().map(|s| s.receipt_no).min(),
            last_receipt: sales.iter().map(|s| s.receipt_no).max(),
            turnover_cents: Cents::new(sales.iter().map(|s| s.total.get()).sum()),
            turnover_by_vat: vat_lines(by_vat),
            by_tender: tenders
                .into_iter()
                .map(|(method, (receipts, total, refunds))| TenderTotal {
                    method,
                    receipts,
                    total_cents: Cents::new(total),
                    refunds_cents: Cents::new(refunds),
                })
                .collect(),
            refunds: refunds.len() as i64,
            refunds_cents: Cents::new(refunds.iter().map(|r| r.total.get()).sum()),
            refunds_by_vat: vat_lines(refund_vat),
            discounts_cents: Cents::new(sales.iter().map(|s| s.discount.get()).sum()),
            cash_in_cents: Cents::new(cash_in),
            cash_out_cents: Cents::new(cash_out),
            movements: moved.into_values().collect(),
            cash_expected_cents: Cents::new(expected),
            by_cashier: cashiers
                .into_iter()
                .map(|(cashier, (receipts, total))| CashierTotal {
                    cashier,
                    receipts,
                    total_cents: Cents::new(total),
                })
                .collect(),
        }
    }

    /// Cash sales minus cash refunds.
    pub fn net_cash_sales(&self) -> Cents {
        self.by_tender
            .iter()
            .find(|t| t.method == "cash")
            .map_or(Cents::ZERO, |t| {
                Cents::new(t.total_cents.get() - t.refunds_cents.get())
            })
    }
}

#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)] // euros_cents: 100_00 is 100,00 €
mod tests {
    use super::*;

    fn vat(rate: VatRate, gross: i64, net: i64) -> VatLine {
        VatLine {
            rate,
            net_cents: Cents::new(net),
            vat_cents: Cents::new(gross - net),
            gross_cents: Cents::new(gross),
        }
    }

    #[test]
    fn the_drawer_should_hold_float_plus_cash_sales_minus_refunds_and_movements() {
        let sales = [
            SessionSale {
                receipt_no: 7,
                cashier: "Kasse".into(),
                method: "cash".into(),
                total: Cents::new(1190),
                discount: Cents::new(10),
                vat: vec![vat(VatRate::Standard, 1190, 1000)],
            },
            SessionSale {
                receipt_no: 8,
                cashier: "Anna".into(),
                method: "card".into(),
                total: Cents::new(535),
                discount: Cents::ZERO,
                vat: vec![vat(VatRate::Reduced, 535, 500)],
            },
        ];
        let refunds = [SessionRefund {
            refund_no: 1,
            method: "cash".into(),
            total: Cents::new(119),
            vat: vec![vat(VatRate::Standard, 119, 100)],
        }];
        let movements = [
            SessionMovement {
                direction: CashDirection::In,
                reason: CashReason::Wechselgeld,
                amount: Cents::new(5000),
            },
            SessionMovement {
                direction: CashDirection::Out,
                reason: CashReason::AusgabeMitBeleg,
                amount: Cents::new(250),
            },
        ];
        let f = TillFigures::compute(Cents::new(10_000), &sales, &refunds, &movements);
        assert_eq!(
            f.cash_expected_cents,
            Cents::new(10_000 + 1190 - 119 + 5000 - 250)
        );
        assert_eq!((f.first_receipt, f.last_receipt), (Some(7), Some(8)));
        assert_eq!(f.turnover_cents, Cents::new(1725));
        assert_eq!(f.turnover_by_vat[0].rate, VatRate::Standard);
        assert_eq!(f.refunds_cents, Cents::new(119));
        assert_eq!(f.discounts_cents, Cents::new(10));
        assert_eq!(f.net_cash_sales(), Cents::new(1071));
        assert_eq!(f.by_cashier.len(), 2);
    }

    #[test]
    fn every_movement_and_difference_posts_a_balanced_entry_against_cash() {
        for reason in CashReason::ALL {
            for direction in [CashDirection::In, CashDirection::Out] {
                if !reason.allows(direction) {
                    continue;
                }
                let entry = movement_entry("r", direction, reason, Cents::new(1234)).unwrap();
                let cash = entry
                    .lines()
                    .iter()
                    .find(|l| l.account == Account::Cash)
                    .unwrap();
                assert_eq!(
                    cash.balance_effect().get(),
                    if direction == CashDirection::In {
                        1234
                    } else {
                        -1234
                    }
                );
            }
        }
        let short = difference_entry("z", Cents::new(-300)).unwrap();
        assert_eq!(short.lines()[0].account, Account::CashShortfall);
        assert_eq!(short.total(), Cents::new(300));
        let over = difference_entry("z", Cents::new(200)).unwrap();
        assert_eq!(over.lines()[1].account, Account::CashSurplus);
        assert!(difference_entry("z", Cents::ZERO).is_none());
    }

    #[test]
    fn reasons_parse_in_both_languages_and_know_their_direction() {
        assert_eq!(
            CashReason::parse("Ausgabe mit Beleg"),
            Ok(CashReason::AusgabeMitBeleg)
        );
        assert_eq!(
            CashReason::parse("bank-deposit"),
            Ok(CashReason::Bankeinzahlung)
        );
        assert!(CashReason::parse("Trinkgeld").is_err());
        assert!(!CashReason::Einlage.allows(CashDirection::Out));
        assert!(!CashReason::Privatentnahme.allows(CashDirection::In));
        assert!(CashReason::Wechselgeld.allows(CashDirection::In));
    }
}
