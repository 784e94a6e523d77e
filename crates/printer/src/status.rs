//! The printer's real-time status: `DLE EOT 1` (printer), `DLE EOT 2` (offline cause) and
//! `DLE EOT 4` (paper roll sensor), each answered with one byte, and what the answers mean.

use crate::error::PrintError;

/// The three real-time status requests, sent together; the printer answers one byte for each.
pub const STATUS_REQUEST: [u8; 9] = [0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4];

/// The number of answer bytes to [`STATUS_REQUEST`].
pub const STATUS_ANSWER_LEN: usize = 3;

/// Every status byte has bit 1 and bit 4 set, bit 0 and bit 7 clear.
const FIXED_MASK: u8 = 0b1001_0011;
const FIXED_BITS: u8 = 0b0001_0010;

/// What the printer reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrinterStatus {
    /// Offline (cover open, paper out, error, or feeding).
    pub offline: bool,
    pub cover_open: bool,
    /// No paper: printing has stopped or the roll sensor sees none.
    pub paper_out: bool,
    /// The roll is nearly used up; printing still works.
    pub paper_near_end: bool,
    /// A cutter, head or other error.
    pub error: bool,
    /// The drawer kick connector's pin 3 is high (on most drawers: the drawer is open).
    pub drawer_signal: bool,
}

impl PrinterStatus {
    /// Interprets the answer to [`STATUS_REQUEST`]; `None` when it is not three status bytes.
    pub fn from_answer(answer: &[u8]) -> Option<PrinterStatus> {
        let [printer, offline_cause, roll] = answer else {
            return None;
        };
        if answer.iter().any(|byte| byte & FIXED_MASK != FIXED_BITS) {
            return None;
        }
        Some(PrinterStatus {
            offline: printer & 0x08 != 0,
            drawer_signal: printer & 0x04 != 0,
            cover_open: offline_cause & 0x04 != 0,
            paper_out: offline_cause & 0x20 != 0 || roll & 0x60 != 0,
            paper_near_end: roll & 0x0C != 0,
            error: offline_cause & 0x40 != 0,
        })
    }

    /// `Ok` when the printer can print now; otherwise the reason, the most actionable first
    /// (paper, cover, error, offline).
    pub fn ready(&self) -> Result<(), PrintError> {
        if self.paper_out {
            Err(PrintError::PaperOut)
        } else if self.cover_open {
            Err(PrintError::CoverOpen)
        } else if self.error {
            Err(PrintError::PrinterFault)
        } else if self.offline {
            Err(PrintError::Offline)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_good_paper_out_cover_open_and_near_end() {
        let good = PrinterStatus::from_answer(&[0x12, 0x12, 0x12]).unwrap();
        assert_eq!(good, PrinterStatus::default());
        assert_eq!(good.ready(), Ok(()));

        let paper_out = PrinterStatus::from_answer(&[0x1A, 0x32, 0x72]).unwrap();
        assert!(paper_out.paper_out && paper_out.offline);
        assert_eq!(paper_out.ready(), Err(PrintError::PaperOut));

        let cover = PrinterStatus::from_answer(&[0x1A, 0x16, 0x12]).unwrap();
        assert_eq!(cover.ready(), Err(PrintError::CoverOpen));

        let near_end = PrinterStatus::from_answer(&[0x12, 0x12, 0x1E]).unwrap();
        assert!(near_end.paper_near_end);
        assert_eq!(near_end.ready(), Ok(()));
    }

    #[test]
    fn anything_else_is_no_status() {
        assert_eq!(PrinterStatus::from_answer(b"OK\n"), None);
        assert_eq!(PrinterStatus::from_answer(&[0x12, 0x12]), None);
        assert_eq!(PrinterStatus::from_answer(&[0x12, 0x12, 0x12, 0x12]), None);
        assert_eq!(PrinterStatus::from_answer(&[0x00, 0x00, 0x00]), None);
    }
}
