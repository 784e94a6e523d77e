//! The text encodings a store's spreadsheet exports come in: UTF-8 (with or without a BOM), and
//! what German Excel and older tools write, Windows-1252 or ISO-8859-15. The file's bytes decide;
//! the import summary says which one was read.

use encoding_rs::{ISO_8859_15, WINDOWS_1252};
use serde::Serialize;
use std::borrow::Cow;

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum TextEncoding {
    #[default]
    #[serde(rename = "UTF-8")]
    Utf8,
    #[serde(rename = "Windows-1252")]
    Windows1252,
    #[serde(rename = "ISO-8859-15")]
    Iso8859_15,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Windows1252 => "Windows-1252",
            TextEncoding::Iso8859_15 => "ISO-8859-15",
        }
    }
}

/// The file as UTF-8 text (a UTF-8 BOM removed) and the encoding it was in. Bytes that are not
/// UTF-8 are Windows-1252, unless they use none of its 0x80–0x9F characters (€, „, “, …) but
/// 0xA4, which is € only in ISO-8859-15.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, TextEncoding) {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(text), TextEncoding::Utf8);
    }
    let uses_c1 = bytes.iter().any(|b| (0x80..=0x9f).contains(b));
    let (encoding, name) = if !uses_c1 && bytes.contains(&0xa4) {
        (ISO_8859_15, TextEncoding::Iso8859_15)
    } else {
        (WINDOWS_1252, TextEncoding::Windows1252)
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_excel_files_read_as_they_were_written() {
        // "Gießkanne;12,99 €" as Windows-1252: ß = 0xDF, € = 0x80.
        let cp1252 = b"Gie\xdfkanne;12,99 \x80\nS\xe4ge;\x84gut\x93\n";
        let (text, encoding) = decode(cp1252);
        assert_eq!(encoding, TextEncoding::Windows1252);
        assert_eq!(text, "Gießkanne;12,99 €\nSäge;„gut“\n");
        // The same in ISO-8859-15: € = 0xA4.
        let latin9 = b"Gie\xdfkanne;12,99 \xa4\n";
        let (text, encoding) = decode(latin9);
        assert_eq!(encoding, TextEncoding::Iso8859_15);
        assert_eq!(text, "Gießkanne;12,99 €\n");
        // Umlauts alone read the same in both; Windows-1252 is named.
        assert_eq!(decode(b"B\xfcrste\n").0, "Bürste\n");
    }

    #[test]
    fn utf8_stays_utf8_with_or_without_a_bom() {
        let (text, encoding) = decode("\u{feff}Gießkanne;12,99 €\n".as_bytes());
        assert_eq!(
            (text.as_ref(), encoding),
            ("Gießkanne;12,99 €\n", TextEncoding::Utf8)
        );
        assert!(matches!(decode("Säge".as_bytes()).0, Cow::Borrowed(_)));
    }
}
