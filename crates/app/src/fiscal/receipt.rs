//! The printed receipt with what § 6 KassenSichV asks of it: store name and address, start and
//! end of the business case (Europe/Berlin), transaction number, signature counter, TSE serial,
//! signature, the VAT breakdown, the tender, "nicht zertifiziert" for the software TSE, and the
//! QR code in the DSFinV-K `V0` format — or "TSE ausgefallen" when it was made during an outage.
//! One layout: the command line prints [`PrintedReceipt::text`], the window shows the same TSE
//! lines ([`PrintedReceipt::tse_lines`]) and the QR code as SVG.

use crate::App;
use crate::usecases::UseCaseError;
use chrono::DateTime;
use chrono_tz::Europe::Berlin;
use filiale_domain::Cents;
use filiale_store::sales::{self, Receipt};
use filiale_store::tse::{self, TseRecordKind, TseRow};
use serde::Serialize;

const WIDTH: usize = 42;

/// One VAT rate of a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReceiptVat {
    /// A, B or C, as the lines are marked.
    pub code: String,
    pub rate: u8,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
}

/// What the TSE recorded for the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReceiptTse {
    /// `signed`, `outage`, or `none` (a sale from before the TSE was wired in).
    pub status: String,
    pub transaction_number: Option<i64>,
    pub signature_counter: Option<i64>,
    pub serial_number: Option<String>,
    pub signature: Option<String>,
    pub signature_algorithm: Option<String>,
    pub time_format: Option<String>,
    pub public_key: Option<String>,
    pub process_type: String,
    pub process_data: String,
    pub client_id: String,
    pub certified: bool,
    /// The QR code's content (DSFinV-K `V0`), when signed.
    pub qr_code: Option<String>,
}

/// A receipt as printed: the stored sale with everything the law asks to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PrintedReceipt {
    pub receipt: Receipt,
    pub store_name: String,
    pub address: String,
    pub till_id: Option<String>,
    pub cashier: Option<String>,
    /// Start and end of the business case, Europe/Berlin: `07.12.2026 10:15:03`.
    pub started_at: String,
    pub ended_at: String,
    pub vat: Vec<ReceiptVat>,
    pub tse: ReceiptTse,
    /// The TSE block as printed (both the terminal and the window show these lines).
    pub tse_lines: Vec<String>,
    /// The whole receipt as the terminal prints it.
    pub text: Vec<String>,
    /// The QR code as an SVG image, when signed.
    pub qr_svg: Option<String>,
}

/// A log time (seconds since 1970) in Berlin local time.
fn berlin_seconds(seconds: i64) -> String {
    DateTime::from_timestamp(seconds, 0).map_or_else(String::new, |t| {
        t.with_timezone(&Berlin)
            .format("%d.%m.%Y %H:%M:%S")
            .to_string()
    })
}

/// A stored RFC 3339 time in Berlin local time, to the second.
fn berlin_stored(stored: &str) -> String {
    DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.to_owned(),
        |t| {
            t.with_timezone(&Berlin)
                .format("%d.%m.%Y %H:%M:%S")
                .to_string()
        },
    )
}

fn rate_code(rate: i64) -> &'static str {
    match rate {
        19 => "A",
        7 => "B",
        _ => "C",
    }
}

fn two_columns(left: &str, right: &str) -> String {
    let pad = WIDTH
        .saturating_sub(left.chars().count() + right.chars().count())
        .max(1);
    format!("{left}{}{right}", " ".repeat(pad))
}

fn centred(text: &str) -> String {
    format!("{text:^WIDTH$}").trim_end().to_owned()
}

/// Splits a long value (signature, serial, QR content) into printable lines.
fn wrapped(label: &str, value: &str) -> Vec<String> {
    let mut out = vec![label.to_owned()];
    let chars: Vec<char> = value.chars().collect();
    for chunk in chars.chunks(WIDTH - 2) {
        out.push(format!("  {}", chunk.iter().collect::<String>()));
    }
    out
}

/// The TSE block of a receipt.
fn tse_block(row: Option<&TseRow>) -> (ReceiptTse, Vec<String>) {
    let Some(row) = row else {
        let tse = ReceiptTse {
            status: "none".into(),
            transaction_number: None,
            signature_counter: None,
            serial_number: None,
            signature: None,
            signature_algorithm: None,
            time_format: None,
            public_key: None,
            process_type: String::new(),
            process_data: String::new(),
            client_id: String::new(),
            certified: false,
            qr_code: None,
        };
        return (
            tse,
            vec!["Ohne TSE gebucht (vor Einführung der TSE)".into()],
        );
    };
    let mut tse = ReceiptTse {
        status: "outage".into(),
        transaction_number: None,
        signature_counter: None,
        serial_number: None,
        signature: None,
        signature_algorithm: None,
        time_format: None,
        public_key: None,
        process_type: row.process_type.clone(),
        process_data: row.process_data.clone(),
        client_id: row.client_id.clone(),
        certified: false,
        qr_code: None,
    };
    let mut lines = Vec::new();
    match (&row.signed, &row.outage) {
        (Some(signed), _) => {
            let device = &signed.device;
            tse.status = "signed".into();
            tse.transaction_number = Some(signed.transaction_number);
            tse.signature_counter = Some(signed.signature_counter);
            tse.serial_number = Some(device.serial_number.clone());
            tse.signature = Some(signed.signature.clone());
            tse.signature_algorithm = Some(device.signature_algorithm.clone());
            tse.time_format = Some(device.time_format.clone());
            tse.public_key = Some(device.public_key.clone());
            tse.certified = device.certified;
            tse.qr_code = Some(qr_code_v0(row, signed));
            lines.push(two_columns(
                "TSE-Transaktion",
                &signed.transaction_number.to_string(),
            ));
            lines.push(two_columns(
                "Signaturzähler",
                &signed.signature_counter.to_string(),
            ));
            lines.push(two_columns("Start", &berlin_seconds(signed.start_time)));
            lines.push(two_columns("Ende", &berlin_seconds(signed.end_time)));
            lines.push(two_columns("Kassen-Seriennr.", &row.client_id));
            lines.extend(wrapped("TSE-Seriennummer:", &device.serial_number));
            lines.extend(wrapped("Signatur:", &signed.signature));
            lines.push(two_columns("Algorithmus", &device.signature_algorithm));
            lines.push(two_columns("Zeitformat", &device.time_format));
            if !device.certified {
                lines.push("TSE nicht zertifiziert (Software-TSE,".into());
                lines.push("  nur für Schulung, Entwicklung, Tests)".into());
            }
        }
        (None, Some(outage)) => {
            lines.push(centred("*** TSE ausgefallen ***"));
            lines.push("Beleg ohne Signatur erstellt; der Ausfall".into());
            lines.push(format!(
                "ist protokolliert (seit {}).",
                berlin_stored(&outage.started_at)
            ));
        }
        (None, None) => lines.push(centred("*** TSE ausgefallen ***")),
    }
    (tse, lines)
}

/// The QR code content (DSFinV-K Anhang I, `V0`) of a stored signed business case.
fn qr_code_v0(row: &TseRow, signed: &tse::SignedRow) -> String {
    let iso = |seconds: i64| filiale_tse::LogTime::from_unix_seconds(seconds).to_iso8601();
    [
        "V0".to_owned(),
        row.client_id.clone(),
        row.process_type.clone(),
        row.process_data.clone(),
        signed.transaction_number.to_string(),
        signed.signature_counter.to_string(),
        iso(signed.start_time),
        iso(signed.end_time),
        signed.device.signature_algorithm.clone(),
        signed.device.time_format.clone(),
        signed.signature.clone(),
        signed.device.public_key.clone(),
    ]
    .join(";")
}

/// The QR code of `content` as an SVG image (black modules on white, a quiet zone around).
pub fn qr_svg(content: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(content, qrcode::EcLevel::L).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .build(),
    )
}

impl App {
    /// Receipt `receipt_no` as printed, with its TSE data and QR code.
    pub fn printed_receipt(&self, receipt_no: i64) -> Result<PrintedReceipt, UseCaseError> {
        let (receipt, extras, row) = self.store.read(|db| {
            let receipt = sales::receipt(db, receipt_no)?
                .ok_or(filiale_store::StoreError::UnknownReceipt(receipt_no))?;
            let extras = filiale_store::fiscal::receipt_extras(db, receipt_no)?;
            let row = tse::for_record(db, TseRecordKind::Sale, receipt_no)?;
            Ok((receipt, extras, row))
        })?;
        let (tse, tse_lines) = tse_block(row.as_ref());
        let (started_at, ended_at) = match row.as_ref().and_then(|r| r.signed.as_ref()) {
            Some(signed) => (
                berlin_seconds(signed.start_time),
                berlin_seconds(signed.end_time),
            ),
            None => (
                berlin_stored(&receipt.completed_at),
                berlin_stored(&receipt.completed_at),
            ),
        };
        let vat = extras
            .vat
            .iter()
            .map(|v| ReceiptVat {
                code: rate_code(i64::from(v.rate.percent())).to_owned(),
                rate: v.rate.percent(),
                net_cents: v.net_cents.get(),
                vat_cents: v.vat_cents.get(),
                gross_cents: v.gross_cents.get(),
            })
            .collect();
        let qr_svg = tse.qr_code.as_deref().and_then(qr_svg);
        let mut printed = PrintedReceipt {
            receipt,
            store_name: self.config.store.store_name.clone(),
            address: self.config.store.address.clone(),
            till_id: extras.till_id,
            cashier: extras.cashier,
            started_at,
            ended_at,
            vat,
            tse,
            tse_lines,
            text: Vec::new(),
            qr_svg,
        };
        printed.text = layout(&printed);
        Ok(printed)
    }
}

/// The whole receipt as the terminal prints it.
fn layout(p: &PrintedReceipt) -> Vec<String> {
    let rule = "-".repeat(WIDTH);
    let r = &p.receipt;
    let mut out = vec![centred(&p.store_name)];
    if !p.address.is_empty() {
        out.push(centred(&p.address));
    }
    out.push(rule.clone());
    out.push(two_columns(
        &format!("Bon-Nr. {}", r.receipt_no),
        &p.ended_at,
    ));
    if let Some(till) = &p.till_id {
        let cashier = p.cashier.as_deref().unwrap_or("");
        out.push(two_columns(&format!("Kasse {till}"), cashier));
    }
    out.push(rule.clone());
    for line in &r.lines {
        out.push(line.name.clone());
        out.push(two_columns(
            &format!(
                "  {} x {}",
                line.quantity,
                Cents::new(line.unit_price_cents).to_german()
            ),
            &format!(
                "{} {}",
                Cents::new(line.line_total_cents).to_german(),
                rate_code(line.vat_rate)
            ),
        ));
    }
    out.push(rule.clone());
    out.push(two_columns(
        "SUMME EUR",
        &Cents::new(r.total_cents).to_german(),
    ));
    if r.method == "cash" {
        out.push(two_columns(
            "Bar",
            &Cents::new(r.tendered_cents.unwrap_or(r.total_cents)).to_german(),
        ));
        out.push(two_columns(
            "Rückgeld",
            &Cents::new(r.change_cents).to_german(),
        ));
    } else {
        out.push(two_columns("Karte", &Cents::new(r.total_cents).to_german()));
    }
    out.push(rule.clone());
    out.push(format!(
        "{:<6}{:>12}{:>12}{:>12}",
        "USt", "Netto", "USt", "Brutto"
    ));
    for v in &p.vat {
        out.push(format!(
            "{:<6}{:>12}{:>12}{:>12}",
            format!("{} {}%", v.code, v.rate),
            Cents::new(v.net_cents).to_german(),
            Cents::new(v.vat_cents).to_german(),
            Cents::new(v.gross_cents).to_german()
        ));
    }
    if let Some(no) = &r.customer_no {
        out.push(format!("Kunde: {no}"));
    }
    out.push(rule.clone());
    out.extend(p.tse_lines.iter().cloned());
    if let Some(qr) = &p.tse.qr_code {
        out.push(rule.clone());
        out.extend(wrapped("QR-Code (V0):", qr));
    }
    out.push(rule);
    out.push(centred("Vielen Dank für Ihren Einkauf!"));
    out
}
