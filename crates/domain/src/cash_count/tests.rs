//! Tests of the cash count: every denomination, the command-line form, every refusal, the difference.

use super::*;

#[test]
fn every_denomination_has_its_value_and_reads_back_from_how_people_write_it() {
    let cases = [
        (
            Denomination::Euro500,
            50_000,
            ["500", "500 €", "500,00", "500EUR"],
        ),
        (
            Denomination::Euro200,
            20_000,
            ["200", "200€", "200.00", "200 eur"],
        ),
        (
            Denomination::Euro100,
            10_000,
            ["100", "100 €", "100,00 €", "100.0"],
        ),
        (
            Denomination::Euro50,
            5_000,
            ["50", "50€", "50,00", "50.00 €"],
        ),
        (Denomination::Euro20, 2_000, ["20", "20 €", "20,0", " 20 "]),
        (Denomination::Euro10, 1_000, ["10", "10€", "10,00", "10.00"]),
        (Denomination::Euro5, 500, ["5", "5 €", "5,00", "5.00"]),
        (Denomination::Euro2, 200, ["2", "2€", "2,00", "200 ct"]),
        (Denomination::Euro1, 100, ["1", "1 €", "1,00", "100ct"]),
        (Denomination::Cent50, 50, ["0,50", "0.50", "0,5", "50 ct"]),
        (Denomination::Cent20, 20, ["0,20", "0.20", "0,2 €", "20ct"]),
        (Denomination::Cent10, 10, ["0,10", "0.10", "0,1", "10 Cent"]),
        (Denomination::Cent5, 5, ["0,05", "0.05", "0,05 €", "5 ct"]),
        (Denomination::Cent2, 2, ["0,02", "0.02", "0,02€", "2 cent"]),
        (Denomination::Cent1, 1, ["0,01", "0.01", "0,01 EUR", "1 CT"]),
    ];
    assert_eq!(cases.len(), Denomination::ALL.len());
    for ((denomination, cents, spellings), in_order) in cases.into_iter().zip(Denomination::ALL) {
        assert_eq!(denomination, in_order, "ALL runs from 500 € down to 1 ct");
        assert_eq!(denomination.value(), Cents::new(cents));
        assert_eq!(denomination.is_note(), cents >= 500, "{denomination}");
        for text in spellings {
            assert_eq!(Denomination::parse(text), Ok(denomination), "{text:?}");
        }
        assert_eq!(
            Denomination::parse(&denomination.to_string()),
            Ok(denomination)
        );
        let json = serde_json::to_string(&denomination).unwrap();
        assert_eq!(json, cents.to_string());
        assert_eq!(
            serde_json::from_str::<Denomination>(&json).unwrap(),
            denomination
        );
    }
    assert_eq!(Denomination::Euro50.to_string(), "50 €");
    assert_eq!(Denomination::Cent5.to_string(), "5 ct");
}

#[test]
fn refuses_values_that_are_no_euro_note_or_coin() {
    for text in [
        "", "7", "1000", "0,03", "0,25", "25 ct", "3 €", "-50", "0", "fünfzig", "50x", "ct",
        "0.001", "1,2,3", "1.000", "0,500",
    ] {
        assert_eq!(
            Denomination::parse(text),
            Err(CashCountError::UnknownDenomination {
                text: text.trim().to_owned()
            }),
            "{text:?}"
        );
    }
    assert!(serde_json::from_str::<Denomination>("25").is_err());
}

#[test]
fn parses_the_command_line_form_and_totals_it() {
    let cases = [
        ("50=2,20=5,0.01=3", 10_000 + 10_000 + 3),
        ("50=2,20=5,0,01=3", 20_003),
        ("0,01=3,50=2", 10_003),
        ("50=2; 20=5; 0,50=4", 10_000 + 10_000 + 200),
        ("50 = 2  20=5", 20_000),
        (
            "500=1,200=1,100=1,50=1,20=1,10=1,5=1,2=1,1=1,0.5=1,0.2=1,0.1=1,0.05=1,0.02=1,0.01=1",
            88_888,
        ),
        ("2€=10,50ct=3,", 2_150),
        ("20=0", 0),
        ("10=+3", 3_000),
    ];
    for (text, total) in cases {
        let count = CashCount::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(count.total(), Cents::new(total), "{text}");
        assert_eq!(
            CashCount::parse(&count.to_command_line()),
            Ok(count.clone()),
            "{text}"
        );
    }
    let count = CashCount::parse("50=2,20=5,0,01=3").unwrap();
    assert_eq!(count.pieces(Denomination::Euro20), 5);
    assert_eq!(count.pieces(Denomination::Euro10), 0);
    assert_eq!(
        count.entries().collect::<Vec<_>>(),
        [
            (Denomination::Euro50, 2),
            (Denomination::Euro20, 5),
            (Denomination::Cent1, 3)
        ]
    );
    assert_eq!(count.to_command_line(), "50=2,20=5,0.01=3");
}

#[test]
fn refuses_every_bad_count_with_a_german_and_english_reason() {
    let cases = [
        ("", CashCountError::Empty),
        ("  , ", CashCountError::MalformedEntry { entry: ",".into() }),
        ("50", CashCountError::MalformedEntry { entry: "50".into() }),
        (
            "50=",
            CashCountError::MalformedEntry {
                entry: "50=".into(),
            },
        ),
        ("=5", CashCountError::MalformedEntry { entry: "=5".into() }),
        (
            "50=2,,20=1",
            CashCountError::MalformedEntry {
                entry: ",,20=1".into(),
            },
        ),
        (
            "7=1",
            CashCountError::UnknownDenomination { text: "7".into() },
        ),
        (
            "0,25=4",
            CashCountError::UnknownDenomination {
                text: "0,25".into(),
            },
        ),
        (
            "50=zwei",
            CashCountError::BadCount {
                denomination: Denomination::Euro50,
                text: "zwei".into(),
            },
        ),
        (
            "50=2.5",
            CashCountError::BadCount {
                denomination: Denomination::Euro50,
                text: "2.5".into(),
            },
        ),
        (
            "20=-3",
            CashCountError::NegativeCount {
                denomination: Denomination::Euro20,
                text: "-3".into(),
            },
        ),
        (
            "0.01=10001",
            CashCountError::CountTooLarge {
                denomination: Denomination::Cent1,
                count: 10_001,
            },
        ),
        (
            "500=99999999999999999999999",
            CashCountError::CountTooLarge {
                denomination: Denomination::Euro500,
                count: u64::MAX,
            },
        ),
        (
            "50=2,20=1,50€=1",
            CashCountError::DuplicateDenomination {
                denomination: Denomination::Euro50,
            },
        ),
        (
            "0,5=1,0.50=1",
            CashCountError::DuplicateDenomination {
                denomination: Denomination::Cent50,
            },
        ),
    ];
    for (text, refusal) in cases {
        assert_eq!(CashCount::parse(text), Err(refusal.clone()), "{text:?}");
        let (de, en) = (refusal.message_de(), refusal.message_en());
        assert_ne!(de, en);
        assert_eq!(refusal.to_string(), format!("{de} / {en}"));
    }
    assert_eq!(
        CashCountError::NegativeCount {
            denomination: Denomination::Euro20,
            text: "-3".into()
        }
        .to_string(),
        "Anzahl -3 für 20 € ist negativ / count -3 for 20 € is negative"
    );
}

#[test]
fn counts_are_bounded_and_a_refused_change_changes_nothing() {
    let mut count = CashCount::new();
    assert!(count.is_empty());
    count.set(Denomination::Euro500, 10_000).unwrap();
    assert_eq!(
        count.set(Denomination::Euro500, 10_001),
        Err(CashCountError::CountTooLarge {
            denomination: Denomination::Euro500,
            count: 10_001
        })
    );
    assert_eq!(count.pieces(Denomination::Euro500), 10_000);
    let everything_at_the_limit = CashCount::from_counts(
        Denomination::ALL.map(|d| (d, u64::from(MAX_COUNT_PER_DENOMINATION))),
    )
    .unwrap();
    assert_eq!(everything_at_the_limit.total(), Cents::new(888_880_000));
    assert!(everything_at_the_limit.total() <= crate::money::MAX_AMOUNT);
    assert_eq!(
        CashCount::from_counts([(Denomination::Cent2, 1), (Denomination::Cent2, 1)]),
        Err(CashCountError::DuplicateDenomination {
            denomination: Denomination::Cent2
        })
    );
}

#[test]
fn travels_as_a_map_from_cents_to_pieces() {
    let count = CashCount::parse("50=2,0.01=3").unwrap();
    let json = serde_json::to_string(&count).unwrap();
    assert_eq!(json, r#"{"5000":2,"1":3}"#);
    assert_eq!(serde_json::from_str::<CashCount>(&json).unwrap(), count);
    for bad in [
        r#"{"5000":-1}"#,
        r#"{"5000":10001}"#,
        r#"{"25":1}"#,
        r#"{"x":1}"#,
    ] {
        assert!(serde_json::from_str::<CashCount>(bad).is_err(), "{bad}");
    }
}

#[test]
fn classifies_the_difference_between_expected_and_counted_cash() {
    let count = CashCount::parse("50=2,20=5,0,01=3").unwrap(); // 200,03 €
    let cases = [
        (20_003, 0, CashDifferenceKind::Exact),
        (20_000, 3, CashDifferenceKind::Over),
        (20_103, -100, CashDifferenceKind::Short),
        (0, 20_003, CashDifferenceKind::Over),
        (-500, 20_503, CashDifferenceKind::Over),
    ];
    for (expected, amount, kind) in cases {
        let difference = CashDifference::of_count(Cents::new(expected), &count).unwrap();
        assert_eq!(difference.expected(), Cents::new(expected));
        assert_eq!(difference.counted(), Cents::new(20_003));
        assert_eq!(difference.amount(), Cents::new(amount), "{expected}");
        assert_eq!(difference.kind(), kind, "{expected}");
    }
    assert_eq!(
        CashDifference::new(Cents::new(i64::MIN), Cents::new(1)),
        Err(MoneyError::Overflow)
    );
    let short = CashDifference::new(Cents::new(10_000), Cents::new(9_950)).unwrap();
    let json = serde_json::to_string(&short).unwrap();
    assert_eq!(json, r#"{"expected":10000,"counted":9950,"amount":-50}"#);
    assert_eq!(
        serde_json::from_str::<CashDifference>(&json).unwrap(),
        short
    );
    let tampered: CashDifference =
        serde_json::from_str(r#"{"expected":10000,"counted":9950,"amount":0}"#).unwrap();
    assert_eq!(tampered.amount(), Cents::new(-50), "amount is recomputed");
}
