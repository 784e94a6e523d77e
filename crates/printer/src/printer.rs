//! One configured receipt printer: a transport and a profile. Prints documents, opens the cash
//! drawer and asks the printer how it is.

use crate::document::PrintDocument;
use crate::encode::{drawer_kick, encode};
use crate::error::PrintError;
use crate::profile::PrinterProfile;
use crate::status::{PrinterStatus, STATUS_ANSWER_LEN, STATUS_REQUEST};
use crate::transport::Transport;

/// The till's printer. Blocking calls, each bounded by the transport's timeouts (about 2 s); call
/// them off the async runtime (e.g. `tokio::task::spawn_blocking`).
#[derive(Debug)]
pub struct Printer {
    transport: Box<dyn Transport>,
    profile: PrinterProfile,
}

impl Printer {
    pub fn new(transport: Box<dyn Transport>, profile: PrinterProfile) -> Self {
        Printer { transport, profile }
    }

    pub fn profile(&self) -> &PrinterProfile {
        &self.profile
    }

    /// The printer's address or device path.
    pub fn target(&self) -> String {
        self.transport.target()
    }

    /// Encodes `document` for this printer and sends it.
    pub fn print(&self, document: &PrintDocument) -> Result<(), PrintError> {
        self.transport.send(&encode(document, &self.profile))
    }

    /// Pulses the cash drawer alone (no receipt). Refused with [`PrintError::NoDrawer`] when the
    /// profile has the drawer kick switched off.
    pub fn open_drawer(&self) -> Result<(), PrintError> {
        if !self.profile.drawer_kick {
            return Err(PrintError::NoDrawer);
        }
        self.transport.send(&drawer_kick(self.profile.drawer_pin))
    }

    /// Asks the printer for its real-time status (`DLE EOT 1`, `2`, `4`).
    /// [`PrintError::NoAnswer`] when it stays silent, [`PrintError::Garbage`] when it answers
    /// something else than status bytes.
    pub fn status(&self) -> Result<PrinterStatus, PrintError> {
        let answer = self
            .transport
            .exchange(&STATUS_REQUEST, STATUS_ANSWER_LEN)?;
        PrinterStatus::from_answer(&answer).ok_or_else(|| PrintError::Garbage {
            target: self.target(),
            bytes: answer,
        })
    }

    /// The status, or why the printer cannot print now ([`PrintError::PaperOut`],
    /// [`PrintError::CoverOpen`], [`PrintError::PrinterFault`], [`PrintError::Offline`]).
    pub fn check_ready(&self) -> Result<PrinterStatus, PrintError> {
        let status = self.status()?;
        status.ready()?;
        Ok(status)
    }
}
