//! Tests of barcode parsing: real GS1 codes, German in-store labels, the `[barcodes]` configuration,
//! and a generated sweep showing that every single wrong digit is refused.

use super::*;

fn german() -> InStoreLayouts {
    InStoreLayouts::german_default()
}

fn article(code: &str) -> InStoreArticleCode {
    InStoreArticleCode(code.to_owned())
}

#[test]
fn accepts_real_gtins_of_every_format_and_normalises_them() {
    let cases = [
        ("4006381333931", "4006381333931"),     // EAN-13, German article
        ("5901234123457", "5901234123457"),     // EAN-13, GS1 example
        ("9501101531000", "9501101531000"),     // EAN-13, GS1 example
        ("96385074", "0000096385074"),          // EAN-8
        ("95012346", "0000095012346"),          // EAN-8, GS1 example
        ("036000291452", "0036000291452"),      // UPC-A
        ("042100005264", "0042100005264"),      // UPC-A
        ("10012345678902", "10012345678902"),   // GTIN-14, packaging indicator 1
        ("19501101531007", "19501101531007"),   // GTIN-14, packaging indicator 1
        ("00012345600012", "0012345600012"),    // GTIN-14 with indicator 0 is the 13-digit GTIN
        ("  4006381333931\n", "4006381333931"), // scanner suffix
    ];
    for (text, normalised) in cases {
        let gtin = Gtin::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(gtin.as_str(), normalised, "{text}");
        assert_eq!(
            Scanned::parse(text, &german()),
            Ok(Scanned::Gtin(gtin)),
            "{text}"
        );
    }
    // One item, one spelling: the UPC-A and its EAN-13 form are the same GTIN.
    assert_eq!(Gtin::parse("036000291452"), Gtin::parse("0036000291452"));
}

#[test]
fn refuses_wrong_check_digits_and_names_the_right_one() {
    let cases = [
        ("4006381333932", GtinFormat::Ean13, 1),
        ("5901234123450", GtinFormat::Ean13, 7),
        ("96385073", GtinFormat::Ean8, 4),
        ("036000291453", GtinFormat::UpcA, 2),
        ("10012345678903", GtinFormat::Gtin14, 2),
        ("2212345012993", GtinFormat::Ean13, 2), // in-store label: outer check digit first
    ];
    for (text, format, expected) in cases {
        let refusal = BarcodeError::BadCheckDigit {
            code: text.to_owned(),
            format,
            expected,
        };
        assert_eq!(Gtin::parse(text), Err(refusal.clone()), "{text}");
        assert_eq!(Scanned::parse(text, &german()), Err(refusal), "{text}");
    }
}

#[test]
fn refuses_text_that_is_no_barcode() {
    let not_digits = [
        "400638133393X",
        "4006 381333931",
        "-96385074",
        "９６３８５０７４",
        "GF-10001",
    ];
    for text in not_digits {
        assert!(
            matches!(
                Scanned::parse(text, &german()),
                Err(BarcodeError::NotDigits { .. })
            ),
            "{text}"
        );
    }
    for (text, length) in [("", 0), ("   ", 0), ("9638507", 7), ("400638133393100", 15)] {
        assert_eq!(
            Scanned::parse(text, &german()),
            Err(BarcodeError::WrongLength {
                text: text.trim().to_owned(),
                length
            }),
            "{text:?}"
        );
    }
    for text in ["1234567890", "12345678901", "400638133393100"] {
        assert!(
            matches!(Gtin::parse(text), Err(BarcodeError::WrongLength { .. })),
            "{text}"
        );
    }
}

#[test]
fn converts_to_the_article_masters_ean_where_it_has_13_digits() {
    let ean = Ean::parse("4006381333931").unwrap();
    assert_eq!(
        Gtin::parse("4006381333931").unwrap().to_ean(),
        Some(ean.clone())
    );
    assert_eq!(Gtin::from(ean.clone()).as_str(), ean.as_str());
    assert_eq!(
        Gtin::parse("96385074").unwrap().to_ean(),
        Some(Ean::parse("0000096385074").unwrap())
    );
    assert_eq!(
        Gtin::parse("00012345600012").unwrap().to_ean(),
        Some(Ean::parse("0012345600012").unwrap())
    );
    assert_eq!(Gtin::parse("10012345678902").unwrap().to_ean(), None);
    let json = serde_json::to_string(&Gtin::parse("96385074").unwrap()).unwrap();
    assert_eq!(json, "\"0000096385074\"");
    assert!(serde_json::from_str::<Gtin>("\"96385073\"").is_err());
}

#[test]
fn price_weight_check_digit_follows_the_gs1_examples() {
    // GS1 General Specifications' worked examples, and the two German labels biip's tests use.
    let cases: [(&[u8], Option<u8>); 7] = [
        (&[2, 8, 7, 5], Some(9)),
        (&[1, 4, 6, 8, 5], Some(6)),
        (&[0, 0, 2, 3, 9], Some(4)),
        (&[0, 6, 8, 7, 0], Some(1)),
        (&[0, 0, 0, 0, 0], Some(0)),
        (&[1, 2, 3], None),
        (&[1, 2, 3, 4, 5, 6], None),
    ];
    for (field, expected) in cases {
        assert_eq!(price_weight_check_digit(field), expected, "{field:?}");
    }
}

#[test]
fn reads_german_in_store_labels() {
    let cases = [
        (
            "2212345012992",
            Scanned::InStorePrice {
                article_code: article("1234"),
                price: Cents::new(1299),
            },
        ),
        (
            "2211114002394",
            Scanned::InStorePrice {
                article_code: article("1111"),
                price: Cents::new(239),
            },
        ),
        (
            "02211114002394", // the same label as GTIN-14
            Scanned::InStorePrice {
                article_code: article("1111"),
                price: Cents::new(239),
            },
        ),
        (
            "2398765049951",
            Scanned::InStorePrice {
                article_code: article("9876"),
                price: Cents::new(4995),
            },
        ),
        (
            "2847117012506",
            Scanned::InStoreWeight {
                article_code: article("4711"),
                grams: 1250,
            },
        ),
        (
            "2811111068708",
            Scanned::InStoreWeight {
                article_code: article("1111"),
                grams: 6870,
            },
        ),
        (
            "2900426005000",
            Scanned::InStoreWeight {
                article_code: article("0042"),
                grams: 500,
            },
        ),
        (
            "2012345678903",
            Scanned::InStoreArticle {
                article_code: article("1234567890"),
            },
        ),
    ];
    for (code, expected) in cases {
        assert_eq!(Scanned::parse(code, &german()), Ok(expected), "{code}");
    }
}

#[test]
fn refuses_labels_whose_embedded_check_digit_is_wrong() {
    // Outer EAN check digit correct, price/weight check digit not.
    let cases = [
        ("2212346012991", 5, 6),
        ("2847110012503", 7, 0),
        ("2511118000120", 9, 8), // biip's example, read as a price label here
    ];
    let layouts = InStoreLayouts::new(vec![
        InStoreCodeLayout::price("22", 4, true).unwrap(),
        InStoreCodeLayout::weight("28", 4, true).unwrap(),
        InStoreCodeLayout::price("25", 4, true).unwrap(),
    ])
    .unwrap();
    for (code, expected, found) in cases {
        let refusal = Scanned::parse(code, &layouts).unwrap_err();
        assert_eq!(
            refusal,
            BarcodeError::BadEmbeddedCheckDigit {
                code: code.to_owned(),
                expected,
                found
            },
            "{code}"
        );
        assert!(
            refusal.message_de().contains("Preis-/Gewichtsprüfziffer"),
            "{refusal}"
        );
        assert!(refusal.message_en().contains(code), "{refusal}");
    }
}

#[test]
fn refuses_in_store_prefixes_without_layout_and_reads_configured_ones() {
    for code in ["2112340012990", "2511119000129"] {
        assert_eq!(
            Scanned::parse(code, &german()),
            Err(BarcodeError::UnknownInStoreLayout {
                code: code.to_owned(),
                prefix: code[..2].to_owned()
            }),
            "{code}"
        );
    }
    let empty = InStoreLayouts::new(Vec::new()).unwrap();
    assert!(matches!(
        Scanned::parse("2212345012992", &empty),
        Err(BarcodeError::UnknownInStoreLayout { .. })
    ));
    assert_eq!(
        Scanned::parse("4006381333931", &empty),
        Ok(Scanned::Gtin(Gtin::parse("4006381333931").unwrap()))
    );

    let custom = InStoreLayouts::new(vec![
        InStoreCodeLayout::price("21", 5, true).unwrap(), // 4-digit price with check digit
        InStoreCodeLayout::price("211", 5, false).unwrap(),
        InStoreCodeLayout::price("24", 4, false).unwrap(), // 6-digit price, no check digit
    ])
    .unwrap();
    let cases = [
        ("2154321212999", "54321", 1299),
        ("2112340012990", "23400", 1299), // "211" is the longest prefix: no check digit
        ("2412340012991", "1234", 1299),
    ];
    for (code, article_code, cents) in cases {
        let mut payload: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
        payload.pop();
        assert_eq!(
            gs1_check_digit(&payload).to_string(),
            &code[12..],
            "test data {code}"
        );
        assert_eq!(
            Scanned::parse(code, &custom),
            Ok(Scanned::InStorePrice {
                article_code: article(article_code),
                price: Cents::new(cents)
            }),
            "{code}"
        );
    }
}

#[test]
fn barcode_settings_come_from_filiale_toml_with_the_german_default() {
    #[derive(serde::Deserialize)]
    struct FilialeToml {
        #[serde(default)]
        barcodes: BarcodeSettings,
    }
    let absent: FilialeToml = toml::from_str("").unwrap();
    assert_eq!(absent.barcodes.in_store, InStoreLayouts::german_default());
    let default = german();
    let prefixes: Vec<&str> = default.as_slice().iter().map(|l| l.prefix()).collect();
    assert_eq!(prefixes, ["20", "22", "23", "28", "29"]);

    let configured: FilialeToml = toml::from_str(
        r#"
        [barcodes]
        in_store = [
          { prefix = "20", kind = "article" },
          { prefix = "21", kind = "price", article_digits = 5, embedded_check_digit = true },
          { prefix = "27", kind = "weight", article_digits = 5 },
        ]
        "#,
    )
    .unwrap();
    let layouts = configured.barcodes.in_store;
    assert_eq!(layouts.as_slice().len(), 3);
    let weight = layouts.layout_for("2712345001250").unwrap();
    assert_eq!(
        (
            weight.kind(),
            weight.article_digits(),
            weight.embedded_check_digit(),
            weight.value_digits()
        ),
        (InStoreKind::Weight, 5, false, 5)
    );
    assert!(matches!(
        Scanned::parse("2212345012992", &layouts),
        Err(BarcodeError::UnknownInStoreLayout { .. })
    ));
    let round_trip: InStoreLayouts =
        serde_json::from_str(&serde_json::to_string(&layouts).unwrap()).unwrap();
    assert_eq!(round_trip, layouts);
}

#[test]
fn refuses_every_kind_of_bad_layout() {
    let spec = |body: &str| format!("in_store = [{{ {body} }}]");
    let cases = [
        (spec(r#"prefix = "30", kind = "article""#), LayoutError::BadPrefix { prefix: "30".into() }),
        (spec(r#"prefix = "2", kind = "article""#), LayoutError::BadPrefix { prefix: "2".into() }),
        (spec(r#"prefix = "2a", kind = "article""#), LayoutError::BadPrefix { prefix: "2a".into() }),
        (spec(r#"prefix = "2001", kind = "article""#), LayoutError::BadPrefix { prefix: "2001".into() }),
        (
            spec(r#"prefix = "22", kind = "price""#),
            LayoutError::MissingArticleDigits { prefix: "22".into() },
        ),
        (
            spec(r#"prefix = "20", kind = "article", article_digits = 4"#),
            LayoutError::ArticleHasNoValue { prefix: "20".into() },
        ),
        (
            spec(r#"prefix = "22", kind = "price", article_digits = 0"#),
            LayoutError::BadValueDigits { prefix: "22".into(), article_digits: 0, embedded_check_digit: false },
        ),
        (
            spec(r#"prefix = "22", kind = "price", article_digits = 3, embedded_check_digit = true"#),
            LayoutError::BadValueDigits { prefix: "22".into(), article_digits: 3, embedded_check_digit: true },
        ),
        (
            spec(r#"prefix = "22", kind = "weight", article_digits = 10"#),
            LayoutError::BadValueDigits { prefix: "22".into(), article_digits: 10, embedded_check_digit: false },
        ),
        (
            spec(r#"prefix = "22", kind = "weight", article_digits = 40"#),
            LayoutError::BadValueDigits { prefix: "22".into(), article_digits: 40, embedded_check_digit: false },
        ),
        (
            r#"in_store = [{ prefix = "22", kind = "article" }, { prefix = "22", kind = "article" }]"#.to_owned(),
            LayoutError::DuplicatePrefix { prefix: "22".into() },
        ),
    ];
    for (text, error) in cases {
        let refusal = toml::from_str::<BarcodeSettings>(&text)
            .unwrap_err()
            .to_string();
        assert!(refusal.contains(&error.message_en()), "{text}: {refusal}");
        assert!(refusal.contains(&error.message_de()), "{text}: {refusal}");
    }
    for text in [
        spec(r#"prefix = "22", kind = "volume", article_digits = 4"#),
        spec(r#"prefix = "22", kind = "price", article_digits = 4, decimals = 2"#),
        r#"layouts = []"#.to_owned(),
    ] {
        assert!(toml::from_str::<BarcodeSettings>(&text).is_err(), "{text}");
    }
}

#[test]
fn every_refusal_speaks_german_and_english() {
    let refusals = [
        BarcodeError::NotDigits { text: "X1".into() },
        BarcodeError::WrongLength {
            text: "123".into(),
            length: 3,
        },
        BarcodeError::BadCheckDigit {
            code: "96385073".into(),
            format: GtinFormat::Ean8,
            expected: 4,
        },
        BarcodeError::BadEmbeddedCheckDigit {
            code: "2212346012991".into(),
            expected: 5,
            found: 6,
        },
        BarcodeError::UnknownInStoreLayout {
            code: "2112340012990".into(),
            prefix: "21".into(),
        },
    ];
    for refusal in refusals {
        let (de, en) = (refusal.message_de(), refusal.message_en());
        assert_ne!(de, en);
        assert_eq!(refusal.to_string(), format!("{de} / {en}"));
    }
    assert!(
        BarcodeError::BadCheckDigit {
            code: "96385073".into(),
            format: GtinFormat::Ean8,
            expected: 4
        }
        .to_string()
        .contains("EAN-8 96385073 hat eine falsche Prüfziffer (richtig wäre 4)")
    );
}

/// A small deterministic pseudo-random sequence (64-bit LCG), so the sweep needs no extra crate.
struct Digits(u64);

impl Digits {
    fn next(&mut self) -> u8 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % 10) as u8
    }

    fn take(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.next())).collect()
    }
}

/// The one digit `d` for which `text_with(d)` is accepted, asserting there is exactly one.
fn only_accepted_digit(text_with: impl Fn(u8) -> String, accepts: impl Fn(&str) -> bool) -> u8 {
    let accepted: Vec<u8> = (0..10).filter(|d| accepts(&text_with(*d))).collect();
    assert_eq!(accepted.len(), 1, "{}: {accepted:?}", text_with(0));
    accepted[0]
}

fn with_digit(code: &str, position: usize, digit: u8) -> String {
    let mut bytes = code.as_bytes().to_vec();
    bytes[position] = b'0' + digit;
    String::from_utf8(bytes).unwrap()
}

#[test]
fn every_generated_code_parses_and_every_single_wrong_digit_is_refused() {
    let mut random = Digits(20_260_701);
    let layouts = german();
    for round in 0..400 {
        let length = [8, 12, 13, 14][round % 4];
        let mut payload = random.take(length - 1);
        // In-store codes (13 digits, or 14 with a leading 0, starting with 2) are swept below.
        if length == 13 && payload.starts_with('2') {
            payload.replace_range(0..1, "4");
        }
        if length == 14 && payload.starts_with("02") {
            payload.replace_range(1..2, "4");
        }
        let check = only_accepted_digit(
            |d| format!("{payload}{d}"),
            |code| Scanned::parse(code, &layouts).is_ok(),
        );
        let code = format!("{payload}{check}");
        assert!(
            matches!(Scanned::parse(&code, &layouts), Ok(Scanned::Gtin(_))),
            "{code}"
        );
        for position in 0..length {
            for digit in (0..10).filter(|d| *d != code.as_bytes()[position] - b'0') {
                let typo = with_digit(&code, position, digit);
                assert!(
                    matches!(Gtin::parse(&typo), Err(BarcodeError::BadCheckDigit { .. })),
                    "{code} -> {typo}"
                );
            }
        }
    }
}

#[test]
fn every_generated_in_store_label_parses_and_a_misprinted_value_is_refused() {
    let mut random = Digits(4_711);
    let layouts = german();
    for round in 0..300 {
        let prefix = ["22", "23", "28", "29"][round % 4];
        let article_code = random.take(4);
        let value = random.take(5);
        let label =
            |embedded: u8, check: u8| format!("{prefix}{article_code}{embedded}{value}{check}");
        // Exactly one embedded check digit fits, and with it exactly one EAN check digit.
        let valid: Vec<(u8, u8)> = (0..10)
            .flat_map(|e| (0..10).map(move |c| (e, c)))
            .filter(|(e, c)| Scanned::parse(&label(*e, *c), &layouts).is_ok())
            .collect();
        assert_eq!(valid.len(), 1, "{prefix}{article_code}?{value}?");
        let code = label(valid[0].0, valid[0].1);
        let number: u32 = value.parse().unwrap();
        let expected = if matches!(prefix, "22" | "23") {
            Scanned::InStorePrice {
                article_code: article(&article_code),
                price: Cents::new(i64::from(number)),
            }
        } else {
            Scanned::InStoreWeight {
                article_code: article(&article_code),
                grams: number,
            }
        };
        assert_eq!(Scanned::parse(&code, &layouts), Ok(expected), "{code}");
        // A scanning error in any digit fails the EAN check digit.
        for position in 0..13 {
            let digit = (code.as_bytes()[position] - b'0' + 1 + random.next() % 9) % 10;
            assert!(Scanned::parse(&with_digit(&code, position, digit), &layouts).is_err());
        }
        // A label printed with a wrong price or weight but a correct EAN check digit is refused
        // by the embedded check digit, whichever value digit is wrong.
        for position in 7..12 {
            for digit in (0..10).filter(|d| *d != code.as_bytes()[position] - b'0') {
                let misprint = with_digit(&code, position, digit);
                let fixed_check = only_accepted_digit(
                    |d| with_digit(&misprint, 12, d),
                    |code| Gtin::parse(code).is_ok(),
                );
                let misprint = with_digit(&misprint, 12, fixed_check);
                assert!(
                    matches!(
                        Scanned::parse(&misprint, &layouts),
                        Err(BarcodeError::BadEmbeddedCheckDigit { .. })
                    ),
                    "{code} -> {misprint}"
                );
            }
        }
    }
}
