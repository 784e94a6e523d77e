//! The DSFinV-K export (`filiale export dsfinvk --from --to OUT.zip`): the store's daily closings
//! of a range of business days, grouped by till and closing, with every sale, refund and cash
//! movement as a single record and its TSE transaction (or outage). The closing totals come from
//! the stored Z-report, not from the receipts, so the writer's check that the receipts add up to
//! each closing to the cent is a real one.

use super::{FiscalError, client_id};
use crate::App;
use crate::usecases::UseCaseError;
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use chrono_tz::Europe::Berlin;
use filiale_domain::till_report::{CashDirection, CashReason, TillFigures};
use filiale_domain::{Cents, VatRate};
use filiale_dsfinvk as dsfinvk;
use filiale_dsfinvk::{
    Amounts, BusinessCaseType, PaymentType, PriceComponentKind, Quantity, ReceiptType, VatKey,
};
use filiale_store::fiscal::{ClosingSource, MovementSource, RefundSource, SaleSource};
use filiale_store::tse::{self, Device, TseRecordKind, TseRow};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DsfinvkSummary {
    pub path: String,
    pub closings: i64,
    /// Single records (sales, refunds, cash movements).
    pub receipts: i64,
    pub lines: i64,
    /// Records made during a TSE outage.
    pub outages: i64,
    pub first_day: String,
    pub last_day: String,
}

/// Name of the card payment in the export.
const CARD_PAYMENT_NAME: &str = "Karte";

fn local(stored: &str) -> NaiveDateTime {
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
struct Context<'a> {
    till: &'a str,
    kasse_id: String,
    rows: &'a BTreeMap<(TseRecordKind, i64), TseRow>,
    /// The TSE an unsigned record names (the one in use, or the first known).
    outage_tse: u32,
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

    fn sale(&self, sale: &SaleSource) -> dsfinvk::Receipt {
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
                    (l.sku.as_str(), l.ean.as_deref(), l.name.as_str(), l.category.as_str(), l.unit.as_str()),
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

    fn refund(&self, refund: &RefundSource) -> dsfinvk::Receipt {
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
                    (l.sku.as_str(), l.ean.as_deref(), l.name.as_str(), l.category.as_str(), l.unit.as_str()),
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

    fn movement(&self, m: &MovementSource) -> Result<dsfinvk::CashMovement, UseCaseError> {
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
            at: self.times(TseRecordKind::CashMovement, m.id, &m.recorded_at).1,
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
fn totals(figures: &TillFigures) -> dsfinvk::ClosingTotals {
    let mut revenue: BTreeMap<u8, (VatRate, Amounts)> = BTreeMap::new();
    for (lines, sign) in [(&figures.turnover_by_vat, 1_i64), (&figures.refunds_by_vat, -1_i64)] {
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

fn parse_day(text: &str) -> Result<NaiveDate, FiscalError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| FiscalError::BadRange {
        detail: format!(
            "{text:?} ist kein Datum JJJJ-MM-TT / {text:?} is not a date YYYY-MM-DD"
        ),
    })
}

/// "Lindenweg 12, 49377 Vechta" as street, postcode and city.
fn address_parts(address: &str) -> (String, String, String) {
    match address.rsplit_once(',') {
        Some((street, place)) => {
            let place = place.trim();
            match place.split_once(' ') {
                Some((postcode, city)) => (street.trim().into(), postcode.into(), city.into()),
                None => (street.trim().into(), String::new(), place.into()),
            }
        }
        None => (address.trim().into(), String::new(), String::new()),
    }
}

impl App {
    /// Writes the DSFinV-K export of the closings of business days `from`..=`to` (one till or
    /// all) to `out`. Refuses an empty range, a range whose tills are not closed yet, and
    /// closings whose records do not add up to the Z-report to the cent; writes nothing then.
    pub fn export_dsfinvk(
        &self,
        from: &str,
        to: &str,
        till: Option<&str>,
        out: &Path,
    ) -> Result<DsfinvkSummary, UseCaseError> {
        if let Some(till) = till {
            crate::config::validate_till_id(till)
                .map_err(|e| UseCaseError::Input(e.to_string()))?;
        }
        let (first, last) = (parse_day(from)?, parse_day(to)?);
        if first > last {
            return Err(FiscalError::BadRange {
                detail: format!("{first} liegt nach {last} / {first} is after {last}"),
            }
            .into());
        }
        let (from, to) = (first.to_string(), last.to_string());
        let (closings, rows, devices, unclosed) = self.store.read(|db| {
            let closings = filiale_store::fiscal::closings_between(db, &from, &to, till)?;
            let mut rows = BTreeMap::new();
            for c in &closings {
                let ids = c
                    .sales
                    .iter()
                    .map(|s| (TseRecordKind::Sale, s.receipt_no))
                    .chain(c.refunds.iter().map(|r| (TseRecordKind::Refund, r.refund_no)))
                    .chain(
                        c.movements
                            .iter()
                            .map(|m| (TseRecordKind::CashMovement, m.id)),
                    );
                for (kind, id) in ids {
                    if let Some(row) = tse::for_record(db, kind, id)? {
                        rows.insert((kind, id), row);
                    }
                }
            }
            let unclosed = filiale_store::fiscal::unclosed_between(db, &from, &to, till)?;
            Ok((closings, rows, tse::devices(db)?, unclosed))
        })?;
        if closings.is_empty() {
            let (sessions, sales) = unclosed;
            return Err(if sessions > 0 {
                FiscalError::NotClosedYet {
                    from,
                    to,
                    sessions,
                    sales,
                }
            } else {
                FiscalError::NothingInRange { from, to }
            }
            .into());
        }
        let devices = self.known_devices(devices)?;
        let input = self.export_input(&closings, &rows, &devices)?;
        let output = |e: &dyn std::fmt::Display| FiscalError::Output {
            path: out.display().to_string(),
            detail: e.to_string(),
        };
        // Written beside the target and renamed: a refused export leaves no half file behind.
        let partial = out.with_extension("zip.partial");
        let file = std::fs::File::create(&partial).map_err(|e| output(&e))?;
        let written = dsfinvk::write_export(&input, &file);
        let summary = match written {
            Ok(summary) => summary,
            Err(error) => {
                let _ = std::fs::remove_file(&partial);
                return Err(FiscalError::Export {
                    de: error.message_de(),
                    en: error.message_en(),
                }
                .into());
            }
        };
        file.sync_all().map_err(|e| output(&e))?;
        std::fs::rename(&partial, out).map_err(|e| output(&e))?;
        let outages = input
            .closings
            .iter()
            .flat_map(|c| {
                c.receipts
                    .iter()
                    .map(|r| &r.tse)
                    .chain(c.cash_movements.iter().map(|m| &m.tse))
            })
            .filter(|t| matches!(t, dsfinvk::TseRecord::Outage { .. }))
            .count();
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        Ok(DsfinvkSummary {
            path: out.display().to_string(),
            closings: count(summary.closings),
            receipts: count(summary.receipts),
            lines: count(summary.lines),
            outages: count(outages),
            first_day: summary.first_day.to_string(),
            last_day: summary.last_day.to_string(),
        })
    }

    /// [`App::export_dsfinvk`] into `<data-dir>/exports/dsfinvk_<from>_<to>.zip` (the window's
    /// export: it names no path of its own).
    pub fn export_dsfinvk_to_exports(
        &self,
        from: &str,
        to: &str,
        till: Option<&str>,
    ) -> Result<DsfinvkSummary, UseCaseError> {
        let dir = self.config.data_dir.join("exports");
        crate::config::create_private_dir(&dir).map_err(|e| FiscalError::Output {
            path: dir.display().to_string(),
            detail: e.to_string(),
        })?;
        let name = format!(
            "dsfinvk_{}_{}{}.zip",
            parse_day(from)?,
            parse_day(to)?,
            till.map(|t| format!("_{t}")).unwrap_or_default()
        );
        self.export_dsfinvk(from, to, till, &dir.join(name))
    }

    /// The TSEs that signed here; when none ever did (every record made during an outage), the
    /// configured TSE as it describes itself, so that the export can name it.
    fn known_devices(&self, devices: Vec<Device>) -> Result<Vec<Device>, UseCaseError> {
        if !devices.is_empty() {
            return Ok(devices);
        }
        let info = self
            .tse
            .get()
            .and_then(|tse| tse.info())
            .map_err(FiscalError::TseUnreachable)?;
        Ok(vec![Device {
            id: 1,
            serial_number: info.serial_number,
            public_key: info.public_key,
            signature_algorithm: info.signature_algorithm,
            time_format: info.time_format.as_str().to_owned(),
            certified: info.certified,
            description: info.description,
            first_used_at: String::new(),
        }])
    }

    fn export_input(
        &self,
        closings: &[ClosingSource],
        rows: &BTreeMap<(TseRecordKind, i64), TseRow>,
        devices: &[Device],
    ) -> Result<dsfinvk::ExportInput, UseCaseError> {
        let store = &self.config.store;
        let company = &store.company;
        let (street, postcode, city) = if company.street.is_empty() {
            address_parts(&store.address)
        } else {
            (
                company.street.clone(),
                company.postcode.clone(),
                company.city.clone(),
            )
        };
        let address = dsfinvk::Address {
            street,
            postcode,
            city,
            country: "DEU".into(),
        };
        let units: Vec<dsfinvk::TseUnit> = devices
            .iter()
            .map(|d| dsfinvk::TseUnit {
                tse_id: u32::try_from(d.id).unwrap_or(u32::MAX),
                serial_number: d.serial_number.clone(),
                signature_algorithm: d.signature_algorithm.clone(),
                time_format: d.time_format.clone(),
                process_data_encoding: dsfinvk::ProcessDataEncoding::Utf8,
                public_key: d.public_key.clone(),
                certificate: dsfinvk::TseCertificate::NotCertified(if d.certified {
                    d.description.clone()
                } else {
                    format!("nicht zertifiziert: {}", d.description)
                }),
            })
            .collect();
        let outage_tse = units.last().map_or(1, |u| u.tse_id);
        let mut registers: BTreeMap<String, dsfinvk::CashRegister> = BTreeMap::new();
        let mut out = Vec::with_capacity(closings.len());
        for source in closings {
            let till = source.closing.till_id.as_str();
            let kasse_id = client_id(till).map_err(FiscalError::TseRefused)?.to_string();
            registers
                .entry(kasse_id.clone())
                .or_insert_with(|| dsfinvk::CashRegister {
                    kasse_id: kasse_id.clone(),
                    brand: "Filiale".into(),
                    model: "Filiale Kasse".into(),
                    serial_number: till.to_owned(),
                    software_brand: "Filiale".into(),
                    software_version: env!("CARGO_PKG_VERSION").into(),
                    base_currency: "EUR".into(),
                    location: dsfinvk::Location {
                        name: store.store_name.clone(),
                        address: address.clone(),
                        vat_id: company.vat_id.clone(),
                    },
                    tses: units.clone(),
                    terminals: Vec::new(),
                });
            let context = Context {
                till,
                kasse_id: kasse_id.clone(),
                rows,
                outage_tse,
            };
            let mut receipts: Vec<dsfinvk::Receipt> =
                source.sales.iter().map(|s| context.sale(s)).collect();
            receipts.extend(source.refunds.iter().map(|r| context.refund(r)));
            let cash_movements = source
                .movements
                .iter()
                .map(|m| context.movement(m))
                .collect::<Result<Vec<_>, _>>()?;
            out.push(dsfinvk::Closing {
                kasse_id: context.kasse_id.clone(),
                z_nr: u64::try_from(source.closing.z_no).unwrap_or(0),
                created_at: local(&source.closing.closed_at),
                business_day: NaiveDate::parse_from_str(&source.closing.business_day, "%Y-%m-%d")
                    .ok(),
                receipts,
                cash_movements,
                totals: totals(&source.closing.figures),
            });
        }
        Ok(dsfinvk::ExportInput {
            company: dsfinvk::Company {
                name: if company.name.is_empty() {
                    store.store_name.clone()
                } else {
                    company.name.clone()
                },
                address,
                tax_number: company.tax_number.clone(),
                vat_id: company.vat_id.clone(),
            },
            cash_registers: registers.into_values().collect(),
            vat_rates: dsfinvk::VatRateEntry::standard_table(),
            closings: out,
            taxonomy_version: dsfinvk::TAXONOMY_VERSION.into(),
        })
    }
}
