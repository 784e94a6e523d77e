//! A garden centre's export input, signed by real software TSEs: two tills, three closings, cash
//! and card, 7 % and 19 % on one receipt, a discount, a refund referring to its sale, a cash
//! deposit and withdrawal, an abandoned receipt and one receipt made while the TSE was down.

#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use filiale_domain::Cents;
use filiale_dsfinvk::{
    Address, Amounts, BusinessCaseTotal, BusinessCaseType, CashMovement, CashRegister, Cashier,
    Closing, ClosingTotals, Company, CurrencyAmount, ExportInput, Location, PaymentTotal,
    PaymentType, PriceComponent, PriceComponentKind, ProcessDataEncoding, Quantity, Receipt,
    ReceiptLine, ReceiptPayment, ReceiptType, ReceiptVat, Reference, ReferenceTarget,
    TAXONOMY_VERSION, TseCertificate, TseRecord, TseTransaction, TseUnit, VatKey, VatRateEntry,
};
use filiale_tse::{ClientId, ProcessType, SoftwareTse, SoftwareTseOptions, Tse};
use std::path::Path;

pub fn eur(cents: i64) -> Cents {
    Cents::new(cents)
}

pub fn amounts(gross: i64, net: i64, vat: i64) -> Amounts {
    Amounts {
        gross: eur(gross),
        net: eur(net),
        vat: eur(vat),
    }
}

pub fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, day)
        .unwrap()
        .and_hms_opt(hour, minute, 0)
        .unwrap()
}

/// One till's software TSE, signing receipts as its client.
pub struct Signer {
    tse: SoftwareTse,
    client: ClientId,
}

impl Signer {
    pub fn open(dir: &Path, kasse_id: &str) -> Signer {
        let tse = SoftwareTse::open(dir.join(kasse_id), SoftwareTseOptions::default()).unwrap();
        let client = ClientId::new(kasse_id).unwrap();
        tse.register_client(&client).unwrap();
        Signer { tse, client }
    }

    /// Starts and finishes a transaction with this process data: the receipt's TSE record.
    pub fn sign(&self, process_data: &str) -> TseRecord {
        let kind = ProcessType::Kassenbeleg;
        let start = self.tse.start_transaction(&self.client, kind, "").unwrap();
        let finish = self
            .tse
            .finish_transaction(&self.client, start.transaction_number, kind, process_data)
            .unwrap();
        let time = |seconds: i64| DateTime::<Utc>::from_timestamp(seconds, 0).unwrap();
        TseRecord::Signed(TseTransaction {
            tse_id: 1,
            transaction_number: finish.transaction_number,
            started_at: time(finish.start_time.unix_seconds()),
            finished_at: time(finish.log_time.unix_seconds()),
            process_type: finish.process_type.as_str().to_owned(),
            signature_counter: finish.signature_counter,
            signature: finish.signature,
            process_data: finish.process_data,
        })
    }

    /// tse.csv's row for this TSE.
    pub fn unit(&self) -> TseUnit {
        let info = self.tse.info().unwrap();
        TseUnit {
            tse_id: 1,
            serial_number: info.serial_number,
            signature_algorithm: info.signature_algorithm,
            time_format: info.time_format.as_str().to_owned(),
            process_data_encoding: ProcessDataEncoding::Utf8,
            public_key: info.public_key,
            certificate: TseCertificate::NotCertified(format!(
                "nicht zertifiziert: {}",
                info.description
            )),
        }
    }
}

fn address(street: &str) -> Address {
    Address {
        street: street.to_owned(),
        postcode: "53111".to_owned(),
        city: "Bonn".to_owned(),
        country: "DEU".to_owned(),
    }
}

fn register(kasse_id: &str, signer: &Signer) -> CashRegister {
    CashRegister {
        kasse_id: kasse_id.to_owned(),
        brand: "Filiale".to_owned(),
        model: "Filiale Kasse".to_owned(),
        serial_number: format!("SN-{kasse_id}"),
        software_brand: "Filiale".to_owned(),
        software_version: "0.1.0".to_owned(),
        base_currency: "EUR".to_owned(),
        location: Location {
            name: "Gartencenter Rheinaue".to_owned(),
            address: address("Auenweg 7"),
            vat_id: "DE123456789".to_owned(),
        },
        tses: vec![signer.unit()],
        terminals: Vec::new(),
    }
}

/// An article line: `quantity` × `unit_price`, with the line's gross/net/VAT.
pub fn line(
    number: u32,
    text: &str,
    quantity: i64,
    unit_price: i64,
    key: VatKey,
    a: Amounts,
) -> ReceiptLine {
    ReceiptLine {
        line_number: number,
        business_case: BusinessCaseType::Umsatz,
        business_case_name: String::new(),
        voucher_number: String::new(),
        text: text.to_owned(),
        cancelled: false,
        in_house: false,
        article_number: format!("ART-{number}-{unit_price}"),
        gtin: "4006381333931".to_owned(),
        group_id: "PFL".to_owned(),
        group_name: "Pflanzen; Saatgut".to_owned(),
        quantity: Quantity::units(quantity),
        unit: "Stück".to_owned(),
        unit_price_gross: eur(unit_price),
        vat_key: key,
        amounts: a,
        price_components: Vec::new(),
        sub_items: Vec::new(),
    }
}

pub fn pay(kind: PaymentType, name: &str, cents: i64) -> ReceiptPayment {
    ReceiptPayment {
        payment_type: kind,
        name: name.to_owned(),
        amount: eur(cents),
        foreign: None,
    }
}

fn cashier() -> Cashier {
    Cashier {
        id: "7".to_owned(),
        name: "Anna \"Anni\" Gärtner".to_owned(),
    }
}

/// A sale (`Beleg`) whose VAT totals are the given ones, signed by `signer`.
pub fn receipt(
    signer: &Signer,
    bon_id: &str,
    bon_nr: u64,
    when: NaiveDateTime,
    lines: Vec<ReceiptLine>,
    vat_totals: Vec<(VatKey, Amounts)>,
    payments: Vec<ReceiptPayment>,
) -> Receipt {
    let total = vat_totals.iter().map(|(_, a)| a.gross.get()).sum();
    Receipt {
        bon_id: bon_id.to_owned(),
        bon_nr,
        receipt_type: ReceiptType::Beleg,
        name: String::new(),
        terminal_id: "T1".to_owned(),
        cancelled: false,
        started_at: when,
        ended_at: when + chrono::Duration::seconds(40),
        cashier: cashier(),
        total_gross: eur(total),
        vat_totals: vat_totals
            .into_iter()
            .map(|(vat_key, amounts)| ReceiptVat { vat_key, amounts })
            .collect(),
        lines,
        payments,
        references: Vec::new(),
        allocation_group: None,
        customer: None,
        note: String::new(),
        tse: signer.sign(&format!("Beleg^{bon_id}")),
    }
}

fn movement(
    signer: &Signer,
    bon_id: &str,
    bon_nr: u64,
    kind: BusinessCaseType,
    text: &str,
    cents: i64,
    when: NaiveDateTime,
) -> CashMovement {
    CashMovement {
        bon_id: bon_id.to_owned(),
        bon_nr,
        kind,
        text: text.to_owned(),
        amount: eur(cents),
        terminal_id: "T1".to_owned(),
        at: when,
        cashier: cashier(),
        tse: signer.sign(&format!("Beleg^{bon_id}")),
    }
}

fn case(kind: BusinessCaseType, key: VatKey, a: Amounts) -> BusinessCaseTotal {
    BusinessCaseTotal {
        business_case: kind,
        name: String::new(),
        vat_key: key,
        amounts: a,
    }
}

fn paid(kind: PaymentType, name: &str, cents: i64) -> PaymentTotal {
    PaymentTotal {
        payment_type: kind,
        name: name.to_owned(),
        amount: eur(cents),
    }
}

fn cash(cents: i64) -> Vec<CurrencyAmount> {
    vec![CurrencyAmount {
        currency: "EUR".to_owned(),
        amount: eur(cents),
    }]
}

const S: VatKey = VatKey::STANDARD;
const R: VatKey = VatKey::REDUCED;
const BAR: PaymentType = PaymentType::Bar;
const CARD: PaymentType = PaymentType::EcKarte;

/// The sample: KASSE-1 closings 1 and 2, KASSE-2 closing 1; totals worked out by hand.
pub fn sample_input(tse_dir: &Path) -> ExportInput {
    let one = Signer::open(tse_dir, "KASSE-1");
    let two = Signer::open(tse_dir, "KASSE-2");

    // KASSE-1, Z 1 (1 December): cash sale 7 % + 19 %, card sale with a discount, change float.
    let sale_1 = receipt(
        &one,
        "K1-1",
        1,
        at(1, 9, 12),
        vec![
            line(1, "Rose 'Gloria Dei'", 2, 499, R, amounts(998, 933, 65)),
            line(2, "Gartenschere", 1, 1999, S, amounts(1999, 1680, 319)),
        ],
        vec![(R, amounts(998, 933, 65)), (S, amounts(1999, 1680, 319))],
        vec![pay(BAR, "Bar", 2997)],
    );
    let mut soil = line(1, "Blumenerde 40 l", 3, 549, S, amounts(1647, 1384, 263));
    soil.price_components = vec![
        PriceComponent {
            kind: PriceComponentKind::BaseAmount,
            vat_key: S,
            amounts: amounts(1800, 1513, 287),
        },
        PriceComponent {
            kind: PriceComponentKind::Discount,
            vat_key: S,
            amounts: amounts(-153, -129, -24),
        },
    ];
    let sale_2 = receipt(
        &one,
        "K1-2",
        2,
        at(1, 10, 3),
        vec![
            soil,
            line(2, "Saatgut Radieschen", 1, 249, R, amounts(249, 233, 16)),
        ],
        vec![(S, amounts(1647, 1384, 263)), (R, amounts(249, 233, 16))],
        vec![pay(CARD, "Girocard", 1896)],
    );
    let float = movement(
        &one,
        "K1-3",
        3,
        BusinessCaseType::Geldtransit,
        "Wechselgeld aus dem Tresor",
        10000,
        at(1, 8, 0),
    );
    let closing_1 = Closing {
        kasse_id: "KASSE-1".to_owned(),
        z_nr: 1,
        created_at: at(1, 18, 30),
        business_day: None,
        receipts: vec![sale_1, sale_2],
        cash_movements: vec![float],
        totals: ClosingTotals {
            business_cases: vec![
                case(BusinessCaseType::Umsatz, S, amounts(3646, 3064, 582)),
                case(BusinessCaseType::Umsatz, R, amounts(1247, 1166, 81)),
                case(
                    BusinessCaseType::Geldtransit,
                    VatKey::NOT_TAXABLE,
                    amounts(10000, 10000, 0),
                ),
            ],
            payments: vec![paid(BAR, "Bar", 12997), paid(CARD, "Girocard", 1896)],
            cash_per_currency: cash(12997),
        },
    };

    // KASSE-1, Z 2 (2 December): refund of one rose, a sale during a TSE outage, an abandoned
    // receipt, a private withdrawal.
    let mut refund = receipt(
        &one,
        "K1-4",
        4,
        at(2, 9, 30),
        vec![line(
            1,
            "Rose 'Gloria Dei'",
            -1,
            499,
            R,
            amounts(-499, -466, -33),
        )],
        vec![(R, amounts(-499, -466, -33))],
        vec![pay(BAR, "Bar", -499)],
    );
    refund.references = vec![Reference {
        line_number: None,
        target: ReferenceTarget::Transaction {
            kasse_id: "KASSE-1".to_owned(),
            z_nr: 1,
            closing_created_at: at(1, 18, 30),
            bon_id: "K1-1".to_owned(),
        },
    }];
    let mut offline = receipt(
        &one,
        "K1-5",
        5,
        at(2, 11, 0),
        vec![line(
            1,
            "Blumentopf Terrakotta",
            2,
            350,
            S,
            amounts(700, 588, 112),
        )],
        vec![(S, amounts(700, 588, 112))],
        vec![pay(BAR, "Bar", 700)],
    );
    offline.tse = TseRecord::Outage {
        tse_id: 1,
        error: "TSE ausgefallen: keine Verbindung zur TSE".to_owned(),
    };
    let mut abandoned = receipt(
        &one,
        "K1-6",
        6,
        at(2, 12, 0),
        vec![line(
            1,
            "Gießkanne 10 l",
            1,
            1299,
            S,
            amounts(1299, 1092, 207),
        )],
        vec![(S, amounts(1299, 1092, 207))],
        Vec::new(),
    );
    abandoned.receipt_type = ReceiptType::AvBelegabbruch;
    let withdrawal = movement(
        &one,
        "K1-7",
        7,
        BusinessCaseType::Privatentnahme,
        "Privatentnahme",
        -5000,
        at(2, 17, 0),
    );
    let closing_2 = Closing {
        kasse_id: "KASSE-1".to_owned(),
        z_nr: 2,
        created_at: at(2, 18, 45),
        business_day: Some(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()),
        receipts: vec![refund, offline, abandoned],
        cash_movements: vec![withdrawal],
        totals: ClosingTotals {
            business_cases: vec![
                case(BusinessCaseType::Umsatz, S, amounts(700, 588, 112)),
                case(BusinessCaseType::Umsatz, R, amounts(-499, -466, -33)),
                case(
                    BusinessCaseType::Privatentnahme,
                    VatKey::NOT_TAXABLE,
                    amounts(-5000, -5000, 0),
                ),
            ],
            payments: vec![paid(BAR, "Bar", -4799)],
            cash_per_currency: cash(-4799),
        },
    };

    // KASSE-2, Z 1 (2 December): one sale paid part cash, part card.
    let split = receipt(
        &two,
        "K2-1",
        1,
        at(2, 14, 20),
        vec![
            line(
                1,
                "Apfelbaum 'Boskoop'",
                1,
                3990,
                R,
                amounts(3990, 3729, 261),
            ),
            line(2, "Rasendünger", 1, 1250, S, amounts(1250, 1050, 200)),
        ],
        vec![(R, amounts(3990, 3729, 261)), (S, amounts(1250, 1050, 200))],
        vec![pay(BAR, "Bar", 2000), pay(CARD, "Girocard", 3240)],
    );
    let closing_3 = Closing {
        kasse_id: "KASSE-2".to_owned(),
        z_nr: 1,
        created_at: at(2, 19, 0),
        business_day: None,
        receipts: vec![split],
        cash_movements: Vec::new(),
        totals: ClosingTotals {
            business_cases: vec![
                case(BusinessCaseType::Umsatz, S, amounts(1250, 1050, 200)),
                case(BusinessCaseType::Umsatz, R, amounts(3990, 3729, 261)),
            ],
            payments: vec![paid(BAR, "Bar", 2000), paid(CARD, "Girocard", 3240)],
            cash_per_currency: cash(2000),
        },
    };

    ExportInput {
        company: Company {
            name: "Gartencenter Rheinaue GmbH & Co. KG".to_owned(),
            address: address("Auenweg 7"),
            tax_number: "205/5740/0123".to_owned(),
            vat_id: "DE123456789".to_owned(),
        },
        cash_registers: vec![register("KASSE-1", &one), register("KASSE-2", &two)],
        vat_rates: VatRateEntry::standard_table(),
        closings: vec![closing_1, closing_2, closing_3],
        taxonomy_version: TAXONOMY_VERSION.to_owned(),
    }
}
