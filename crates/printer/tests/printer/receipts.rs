//! The receipts a garden centre prints, built the way the till maps its sales into documents:
//! a sale (cash or card), a refund and the daily closing (Z report).

use filiale_domain::Cents;
use filiale_printer::{PrintDocument, QrCode, TextSize, TextStyle};

pub const STORE: &str = "Gartencenter Sonnenblume";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payment {
    Cash,
    Card,
}

fn euro(cents: i64) -> String {
    Cents::new(cents).to_string()
}

fn header(document: &mut PrintDocument) {
    document
        .logo()
        .text(
            STORE,
            TextStyle::default()
                .centered()
                .bold()
                .size(TextSize::DoubleHeight),
        )
        .centered("Hauptstraße 12, 80331 München")
        .centered("Tel. 089 1234567 · USt-IdNr. DE123456789")
        .rule();
}

fn tse_footer(document: &mut PrintDocument, transaction: u32, total: &str) {
    document
        .rule()
        .line("TSE-Seriennummer: 9f2c4e1a7b3d5f60")
        .line(format!("TSE-Transaktion: {transaction}"))
        .line("Start: 2026-12-06T14:32:05 Ende: 2026-12-06T14:32:41")
        .line("Signatur: MEUCIQDb3v8Q2mJ1nQ7cL0kV4yX9aR2sT6uW8zB1dF3gH5jK7lAiB4nP6qR8sT0uV2wX4yZ6aB8cD0eF2gH4iJ6kL8mN0oP2q==");
    let qr = QrCode::new(format!(
        "V0;Kasse-1;Kassenbeleg-V1;Beleg^{total}_0.00_0.00_0.00_0.00^{total}:Bar;{transaction};2026-12-06T14:32:05;9f2c4e1a7b3d5f60"
    ))
    .unwrap();
    document.qr(qr);
}

/// A sale of four articles; a cash sale opens the drawer and shows the change.
pub fn sale_receipt(payment: Payment) -> PrintDocument {
    let mut document = PrintDocument::new();
    if payment == Payment::Cash {
        document.open_drawer();
    }
    header(&mut document);
    document
        .columns("Bon 2026-000123", "06.12.2026 14:32")
        .line("Kasse 1 · Bedient von Anna")
        .rule()
        .columns("Blumenerde 40 l", euro(2598))
        .line(format!("  2 x {}", euro(1299)))
        .columns("Gießkanne 10 l, grün", euro(849))
        .columns("Rosenschere Profi, Größe M", euro(2490))
        .columns("Pflanztopf Terrakotta Ø 30 cm", euro(0))
        .line("  Gutschein ÖKO-Aktion: 100 % Rabatt")
        .rule()
        .styled_columns(
            "SUMME",
            euro(5937),
            TextStyle::default().bold().size(TextSize::DoubleHeight),
        );
    match payment {
        Payment::Cash => {
            document
                .columns("Bar", euro(10000))
                .columns("Rückgeld", euro(4063));
        }
        Payment::Card => {
            document.columns("Girocard", euro(5937));
        }
    }
    document
        .rule()
        .columns("MwSt. 19 % von 49,89 €", euro(948))
        .columns("Netto", euro(4989));
    tse_footer(&mut document, 4711, "59.37");
    document
        .centered("Vielen Dank für Ihren Einkauf!")
        .centered("Umtausch mit Bon innerhalb von 14 Tagen.")
        .feed(1)
        .cut();
    document
}

/// A cash refund of one article, with the customer's signature line.
pub fn refund_receipt() -> PrintDocument {
    let mut document = PrintDocument::new();
    document.open_drawer();
    header(&mut document);
    document
        .text(
            "RÜCKGABE",
            TextStyle::default()
                .centered()
                .bold()
                .size(TextSize::Double),
        )
        .columns("Storno zu Bon 2026-000123", "06.12.2026 16:05")
        .rule()
        .columns("Blumenerde 40 l", euro(-1299))
        .line("  Grund: Sack beschädigt")
        .rule()
        .styled_columns("ERSTATTET BAR", euro(-1299), TextStyle::default().bold())
        .columns("MwSt. 19 % von -10,92 €", euro(-207));
    tse_footer(&mut document, 4720, "-12.99");
    document
        .feed(2)
        .line("Unterschrift Kunde:")
        .feed(2)
        .rule()
        .feed(1)
        .cut();
    document
}

/// The daily closing: sums by tax rate and by payment, counts and the cash balance. No drawer.
pub fn z_report() -> PrintDocument {
    let mut document = PrintDocument::new();
    header(&mut document);
    document
        .text(
            "Tagesabschluss (Z-Bon) Nr. 42",
            TextStyle::default().centered().bold(),
        )
        .columns("Geschäftstag", "06.12.2026")
        .columns("Erstellt", "06.12.2026 20:03")
        .double_rule()
        .text("Umsatz nach Steuersatz", TextStyle::default().bold())
        .columns("19 % brutto", euro(184_736))
        .columns("  davon MwSt.", euro(29_496))
        .columns("7 % brutto (Pflanzen)", euro(96_410))
        .columns("  davon MwSt.", euro(6_307))
        .styled_columns("Umsatz gesamt", euro(281_146), TextStyle::default().bold())
        .rule()
        .text("Zahlungsarten", TextStyle::default().bold())
        .columns("Bar", euro(121_380))
        .columns("Girocard", euro(143_866))
        .columns("Kreditkarte", euro(15_900))
        .rule()
        .columns("Bons", "187")
        .columns("Rückgaben", "3")
        .columns("Rückgaben Summe", euro(-4_587))
        .columns("Schubladenöffnungen ohne Verkauf", "2")
        .double_rule()
        .columns("Anfangsbestand", euro(20_000))
        .columns("Bareinnahmen", euro(121_380))
        .columns("Barauszahlungen", euro(-3_588))
        .styled_columns(
            "Soll-Kassenbestand",
            euro(137_792),
            TextStyle::default().bold(),
        )
        .feed(1)
        .centered("Ende des Z-Bons")
        .feed(1)
        .cut();
    document
}
