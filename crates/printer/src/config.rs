//! The `[printer]` section of `filiale.toml`: which printer, paper width, code page, cash drawer,
//! cutter, logo and timeout; and the [`Printer`] it configures.
//!
//! ```toml
//! [printer]
//! kind = "network"            # "none" (default), "network" or "device"
//! address = "192.168.1.50:9100"  # for "network"; the port defaults to 9100
//! # device = "/dev/usb/lp0"   # for "device"
//! paper_width = 80            # 80 or 58 (mm)
//! code_page = 19              # ESC t number of PC858 on this printer (19 on Epson)
//! drawer_kick = true          # pulse the cash drawer on cash sales
//! drawer_pin = 2              # 2 or 5
//! cut = "partial"             # "partial" or "full"
//! logo = "/etc/filiale/logo.pbm"  # optional, a 1-bit PBM at most 576 (80 mm) / 384 (58 mm) dots wide
//! timeout_ms = 2000           # connect, write and status bounds
//! ```

use crate::error::ConfigError;
use crate::logo::Logo;
use crate::printer::Printer;
use crate::profile::{CutMode, DrawerPin, PaperWidth, PrinterProfile};
use crate::transport::{DeviceTransport, NetworkTransport, Timeouts, Transport};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

/// Which kind of printer is attached.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrinterKind {
    /// No receipt printer: printing is refused with [`crate::PrintError::NoPrinter`].
    #[default]
    None,
    /// Raw TCP, `address = "host:port"`.
    Network,
    /// A device file, `device = "/dev/usb/lp0"`.
    Device,
}

/// The `[printer]` section. Every field has a default, so an absent section means no printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrinterConfig {
    pub kind: PrinterKind,
    /// `host:port` or `host` (port 9100) of a network printer.
    pub address: Option<String>,
    /// Device file of a USB printer.
    pub device: Option<PathBuf>,
    pub paper_width: PaperWidth,
    /// The `ESC t` number that selects PC858 on this printer.
    pub code_page: u8,
    pub drawer_kick: bool,
    pub drawer_pin: DrawerPin,
    pub cut: CutMode,
    /// A 1-bit PBM image (P1 or P4) printed at the top of receipts.
    pub logo: Option<PathBuf>,
    /// Bound of connecting, of a write without progress and of a status answer, in milliseconds.
    pub timeout_ms: u64,
}

impl Default for PrinterConfig {
    fn default() -> Self {
        PrinterConfig {
            kind: PrinterKind::None,
            address: None,
            device: None,
            paper_width: PaperWidth::Mm80,
            code_page: PrinterProfile::EPSON_PC858,
            drawer_kick: true,
            drawer_pin: DrawerPin::Pin2,
            cut: CutMode::Partial,
            logo: None,
            timeout_ms: 2000,
        }
    }
}

impl PrinterConfig {
    pub fn timeouts(&self) -> Result<Timeouts, ConfigError> {
        if !(1..=60_000).contains(&self.timeout_ms) {
            return Err(ConfigError::BadTimeout(self.timeout_ms));
        }
        Ok(Timeouts::uniform(Duration::from_millis(self.timeout_ms)))
    }

    /// The encoder's profile, with the logo file read (refused when it is no PBM or wider than
    /// the paper).
    pub fn profile(&self) -> Result<PrinterProfile, ConfigError> {
        let logo = match &self.logo {
            None => None,
            Some(path) => {
                let bytes = std::fs::read(path).map_err(|error| ConfigError::LogoUnreadable {
                    path: path.clone(),
                    reason: error.to_string(),
                })?;
                let logo = Logo::from_pbm(&bytes).map_err(|error| ConfigError::Logo {
                    path: path.clone(),
                    error,
                })?;
                let paper_dots = self.paper_width.dots();
                if logo.width() > paper_dots {
                    return Err(ConfigError::Logo {
                        path: path.clone(),
                        error: crate::error::LogoError::TooLarge {
                            width: logo.width(),
                            height: logo.height(),
                            max_width: paper_dots,
                            max_height: Logo::MAX_HEIGHT,
                        },
                    });
                }
                Some(logo)
            }
        };
        Ok(PrinterProfile {
            paper: self.paper_width,
            code_page: self.code_page,
            drawer_kick: self.drawer_kick,
            drawer_pin: self.drawer_pin,
            cut: self.cut,
            logo,
        })
    }

    /// The transport, `None` for `kind = "none"`.
    pub fn transport(&self) -> Result<Option<Box<dyn Transport>>, ConfigError> {
        let timeouts = self.timeouts()?;
        Ok(match self.kind {
            PrinterKind::None => None,
            PrinterKind::Network => {
                let address = self
                    .address
                    .as_deref()
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .ok_or(ConfigError::MissingAddress)?;
                check_address(address)?;
                Some(Box::new(NetworkTransport::new(address, timeouts)))
            }
            PrinterKind::Device => {
                let device = self
                    .device
                    .clone()
                    .filter(|d| !d.as_os_str().is_empty())
                    .ok_or(ConfigError::MissingDevice)?;
                Some(Box::new(DeviceTransport::new(device, timeouts)))
            }
        })
    }

    /// The configured printer, `None` for `kind = "none"`. Reads the logo file; contacts no printer.
    pub fn printer(&self) -> Result<Option<Printer>, ConfigError> {
        let Some(transport) = self.transport()? else {
            return Ok(None);
        };
        Ok(Some(Printer::new(transport, self.profile()?)))
    }
}

/// `host:port` with a port number, or a bare host without ':' (port 9100).
fn check_address(address: &str) -> Result<(), ConfigError> {
    let bad = || ConfigError::BadAddress(address.to_owned());
    match address.rsplit_once(':') {
        None if !address.contains(char::is_whitespace) => Ok(()),
        Some((host, port))
            if !host.is_empty()
                && !host.contains(char::is_whitespace)
                && port.parse::<u16>().is_ok_and(|p| p > 0) =>
        {
            Ok(())
        }
        _ => Err(bad()),
    }
}
