//! Tests of [`ErrorCode`]: every code has words in both languages and crosses IPC as `{code, params}`.

use super::{ErrorCode, Lang};
use ErrorCode as E;

fn until() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2025-03-14T09:30:00Z")
        .unwrap()
        .into()
}

/// One of each kind of refusal.
fn one_of_each() -> Vec<ErrorCode> {
    vec![
        E::WrongPin {
            name: "Lena".to_owned(),
            remaining: 3,
        },
        E::LockedOut {
            name: "Lena".to_owned(),
            until: until(),
        },
        E::UnknownStaff {
            name: "Lena".to_owned(),
        },
        E::UnknownManager {
            name: "Lena".to_owned(),
        },
        E::NotAManager {
            name: "Lena".to_owned(),
        },
        E::WrongApproval {
            approved: "Lena".to_owned(),
            requested: "Lena".to_owned(),
        },
        E::NeedsManager { limit_percent: 3 },
        E::InvalidPin,
        E::InvalidName,
        E::AlreadyEnrolled {
            name: "Lena".to_owned(),
        },
        E::UnknownRole {
            role: "Lena".to_owned(),
        },
        E::OnlyManager {
            name: "Lena".to_owned(),
        },
        E::ApprovalStale {
            name: "Lena".to_owned(),
            minutes: 3,
        },
        E::FirstManager,
        E::StaffNeedsManager,
        E::UnknownReceipt { receipt_no: 3 },
        E::RefundMoreThanSold {
            sku: "Lena".to_owned(),
            requested: 3,
            sold: 3,
            refunded: 3,
            left: 3,
        },
        E::RefundNothingLeft { receipt_no: 3 },
        E::RefundNotOnReceipt {
            sku: "Lena".to_owned(),
        },
        E::RefundImpossibleQuantity { quantity: 3 },
        E::RefundNothingChosen,
        E::RefundReasonTooLong { max: 3 },
        E::BadSku {
            sku: "Lena".to_owned(),
        },
        E::BadEan {
            ean: "Lena".to_owned(),
        },
        E::BadEanCheckDigit {
            ean: "Lena".to_owned(),
            expected: 7,
        },
        E::UnknownArticle {
            sku: "Lena".to_owned(),
        },
        E::UnknownEan {
            ean: "Lena".to_owned(),
        },
        E::DuplicateEan {
            ean: "Lena".to_owned(),
            sku: "Lena".to_owned(),
        },
        E::ArticleNameEmpty,
        E::FieldTooLong {
            field: "Lena".to_owned(),
            max: 3,
        },
        E::PriceOutOfRange { price_cents: 3 },
        E::PurchasePriceOutOfRange { price_cents: 3 },
        E::PackSizeZero,
        E::LeadTimeTooLong { days: 3 },
        E::ReorderPointNegative,
        E::BadVatRate {
            rate: "Lena".to_owned(),
        },
        E::BadAmount {
            text: "Lena".to_owned(),
        },
        E::AmountTooPrecise {
            text: "Lena".to_owned(),
        },
        E::AmountTooLarge,
        E::ImpossibleQuantity { quantity: 3 },
        E::NotInCart {
            sku: "Lena".to_owned(),
        },
        E::NegativeDiscount,
        E::DiscountAboveLineTotal {
            discount_cents: 3,
            line_total_cents: 3,
        },
        E::CartTotalTooLarge,
        E::EmptyCart,
        E::TenderedLessThanTotal {
            tendered_cents: 3,
            total_cents: 3,
        },
        E::NonPositiveTotal { total_cents: 3 },
        E::StockQuantityImpossible {
            quantity: 3,
            max: 3,
        },
        E::CountOrDifference,
        E::AdjustmentImpossible,
        E::PriceChangeNeedsManager {
            sku: "Lena".to_owned(),
            old_price_cents: 3,
            new_price_cents: 3,
            limit_percent: 3,
            articles: 3,
        },
        E::StockCorrectionNeedsManager {
            sku: "Lena".to_owned(),
            delta: 3,
            value_cents: 3,
            limit_cents: 3,
        },
        E::UnknownCustomer {
            customer_no: "Lena".to_owned(),
        },
        E::DuplicateCustomer {
            customer_no: "Lena".to_owned(),
        },
        E::CustomerNameEmpty,
        E::BadCustomerNumber {
            customer_no: "Lena".to_owned(),
        },
        E::BadEmail {
            email: "Lena".to_owned(),
        },
        E::BadPostalCode {
            postal_code: "Lena".to_owned(),
        },
        E::CustomerFieldTooLong {
            field: "Lena".to_owned(),
        },
        E::UnknownLead { id: 3 },
        E::LeadNameEmpty,
        E::UnknownLeadStatus {
            status: "Lena".to_owned(),
        },
        E::ImpossibleLeadTransition {
            from: "Lena".to_owned(),
            to: "Lena".to_owned(),
        },
        E::FileNotUtf8 { line: 3 },
        E::FileEmpty,
        E::MissingColumn {
            column: "Lena".to_owned(),
        },
        E::DuplicateColumn {
            column: "Lena".to_owned(),
        },
        E::NotDeadLetter { store_seq: 3 },
        E::SearchTooLong { max: 3 },
        E::Workflow {
            detail: "Lena".to_owned(),
        },
        E::InvalidInput {
            detail: "Lena".to_owned(),
        },
        E::DiskFull,
        E::Internal {
            detail: "Lena".to_owned(),
        },
        E::TillRefused {
            reason: "till_closed".to_owned(),
            de: "Kasse kasse-1 ist nicht geöffnet".to_owned(),
            en: "till kasse-1 is not open".to_owned(),
        },
        E::OrderRefused {
            reason: "order_closed".to_owned(),
            de: "Bestellung B-00001 ist geliefert".to_owned(),
            en: "purchase order B-00001 is received".to_owned(),
        },
    ]
}

/// Which variant a code is; adding a variant breaks this match until it has a sample above.
fn variant_index(code: &ErrorCode) -> usize {
    match code {
        E::WrongPin { .. } => 0,
        E::LockedOut { .. } => 1,
        E::UnknownStaff { .. } => 2,
        E::UnknownManager { .. } => 3,
        E::NotAManager { .. } => 4,
        E::WrongApproval { .. } => 5,
        E::NeedsManager { .. } => 6,
        E::InvalidPin => 7,
        E::InvalidName => 8,
        E::AlreadyEnrolled { .. } => 9,
        E::UnknownRole { .. } => 10,
        E::OnlyManager { .. } => 11,
        E::ApprovalStale { .. } => 12,
        E::FirstManager => 13,
        E::StaffNeedsManager => 14,
        E::UnknownReceipt { .. } => 15,
        E::RefundMoreThanSold { .. } => 16,
        E::RefundNothingLeft { .. } => 17,
        E::RefundNotOnReceipt { .. } => 18,
        E::RefundImpossibleQuantity { .. } => 19,
        E::RefundNothingChosen => 20,
        E::RefundReasonTooLong { .. } => 21,
        E::BadSku { .. } => 22,
        E::BadEan { .. } => 23,
        E::BadEanCheckDigit { .. } => 24,
        E::UnknownArticle { .. } => 25,
        E::UnknownEan { .. } => 26,
        E::DuplicateEan { .. } => 27,
        E::ArticleNameEmpty => 28,
        E::FieldTooLong { .. } => 29,
        E::PriceOutOfRange { .. } => 30,
        E::PurchasePriceOutOfRange { .. } => 31,
        E::PackSizeZero => 32,
        E::LeadTimeTooLong { .. } => 33,
        E::ReorderPointNegative => 34,
        E::BadVatRate { .. } => 35,
        E::BadAmount { .. } => 36,
        E::AmountTooPrecise { .. } => 37,
        E::AmountTooLarge => 38,
        E::ImpossibleQuantity { .. } => 39,
        E::NotInCart { .. } => 40,
        E::NegativeDiscount => 41,
        E::DiscountAboveLineTotal { .. } => 42,
        E::CartTotalTooLarge => 43,
        E::EmptyCart => 44,
        E::TenderedLessThanTotal { .. } => 45,
        E::NonPositiveTotal { .. } => 46,
        E::StockQuantityImpossible { .. } => 47,
        E::CountOrDifference => 48,
        E::AdjustmentImpossible => 49,
        E::UnknownCustomer { .. } => 50,
        E::DuplicateCustomer { .. } => 51,
        E::CustomerNameEmpty => 52,
        E::BadCustomerNumber { .. } => 53,
        E::BadEmail { .. } => 54,
        E::BadPostalCode { .. } => 55,
        E::CustomerFieldTooLong { .. } => 56,
        E::UnknownLead { .. } => 57,
        E::LeadNameEmpty => 58,
        E::UnknownLeadStatus { .. } => 59,
        E::ImpossibleLeadTransition { .. } => 60,
        E::FileNotUtf8 { .. } => 61,
        E::FileEmpty => 62,
        E::MissingColumn { .. } => 63,
        E::DuplicateColumn { .. } => 64,
        E::NotDeadLetter { .. } => 65,
        E::SearchTooLong { .. } => 66,
        E::Workflow { .. } => 67,
        E::InvalidInput { .. } => 68,
        E::DiskFull => 69,
        E::Internal { .. } => 70,
        E::TillRefused { .. } => 71,
        E::PriceChangeNeedsManager { .. } => 72,
        E::StockCorrectionNeedsManager { .. } => 73,
        E::OrderRefused { .. } => 74,
    }
}

const VARIANTS: usize = 75;

#[test]
fn the_samples_cover_every_variant() {
    let mut seen: Vec<usize> = one_of_each().iter().map(variant_index).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen, (0..VARIANTS).collect::<Vec<_>>());
}

#[test]
fn every_code_has_german_and_english_words() {
    for code in one_of_each() {
        let de = code.words(Lang::De);
        let en = code.words(Lang::En);
        assert!(!de.trim().is_empty() && !en.trim().is_empty(), "{code:?}");
        let has_detail = matches!(
            code,
            E::InvalidInput { .. } | E::Internal { .. } | E::Workflow { .. }
        );
        // The till's refusals carry both sentences and say both everywhere.
        let both = matches!(code, E::TillRefused { .. } | E::OrderRefused { .. });
        assert!(
            has_detail || both || de != en,
            "{code:?} has the same words in both languages: {de}"
        );
    }
}

#[test]
fn every_code_crosses_ipc_as_code_and_params() {
    for code in one_of_each() {
        let json = serde_json::to_value(&code).unwrap();
        let object = json.as_object().unwrap();
        let name = object["code"].as_str().unwrap();
        assert_eq!(name, code.code());
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{name}"
        );
        assert!(
            object.keys().all(|k| k == "code" || k == "params"),
            "{json}"
        );
        if let Some(params) = object.get("params") {
            assert!(params.is_object(), "{json}");
        }
        let back: ErrorCode = serde_json::from_value(json).unwrap();
        assert_eq!(back, code);
    }
}

#[test]
fn a_wrong_pin_says_the_name_and_the_attempts_left() {
    let wrong = E::WrongPin {
        name: "Lena".into(),
        remaining: 3,
    };
    assert_eq!(
        serde_json::to_value(&wrong).unwrap(),
        serde_json::json!({ "code": "wrong_pin", "params": { "name": "Lena", "remaining": 3 } })
    );
    assert_eq!(
        wrong.words(Lang::De),
        "Falsche PIN für Lena. Noch 3 Versuche bis zur Sperre."
    );
    let last = E::WrongPin {
        name: "Lena".into(),
        remaining: 1,
    };
    assert_eq!(
        last.words(Lang::De),
        "Falsche PIN für Lena. Noch 1 Versuch bis zur Sperre."
    );
    assert_eq!(
        last.words(Lang::En),
        "not allowed: wrong PIN for Lena; 1 attempt left before lockout"
    );
    assert_eq!(
        serde_json::to_value(E::EmptyCart).unwrap(),
        serde_json::json!({ "code": "empty_cart" })
    );
}

#[test]
fn the_language_comes_from_the_tag() {
    assert_eq!(Lang::from_tag("de_DE.UTF-8"), Lang::De);
    assert_eq!(Lang::from_tag("de"), Lang::De);
    assert_eq!(Lang::from_tag("en_GB.UTF-8"), Lang::En);
    assert_eq!(Lang::from_tag("C.UTF-8"), Lang::En);
    assert_eq!(Lang::from_tag(""), Lang::En);
}
