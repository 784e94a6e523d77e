//! Receipt printing on ESC/POS thermal printers: a paper-independent document model, the encoder
//! (code page PC858, so umlauts, ß and € print), network and USB transports with timeouts, the
//! printer's real-time status, the cash drawer kick, the `[printer]` configuration, and a test
//! decoder that reads the bytes back for tests.
//!
//! ```
//! use filiale_printer::{encode, decode, PrintDocument, PrinterProfile, PaperWidth, TextStyle};
//!
//! let mut receipt = PrintDocument::new();
//! receipt
//!     .text("Gartencenter Sonnenblume", TextStyle::default().centered().bold())
//!     .columns("Blumenerde 40 l", "12,99 €")
//!     .open_drawer()
//!     .cut();
//! let bytes = encode(&receipt, &PrinterProfile::new(PaperWidth::Mm58));
//! assert!(bytes.contains(&0xD5)); // € in PC858
//! let job = decode(&bytes).unwrap();
//! assert_eq!(job.texts()[1], "Blumenerde 40 l          12,99 €");
//! assert_eq!(job.drawer_kicks(), 1);
//! ```

pub mod codepage;
mod config;
pub mod decode;
mod document;
mod encode;
mod error;
mod logo;
mod printer;
mod profile;
mod status;
mod test_print;
mod transport;

pub use config::{PrinterConfig, PrinterKind};
pub use decode::{DecodeError, Decoded, DecodedJob, DecodedLine, decode};
pub use document::{
    Align, PrintDocument, PrintLine, QrCode, QrErrorCorrection, TextSize, TextStyle, wrap,
};
pub use encode::{columns_layout, drawer_kick, encode};
pub use error::{ConfigError, DocumentError, LogoError, PrintError};
pub use logo::Logo;
pub use printer::Printer;
pub use profile::{
    CutMode, DrawerPin, PaperWidth, PrinterProfile, UnknownDrawerPin, UnknownPaperWidth,
};
pub use status::{PrinterStatus, STATUS_ANSWER_LEN, STATUS_REQUEST};
pub use test_print::{TEST_QR_DATA, test_print_document};
pub use transport::{DEFAULT_PORT, DeviceTransport, NetworkTransport, Timeouts, Transport};
