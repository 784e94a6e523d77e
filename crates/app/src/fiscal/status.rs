//! The TSE as the back office sees it (`filiale tse status`): serial, public key, algorithm,
//! counters, certified or not, the self test, open transactions and the outages; its TAR export
//! (`filiale tse export`); and the retry that ends an outage once the TSE answers again.

use super::FiscalError;
use crate::App;
use crate::usecases::UseCaseError;
use filiale_store::tse::{self, Outage};
use serde::Serialize;
use std::path::Path;

/// What `filiale tse status` shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TseStatus {
    /// `software` or `unreachable` (`[tse] kind`).
    pub kind: String,
    /// Whether the TSE answered now.
    pub reachable: bool,
    /// Why it did not, in German and English.
    pub error: Option<String>,
    pub serial_number: Option<String>,
    pub public_key: Option<String>,
    pub signature_algorithm: Option<String>,
    pub time_format: Option<String>,
    pub certified: bool,
    pub description: Option<String>,
    /// The highest signature counter the TSE has handed out (from its self test).
    pub signature_counter: Option<i64>,
    pub transaction_number: Option<i64>,
    pub log_messages: Option<i64>,
    pub open_transactions: Option<i64>,
    /// When the self test ran (now, RFC 3339) and whether it passed.
    pub self_test_at: String,
    pub self_test_passed: bool,
    /// Business cases signed and made during outages, as stored.
    pub signed_business_cases: i64,
    pub unsigned_business_cases: i64,
    /// The outages, newest first.
    pub outages: Vec<OutageView>,
}

/// An outage of a till's TSE.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OutageView {
    pub till_id: String,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub reason: String,
    pub business_cases: i64,
}

impl From<Outage> for OutageView {
    fn from(o: Outage) -> Self {
        OutageView {
            till_id: o.till_id,
            started_at: o.started_at,
            ended_at: o.ended_at,
            reason: o.reason,
            business_cases: o.business_cases,
        }
    }
}

fn text(error: &filiale_tse::TseError) -> String {
    format!("{} / {}", error.message_de(), error.message_en())
}

fn i64_of(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl App {
    /// The TSE's status now: it is opened and self-tested (an outage ends when it passes).
    pub fn tse_status(&self) -> Result<TseStatus, UseCaseError> {
        let (signed, unsigned) = self.store.read(tse::counts)?;
        let outages = self
            .store
            .read(|db| tse::outages(db, 50))?
            .into_iter()
            .map(OutageView::from)
            .collect();
        let kind = match self.config.store.tse.kind {
            crate::config::TseKind::Software => "software",
            crate::config::TseKind::Unreachable => "unreachable",
        };
        let mut status = TseStatus {
            kind: kind.into(),
            reachable: false,
            error: None,
            serial_number: None,
            public_key: None,
            signature_algorithm: None,
            time_format: None,
            certified: false,
            description: None,
            signature_counter: None,
            transaction_number: None,
            log_messages: None,
            open_transactions: None,
            self_test_at: self.now().to_rfc3339(),
            self_test_passed: false,
            signed_business_cases: signed,
            unsigned_business_cases: unsigned,
            outages,
        };
        let tse = match self.tse.get() {
            Ok(tse) => tse,
            Err(error) => {
                status.error = Some(text(&error));
                return Ok(status);
            }
        };
        match tse.info() {
            Ok(info) => {
                status.serial_number = Some(info.serial_number);
                status.public_key = Some(info.public_key);
                status.signature_algorithm = Some(info.signature_algorithm);
                status.time_format = Some(info.time_format.as_str().to_owned());
                status.certified = info.certified;
                status.description = Some(info.description);
            }
            Err(error) => {
                status.error = Some(text(&error));
                return Ok(status);
            }
        }
        match tse.self_test() {
            Ok(report) => {
                status.reachable = true;
                status.self_test_passed = true;
                status.signature_counter = Some(i64_of(report.signature_counter));
                status.transaction_number = Some(i64_of(report.transaction_number));
                status.log_messages = Some(i64_of(report.log_messages));
                status.open_transactions = Some(report.open_transactions as i64);
            }
            Err(error) => status.error = Some(text(&error)),
        }
        Ok(status)
    }

    /// Writes the TSE's TR-03151 export (TAR: every log message, the certificate, `info.csv`).
    /// Returns how many log messages it holds.
    pub fn tse_export(&self, out: &Path) -> Result<u64, UseCaseError> {
        let tse = self.tse.get().map_err(|e| match e {
            e @ filiale_tse::TseError::Unreachable(_) => FiscalError::TseUnreachable(e),
            e => FiscalError::TseRefused(e),
        })?;
        let output = |e: &dyn std::fmt::Display| FiscalError::Output {
            path: out.display().to_string(),
            detail: e.to_string(),
        };
        let mut file = std::fs::File::create(out).map_err(|e| output(&e))?;
        let summary = tse.export_tar(&mut file).map_err(|e| match e {
            e @ filiale_tse::TseError::Unreachable(_) => FiscalError::TseUnreachable(e),
            e => FiscalError::TseRefused(e),
        })?;
        file.sync_all().map_err(|e| output(&e))?;
        Ok(summary.log_messages)
    }

    /// Tries the TSE once for every till with an open outage; ends each outage when the TSE
    /// passes its self test. Returns the outages ended. With `release`, a TSE opened for the try
    /// is closed again (another process may be the till).
    pub fn retry_tse(&self, release: bool) -> Result<Vec<OutageView>, UseCaseError> {
        let open: Vec<Outage> = self
            .store
            .read(|db| tse::outages(db, 1000))?
            .into_iter()
            .filter(|o| o.ended_at.is_none())
            .collect();
        if open.is_empty() {
            return Ok(Vec::new());
        }
        let answered = self.tse.get().and_then(|tse| tse.self_test());
        if release {
            self.tse.release();
        }
        if let Err(error) = answered {
            tracing::debug!(%error, "TSE still unreachable");
            return Ok(Vec::new());
        }
        let ended = self.store.write(self.now(), |tx| {
            let mut ended = Vec::new();
            for outage in &open {
                if let Some(o) = tse::end_outage(tx, &outage.till_id)? {
                    ended.push(OutageView::from(o));
                }
            }
            Ok::<_, UseCaseError>(ended)
        })?;
        for outage in &ended {
            tracing::info!(till = %outage.till_id, "TSE antwortet wieder, Ausfall beendet / TSE answers again, outage ended");
        }
        Ok(ended)
    }
}
