//! What the writer refuses, with German and English messages, before writing a byte: an empty
//! range, closings that do not reconcile with their receipts to the cent, unknown keys and text
//! too long for its column.

mod support;

use filiale_domain::Cents;
use filiale_dsfinvk::{ExportError, Mismatch, VatKey, write_export};
use std::io::Cursor;

fn refused(input: &filiale_dsfinvk::ExportInput) -> ExportError {
    let mut out = Cursor::new(Vec::new());
    let error = write_export(input, &mut out).unwrap_err();
    assert!(out.get_ref().is_empty(), "nothing is written when refused");
    error
}

#[test]
fn the_sample_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::sample_input(dir.path());
    let mut out = Cursor::new(Vec::new());
    let summary = write_export(&input, &mut out).unwrap();
    assert_eq!(summary.closings, 3);
    assert_eq!(summary.lines, 11);
    assert_eq!(summary.first_day.to_string(), "2026-12-01");
    assert_eq!(summary.last_day.to_string(), "2026-12-02");
    assert!(out.get_ref().starts_with(b"PK"));
}

#[test]
fn an_empty_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = support::sample_input(dir.path());
    input.closings.clear();
    let error = refused(&input);
    assert!(matches!(error, ExportError::NothingToExport));
    assert!(error.message_de().contains("keinen Kassenabschluss"));
    assert!(error.message_en().contains("no daily closing"));
}

#[test]
fn a_closing_a_cent_off_its_receipts_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = support::sample_input(dir.path());
    input.closings[2].totals.business_cases[0].amounts.gross = Cents::new(1251);
    input.closings[2].totals.business_cases[0].amounts.net = Cents::new(1051);
    let error = refused(&input);
    let ExportError::Unbalanced { closing, mismatch } = &error else {
        panic!("{error}");
    };
    assert_eq!(closing.kasse_id, "KASSE-2");
    assert_eq!(closing.z_nr, 1);
    assert_eq!(
        *mismatch,
        Mismatch::BusinessCase {
            business_case: "Umsatz".into(),
            vat_key: VatKey::STANDARD,
            receipts: Cents::new(1250),
            closing: Cents::new(1251),
        }
    );
    assert!(
        error.message_de().contains("Kassenabschluss KASSE-2 Z1"),
        "{error}"
    );
    assert!(
        error.message_en().contains("daily closing KASSE-2 Z1"),
        "{error}"
    );
}

#[test]
fn payments_vat_and_cash_must_match_too() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::sample_input(dir.path());

    let mut card_off = input.clone();
    card_off.closings[0].totals.payments[1].amount = Cents::new(1895);
    assert!(matches!(
        refused(&card_off),
        ExportError::Unbalanced {
            mismatch: Mismatch::Payment { .. },
            ..
        }
    ));

    let mut vat_shifted = input.clone();
    let case = &mut vat_shifted.closings[0].totals.business_cases[0].amounts;
    case.vat = Cents::new(case.vat.get() + 1);
    case.net = Cents::new(case.net.get() - 1);
    assert!(matches!(
        refused(&vat_shifted),
        ExportError::Unbalanced {
            mismatch: Mismatch::ClosingVat { .. },
            ..
        }
    ));

    let mut drawer_off = input.clone();
    drawer_off.closings[1].totals.cash_per_currency[0].amount = Cents::new(-4800);
    assert!(matches!(
        refused(&drawer_off),
        ExportError::Unbalanced {
            mismatch: Mismatch::Cash { .. },
            ..
        }
    ));

    let mut underpaid = input.clone();
    underpaid.closings[0].receipts[0].payments[0].amount = Cents::new(2996);
    let error = refused(&underpaid);
    assert!(matches!(
        &error,
        ExportError::Unbalanced {
            mismatch: Mismatch::ReceiptPayments { .. },
            ..
        }
    ));
    assert!(error.to_string().contains("Bon K1-1"), "{error}");
    assert!(error.to_string().contains("receipt K1-1"), "{error}");

    let mut line_off = input.clone();
    line_off.closings[0].receipts[0].lines[0].amounts.vat = Cents::new(66);
    assert!(matches!(
        refused(&line_off),
        ExportError::Unbalanced {
            mismatch: Mismatch::NetPlusVat { .. },
            ..
        }
    ));

    let mut discount_off = input.clone();
    discount_off.closings[0].receipts[1].lines[0].price_components[1]
        .amounts
        .gross = Cents::new(-152);
    discount_off.closings[0].receipts[1].lines[0].price_components[1]
        .amounts
        .net = Cents::new(-128);
    assert!(matches!(
        refused(&discount_off),
        ExportError::Unbalanced {
            mismatch: Mismatch::PriceComponents { .. },
            ..
        }
    ));
}

#[test]
fn unknown_keys_and_tills_and_overlong_text_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::sample_input(dir.path());

    let mut no_reduced_rate = input.clone();
    no_reduced_rate
        .vat_rates
        .retain(|entry| entry.key != VatKey::REDUCED);
    assert!(matches!(
        refused(&no_reduced_rate),
        ExportError::UnknownVatKey {
            vat_key: VatKey::REDUCED,
            ..
        }
    ));

    let mut unknown_till = input.clone();
    unknown_till.cash_registers.pop();
    assert!(matches!(
        refused(&unknown_till),
        ExportError::UnknownCashRegister { .. }
    ));

    let mut twice = input.clone();
    twice.closings.push(twice.closings[0].clone());
    assert!(matches!(
        refused(&twice),
        ExportError::DuplicateClosing { .. }
    ));

    let mut long_name = input.clone();
    long_name.closings[0].receipts[0].cashier.name = "x".repeat(51);
    let error = refused(&long_name);
    assert!(matches!(
        error,
        ExportError::TextTooLong {
            file: "transactions.csv",
            column: "BEDIENER_NAME",
            max: 50,
            ..
        }
    ));
}
