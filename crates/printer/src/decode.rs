//! TEST DECODER: reads an ESC/POS byte stream back into lines of text (PC858 to UTF-8) and the
//! commands seen, for tests here and in other crates. It knows exactly the commands the encoder
//! sends (and the `ESC !` print mode other libraries use) and refuses everything else, so a wrong
//! encoder fails tests instead of printing garbage. Not used when printing.

use crate::codepage;
use crate::document::{Align, QrErrorCorrection, TextSize};
use crate::encode::{ESC, GS, LF};
use crate::logo::Logo;
use crate::profile::DrawerPin;

const DLE: u8 = 0x10;
const EOT: u8 = 0x04;

/// One printed line of text and the style it was printed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedLine {
    pub text: String,
    pub align: Align,
    pub bold: bool,
    pub size: TextSize,
}

impl DecodedLine {
    /// Columns of font A the line takes (a double-width character takes two).
    pub fn columns(&self) -> usize {
        let characters = self.text.chars().count();
        if self.size.is_double_width() {
            2 * characters
        } else {
            characters
        }
    }
}

/// One thing the printer was told, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Line(DecodedLine),
    /// `ESC @`
    Initialize,
    /// `ESC R n`
    CharacterSet(u8),
    /// `ESC t n`
    CodePage(u8),
    /// `ESC E n` (or the bold bit of `ESC !`), only when it changes.
    Bold(bool),
    /// `ESC a n`
    Align(Align),
    /// `GS ! n` or `ESC !`
    Size(TextSize),
    /// `ESC d n`
    Feed(u8),
    /// `GS V`
    Cut {
        partial: bool,
    },
    /// `ESC p m t1 t2`
    DrawerKick {
        pin: DrawerPin,
        on_ms: u16,
        off_ms: u16,
    },
    /// The `GS ( k` sequence up to "print the symbol", with the settings in force then.
    Qr {
        data: String,
        module_size: u8,
        error_correction: QrErrorCorrection,
    },
    /// `GS v 0`; the width is the byte width × 8.
    Raster(Logo),
    /// `DLE EOT n`
    StatusRequest(u8),
}

/// A decoded print job.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecodedJob {
    pub items: Vec<Decoded>,
}

impl DecodedJob {
    pub fn lines(&self) -> impl Iterator<Item = &DecodedLine> {
        self.items.iter().filter_map(|item| match item {
            Decoded::Line(line) => Some(line),
            _ => None,
        })
    }

    /// The text of every printed line.
    pub fn texts(&self) -> Vec<String> {
        self.lines().map(|line| line.text.clone()).collect()
    }

    /// The first line containing `needle`.
    pub fn line_containing(&self, needle: &str) -> Option<&DecodedLine> {
        self.lines().find(|line| line.text.contains(needle))
    }

    pub fn drawer_kicks(&self) -> usize {
        self.count(|item| matches!(item, Decoded::DrawerKick { .. }))
    }

    pub fn cuts(&self) -> usize {
        self.count(|item| matches!(item, Decoded::Cut { .. }))
    }

    pub fn qr_payloads(&self) -> Vec<&str> {
        self.items
            .iter()
            .filter_map(|item| match item {
                Decoded::Qr { data, .. } => Some(data.as_str()),
                _ => None,
            })
            .collect()
    }

    pub fn code_pages(&self) -> Vec<u8> {
        self.items
            .iter()
            .filter_map(|item| match item {
                Decoded::CodePage(n) => Some(*n),
                _ => None,
            })
            .collect()
    }

    /// The widest line in font-A columns.
    pub fn widest_line(&self) -> usize {
        self.lines().map(DecodedLine::columns).max().unwrap_or(0)
    }

    fn count(&self, predicate: impl Fn(&Decoded) -> bool) -> usize {
        self.items.iter().filter(|item| predicate(item)).count()
    }
}

/// Why a byte stream is not what the encoder should send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("unknown command {command:02X?} at byte {offset}")]
    UnknownCommand { offset: usize, command: Vec<u8> },
    #[error("command at byte {offset} is cut short")]
    Truncated { offset: usize },
    #[error("control byte {byte:#04x} at byte {offset}")]
    ControlByte { offset: usize, byte: u8 },
    #[error("text byte {byte:#04x} at byte {offset} before any code page was selected")]
    NoCodePage { offset: usize, byte: u8 },
    #[error("command at byte {offset} changes the line style in the middle of a line")]
    MidLine { offset: usize },
    #[error("QR code printed at byte {offset} without data stored")]
    QrWithoutData { offset: usize },
    #[error("QR code data at byte {offset} is not UTF-8")]
    QrNotUtf8 { offset: usize },
    #[error("raster image at byte {offset}: {reason}")]
    BadRaster { offset: usize, reason: String },
    #[error("text {text:?} at the end is not followed by a line feed")]
    UnfinishedLine { text: String },
}

/// TEST DECODER: parses `bytes` back into lines and commands; refuses any byte the encoder would
/// not send.
pub fn decode(bytes: &[u8]) -> Result<DecodedJob, DecodeError> {
    let mut decoder = Decoder {
        bytes,
        at: 0,
        job: DecodedJob::default(),
        align: Align::Left,
        bold: false,
        size: TextSize::Normal,
        code_page: None,
        pending: String::new(),
        qr_data: None,
        qr_size: 3,
        qr_error_correction: QrErrorCorrection::Low,
    };
    while decoder.at < bytes.len() {
        decoder.next()?;
    }
    if !decoder.pending.is_empty() {
        return Err(DecodeError::UnfinishedLine {
            text: decoder.pending,
        });
    }
    Ok(decoder.job)
}

struct Decoder<'a> {
    bytes: &'a [u8],
    at: usize,
    job: DecodedJob,
    align: Align,
    bold: bool,
    size: TextSize,
    code_page: Option<u8>,
    pending: String,
    qr_data: Option<String>,
    qr_size: u8,
    qr_error_correction: QrErrorCorrection,
}

impl Decoder<'_> {
    fn next(&mut self) -> Result<(), DecodeError> {
        let offset = self.at;
        let byte = self.bytes[offset];
        match byte {
            LF => {
                self.at += 1;
                self.job.items.push(Decoded::Line(DecodedLine {
                    text: std::mem::take(&mut self.pending),
                    align: self.align,
                    bold: self.bold,
                    size: self.size,
                }));
            }
            ESC => self.escape(offset)?,
            GS => self.group_separator(offset)?,
            DLE => {
                let [eot, n] = self.take::<2>(offset, 1)?;
                if eot != EOT || !(1..=4).contains(&n) {
                    return Err(self.unknown(offset, 3));
                }
                self.job.items.push(Decoded::StatusRequest(n));
            }
            _ => {
                self.at += 1;
                let Some(character) = codepage::char_for(byte) else {
                    return Err(DecodeError::ControlByte { offset, byte });
                };
                if byte >= 0x80 && self.code_page.is_none() {
                    return Err(DecodeError::NoCodePage { offset, byte });
                }
                self.pending.push(character);
            }
        }
        Ok(())
    }

    /// The `N` bytes after a command's first `skip` bytes; moves past them.
    fn take<const N: usize>(&mut self, offset: usize, skip: usize) -> Result<[u8; N], DecodeError> {
        let start = offset + skip;
        let slice = self
            .bytes
            .get(start..start + N)
            .ok_or(DecodeError::Truncated { offset })?;
        self.at = start + N;
        let mut out = [0; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    fn unknown(&self, offset: usize, length: usize) -> DecodeError {
        let end = (offset + length).min(self.bytes.len());
        DecodeError::UnknownCommand {
            offset,
            command: self.bytes[offset..end].to_vec(),
        }
    }

    fn at_line_start(&self, offset: usize) -> Result<(), DecodeError> {
        if self.pending.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::MidLine { offset })
        }
    }

    fn set_bold(&mut self, bold: bool) {
        if bold != self.bold {
            self.bold = bold;
            self.job.items.push(Decoded::Bold(bold));
        }
    }

    fn set_size(&mut self, size: TextSize) {
        if size != self.size {
            self.size = size;
            self.job.items.push(Decoded::Size(size));
        }
    }

    fn escape(&mut self, offset: usize) -> Result<(), DecodeError> {
        let [command] = self.take::<1>(offset, 1)?;
        match command {
            b'@' => {
                self.at_line_start(offset)?;
                self.align = Align::Left;
                self.bold = false;
                self.size = TextSize::Normal;
                self.job.items.push(Decoded::Initialize);
            }
            b'R' => {
                let [n] = self.take::<1>(offset, 2)?;
                if n != 0 {
                    return Err(self.unknown(offset, 3));
                }
                self.job.items.push(Decoded::CharacterSet(n));
            }
            b't' => {
                let [n] = self.take::<1>(offset, 2)?;
                self.code_page = Some(n);
                self.job.items.push(Decoded::CodePage(n));
            }
            b'E' => {
                let [n] = self.take::<1>(offset, 2)?;
                self.at_line_start(offset)?;
                self.set_bold(n & 1 == 1);
            }
            b'!' => {
                let [n] = self.take::<1>(offset, 2)?;
                self.at_line_start(offset)?;
                // Only emphasis (bit 3), double height (bit 4) and double width (bit 5).
                if n & !0b0011_1000 != 0 {
                    return Err(self.unknown(offset, 3));
                }
                self.set_bold(n & 0b1000 != 0);
                self.set_size(size_of(n & 0b1_0000 != 0, n & 0b10_0000 != 0));
            }
            b'a' => {
                let [n] = self.take::<1>(offset, 2)?;
                self.at_line_start(offset)?;
                let align = match n {
                    0 | 48 => Align::Left,
                    1 | 49 => Align::Center,
                    2 | 50 => Align::Right,
                    _ => return Err(self.unknown(offset, 3)),
                };
                self.align = align;
                self.job.items.push(Decoded::Align(align));
            }
            b'd' => {
                let [n] = self.take::<1>(offset, 2)?;
                self.at_line_start(offset)?;
                self.job.items.push(Decoded::Feed(n));
            }
            b'p' => {
                let [m, on, off] = self.take::<3>(offset, 2)?;
                let pin = match m {
                    0 | 48 => DrawerPin::Pin2,
                    1 | 49 => DrawerPin::Pin5,
                    _ => return Err(self.unknown(offset, 5)),
                };
                self.job.items.push(Decoded::DrawerKick {
                    pin,
                    on_ms: 2 * u16::from(on),
                    off_ms: 2 * u16::from(off),
                });
            }
            _ => return Err(self.unknown(offset, 2)),
        }
        Ok(())
    }

    fn group_separator(&mut self, offset: usize) -> Result<(), DecodeError> {
        let [command] = self.take::<1>(offset, 1)?;
        match command {
            b'!' => {
                let [n] = self.take::<1>(offset, 2)?;
                self.at_line_start(offset)?;
                let (width, height) = (n >> 4, n & 0x0F);
                if width > 1 || height > 1 {
                    return Err(self.unknown(offset, 3));
                }
                self.set_size(size_of(height == 1, width == 1));
            }
            b'V' => {
                let [m] = self.take::<1>(offset, 2)?;
                self.at_line_start(offset)?;
                let partial = match m {
                    0 | 48 => false,
                    1 | 49 => true,
                    65 | 66 => {
                        self.take::<1>(offset, 3)?;
                        m == 66
                    }
                    _ => return Err(self.unknown(offset, 3)),
                };
                self.job.items.push(Decoded::Cut { partial });
            }
            b'(' => self.two_dimensional_code(offset)?,
            b'v' => self.raster(offset)?,
            _ => return Err(self.unknown(offset, 2)),
        }
        Ok(())
    }

    /// `GS ( k pL pH cn fn ...` for QR codes (cn = 49).
    fn two_dimensional_code(&mut self, offset: usize) -> Result<(), DecodeError> {
        let [k, low, high] = self.take::<3>(offset, 2)?;
        if k != b'k' {
            return Err(self.unknown(offset, 3));
        }
        let length = usize::from(u16::from_le_bytes([low, high]));
        let body_start = offset + 5;
        let body = self
            .bytes
            .get(body_start..body_start + length)
            .ok_or(DecodeError::Truncated { offset })?;
        self.at = body_start + length;
        let unknown = || DecodeError::UnknownCommand {
            offset,
            command: body.iter().take(3).copied().collect(),
        };
        match body {
            [b'1', b'A', b'2', 0] => {}
            [b'1', b'C', size] if (1..=16).contains(size) => self.qr_size = *size,
            [b'1', b'E', level] => {
                self.qr_error_correction = match level {
                    48 => QrErrorCorrection::Low,
                    49 => QrErrorCorrection::Medium,
                    50 => QrErrorCorrection::Quartile,
                    51 => QrErrorCorrection::High,
                    _ => return Err(unknown()),
                }
            }
            [b'1', b'P', b'0', data @ ..] => {
                let data = String::from_utf8(data.to_vec())
                    .map_err(|_| DecodeError::QrNotUtf8 { offset })?;
                self.qr_data = Some(data);
            }
            [b'1', b'Q', b'0'] => {
                self.at_line_start(offset)?;
                let data = self
                    .qr_data
                    .clone()
                    .ok_or(DecodeError::QrWithoutData { offset })?;
                self.job.items.push(Decoded::Qr {
                    data,
                    module_size: self.qr_size,
                    error_correction: self.qr_error_correction,
                });
            }
            _ => return Err(unknown()),
        }
        Ok(())
    }

    /// `GS v 0 m xL xH yL yH d1...dk`.
    fn raster(&mut self, offset: usize) -> Result<(), DecodeError> {
        let [zero, m, x_low, x_high, y_low, y_high] = self.take::<6>(offset, 2)?;
        if zero != b'0' || m != 0 {
            return Err(self.unknown(offset, 4));
        }
        self.at_line_start(offset)?;
        let row_bytes = usize::from(u16::from_le_bytes([x_low, x_high]));
        let height = usize::from(u16::from_le_bytes([y_low, y_high]));
        let start = offset + 8;
        let rows = self
            .bytes
            .get(start..start + row_bytes * height)
            .ok_or(DecodeError::Truncated { offset })?;
        self.at = start + rows.len();
        let logo = Logo::from_rows(row_bytes * 8, height, rows.to_vec()).map_err(|error| {
            DecodeError::BadRaster {
                offset,
                reason: error.message_en(),
            }
        })?;
        self.job.items.push(Decoded::Raster(logo));
        Ok(())
    }
}

fn size_of(double_height: bool, double_width: bool) -> TextSize {
    match (double_height, double_width) {
        (false, false) => TextSize::Normal,
        (true, false) => TextSize::DoubleHeight,
        (false, true) => TextSize::DoubleWidth,
        (true, true) => TextSize::Double,
    }
}
