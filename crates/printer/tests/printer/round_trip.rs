//! Print jobs sent over a real TCP socket to a capturing fake printer, decoded back into lines:
//! German text, the euro sign, widths, the drawer kick only when asked, the logo and QR code.

use std::time::Duration;

use filiale_printer::{
    Align, Decoded, PaperWidth, PrintDocument, PrintError, PrinterProfile, TEST_QR_DATA, TextSize,
    decode, encode, test_print_document,
};

use crate::receipts::{Payment, STORE, refund_receipt, sale_receipt, z_report};
use crate::support::{CapturingPrinter, contains, network_printer, profile_with_logo, test_logo};

const TIMEOUT: Duration = Duration::from_secs(2);

#[test]
fn a_cash_sale_reaches_the_printer_and_reads_back_in_german() {
    let fake = CapturingPrinter::start(1);
    let printer = network_printer(&fake.address, profile_with_logo(PaperWidth::Mm80), TIMEOUT);
    printer.print(&sale_receipt(Payment::Cash)).unwrap();
    let bytes = fake.jobs().remove(0);

    let job = decode(&bytes).unwrap();
    let texts = job.texts();
    let expected = [
        "Blumenerde 40 l                          25,98 €",
        "  2 x 12,99 €",
        "Gießkanne 10 l, grün                      8,49 €",
        "Rosenschere Profi, Größe M               24,90 €",
        "Pflanztopf Terrakotta Ø 30 cm             0,00 €",
        "  Gutschein ÖKO-Aktion: 100 % Rabatt",
        "Rückgeld                                 40,63 €",
        "Hauptstraße 12, 80331 München",
        "Vielen Dank für Ihren Einkauf!",
    ];
    for line in expected {
        assert!(
            texts.iter().any(|t| t == line),
            "{line:?} missing in {texts:#?}"
        );
    }
    assert_eq!(job.widest_line(), 48, "80 mm paper has 48 columns");

    let total = job.line_containing("SUMME").unwrap();
    assert!(total.bold);
    assert_eq!(total.size, TextSize::DoubleHeight);
    assert_eq!(total.text, format!("SUMME{}59,37 €", " ".repeat(36)));
    let store = job.line_containing(STORE).unwrap();
    assert_eq!((store.align, store.bold), (Align::Center, true));
    assert!(!job.line_containing("Rückgeld").unwrap().bold);

    assert_eq!(job.items[0], Decoded::Initialize);
    assert_eq!(job.code_pages(), [19]);
    assert_eq!(job.drawer_kicks(), 1);
    assert_eq!(job.cuts(), 1);
    assert_eq!(job.qr_payloads().len(), 1);
    assert!(job.qr_payloads()[0].starts_with("V0;Kasse-1;Kassenbeleg-V1;Beleg^59.37"));
    assert!(
        job.items.contains(&Decoded::Raster(test_logo())),
        "the logo is printed as it was read"
    );
}

#[test]
fn the_euro_sign_is_byte_d5_and_no_utf8_leaves_the_till() {
    let bytes = encode(&sale_receipt(Payment::Card), &PrinterProfile::default());
    assert!(contains(&bytes, b"25,98 \xD5\n"));
    for utf8 in ["€", "ä", "ö", "ü", "ß", "Ö", "Ü", "Ø", "·"] {
        assert!(
            !contains(&bytes, utf8.as_bytes()),
            "{utf8} was sent as UTF-8"
        );
    }
    assert!(contains(&bytes, b"Gie\xE1kanne"));
    assert!(contains(&bytes, b"Gr\x94\xE1e"));
    assert!(contains(&bytes, b"R\x81ckgeld") || contains(&bytes, b"Girocard"));
}

#[test]
fn the_drawer_opens_only_when_asked_and_enabled() {
    let profile = PrinterProfile::default();
    let kicks = |document: &PrintDocument, profile: &PrinterProfile| {
        decode(&encode(document, profile)).unwrap().drawer_kicks()
    };
    assert_eq!(kicks(&sale_receipt(Payment::Cash), &profile), 1);
    assert_eq!(kicks(&sale_receipt(Payment::Card), &profile), 0);
    assert_eq!(kicks(&refund_receipt(), &profile), 1);
    assert_eq!(kicks(&z_report(), &profile), 0);
    assert_eq!(kicks(&test_print_document(STORE), &profile), 0);
    let no_drawer = PrinterProfile {
        drawer_kick: false,
        ..PrinterProfile::default()
    };
    assert_eq!(kicks(&sale_receipt(Payment::Cash), &no_drawer), 0);

    let job = decode(&encode(&sale_receipt(Payment::Cash), &profile)).unwrap();
    let kick = job
        .items
        .iter()
        .find(|item| matches!(item, Decoded::DrawerKick { .. }))
        .unwrap();
    assert_eq!(
        *kick,
        Decoded::DrawerKick {
            pin: filiale_printer::DrawerPin::Pin2,
            on_ms: 100,
            off_ms: 100
        }
    );
}

#[test]
fn the_drawer_opens_alone_without_a_receipt() {
    let fake = CapturingPrinter::start(1);
    let printer = network_printer(&fake.address, PrinterProfile::default(), TIMEOUT);
    printer.open_drawer().unwrap();
    let job = decode(&fake.jobs()[0]).unwrap();
    assert_eq!(job.drawer_kicks(), 1);
    assert_eq!(job.items.len(), 1, "nothing but the kick: {job:?}");

    let no_drawer = PrinterProfile {
        drawer_kick: false,
        ..PrinterProfile::default()
    };
    let unused = crate::support::closed_address();
    let refused = network_printer(&unused, no_drawer, TIMEOUT).open_drawer();
    assert_eq!(refused, Err(PrintError::NoDrawer));
    assert!(PrintError::NoDrawer.to_string().contains("Kassenschublade"));
}

#[test]
fn narrow_paper_wraps_everything_to_32_columns() {
    // The TSE signature of sales and refunds is one long word, cut where the paper ends.
    for (document, one_word_each) in [
        (sale_receipt(Payment::Cash), false),
        (refund_receipt(), false),
        (z_report(), true),
        (test_print_document(STORE), true),
    ] {
        let wide = decode(&encode(&document, &PrinterProfile::new(PaperWidth::Mm80))).unwrap();
        let narrow = decode(&encode(&document, &PrinterProfile::new(PaperWidth::Mm58))).unwrap();
        assert!(wide.widest_line() <= 48, "{:#?}", wide.texts());
        assert_eq!(narrow.widest_line(), 32, "{:#?}", narrow.texts());
        // Wrapping loses no word.
        let words = |job: &filiale_printer::DecodedJob| {
            let mut words: Vec<String> = job
                .texts()
                .iter()
                .flat_map(|t| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
                .filter(|word| !word.chars().all(|c| c == '-' || c == '='))
                .collect();
            words.sort();
            words
        };
        if one_word_each {
            assert_eq!(words(&wide), words(&narrow));
        }
    }
    let narrow = decode(&encode(
        &sale_receipt(Payment::Cash),
        &PrinterProfile::new(PaperWidth::Mm58),
    ))
    .unwrap();
    let texts = narrow.texts();
    assert!(
        texts.contains(&"Blumenerde 40 l          25,98 €".to_owned()),
        "{texts:#?}"
    );
    assert!(
        texts.contains(&"Pflanztopf Terrakotta Ø 30 cm".to_owned()),
        "{texts:#?}"
    );
    assert!(
        texts.contains(&format!("{}0,00 €", " ".repeat(26))),
        "{texts:#?}"
    );
}

#[test]
fn text_cannot_smuggle_printer_commands() {
    let mut document = PrintDocument::new();
    document
        .line("Rose\u{1b}@\u{1d}V\u{0}\u{1b}p\u{0}Duft")
        .line("Kaktus 中 🌵");
    let job = decode(&encode(&document, &PrinterProfile::default())).unwrap();
    assert_eq!(job.texts(), ["Rose?@?V??p?Duft", "Kaktus ? ?"]);
    assert_eq!(job.drawer_kicks(), 0);
    assert_eq!(job.cuts(), 0);
    assert_eq!(
        job.items
            .iter()
            .filter(|item| **item == Decoded::Initialize)
            .count(),
        1
    );
}

#[test]
fn the_test_page_shows_the_store_every_style_and_a_qr_code() {
    let fake = CapturingPrinter::start(1);
    let printer = network_printer(
        &fake.address,
        PrinterProfile::new(PaperWidth::Mm58),
        TIMEOUT,
    );
    printer
        .print(&test_print_document("Gärtnerei Weiß"))
        .unwrap();
    let job = decode(&fake.jobs()[0]).unwrap();
    let name = job.line_containing("Gärtnerei").unwrap();
    assert_eq!(name.text, "Gärtnerei Weiß");
    assert_eq!(
        (name.size, name.bold, name.align),
        (TextSize::Double, true, Align::Center)
    );
    assert!(job.line_containing("ÄÖÜ äöü ß").is_some());
    assert!(job.line_containing("12,99 €").is_some());
    assert!(job.line_containing("Rechtsbündig").unwrap().align == Align::Right);
    assert_eq!(job.qr_payloads(), [TEST_QR_DATA]);
    assert_eq!(job.cuts(), 1);
    assert_eq!(job.widest_line(), 32);
}

#[test]
fn the_decoder_refuses_what_the_encoder_never_sends() {
    assert!(decode(b"\x1b@\x1bt\x13Hallo").is_err(), "line without LF");
    assert!(
        decode(b"\x1b@Gr\x94\xe1e\n").is_err(),
        "no code page selected"
    );
    assert!(
        decode(b"\x1b@\x1b-\x01x\n").is_err(),
        "underline is not ours"
    );
    assert!(decode(b"\x1b@\x1dL\x00\x00").is_err(), "unknown GS command");
    assert!(decode(b"\x1b@\r\n").is_err(), "carriage return");
    assert!(decode(b"\x1b@ab\x1bE\x01cd\n").is_err(), "bold mid-line");
    assert!(
        decode(b"\x1d(k\x03\x001Q0").is_err(),
        "QR printed without data"
    );
    assert!(
        decode(b"\x1dv0\x00\x02\x00\x02\x00\xff").is_err(),
        "raster cut short"
    );
    assert!(decode("€\n".as_bytes()).is_err(), "raw UTF-8");
}
