//! CSV import through the CLI: German and international spreadsheets, bad rows, idempotent re-import.

use crate::helpers::{GERMAN_ARTICLES, TestStore};

#[test]
fn imports_a_german_spreadsheet_with_bom_semicolons_quotes_and_decimal_commas() {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    let out = store.ok(&["import", "articles", file.to_str().unwrap()]);
    assert!(out.contains("3 rows: 3 created"), "{out}");
    let (name, description, price, vat): (String, String, i64, i64) = store
        .db()
        .query_row(
            "SELECT name, description, price_cents, vat_rate FROM articles WHERE sku = 'T-1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), description.as_str(), price, vat),
        ("Gießkanne 10 l", "Robust; mit Brause", 1299, 19)
    );
    assert_eq!(
        store.count("SELECT price_cents FROM articles WHERE sku = 'T-3'"),
        123_450
    );
    assert_eq!(
        store.count("SELECT on_hand FROM articles WHERE sku = 'T-2'"),
        40
    );
}

#[test]
fn imports_comma_separated_files_with_decimal_points_in_any_column_order() {
    let store = TestStore::new();
    let csv = "name,price,sku,vat_rate,colour\n\"Rosenschere, klein\",9.95,R-1,19,rot\nHühnerfutter,18.5,R-2,7,\n";
    let file = store.write_file("a.csv", csv.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    assert_eq!(
        store.count("SELECT price_cents FROM articles WHERE sku = 'R-2'"),
        1850
    );
    assert_eq!(
        store.count("SELECT COUNT(*) FROM articles WHERE name = 'Rosenschere, klein'"),
        1
    );
}

#[test]
fn bad_rows_are_reported_by_line_and_change_nothing_while_good_rows_import() {
    let store = TestStore::new();
    let csv = "sku;ean;name;price;vat_rate\n\
               OK-1;;Gartenschere;19,99;19\n\
               BAD-EAN;4006381333932;Schlauch;9,99;19\n\
               NO-PRICE;;Harke;;19\n\
               BAD-VAT;;Spaten;29,99;16\n\
               ;;Ohne SKU;1,00;19\n\
               TOO;;many;1,00;19;extra\n\
               NEG;;Negativ;-5,00;19\n\
               OK-2;;Rechen;14,99;19\n";
    let file = store.write_file("bad.csv", csv.as_bytes());
    let out = store.run(&["import", "articles", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "some rows were rejected");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (line, reason) in [
        (3, "check digit"),
        (4, "price is empty"),
        (5, "VAT rate"),
        (6, "sku is empty"),
        (7, "fields"),
        (8, "price must be"),
    ] {
        let expected = format!("bad.csv:{line}: ");
        let hit = stderr
            .lines()
            .find(|l| l.contains(&expected))
            .unwrap_or_else(|| panic!("no error for line {line}: {stderr}"));
        assert!(hit.contains(reason), "line {line}: {hit}");
    }
    assert_eq!(store.count("SELECT COUNT(*) FROM articles"), 2);
}

#[test]
fn reimporting_the_same_file_changes_nothing_and_emits_nothing() {
    let store = TestStore::new();
    let file = store.write_file("artikel.csv", GERMAN_ARTICLES.as_bytes());
    store.ok(&["import", "articles", file.to_str().unwrap()]);
    let events = store.event_types().len();
    let out = store.ok(&["import", "articles", file.to_str().unwrap()]);
    assert!(out.contains("0 created, 0 updated, 3 unchanged"), "{out}");
    assert_eq!(store.event_types().len(), events);
    assert_eq!(
        store.count("SELECT on_hand FROM articles WHERE sku = 'T-1'"),
        10,
        "stock not imported twice"
    );
}

#[test]
fn a_file_without_required_columns_is_refused_whole() {
    let store = TestStore::new();
    let file = store.write_file("x.csv", b"sku;name\nA;B\n");
    let err = store.fails(&["import", "articles", file.to_str().unwrap()]);
    assert!(err.contains("required column \"price\""), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert_eq!(store.count("SELECT COUNT(*) FROM articles"), 0);
}

#[test]
fn a_file_saved_by_german_excel_in_windows_1252_imports_with_its_umlauts_and_says_so() {
    let store = TestStore::new();
    // "Gießkanne grün" with ß = 0xDF, ü = 0xFC, and "Säge „Profi“" with ä = 0xE4, „ = 0x84, “ = 0x93.
    let cp1252: &[u8] =
        b"sku;name;price;vat_rate\r\nW-1;Gie\xdfkanne gr\xfcn;12,99;19\r\nW-2;S\xe4ge \x84Profi\x93;24,90;19\r\n";
    let file = store.write_file("excel.csv", cp1252);
    let out = store.ok(&["import", "articles", file.to_str().unwrap()]);
    assert!(
        out.contains("2 created") && out.contains("read as Windows-1252"),
        "{out}"
    );
    let names: Vec<String> = {
        let db = store.db();
        let mut stmt = db
            .prepare("SELECT name FROM articles ORDER BY sku")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(names, ["Gießkanne grün", "Säge „Profi“"]);
}
