//! What a receipt says, independent of any printer: lines of text, two-column amounts, rules, a QR
//! code, the store logo, feed and cut, and the cash drawer kick. Wrapping happens when encoding,
//! for the paper width of the printer at hand.

use crate::error::DocumentError;

/// A printable document: its lines, printed top to bottom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrintDocument {
    pub lines: Vec<PrintLine>,
}

/// One element of a [`PrintDocument`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintLine {
    /// Text, wrapped at word boundaries to the paper width; `\n` starts a new line.
    Text { text: String, style: TextStyle },
    /// A label on the left and an amount on the right, padded to the paper width. A label too long
    /// for one line wraps and the amount goes on its last line. The style's alignment is ignored.
    Columns {
        label: String,
        amount: String,
        style: TextStyle,
    },
    /// A rule across the whole width, made of `character` (e.g. '-' or '=').
    Rule { character: char },
    /// A QR code (model 2), printed centred.
    Qr(QrCode),
    /// The store logo of the printer profile, centred; nothing when the profile has none.
    Logo,
    /// Empty lines of paper.
    Feed { lines: u8 },
    /// Feed to the cutter and cut (full or partial, as the profile says).
    Cut,
    /// Pulse the cash drawer; sent only when the profile enables the drawer kick.
    OpenDrawer,
}

/// Horizontal placement of a text line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// Character size: font A, optionally doubled in height and/or width.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum TextSize {
    #[default]
    Normal,
    DoubleHeight,
    DoubleWidth,
    /// Double height and double width.
    Double,
}

impl TextSize {
    /// Whether each character takes two columns.
    pub fn is_double_width(self) -> bool {
        matches!(self, TextSize::DoubleWidth | TextSize::Double)
    }
}

/// How a text line looks. `TextStyle::default()` is left-aligned, regular, normal size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TextStyle {
    pub align: Align,
    pub bold: bool,
    pub size: TextSize,
}

impl TextStyle {
    pub fn centered(self) -> Self {
        TextStyle {
            align: Align::Center,
            ..self
        }
    }

    pub fn right(self) -> Self {
        TextStyle {
            align: Align::Right,
            ..self
        }
    }

    pub fn bold(self) -> Self {
        TextStyle { bold: true, ..self }
    }

    pub fn size(self, size: TextSize) -> Self {
        TextStyle { size, ..self }
    }
}

/// Error correction level of a QR code: how much of the symbol may be damaged and still scan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum QrErrorCorrection {
    /// About 7 %.
    Low,
    /// About 15 %.
    #[default]
    Medium,
    /// About 25 %.
    Quartile,
    /// About 30 %.
    High,
}

impl QrErrorCorrection {
    /// The most bytes a model 2 QR code (version 40) holds at this level.
    pub fn byte_capacity(self) -> usize {
        match self {
            QrErrorCorrection::Low => 2953,
            QrErrorCorrection::Medium => 2331,
            QrErrorCorrection::Quartile => 1663,
            QrErrorCorrection::High => 1273,
        }
    }
}

/// A QR code's content and look; built through [`QrCode::new`], so it always fits a QR symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrCode {
    data: String,
    module_size: u8,
    error_correction: QrErrorCorrection,
}

impl QrCode {
    /// Module size (dots per QR module) used by [`QrCode::new`].
    pub const DEFAULT_MODULE_SIZE: u8 = 4;

    /// A QR code holding `data` (sent as UTF-8 bytes), module size 4 dots, error correction M.
    /// Refuses empty data and data longer than a QR code holds.
    pub fn new(data: impl Into<String>) -> Result<QrCode, DocumentError> {
        QrCode::with_options(data, Self::DEFAULT_MODULE_SIZE, QrErrorCorrection::Medium)
    }

    /// A QR code with the given module size (1..=16 dots) and error correction.
    pub fn with_options(
        data: impl Into<String>,
        module_size: u8,
        error_correction: QrErrorCorrection,
    ) -> Result<QrCode, DocumentError> {
        let data = data.into();
        if data.is_empty() {
            return Err(DocumentError::EmptyQrCode);
        }
        let capacity = error_correction.byte_capacity();
        if data.len() > capacity {
            return Err(DocumentError::QrCodeTooLong {
                bytes: data.len(),
                capacity,
            });
        }
        if !(1..=16).contains(&module_size) {
            return Err(DocumentError::QrModuleSize(module_size));
        }
        Ok(QrCode {
            data,
            module_size,
            error_correction,
        })
    }

    pub fn data(&self) -> &str {
        &self.data
    }

    pub fn module_size(&self) -> u8 {
        self.module_size
    }

    pub fn error_correction(&self) -> QrErrorCorrection {
        self.error_correction
    }
}

impl PrintDocument {
    pub fn new() -> Self {
        PrintDocument::default()
    }

    pub fn push(&mut self, line: PrintLine) -> &mut Self {
        self.lines.push(line);
        self
    }

    /// Text in the given style.
    pub fn text(&mut self, text: impl Into<String>, style: TextStyle) -> &mut Self {
        self.push(PrintLine::Text {
            text: text.into(),
            style,
        })
    }

    /// Plain left-aligned text.
    pub fn line(&mut self, text: impl Into<String>) -> &mut Self {
        self.text(text, TextStyle::default())
    }

    /// Centred text.
    pub fn centered(&mut self, text: impl Into<String>) -> &mut Self {
        self.text(text, TextStyle::default().centered())
    }

    /// A label and an amount in regular type.
    pub fn columns(&mut self, label: impl Into<String>, amount: impl Into<String>) -> &mut Self {
        self.styled_columns(label, amount, TextStyle::default())
    }

    /// A label and an amount in the given style (e.g. bold, double height for the total).
    pub fn styled_columns(
        &mut self,
        label: impl Into<String>,
        amount: impl Into<String>,
        style: TextStyle,
    ) -> &mut Self {
        self.push(PrintLine::Columns {
            label: label.into(),
            amount: amount.into(),
            style,
        })
    }

    /// A rule of '-'.
    pub fn rule(&mut self) -> &mut Self {
        self.push(PrintLine::Rule { character: '-' })
    }

    /// A rule of '='.
    pub fn double_rule(&mut self) -> &mut Self {
        self.push(PrintLine::Rule { character: '=' })
    }

    pub fn qr(&mut self, code: QrCode) -> &mut Self {
        self.push(PrintLine::Qr(code))
    }

    pub fn logo(&mut self) -> &mut Self {
        self.push(PrintLine::Logo)
    }

    pub fn feed(&mut self, lines: u8) -> &mut Self {
        self.push(PrintLine::Feed { lines })
    }

    pub fn cut(&mut self) -> &mut Self {
        self.push(PrintLine::Cut)
    }

    pub fn open_drawer(&mut self) -> &mut Self {
        self.push(PrintLine::OpenDrawer)
    }
}

/// Splits `text` into lines of at most `width` characters: at `\n`, then at spaces; a word longer
/// than the width is cut. Leading spaces (an indent) are kept on a paragraph's first line; runs of
/// spaces between words become one. An empty text gives one empty line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let indent = (paragraph.len() - paragraph.trim_start_matches(' ').len()).min(width - 1);
        let mut current = " ".repeat(indent);
        let mut current_len = indent;
        let mut has_word = false;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let mut word: Vec<char> = word.chars().collect();
            let separator = usize::from(has_word);
            if current_len + separator + word.len() <= width {
                if has_word {
                    current.push(' ');
                }
                current.extend(word.iter());
                current_len += separator + word.len();
                has_word = true;
                continue;
            }
            if has_word {
                lines.push(std::mem::take(&mut current));
            } else {
                current.clear();
            }
            while word.len() > width {
                let rest = word.split_off(width);
                lines.push(word.iter().collect());
                word = rest;
            }
            current.extend(word.iter());
            current_len = word.len();
            has_word = true;
        }
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_cuts_overlong_words() {
        assert_eq!(wrap("Gießkanne 10 l grün", 12), ["Gießkanne 10", "l grün"]);
        assert_eq!(wrap("Rasensprenger", 5), ["Rasen", "spren", "ger"]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("  2 x 12,99 €", 10), ["  2 x", "12,99 €"]);
        assert_eq!(wrap("  Rasensprenger", 6), ["Rasens", "prenge", "r"]);
    }

    #[test]
    fn qr_codes_refuse_what_no_symbol_holds() {
        assert_eq!(QrCode::new(""), Err(DocumentError::EmptyQrCode));
        assert!(matches!(
            QrCode::new("x".repeat(2332)),
            Err(DocumentError::QrCodeTooLong {
                bytes: 2332,
                capacity: 2331
            })
        ));
        assert_eq!(
            QrCode::with_options("x", 17, QrErrorCorrection::Low),
            Err(DocumentError::QrModuleSize(17))
        );
        assert_eq!(QrCode::new("V0;Kasse-1").unwrap().module_size(), 4);
    }
}
