//! Turns a [`PrintDocument`] into the ESC/POS bytes a receipt printer prints: initialise, select
//! PC858, then each line with its style, wrapped to the paper width. Text never leaves as UTF-8.

use crate::codepage;
use crate::document::{
    Align, PrintDocument, PrintLine, QrCode, QrErrorCorrection, TextSize, TextStyle, wrap,
};
use crate::logo::Logo;
use crate::profile::{CutMode, DrawerPin, PrinterProfile};

pub(crate) const ESC: u8 = 0x1B;
pub(crate) const GS: u8 = 0x1D;
pub(crate) const LF: u8 = 0x0A;

/// Drawer pulse: 50 × 2 ms on, 50 × 2 ms off.
const DRAWER_PULSE: [u8; 2] = [50, 50];

/// The ESC/POS bytes that print `document` on the printer described by `profile`.
pub fn encode(document: &PrintDocument, profile: &PrinterProfile) -> Vec<u8> {
    let mut encoder = Encoder {
        bytes: Vec::with_capacity(64 * document.lines.len() + 16),
        style: TextStyle::default(),
        profile,
    };
    encoder.initialise();
    for line in &document.lines {
        encoder.line(line);
    }
    encoder.bytes
}

/// The bytes that pulse the cash drawer on `pin`: `ESC p m t1 t2`.
pub fn drawer_kick(pin: DrawerPin) -> [u8; 5] {
    let m = match pin {
        DrawerPin::Pin2 => 0,
        DrawerPin::Pin5 => 1,
    };
    [ESC, b'p', m, DRAWER_PULSE[0], DRAWER_PULSE[1]]
}

/// Lays out a label and an amount on lines of `width` columns: the label wrapped to the width, the
/// amount right-aligned on its last line, or on a line of its own when it does not fit there.
pub fn columns_layout(label: &str, amount: &str, width: usize) -> Vec<String> {
    let amount_len = amount.chars().count();
    let mut lines = wrap(label, width);
    let last = lines.pop().unwrap_or_default();
    let last_len = last.chars().count();
    if last_len + 1 + amount_len <= width || (last_len == 0 && amount_len <= width) {
        let pad = width - amount_len;
        lines.push(format!("{last:<pad$}{amount}"));
    } else {
        lines.push(last);
        lines.extend(
            wrap(amount, width)
                .into_iter()
                .map(|part| format!("{part:>width$}")),
        );
    }
    lines
}

struct Encoder<'a> {
    bytes: Vec<u8>,
    /// The style the printer is in (after `ESC @`: left, regular, normal size).
    style: TextStyle,
    profile: &'a PrinterProfile,
}

impl Encoder<'_> {
    fn initialise(&mut self) {
        self.bytes.extend([ESC, b'@']);
        // International character set USA: ASCII stays ASCII whatever the printer's default.
        self.bytes.extend([ESC, b'R', 0]);
        self.bytes.extend([ESC, b't', self.profile.code_page]);
        self.style = TextStyle::default();
    }

    fn line(&mut self, line: &PrintLine) {
        let columns = self.profile.paper.columns();
        match line {
            PrintLine::Text { text, style } => {
                for part in wrap(text, width_for(columns, style.size)) {
                    self.text_line(&part, *style);
                }
            }
            PrintLine::Columns {
                label,
                amount,
                style,
            } => {
                let style = TextStyle {
                    align: Align::Left,
                    ..*style
                };
                for part in columns_layout(label, amount, width_for(columns, style.size)) {
                    self.text_line(&part, style);
                }
            }
            PrintLine::Rule { character } => {
                let rule: String = std::iter::repeat_n(*character, columns).collect();
                self.text_line(&rule, TextStyle::default());
            }
            PrintLine::Qr(code) => self.qr(code),
            PrintLine::Logo => {
                if let Some(logo) = &self.profile.logo
                    && logo.width() <= self.profile.paper.dots()
                {
                    self.raster(logo);
                }
            }
            PrintLine::Feed { lines } => {
                if *lines > 0 {
                    self.bytes.extend([ESC, b'd', *lines]);
                }
            }
            PrintLine::Cut => {
                let m = match self.profile.cut {
                    CutMode::Full => 65,
                    CutMode::Partial => 66,
                };
                // Function B: feed to the cutter, then cut.
                self.bytes.extend([GS, b'V', m, 0]);
            }
            PrintLine::OpenDrawer => {
                if self.profile.drawer_kick {
                    self.bytes.extend(drawer_kick(self.profile.drawer_pin));
                }
            }
        }
    }

    fn text_line(&mut self, text: &str, style: TextStyle) {
        self.set_style(style);
        self.bytes.extend(codepage::encode_text(text));
        self.bytes.push(LF);
    }

    fn set_style(&mut self, style: TextStyle) {
        self.set_align(style.align);
        if style.bold != self.style.bold {
            self.bytes.extend([ESC, b'E', u8::from(style.bold)]);
            self.style.bold = style.bold;
        }
        if style.size != self.style.size {
            let n = match style.size {
                TextSize::Normal => 0x00,
                TextSize::DoubleHeight => 0x01,
                TextSize::DoubleWidth => 0x10,
                TextSize::Double => 0x11,
            };
            self.bytes.extend([GS, b'!', n]);
            self.style.size = style.size;
        }
    }

    fn set_align(&mut self, align: Align) {
        if align != self.style.align {
            let n = match align {
                Align::Left => 0,
                Align::Center => 1,
                Align::Right => 2,
            };
            self.bytes.extend([ESC, b'a', n]);
            self.style.align = align;
        }
    }

    /// `GS ( k` function 165 (model 2), 167 (module size), 169 (error correction), 180 (store the
    /// data), 181 (print).
    fn qr(&mut self, code: &QrCode) {
        self.set_align(Align::Center);
        let ec = match code.error_correction() {
            QrErrorCorrection::Low => 48,
            QrErrorCorrection::Medium => 49,
            QrErrorCorrection::Quartile => 50,
            QrErrorCorrection::High => 51,
        };
        self.gs_k(&[b'A', b'2', 0]);
        self.gs_k(&[b'C', code.module_size()]);
        self.gs_k(&[b'E', ec]);
        let mut store = b"P0".to_vec();
        store.extend(code.data().as_bytes());
        self.gs_k(&store);
        self.gs_k(b"Q0");
    }

    /// `GS ( k pL pH cn fn ...` with cn = 49 (QR code); `function` starts with fn.
    fn gs_k(&mut self, function: &[u8]) {
        // QrCode keeps data within 2953 bytes, so the length always fits in pL pH.
        let length = u16::try_from(function.len() + 1).unwrap_or(u16::MAX);
        self.bytes.extend([GS, b'(', b'k']);
        self.bytes.extend(length.to_le_bytes());
        self.bytes.push(b'1');
        self.bytes.extend(function);
    }

    /// `GS v 0 m xL xH yL yH d1...dk`, normal density, centred.
    fn raster(&mut self, logo: &Logo) {
        self.set_align(Align::Center);
        // Logo keeps width ≤ 576 and height ≤ 1024, so both fit in two bytes.
        let row_bytes = u16::try_from(logo.row_bytes()).unwrap_or(u16::MAX);
        let height = u16::try_from(logo.height()).unwrap_or(u16::MAX);
        self.bytes.extend([GS, b'v', b'0', 0]);
        self.bytes.extend(row_bytes.to_le_bytes());
        self.bytes.extend(height.to_le_bytes());
        self.bytes.extend(logo.rows());
    }
}

fn width_for(columns: usize, size: TextSize) -> usize {
    if size.is_double_width() {
        columns / 2
    } else {
        columns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_pad_to_the_width_and_wrap_long_labels() {
        assert_eq!(
            columns_layout("Gießkanne 10 l grün", "8,49 €", 20),
            ["Gießkanne 10 l grün", "              8,49 €"]
        );
        assert_eq!(
            columns_layout("Summe", "12,99 €", 20),
            ["Summe        12,99 €"]
        );
        assert_eq!(
            columns_layout("Blumenerde torffrei 40 l", "12,99 €", 20),
            ["Blumenerde torffrei", "40 l         12,99 €"]
        );
        assert_eq!(
            columns_layout("x", "1.234.567,89 €", 10),
            ["x", "1.234.567,", "      89 €"]
        );
    }

    #[test]
    fn an_empty_document_only_initialises_and_selects_the_code_page() {
        let bytes = encode(&PrintDocument::new(), &PrinterProfile::default());
        assert_eq!(bytes, [ESC, b'@', ESC, b'R', 0, ESC, b't', 19]);
    }
}
