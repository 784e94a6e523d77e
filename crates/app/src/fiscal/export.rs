//! The DSFinV-K export (`filiale export dsfinvk --from --to OUT.zip`): the store's daily closings
//! of a range of business days, grouped by till and closing, with every sale, refund and cash
//! movement as a single record and its TSE transaction (or outage) (mapped in `export_map`). The
//! closing totals come from the stored Z-report, not from the receipts, so the writer's check that
//! the receipts add up to each closing to the cent is a real one.

use super::export_map::{Context, local, totals};
use super::{FiscalError, client_id};
use crate::App;
use crate::usecases::UseCaseError;
use chrono::NaiveDate;
use filiale_dsfinvk as dsfinvk;
use filiale_store::fiscal::ClosingSource;
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

fn parse_day(text: &str) -> Result<NaiveDate, FiscalError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| FiscalError::BadRange {
        detail: format!("{text:?} ist kein Datum JJJJ-MM-TT / {text:?} is not a date YYYY-MM-DD"),
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
                    .chain(
                        c.refunds
                            .iter()
                            .map(|r| (TseRecordKind::Refund, r.refund_no)),
                    )
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
            let kasse_id = client_id(till)
                .map_err(FiscalError::TseRefused)?
                .to_string();
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
