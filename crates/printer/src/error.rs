//! Why printing, a document or the printer configuration was refused, in German and English:
//! `message_de()`, `message_en()`, and `Display` giving "deutsch / english".

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Why a print job, a drawer kick or a status query failed. Every variant comes back within the
/// configured timeouts; none of them leaves anything half-done on the till's side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintError {
    /// The store has no receipt printer configured (`kind = "none"`).
    NoPrinter,
    /// Nobody answered at the address, or the device file is missing (printer off or unplugged).
    Unreachable { target: String, reason: String },
    /// The connection was not made within the timeout.
    ConnectTimeout { target: String, timeout: Duration },
    /// The printer took no data for the whole timeout (jammed, busy or hanging).
    Stalled { target: String, timeout: Duration },
    /// The printer did not answer a status query within the timeout.
    NoAnswer { target: String, timeout: Duration },
    /// The printer answered a status query with bytes that are no ESC/POS status.
    Garbage { target: String, bytes: Vec<u8> },
    /// The paper roll is empty.
    PaperOut,
    /// The printer cover is open.
    CoverOpen,
    /// The printer is offline for another reason (e.g. feeding paper, waiting to recover).
    Offline,
    /// The printer reports an error (cutter jammed, head overheated, ...).
    PrinterFault,
    /// The drawer kick is switched off in the printer configuration.
    NoDrawer,
    /// Any other input/output failure (e.g. no permission on the device file, connection reset).
    Io { target: String, reason: String },
}

impl PrintError {
    pub fn message_de(&self) -> String {
        match self {
            PrintError::NoPrinter => "Kein Bondrucker eingerichtet.".into(),
            PrintError::Unreachable { target, reason } => {
                format!(
                    "Bondrucker {target} nicht erreichbar ({reason}). Ist er eingeschaltet und verbunden?"
                )
            }
            PrintError::ConnectTimeout { target, timeout } => format!(
                "Bondrucker {target} antwortet nicht (keine Verbindung nach {} ms).",
                timeout.as_millis()
            ),
            PrintError::Stalled { target, timeout } => format!(
                "Bondrucker {target} nimmt keine Daten an (seit {} ms). Papierstau oder Drucker hängt?",
                timeout.as_millis()
            ),
            PrintError::NoAnswer { target, timeout } => format!(
                "Bondrucker {target} meldet keinen Status (keine Antwort nach {} ms).",
                timeout.as_millis()
            ),
            PrintError::Garbage { target, bytes } => {
                format!("Bondrucker {target} antwortete unverständlich ({bytes:02X?}).")
            }
            PrintError::PaperOut => {
                "Bondrucker: Papier ist leer. Bitte neue Rolle einlegen.".into()
            }
            PrintError::CoverOpen => "Bondrucker: Deckel ist offen. Bitte schließen.".into(),
            PrintError::Offline => "Bondrucker ist offline.".into(),
            PrintError::PrinterFault => {
                "Bondrucker meldet einen Fehler (Messer blockiert oder Druckkopf überhitzt?)."
                    .into()
            }
            PrintError::NoDrawer => {
                "Die Kassenschublade ist nicht eingerichtet (drawer_kick = false).".into()
            }
            PrintError::Io { target, reason } => {
                format!("Fehler bei der Verbindung zum Bondrucker {target}: {reason}")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            PrintError::NoPrinter => "No receipt printer configured.".into(),
            PrintError::Unreachable { target, reason } => {
                format!(
                    "Receipt printer {target} unreachable ({reason}). Is it switched on and connected?"
                )
            }
            PrintError::ConnectTimeout { target, timeout } => format!(
                "Receipt printer {target} does not answer (no connection after {} ms).",
                timeout.as_millis()
            ),
            PrintError::Stalled { target, timeout } => format!(
                "Receipt printer {target} accepts no data (for {} ms). Paper jam or printer hanging?",
                timeout.as_millis()
            ),
            PrintError::NoAnswer { target, timeout } => format!(
                "Receipt printer {target} reports no status (no answer after {} ms).",
                timeout.as_millis()
            ),
            PrintError::Garbage { target, bytes } => {
                format!("Receipt printer {target} answered garbage ({bytes:02X?}).")
            }
            PrintError::PaperOut => {
                "Receipt printer: out of paper. Please insert a new roll.".into()
            }
            PrintError::CoverOpen => "Receipt printer: cover is open. Please close it.".into(),
            PrintError::Offline => "Receipt printer is offline.".into(),
            PrintError::PrinterFault => {
                "Receipt printer reports an error (cutter jammed or print head overheated?).".into()
            }
            PrintError::NoDrawer => "The cash drawer is not set up (drawer_kick = false).".into(),
            PrintError::Io { target, reason } => {
                format!("Connection to receipt printer {target} failed: {reason}")
            }
        }
    }
}

impl fmt::Display for PrintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_de(), self.message_en())
    }
}

impl std::error::Error for PrintError {}

/// Why a document element was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    EmptyQrCode,
    QrCodeTooLong { bytes: usize, capacity: usize },
    QrModuleSize(u8),
}

impl DocumentError {
    pub fn message_de(&self) -> String {
        match self {
            DocumentError::EmptyQrCode => "Ein QR-Code braucht einen Inhalt.".into(),
            DocumentError::QrCodeTooLong { bytes, capacity } => {
                format!("QR-Code zu lang: {bytes} Bytes, höchstens {capacity}.")
            }
            DocumentError::QrModuleSize(size) => {
                format!("QR-Modulgröße {size} ungültig (erlaubt: 1 bis 16 Punkte).")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            DocumentError::EmptyQrCode => "A QR code needs content.".into(),
            DocumentError::QrCodeTooLong { bytes, capacity } => {
                format!("QR code too long: {bytes} bytes, at most {capacity}.")
            }
            DocumentError::QrModuleSize(size) => {
                format!("QR module size {size} invalid (allowed: 1 to 16 dots).")
            }
        }
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_de(), self.message_en())
    }
}

impl std::error::Error for DocumentError {}

/// Why a logo image was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogoError {
    /// Not a PBM file (magic `P1` or `P4`).
    NotPbm,
    /// A PBM header or pixel data that does not parse.
    Malformed(String),
    /// Wider or taller than a receipt logo may be.
    TooLarge {
        width: usize,
        height: usize,
        max_width: usize,
        max_height: usize,
    },
}

impl LogoError {
    pub fn message_de(&self) -> String {
        match self {
            LogoError::NotPbm => "Das Logo ist keine PBM-Datei (P1 oder P4).".into(),
            LogoError::Malformed(detail) => {
                format!("Die PBM-Datei des Logos ist fehlerhaft: {detail}.")
            }
            LogoError::TooLarge {
                width,
                height,
                max_width,
                max_height,
            } => format!(
                "Das Logo ist {width}×{height} Punkte groß, höchstens {max_width}×{max_height} passen auf den Bon."
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            LogoError::NotPbm => "The logo is not a PBM file (P1 or P4).".into(),
            LogoError::Malformed(detail) => format!("The logo's PBM file is malformed: {detail}."),
            LogoError::TooLarge {
                width,
                height,
                max_width,
                max_height,
            } => format!(
                "The logo is {width}×{height} dots, at most {max_width}×{max_height} fit on the receipt."
            ),
        }
    }
}

impl fmt::Display for LogoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_de(), self.message_en())
    }
}

impl std::error::Error for LogoError {}

/// Why the `[printer]` section of `filiale.toml` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// `kind = "network"` without `address`.
    MissingAddress,
    /// An address that is not `host:port` or `host`.
    BadAddress(String),
    /// `kind = "device"` without `device`.
    MissingDevice,
    /// A timeout of zero or more than a minute.
    BadTimeout(u64),
    /// The logo file cannot be read.
    LogoUnreadable { path: PathBuf, reason: String },
    /// The logo file is no usable image.
    Logo { path: PathBuf, error: LogoError },
}

impl ConfigError {
    pub fn message_de(&self) -> String {
        match self {
            ConfigError::MissingAddress => {
                "[printer]: kind = \"network\" braucht address = \"host:port\".".into()
            }
            ConfigError::BadAddress(address) => {
                format!("[printer]: Adresse {address:?} ist nicht host:port.")
            }
            ConfigError::MissingDevice => {
                "[printer]: kind = \"device\" braucht device = \"/dev/usb/lp0\" (o. ä.).".into()
            }
            ConfigError::BadTimeout(ms) => {
                format!("[printer]: timeout_ms = {ms} ungültig (1 bis 60000).")
            }
            ConfigError::LogoUnreadable { path, reason } => {
                format!("[printer]: Logo {} nicht lesbar: {reason}", path.display())
            }
            ConfigError::Logo { path, error } => {
                format!("[printer]: Logo {}: {}", path.display(), error.message_de())
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ConfigError::MissingAddress => {
                "[printer]: kind = \"network\" needs address = \"host:port\".".into()
            }
            ConfigError::BadAddress(address) => {
                format!("[printer]: address {address:?} is not host:port.")
            }
            ConfigError::MissingDevice => {
                "[printer]: kind = \"device\" needs device = \"/dev/usb/lp0\" (or similar).".into()
            }
            ConfigError::BadTimeout(ms) => {
                format!("[printer]: timeout_ms = {ms} invalid (1 to 60000).")
            }
            ConfigError::LogoUnreadable { path, reason } => {
                format!("[printer]: cannot read logo {}: {reason}", path.display())
            }
            ConfigError::Logo { path, error } => {
                format!("[printer]: logo {}: {}", path.display(), error.message_en())
            }
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_de(), self.message_en())
    }
}

impl std::error::Error for ConfigError {}
