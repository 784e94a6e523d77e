//! Fuzzes the article and customer CSV parsers that `filiale import` runs on a store's files:
//! whatever the bytes, a file is either refused whole with a reason about its header, or split
//! into valid rows and line-numbered row errors, each line accounted for once.

#![no_main]

use filiale_app::import::{RowError, articles, customers};
use filiale_domain::Cents;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // The first byte picks the format, so one corpus covers both.
    let Some((&which, file)) = bytes.split_first() else {
        return;
    };
    let lines = physical_lines(file);
    if which & 1 == 0 {
        check_articles(file, lines);
    } else {
        check_customers(file, lines);
    }
});

/// Lines of the file as an editor counts them: "\r\n", "\n" and a bare "\r" end a line, and a
/// final line without an ending counts.
fn physical_lines(file: &[u8]) -> u64 {
    let breaks = file
        .iter()
        .enumerate()
        .filter(|(i, b)| **b == b'\n' || (**b == b'\r' && file.get(i + 1) != Some(&b'\n')))
        .count();
    breaks as u64 + 1
}

fn check_articles(file: &[u8], lines: u64) {
    let Ok((rows, errors)) = articles::parse(file) else {
        return;
    };
    let valid_lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
    check_lines(&valid_lines, &errors, lines);
    for row in &rows {
        let a = &row.article;
        assert!(!a.sku.as_str().is_empty(), "line {}: empty SKU", row.line);
        assert!(!a.name.trim().is_empty(), "line {}: empty name", row.line);
        assert!(
            (Cents::ZERO..=filiale_domain::money::MAX_AMOUNT).contains(&a.price),
            "line {}: price {:?} out of range",
            row.line,
            a.price
        );
        // What the back office shows must read back as the same amount.
        assert_eq!(
            Cents::parse_eur(&a.price.to_german()),
            Ok(a.price),
            "line {}: price does not survive German formatting",
            row.line
        );
        assert!(a.pack_size >= 1, "line {}: pack size 0", row.line);
        assert!(
            a.reorder_point >= 0,
            "line {}: negative reorder point",
            row.line
        );
        if let Some(ean) = &a.ean {
            assert_eq!(ean.as_str().len(), 13, "line {}: EAN {ean:?}", row.line);
        }
        // The SKU is taken from the file, never made up.
        let text = String::from_utf8_lossy(file);
        assert!(
            text.contains(a.sku.as_str()),
            "line {}: SKU {:?} is not in the file",
            row.line,
            a.sku.as_str()
        );
    }
}

fn check_customers(file: &[u8], lines: u64) {
    let Ok((rows, errors)) = customers::parse(file) else {
        return;
    };
    let valid_lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
    check_lines(&valid_lines, &errors, lines);
    for row in &rows {
        let customer = row
            .draft
            .validate("K-1")
            .unwrap_or_else(|e| panic!("line {}: accepted row fails validation: {e}", row.line));
        assert!(
            !customer.name.trim().is_empty(),
            "line {}: empty name",
            row.line
        );
    }
}

/// Every reported line lies after the header and inside the file, errors come sorted and
/// carry a reason, and no line is both accepted and rejected, or accepted twice.
fn check_lines(valid: &[u64], errors: &[RowError], lines: u64) {
    for line in valid.iter().chain(errors.iter().map(|e| &e.line)) {
        assert!(
            (2..=lines).contains(line),
            "line {line} outside 2..={lines}"
        );
    }
    assert!(
        valid.windows(2).all(|w| w[0] < w[1]),
        "valid rows out of order or repeated: {valid:?}"
    );
    assert!(
        errors.windows(2).all(|w| w[0].line <= w[1].line),
        "errors not sorted by line"
    );
    for error in errors {
        assert!(
            !error.reason.trim().is_empty(),
            "line {}: error without reason",
            error.line
        );
        assert!(
            valid.binary_search(&error.line).is_err(),
            "line {} both accepted and rejected",
            error.line
        );
    }
}
