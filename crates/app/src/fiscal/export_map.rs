//! How the store's closings become the DSFinV-K model: each sale, refund and cash movement a
//! single record with its lines, VAT, payments and TSE transaction (or outage), and each closing's
//! totals from its stored Z-report figures.

use super::client_id;
use crate::usecases::UseCaseError;
use chrono::{DateTime, NaiveDateTime};
use chrono_tz::Europe::Berlin;
use filiale_domain::till_report::{CashDirection, CashReason, TillFigures};
use filiale_domain::{Cents, VatRate};
use filiale_dsfinvk as dsfinvk;
use filiale_dsfinvk::{
    Amounts, BusinessCaseType, PaymentType, PriceComponentKind, Quantity, ReceiptType, VatKey,
};
use filiale_store::fiscal::{MovementSource, RefundSource, SaleSource};
use filiale_store::tse::{TseRecordKind, TseRow};
use std::collections::BTreeMap;

/// Name of the card payment in the export.
const CARD_PAYMENT_NAME: &str = "Karte";

pub(super) fn local(stored: &str) -> NaiveDateTime {
    DateTime::parse_from_rfc3339(stored)
        .map(|t| t.with_timezone(&Berlin).naive_local())
        .unwrap_or_default()
}

fn local_seconds(seconds: i64) -> NaiveDateTime {
    DateTime::from_timestamp(seconds, 0)
        .map(|t| t.with_timezone(&Berlin).naive_local())
        .unwrap_or_default()
}

fn utc_seconds(seconds: i64) -> DateTime<chrono::Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// Gross split into net and VAT at `rate` (VAT half away from zero, as the till computes it).
fn split(rate: VatRate, gross: Cents) -> Amounts {
    let vat = rate.vat_in_gross(gross);
    Amounts {
        gross,
        net: Cents::new(gross.get() - vat.get()),
        vat,
    }
}

fn payment(method: &str) -> (PaymentType, &'static str) {
    if method == "cash" {
        (PaymentType::Bar, dsfinvk::CASH_PAYMENT_NAME)
    } else {
        (PaymentType::EcKarte, CARD_PAYMENT_NAME)
    }
}

/// The business case a cash movement is in the DSFinV-K.
fn movement_case(reason: CashReason) -> BusinessCaseType {
    match reason {
        CashReason::Wechselgeld | CashReason::Bankeinzahlung => BusinessCaseType::Geldtransit,
        CashReason::Privatentnahme => BusinessCaseType::Privatentnahme,
        CashReason::AusgabeMitBeleg => BusinessCaseType::Auszahlung,
        CashReason::Einlage => BusinessCaseType::Privateinlage,
    }
}

/// Everything the mapping reads besides the closings.
pub(super) struct Context<'a> {
    pub(super) till: &'a str,
    pub(super) kasse_id: String,
    pub(super) rows: &'a BTreeMap<(TseRecordKind, i64), TseRow>,
    /// The TSE an unsigned record names (the one in use, or the first known).
    pub(super) outage_tse: u32,
}

impl Context<'_> {
    fn tse(&self, kind: TseRecordKind, id: i64) -> dsfinvk::TseRecord {
        match self.rows.get(&(kind, id)) {
            Some(TseRow {
                signed: Some(signed),
                process_type,
                process_data,
                ..
            }) => dsfinvk::TseRecord::Signed(dsfinvk::TseTransaction {
                tse_id: u32::try_from(signed.device.id).unwrap_or(u32::MAX),
                transaction_number: u64::try_from(signed.transaction_number).unwrap_or(0),
                started_at: utc_seconds(signed.start_time),
                finished_at: utc_seconds(signed.end_time),
                process_type: process_type.clone(),
                signature_counter: u64::try_from(signed.signature_counter).unwrap_or(0),
                signature: signed.signature.clone(),
                process_data: process_data.clone(),
            }),
            Some(TseRow {
                outage: Some(outage),
                ..
            }) => dsfinvk::TseRecord::Outage {
                tse_id: self.outage_tse,
                error: format!("TSE ausgefallen: {}", outage.reason),
            },
            _ => dsfinvk::TseRecord::Outage {
                tse_id: self.outage_tse,
                error: "TSE ausgefallen: ohne TSE gebucht (vor Einführung der TSE)".into(),
            },
        }
    }

    /// Start and end of a record: the TSE's log times when signed, else the booking time.
    fn times(&self, kind: TseRecordKind, id: i64, booked: &str) -> (NaiveDateTime, NaiveDateTime) {
        match self.rows.get(&(kind, id)).and_then(|r| r.signed.as_ref()) {
            Some(signed) => (
                local_seconds(signed.start_time),
                local_seconds(signed.end_time),
            ),
            None => (local(booked), local(booked)),
        }
    }

    fn cashier(name: &str) -> dsfinvk::Cashier {
        dsfinvk::Cashier {
            id: name.to_owned(),
            name: name.to_owned(),
        }
    }

    fn receipt_head(
        &self,
        bon_id: String,
        bon_nr: i64,
        kind: TseRecordKind,
        id: i64,
        booked: &str,
        cashier: &str,
    ) -> dsfinvk::Receipt {
        let (started_at, ended_at) = self.times(kind, id, booked);
        dsfinvk::Receipt {
            bon_id,
            bon_nr: u64::try_from(bon_nr).unwrap_or(0),
            receipt_type: ReceiptType::Beleg,
            name: String::new(),
            terminal_id: self.till.to_owned(),
            cancelled: false,
            started_at,
            ended_at,
            cashier: Self::cashier(cashier),
            total_gross: Cents::ZERO,
            vat_totals: Vec::new(),
            lines: Vec::new(),
            payments: Vec::new(),
            references: Vec::new(),
            allocation_group: None,
            customer: None,
            note: String::new(),
            tse: self.tse(kind, id),
        }
    }

    pub(super) fn sale(&self, sale: &SaleSource) -> dsfinvk::Receipt {
        let mut receipt = self.receipt_head(
            format!("S{}", sale.receipt_no),
            sale.receipt_no,
            TseRecordKind::Sale,
            sale.receipt_no,
            &sale.completed_at,
            &sale.cashier,
        );
        receipt.total_gross = Cents::new(sale.total_cents);
        receipt.vat_totals = sale
            .vat
            .iter()
            .map(|v| dsfinvk::ReceiptVat {
                vat_key: VatKey::for_rate(v.rate),
                amounts: Amounts {
                    gross: v.gross_cents,
                    net: v.net_cents,
                    vat: v.vat_cents,
                },
            })
            .collect();
        receipt.lines = sale
            .lines
            .iter()
            .map(|l| {
                let gross = Cents::new(l.line_total_cents);
                let mut line = article_line(
                    u32::try_from(l.line_no).unwrap_or(0),
                    (
                        l.sku.as_str(),
                        l.ean.as_deref(),
                        l.name.as_str(),
                        l.category.as_str(),
                        l.unit.as_str(),
                    ),
                    Quantity::units(l.quantity),
                    Cents::new(l.unit_price_cents),
                    l.vat_rate,
                    split(l.vat_rate, gross),
                );
                if l.discount_cents != 0 {
                    let base = Cents::new(l.unit_price_cents * l.quantity);
                    line.price_components = vec![
                        dsfinvk::PriceComponent {
                            kind: PriceComponentKind::BaseAmount,
                            vat_key: VatKey::for_rate(l.vat_rate),
                            amounts: split(l.vat_rate, base),
                        },
                        dsfinvk::PriceComponent {
                            kind: PriceComponentKind::Discount,
                            vat_key: VatKey::for_rate(l.vat_rate),
                            amounts: split(l.vat_rate, Cents::new(gross.get() - base.get())),
                        },
                    ];
                }
                line
            })
            .collect();
        let (kind, name) = payment(&sale.method);
        receipt.payments = vec![dsfinvk::ReceiptPayment {
            payment_type: kind,
            name: name.to_owned(),
            amount: Cents::new(sale.total_cents),
            foreign: None,
        }];
        receipt
    }

    pub(super) fn refund(&self, refund: &RefundSource) -> dsfinvk::Receipt {
        let mut receipt = self.receipt_head(
            format!("R{}", refund.refund_no),
            refund.refund_no,
            TseRecordKind::Refund,
            refund.refund_no,
            &refund.refunded_at,
            &refund.cashier,
        );
        receipt.name = if refund.kind == "void" {
            "Storno".into()
        } else {
            "Erstattung".into()
        };
        receipt.total_gross = Cents::new(-refund.total_cents);
        receipt.vat_totals = refund
            .vat
            .iter()
            .map(|v| dsfinvk::ReceiptVat {
                vat_key: VatKey::for_rate(v.rate),
                amounts: Amounts {
                    gross: Cents::new(-v.gross_cents.get()),
                    net: Cents::new(-v.net_cents.get()),
                    vat: Cents::new(-v.vat_cents.get()),
                },
            })
            .collect();
        receipt.lines = refund
            .lines
            .iter()
            .map(|l| {
                let unit = if l.quantity == 0 {
                    0
                } else {
                    l.amount_cents / l.quantity
                };
                article_line(
                    u32::try_from(l.line_no).unwrap_or(0),
                    (
                        l.sku.as_str(),
                        l.ean.as_deref(),
                        l.name.as_str(),
                        l.category.as_str(),
                        l.unit.as_str(),
                    ),
                    Quantity::units(-l.quantity),
                    Cents::new(unit),
                    l.vat_rate,
                    split(l.vat_rate, Cents::new(-l.amount_cents)),
                )
            })
            .collect();
        let (kind, name) = payment(&refund.method);
        receipt.payments = vec![dsfinvk::ReceiptPayment {
            payment_type: kind,
            name: name.to_owned(),
            amount: Cents::new(-refund.total_cents),
            foreign: None,
        }];
        if let Some((till, z_no, closed_at)) = &refund.sale_closing {
            receipt.references = vec![dsfinvk::Reference {
                line_number: None,
                target: dsfinvk::ReferenceTarget::Transaction {
                    kasse_id: client_id(till).map_or_else(|_| till.clone(), |c| c.to_string()),
                    z_nr: u64::try_from(*z_no).unwrap_or(0),
                    closing_created_at: local(closed_at),
                    bon_id: format!("S{}", refund.receipt_no),
                },
            }];
        }
        receipt
    }

    pub(super) fn movement(
        &self,
        m: &MovementSource,
    ) -> Result<dsfinvk::CashMovement, UseCaseError> {
        let reason = CashReason::parse(&m.reason)
            .map_err(|e| UseCaseError::Input(format!("cash movement {}: {e}", m.id)))?;
        let amount = if m.direction == CashDirection::Out.as_str() {
            -m.amount_cents
        } else {
            m.amount_cents
        };
        let text = if m.note.trim().is_empty() {
            reason.as_str().to_owned()
        } else {
            format!("{}: {}", reason.as_str(), m.note.trim())
        };
        Ok(dsfinvk::CashMovement {
            bon_id: format!("M{}", m.id),
            bon_nr: u64::try_from(m.id).unwrap_or(0),
            kind: movement_case(reason),
            text,
            amount: Cents::new(amount),
            terminal_id: self.till.to_owned(),
            at: self
                .times(TseRecordKind::CashMovement, m.id, &m.recorded_at)
                .1,
            cashier: Self::cashier(&m.cashier),
            tse: self.tse(TseRecordKind::CashMovement, m.id),
        })
    }
}

fn article_line(
    line_number: u32,
    (sku, ean, name, category, unit): (&str, Option<&str>, &str, &str, &str),
    quantity: Quantity,
    unit_price_gross: Cents,
    rate: VatRate,
    amounts: Amounts,
) -> dsfinvk::ReceiptLine {
    dsfinvk::ReceiptLine {
        line_number,
        business_case: BusinessCaseType::Umsatz,
        business_case_name: String::new(),
        voucher_number: String::new(),
        text: name.to_owned(),
        cancelled: false,
        in_house: false,
        article_number: sku.to_owned(),
        gtin: ean.unwrap_or_default().to_owned(),
        group_id: category.to_owned(),
        group_name: category.to_owned(),
        quantity,
        unit: unit.to_owned(),
        unit_price_gross,
        vat_key: VatKey::for_rate(rate),
        amounts,
        price_components: Vec::new(),
        sub_items: Vec::new(),
    }
}

/// The closing's totals from its stored Z-report figures.
pub(super) fn totals(figures: &TillFigures) -> dsfinvk::ClosingTotals {
    let mut revenue: BTreeMap<u8, (VatRate, Amounts)> = BTreeMap::new();
    for (lines, sign) in [
        (&figures.turnover_by_vat, 1_i64),
        (&figures.refunds_by_vat, -1_i64),
    ] {
        for v in lines {
            let entry = revenue
                .entry(v.rate.percent())
                .or_insert((v.rate, Amounts::default()));
            entry.1.gross = Cents::new(entry.1.gross.get() + sign * v.gross_cents.get());
            entry.1.net = Cents::new(entry.1.net.get() + sign * v.net_cents.get());
            entry.1.vat = Cents::new(entry.1.vat.get() + sign * v.vat_cents.get());
        }
    }
    let mut business_cases: Vec<dsfinvk::BusinessCaseTotal> = revenue
        .into_values()
        .rev()
        .map(|(rate, amounts)| dsfinvk::BusinessCaseTotal {
            business_case: BusinessCaseType::Umsatz,
            name: String::new(),
            vat_key: VatKey::for_rate(rate),
            amounts,
        })
        .collect();
    let mut moved: BTreeMap<BusinessCaseType, i64> = BTreeMap::new();
    let mut moved_cash = 0;
    for m in &figures.movements {
        let signed = match m.direction {
            CashDirection::In => m.total_cents.get(),
            CashDirection::Out => -m.total_cents.get(),
        };
        *moved.entry(movement_case(m.reason)).or_default() += signed;
        moved_cash += signed;
    }
    for (case, amount) in moved {
        business_cases.push(dsfinvk::BusinessCaseTotal {
            business_case: case,
            name: String::new(),
            vat_key: VatKey::NOT_TAXABLE,
            amounts: Amounts {
                gross: Cents::new(amount),
                net: Cents::new(amount),
                vat: Cents::ZERO,
            },
        });
    }
    let mut payments = Vec::new();
    let mut cash = moved_cash;
    let mut cash_seen = moved_cash != 0 || !figures.movements.is_empty();
    for tender in &figures.by_tender {
        let net = tender.total_cents.get() - tender.refunds_cents.get();
        if tender.method == "cash" {
            cash += net;
            cash_seen = true;
        } else {
            let (kind, name) = payment(&tender.method);
            payments.push(dsfinvk::PaymentTotal {
                payment_type: kind,
                name: name.to_owned(),
                amount: Cents::new(net),
            });
        }
    }
    if cash_seen {
        payments.insert(
            0,
            dsfinvk::PaymentTotal {
                payment_type: PaymentType::Bar,
                name: dsfinvk::CASH_PAYMENT_NAME.to_owned(),
                amount: Cents::new(cash),
            },
        );
    }
    dsfinvk::ClosingTotals {
        business_cases,
        payments,
        cash_per_currency: vec![dsfinvk::CurrencyAmount {
            currency: "EUR".into(),
            amount: Cents::new(cash),
        }],
    }
}
