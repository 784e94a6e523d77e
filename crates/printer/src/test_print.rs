//! The back office's test print page: shows the logo, the store name, every style, German letters
//! and the euro sign, a two-column line, wrapping, a rule and a QR code, so one look tells whether
//! the printer is set up right.

use crate::document::{PrintDocument, QrCode, TextSize, TextStyle};

/// What the test page's QR code holds.
pub const TEST_QR_DATA: &str = "Filiale Testdruck";

/// The test print page for the store called `store_name`. It does not open the cash drawer.
pub fn test_print_document(store_name: &str) -> PrintDocument {
    let mut document = PrintDocument::new();
    document
        .logo()
        .text(
            store_name,
            TextStyle::default()
                .centered()
                .bold()
                .size(TextSize::Double),
        )
        .text(
            "Testdruck / Test print",
            TextStyle::default().centered().bold(),
        )
        .double_rule()
        .line("Umlaute: ÄÖÜ äöü ß")
        .line("Währung: 12,99 € / Zeichen: § ° µ ½")
        .columns("Blumenerde 40 l", "12,99 €")
        .columns("Gießkanne 10 l, grün", "8,49 €")
        .rule()
        .text("Fett / bold", TextStyle::default().bold())
        .text(
            "Doppelt hoch / double height",
            TextStyle::default().size(TextSize::DoubleHeight),
        )
        .text(
            "Doppelt breit",
            TextStyle::default().size(TextSize::DoubleWidth),
        )
        .text("Rechtsbündig / right", TextStyle::default().right())
        .line(
            "Dieser Absatz ist absichtlich lang, damit man sieht, dass der Text am Rand \
             sauber zwischen den Wörtern umbricht.",
        )
        .rule();
    if let Ok(code) = QrCode::new(TEST_QR_DATA) {
        document.qr(code);
    }
    document
        .centered("Ende des Testdrucks / end of test print")
        .feed(2)
        .cut();
    document
}
