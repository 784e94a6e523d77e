//! What the cashier window exchanges for a trading day at its till: a float or a drawer as
//! counted (by denomination or as a sum), the till's state, the X- and Z-report with their
//! figures, cash movements and the list of reasons. Amounts are integer cents.

use crate::usecases::{CashInput, CashMovementView, TillError, TillStatus, XReport};
use filiale_domain::cash_count::Denomination;
use filiale_domain::till_report::{CashDirection, CashReason, TillFigures};
use filiale_domain::{CashCount, CashCountError, Cents, events::VatLine};
use filiale_store::till_sessions::{ClosingRow, SessionRow};
use serde::{Deserialize, Serialize};

/// Pieces of one denomination, as counted: `value_cents` is the note or coin (50000 … 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CountedPieces {
    pub value_cents: i64,
    pub pieces: i64,
}

/// Cash as the window counted it: by denomination (a Zählprotokoll) or as one sum.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum CashCountInput {
    Count { pieces: Vec<CountedPieces> },
    Sum { cents: i64 },
}

impl CashCountInput {
    /// The count checked: known denominations, whole non-negative pieces, each denomination once.
    pub fn parse(&self) -> Result<CashInput, TillError> {
        match self {
            CashCountInput::Sum { cents } => Ok(CashInput::Sum(Cents::new(*cents))),
            CashCountInput::Count { pieces } => {
                let mut counts = Vec::with_capacity(pieces.len());
                for p in pieces {
                    let denomination = Denomination::try_from(p.value_cents)?;
                    let n = u64::try_from(p.pieces).map_err(|_| CashCountError::NegativeCount {
                        denomination,
                        text: p.pieces.to_string(),
                    })?;
                    counts.push((denomination, n));
                }
                Ok(CashInput::Count(CashCount::from_counts(counts)?))
            }
        }
    }
}

/// A till session as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TillSessionView {
    pub till_id: String,
    pub session_no: i64,
    /// Europe/Berlin date of the opening, `YYYY-MM-DD`.
    pub business_day: String,
    pub opened_at: String,
    pub opened_by: String,
    pub float_cents: i64,
    /// Who sells at the till now.
    pub cashier: String,
}

impl From<&SessionRow> for TillSessionView {
    fn from(s: &SessionRow) -> Self {
        TillSessionView {
            till_id: s.till_id.clone(),
            session_no: s.session_no,
            business_day: s.business_day.clone(),
            opened_at: s.opened_at.clone(),
            opened_by: s.opened_by.clone(),
            float_cents: s.float_cents,
            cashier: s.cashier.clone(),
        }
    }
}

/// A till's state: its session, what the drawer should hold, the last closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TillStatusView {
    pub till_id: String,
    pub till_name: String,
    /// Today's business day (Europe/Berlin), `YYYY-MM-DD`.
    pub business_day: String,
    pub session: Option<TillSessionView>,
    /// The open session belongs to an earlier business day: close it before anything else.
    pub unclosed_from_earlier_day: bool,
    pub cash_expected_cents: Option<i64>,
    pub last_z_no: Option<i64>,
    /// The float the last closing left for the next opening.
    pub float_left_cents: Option<i64>,
}

impl From<&TillStatus> for TillStatusView {
    fn from(s: &TillStatus) -> Self {
        TillStatusView {
            till_id: s.till_id.clone(),
            till_name: s.till_name.clone(),
            business_day: s.business_day.clone(),
            session: s.session.as_ref().map(TillSessionView::from),
            unclosed_from_earlier_day: s.unclosed_from_earlier_day,
            cash_expected_cents: s.cash_expected_cents.map(Cents::get),
            last_z_no: s.last_z_no,
            float_left_cents: s.float_left_cents,
        }
    }
}

/// A cash reason of the fixed list, with the directions it allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CashReasonView {
    /// `wechselgeld`, `bankeinzahlung`, `privatentnahme`, `ausgabe_mit_beleg`, `einlage`.
    pub code: String,
    pub cash_in: bool,
    pub cash_out: bool,
}

/// Every cash reason, in the list's order.
pub fn cash_reasons() -> Vec<CashReasonView> {
    CashReason::ALL
        .into_iter()
        .map(|r| CashReasonView {
            code: r.as_str().to_owned(),
            cash_in: r.allows(CashDirection::In),
            cash_out: r.allows(CashDirection::Out),
        })
        .collect()
}

/// One VAT rate's share: net, VAT and gross.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VatLineView {
    pub rate_percent: u8,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
}

fn vat_lines(lines: &[VatLine]) -> Vec<VatLineView> {
    lines
        .iter()
        .map(|l| VatLineView {
            rate_percent: l.rate.percent(),
            net_cents: l.net_cents.get(),
            vat_cents: l.vat_cents.get(),
            gross_cents: l.gross_cents.get(),
        })
        .collect()
}

/// Turnover and receipts of one tender (`cash`, `card`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TenderTotalView {
    pub method: String,
    pub receipts: i64,
    pub total_cents: i64,
    pub refunds_cents: i64,
}

/// What one cashier sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CashierTotalView {
    pub cashier: String,
    pub receipts: i64,
    pub total_cents: i64,
}

/// Cash in or out for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MovementTotalView {
    /// `in` or `out`.
    pub direction: String,
    pub reason: String,
    pub count: i64,
    pub total_cents: i64,
}

/// The figures of an X-report (during the day) or a Z-report (the closing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TillFiguresView {
    pub float_cents: i64,
    pub receipts: i64,
    pub first_receipt: Option<i64>,
    pub last_receipt: Option<i64>,
    pub turnover_cents: i64,
    pub turnover_by_vat: Vec<VatLineView>,
    pub by_tender: Vec<TenderTotalView>,
    pub refunds: i64,
    pub refunds_cents: i64,
    pub refunds_by_vat: Vec<VatLineView>,
    pub discounts_cents: i64,
    pub cash_in_cents: i64,
    pub cash_out_cents: i64,
    pub movements: Vec<MovementTotalView>,
    /// Float + cash sales − cash refunds + cash in − cash out: what the drawer should hold.
    pub cash_expected_cents: i64,
    pub by_cashier: Vec<CashierTotalView>,
}

impl From<&TillFigures> for TillFiguresView {
    fn from(f: &TillFigures) -> Self {
        TillFiguresView {
            float_cents: f.float_cents.get(),
            receipts: f.receipts,
            first_receipt: f.first_receipt,
            last_receipt: f.last_receipt,
            turnover_cents: f.turnover_cents.get(),
            turnover_by_vat: vat_lines(&f.turnover_by_vat),
            by_tender: f
                .by_tender
                .iter()
                .map(|t| TenderTotalView {
                    method: t.method.clone(),
                    receipts: t.receipts,
                    total_cents: t.total_cents.get(),
                    refunds_cents: t.refunds_cents.get(),
                })
                .collect(),
            refunds: f.refunds,
            refunds_cents: f.refunds_cents.get(),
            refunds_by_vat: vat_lines(&f.refunds_by_vat),
            discounts_cents: f.discounts_cents.get(),
            cash_in_cents: f.cash_in_cents.get(),
            cash_out_cents: f.cash_out_cents.get(),
            movements: f
                .movements
                .iter()
                .map(|m| MovementTotalView {
                    direction: m.direction.as_str().to_owned(),
                    reason: m.reason.as_str().to_owned(),
                    count: m.count,
                    total_cents: m.total_cents.get(),
                })
                .collect(),
            cash_expected_cents: f.cash_expected_cents.get(),
            by_cashier: f
                .by_cashier
                .iter()
                .map(|c| CashierTotalView {
                    cashier: c.cashier.clone(),
                    receipts: c.receipts,
                    total_cents: c.total_cents.get(),
                })
                .collect(),
        }
    }
}

/// The X-report: the open session's figures now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct XReportView {
    pub till_id: String,
    pub session: TillSessionView,
    pub printed_at: String,
    pub figures: TillFiguresView,
}

impl From<&XReport> for XReportView {
    fn from(x: &XReport) -> Self {
        XReportView {
            till_id: x.till_id.clone(),
            session: TillSessionView::from(&x.session),
            printed_at: x.printed_at.clone(),
            figures: TillFiguresView::from(&x.figures),
        }
    }
}

/// A count as stored (the JSON of a [`CashCount`]) as pieces per denomination, 500 € first;
/// nothing when it cannot be read.
fn count_pieces(json: &str) -> Vec<CountedPieces> {
    let Ok(count) = serde_json::from_str::<CashCount>(json) else {
        return Vec::new();
    };
    Denomination::ALL
        .into_iter()
        .filter(|d| count.pieces(*d) > 0)
        .map(|d| CountedPieces {
            value_cents: d.value().get(),
            pieces: i64::from(count.pieces(d)),
        })
        .collect()
}

/// A daily closing (Z-report) as written: never changed afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ZReportView {
    pub till_id: String,
    pub z_no: i64,
    pub session_no: i64,
    pub business_day: String,
    pub opened_at: String,
    pub closed_at: String,
    pub closed_by: String,
    pub expected_cents: i64,
    pub counted_cents: i64,
    /// Counted − expected: below zero the drawer held too little.
    pub difference_cents: i64,
    pub float_next_cents: i64,
    /// The drawer's count by denomination, 500 € first; empty when a sum was entered.
    pub count: Vec<CountedPieces>,
    pub figures: TillFiguresView,
}

impl From<&ClosingRow> for ZReportView {
    fn from(c: &ClosingRow) -> Self {
        let count = c.count.as_deref().map(count_pieces).unwrap_or_default();
        ZReportView {
            till_id: c.till_id.clone(),
            z_no: c.z_no,
            session_no: c.session_no,
            business_day: c.business_day.clone(),
            opened_at: c.opened_at.clone(),
            closed_at: c.closed_at.clone(),
            closed_by: c.closed_by.clone(),
            expected_cents: c.expected_cents,
            counted_cents: c.counted_cents,
            difference_cents: c.difference_cents,
            float_next_cents: c.float_next_cents,
            count,
            figures: TillFiguresView::from(&c.figures),
        }
    }
}

/// A recorded cash movement with what the drawer should hold after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CashMovementDone {
    pub movement_id: i64,
    pub session_no: i64,
    /// `in` or `out`.
    pub direction: String,
    pub reason: String,
    pub amount_cents: i64,
    pub approved_by: Option<String>,
    pub cash_expected_cents: i64,
}

impl From<&CashMovementView> for CashMovementDone {
    fn from(m: &CashMovementView) -> Self {
        CashMovementDone {
            movement_id: m.movement_id,
            session_no: m.session_no,
            direction: m.direction.as_str().to_owned(),
            reason: m.reason.as_str().to_owned(),
            amount_cents: m.amount_cents.get(),
            approved_by: m.approved_by.clone(),
            cash_expected_cents: m.cash_expected_cents.get(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_by_denomination_is_checked_and_summed() {
        let input = CashCountInput::Count {
            pieces: vec![
                CountedPieces {
                    value_cents: 5000,
                    pieces: 2,
                },
                CountedPieces {
                    value_cents: 1,
                    pieces: 3,
                },
            ],
        };
        assert_eq!(input.parse().unwrap().total(), Cents::new(10_003));
        for (value_cents, pieces, code) in [
            (300, 1, "invalid_count"),
            (100, -1, "invalid_count"),
            (100, 10_001, "invalid_count"),
        ] {
            let bad = CashCountInput::Count {
                pieces: vec![CountedPieces {
                    value_cents,
                    pieces,
                }],
            };
            assert_eq!(
                bad.parse().unwrap_err().code(),
                code,
                "{value_cents} × {pieces}"
            );
        }
        let twice = CashCountInput::Count {
            pieces: vec![
                CountedPieces {
                    value_cents: 200,
                    pieces: 1,
                },
                CountedPieces {
                    value_cents: 200,
                    pieces: 2,
                },
            ],
        };
        assert!(twice.parse().is_err(), "a denomination counted twice");
    }

    #[test]
    fn a_stored_count_reads_back_as_pieces_from_the_largest_note() {
        let count = CashCount::parse("0.01=3,50=2,2=1").unwrap();
        let stored = serde_json::to_string(&count).unwrap();
        let pieces: Vec<(i64, i64)> = count_pieces(&stored)
            .into_iter()
            .map(|p| (p.value_cents, p.pieces))
            .collect();
        assert_eq!(pieces, [(5000, 2), (200, 1), (1, 3)]);
        assert!(count_pieces("not json").is_empty());
    }
}
