//! What the encoder needs to know about one printer: paper width, the command number of code page
//! PC858, cutter, cash drawer wiring and the store logo.

use crate::logo::Logo;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Paper roll width. Font A prints 48 columns on 80 mm and 32 on 58 mm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub enum PaperWidth {
    #[default]
    Mm80,
    Mm58,
}

impl PaperWidth {
    /// Characters per line in font A at normal width.
    pub fn columns(self) -> usize {
        match self {
            PaperWidth::Mm80 => 48,
            PaperWidth::Mm58 => 32,
        }
    }

    /// Printable dots per line at 203 dpi.
    pub fn dots(self) -> usize {
        match self {
            PaperWidth::Mm80 => 576,
            PaperWidth::Mm58 => 384,
        }
    }

    pub fn millimetres(self) -> u16 {
        match self {
            PaperWidth::Mm80 => 80,
            PaperWidth::Mm58 => 58,
        }
    }
}

/// A paper width other than 80 or 58 mm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPaperWidth(pub u16);

impl fmt::Display for UnknownPaperWidth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Papierbreite {} mm unbekannt (80 oder 58) / paper width {} mm unknown (80 or 58)",
            self.0, self.0
        )
    }
}

impl std::error::Error for UnknownPaperWidth {}

impl TryFrom<u16> for PaperWidth {
    type Error = UnknownPaperWidth;

    fn try_from(millimetres: u16) -> Result<Self, Self::Error> {
        match millimetres {
            80 => Ok(PaperWidth::Mm80),
            58 => Ok(PaperWidth::Mm58),
            other => Err(UnknownPaperWidth(other)),
        }
    }
}

impl From<PaperWidth> for u16 {
    fn from(width: PaperWidth) -> u16 {
        width.millimetres()
    }
}

/// The drawer connector pin the cash drawer's solenoid hangs on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum DrawerPin {
    #[default]
    Pin2,
    Pin5,
}

/// A drawer pin other than 2 or 5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownDrawerPin(pub u8);

impl fmt::Display for UnknownDrawerPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Schubladen-Pin {} unbekannt (2 oder 5) / drawer pin {} unknown (2 or 5)",
            self.0, self.0
        )
    }
}

impl std::error::Error for UnknownDrawerPin {}

impl TryFrom<u8> for DrawerPin {
    type Error = UnknownDrawerPin;

    fn try_from(pin: u8) -> Result<Self, Self::Error> {
        match pin {
            2 => Ok(DrawerPin::Pin2),
            5 => Ok(DrawerPin::Pin5),
            other => Err(UnknownDrawerPin(other)),
        }
    }
}

impl From<DrawerPin> for u8 {
    fn from(pin: DrawerPin) -> u8 {
        match pin {
            DrawerPin::Pin2 => 2,
            DrawerPin::Pin5 => 5,
        }
    }
}

/// How the cutter cuts at [`crate::PrintLine::Cut`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CutMode {
    /// Leaves a small bridge so the receipt does not drop (most receipt printers).
    #[default]
    Partial,
    Full,
}

/// One printer as the encoder sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterProfile {
    pub paper: PaperWidth,
    /// The `ESC t n` number that selects code page PC858 on this printer (19 on Epson and most
    /// compatibles). Text is always transcoded to PC858; this only says how to select it.
    pub code_page: u8,
    /// Whether [`crate::PrintLine::OpenDrawer`] pulses the drawer (off when no drawer is attached).
    pub drawer_kick: bool,
    pub drawer_pin: DrawerPin,
    pub cut: CutMode,
    /// Printed at [`crate::PrintLine::Logo`]; skipped when wider than the paper.
    pub logo: Option<Logo>,
}

impl PrinterProfile {
    /// `ESC t` number of PC858 on Epson printers.
    pub const EPSON_PC858: u8 = 19;

    /// 80 mm or 58 mm paper, PC858 as on Epson, drawer on pin 2, partial cut, no logo.
    pub fn new(paper: PaperWidth) -> Self {
        PrinterProfile {
            paper,
            code_page: Self::EPSON_PC858,
            drawer_kick: true,
            drawer_pin: DrawerPin::Pin2,
            cut: CutMode::Partial,
            logo: None,
        }
    }
}

impl Default for PrinterProfile {
    fn default() -> Self {
        PrinterProfile::new(PaperWidth::Mm80)
    }
}
