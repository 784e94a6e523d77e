//! Golden byte files: each receipt type must encode to exactly the bytes in tests/golden/*.bin.
//! After an intended change, regenerate them with `UPDATE_GOLDEN=1 cargo test -p filiale-printer`
//! and look at the decoded difference before committing.

use filiale_printer::{
    PaperWidth, PrintDocument, PrinterProfile, decode, encode, test_print_document,
};

use crate::receipts::{Payment, STORE, refund_receipt, sale_receipt, z_report};
use crate::support::{crate_dir, profile_with_logo};

fn golden_cases() -> Vec<(&'static str, PrintDocument, PrinterProfile)> {
    vec![
        (
            "sale_cash_80mm",
            sale_receipt(Payment::Cash),
            profile_with_logo(PaperWidth::Mm80),
        ),
        (
            "sale_card_58mm",
            sale_receipt(Payment::Card),
            profile_with_logo(PaperWidth::Mm58),
        ),
        (
            "refund_80mm",
            refund_receipt(),
            profile_with_logo(PaperWidth::Mm80),
        ),
        (
            "z_report_80mm",
            z_report(),
            PrinterProfile::new(PaperWidth::Mm80),
        ),
        (
            "test_print_80mm",
            test_print_document(STORE),
            PrinterProfile::new(PaperWidth::Mm80),
        ),
        (
            "test_print_58mm",
            test_print_document(STORE),
            PrinterProfile::new(PaperWidth::Mm58),
        ),
    ]
}

#[test]
fn every_receipt_type_encodes_to_its_golden_bytes() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let directory = crate_dir().join("tests/golden");
    let mut mismatches = Vec::new();
    for (name, document, profile) in golden_cases() {
        let path = directory.join(format!("{name}.bin"));
        let bytes = encode(&document, &profile);
        if update {
            std::fs::write(&path, &bytes).unwrap();
            continue;
        }
        let golden = std::fs::read(&path).unwrap_or_else(|error| {
            panic!(
                "{}: {error}; create it with UPDATE_GOLDEN=1 cargo test -p filiale-printer",
                path.display()
            )
        });
        if golden != bytes {
            let first_difference = golden
                .iter()
                .zip(&bytes)
                .position(|(a, b)| a != b)
                .unwrap_or(golden.len().min(bytes.len()));
            let old = decode(&golden).map(|job| job.texts());
            let new = decode(&bytes).map(|job| job.texts());
            mismatches.push(format!(
                "{name}: {} bytes in the golden file, {} encoded, first difference at byte {first_difference}\n\
                 golden lines: {old:#?}\nencoded lines: {new:#?}",
                golden.len(),
                bytes.len()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\nIf the change is intended: UPDATE_GOLDEN=1 cargo test -p filiale-printer",
        mismatches.join("\n")
    );
}

#[test]
fn the_golden_files_are_receipts_a_printer_prints() {
    for (name, _, profile) in golden_cases() {
        let path = crate_dir().join(format!("tests/golden/{name}.bin"));
        let bytes = std::fs::read(&path).unwrap();
        let job = decode(&bytes).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(job.code_pages(), [19], "{name}");
        assert_eq!(job.cuts(), 1, "{name}");
        assert_eq!(
            job.widest_line(),
            profile.paper.columns(),
            "{name} fills its paper width"
        );
        assert!(
            job.line_containing("€").is_some() || name.starts_with("test_print"),
            "{name}"
        );
        let expect_kick = name.starts_with("sale_cash") || name.starts_with("refund");
        assert_eq!(job.drawer_kicks(), usize::from(expect_kick), "{name}");
    }
}
