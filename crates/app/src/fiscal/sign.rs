//! Signing a business case inside its own store transaction: the TSE starts and finishes a
//! transaction with the DSFinV-K process data, and the result is stored with the business case
//! before the transaction commits. When the TSE does not answer, the business case is made anyway
//! and recorded in the till's outage; when it refuses (an alarm), nothing is made.
//!
//! A crash after the TSE signed and before the store committed leaves a finished TSE transaction
//! without a business case (the TSE's log shows it); never a business case without a signature or
//! an outage.

use super::{FiscalError, client_id};
use crate::App;
use crate::usecases::UseCaseError;
use filiale_domain::{Cents, Payout, Sale, Tender as SaleTender, VatRate};
use filiale_store::refunds::Refund;
use filiale_store::tse::{self, BusinessCase, NewDevice, Outage, Signature, TseRecordKind};
use filiale_store::{StoreError, Tx};
use filiale_tse::{
    KassenbelegData, ProcessType, Tender, TransactionResult, TseError, VatBucket, Vorgangstyp,
};
use std::collections::BTreeMap;

/// What the TSE did for a business case.
#[derive(Debug, Clone)]
pub enum TseOutcome {
    /// Signed: the finish, and the signature counter of the start.
    Signed {
        finish: Box<TransactionResult>,
        start_signature_counter: u64,
    },
    /// Made without a signature during this outage.
    Outage(Outage),
}

impl TseOutcome {
    /// The signature counter of the finish, when signed.
    pub fn signature_counter(&self) -> Option<u64> {
        match self {
            TseOutcome::Signed { finish, .. } => Some(finish.signature_counter),
            TseOutcome::Outage(_) => None,
        }
    }
}

/// The process data of a sale: `Beleg^<gross per rate>^<total>:Bar|Unbar`.
pub fn sale_data(sale: &Sale) -> KassenbelegData {
    let mut data = KassenbelegData::new(Vorgangstyp::Beleg);
    for share in &sale.vat.shares {
        data.add_gross(VatBucket::from(share.rate), share.gross);
    }
    let tender = match sale.tender {
        SaleTender::Cash { .. } => Tender::Bar,
        SaleTender::Card => Tender::Unbar,
    };
    data.add_payment(tender, sale.total);
    data
}

/// The process data of a refund: a `Beleg` with negative amounts, paid back as the sale was paid.
pub fn refund_data(refund: &Refund) -> KassenbelegData {
    let mut by_rate: BTreeMap<u8, (VatRate, i64)> = BTreeMap::new();
    for line in &refund.lines {
        let entry = by_rate
            .entry(line.vat_rate.percent())
            .or_insert((line.vat_rate, 0));
        entry.1 += line.amount.get();
    }
    let mut data = KassenbelegData::new(Vorgangstyp::Beleg);
    for (rate, gross) in by_rate.into_values() {
        data.add_gross(VatBucket::from(rate), Cents::new(-gross));
    }
    let tender = match refund.payout {
        Payout::Cash => Tender::Bar,
        Payout::Card => Tender::Unbar,
    };
    data.add_payment(tender, Cents::new(-refund.total.get()));
    data
}

/// The process data of a cash movement: a `Beleg` (the DSFinV-K records it as one, with the
/// business case Einlage, Entnahme or Geldtransit) whose amount is not taxable (the 0 % bucket),
/// in cash: positive into the drawer, negative out of it.
pub fn movement_data(signed_amount: Cents) -> KassenbelegData {
    let mut data = KassenbelegData::new(Vorgangstyp::Beleg);
    data.add_gross(VatBucket::Zero, signed_amount);
    data.add_payment(Tender::Bar, signed_amount);
    data
}

/// The process data of a daily closing, signed as `SonstigerVorgang` (it is no receipt).
pub fn closing_data(till_id: &str, z_no: i64, turnover: Cents) -> String {
    format!(
        "Kassenabschluss^{till_id}^Z{z_no}^{}",
        filiale_tse::format_amount(turnover)
    )
}

/// The process data of a till's opening with its counted float, signed as `SonstigerVorgang`.
pub fn opening_data(till_id: &str, session_no: i64, float: Cents) -> String {
    format!(
        "Kassenoeffnung^{till_id}^S{session_no}^{}",
        filiale_tse::format_amount(float)
    )
}

/// Signs and records the opening of `session` (its float) in the opening's transaction.
pub fn sign_opening(
    app: &App,
    tx: &Tx<'_>,
    session: &filiale_store::till_sessions::SessionRow,
) -> Result<TseOutcome, UseCaseError> {
    let pending = Pending {
        till_id: &session.till_id,
        kind: TseRecordKind::TillOpening,
        process_type: ProcessType::SonstigerVorgang,
        process_data: opening_data(
            &session.till_id,
            session.session_no,
            Cents::new(session.float_cents),
        ),
    };
    sign_and_record(app, tx, &pending, session.id)
}

/// One business case to sign, before its record id is known.
#[derive(Debug, Clone)]
pub struct Pending<'a> {
    pub till_id: &'a str,
    pub kind: TseRecordKind,
    pub process_type: ProcessType,
    pub process_data: String,
}

/// Signs `pending` now (start and finish) — or learns that the TSE does not answer. Call inside
/// the business case's transaction, then [`record`] the outcome with the record's id there too.
pub fn sign(app: &App, tx: &Tx<'_>, pending: &Pending<'_>) -> Result<Attempt, UseCaseError> {
    let client = client_id(pending.till_id).map_err(FiscalError::TseRefused)?;
    let attempt = (|| {
        let tse = app.tse.get()?;
        tse.register_client(&client)?;
        let start = tse.start_transaction(&client, pending.process_type, "")?;
        filiale_failpoint::hit("tse.after_start")
            .map_err(|_| TseError::Unreachable(filiale_tse::Unreachable::Simulated))?;
        let finish = tse.finish_transaction(
            &client,
            start.transaction_number,
            pending.process_type,
            &pending.process_data,
        )?;
        Ok::<_, TseError>((start, finish))
    })();
    match attempt {
        Ok((start, finish)) => {
            let stored = tse::highest_signature_counter(tx.db(), &finish.tse.serial_number)?;
            if let Some(stored) = stored
                && i64::try_from(start.signature_counter).unwrap_or(i64::MAX) <= stored
            {
                let alarm = FiscalError::CounterWentBackwards {
                    serial: finish.tse.serial_number.clone(),
                    given: start.signature_counter,
                    stored,
                };
                tracing::error!(till = pending.till_id, "{alarm}");
                return Err(alarm.into());
            }
            Ok(Attempt::Signed {
                client: client.to_string(),
                start_signature_counter: start.signature_counter,
                finish: Box::new(finish),
            })
        }
        Err(TseError::Unreachable(reason)) => {
            tracing::warn!(
                till = pending.till_id,
                "TSE ausgefallen, Vorgang ohne Signatur / TSE outage, business case unsigned: {reason}"
            );
            Ok(Attempt::Unreachable {
                client: client.to_string(),
                reason: format!("{} / {}", reason.message_de(), reason.message_en()),
            })
        }
        Err(refused @ TseError::Refused(_)) => {
            tracing::error!(till = pending.till_id, "TSE ALARM: {refused}");
            Err(FiscalError::TseRefused(refused).into())
        }
    }
}

/// What [`sign`] got from the TSE, to [`record`] once the business case has its id.
#[derive(Debug, Clone)]
pub enum Attempt {
    Signed {
        client: String,
        start_signature_counter: u64,
        finish: Box<TransactionResult>,
    },
    Unreachable {
        client: String,
        reason: String,
    },
}

fn as_i64(value: u64) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(|_| StoreError::Malformed(format!("TSE number {value}")))
}

fn business_case<'a>(
    pending: &'a Pending<'a>,
    record_id: i64,
    client: &'a str,
) -> BusinessCase<'a> {
    BusinessCase {
        till_id: pending.till_id,
        kind: pending.kind,
        record_id,
        process_type: pending.process_type.as_str(),
        process_data: &pending.process_data,
        client_id: client,
    }
}

/// Stores what the TSE did for the business case `record_id`, in its transaction.
pub fn record(
    tx: &Tx<'_>,
    pending: &Pending<'_>,
    record_id: i64,
    attempt: Attempt,
) -> Result<TseOutcome, UseCaseError> {
    match attempt {
        Attempt::Signed {
            client,
            start_signature_counter,
            finish,
        } => {
            let info = &finish.tse;
            tse::record_signed(
                tx,
                &business_case(pending, record_id, &client),
                &Signature {
                    device: NewDevice {
                        serial_number: &info.serial_number,
                        public_key: &info.public_key,
                        signature_algorithm: &info.signature_algorithm,
                        time_format: info.time_format.as_str(),
                        certified: info.certified,
                        description: &info.description,
                    },
                    transaction_number: as_i64(finish.transaction_number)?,
                    start_signature_counter: as_i64(start_signature_counter)?,
                    signature_counter: as_i64(finish.signature_counter)?,
                    start_time: finish.start_time.unix_seconds(),
                    end_time: finish.log_time.unix_seconds(),
                    signature: &finish.signature,
                },
            )?;
            Ok(TseOutcome::Signed {
                finish,
                start_signature_counter,
            })
        }
        Attempt::Unreachable { client, reason } => Ok(TseOutcome::Outage(tse::record_outage(
            tx,
            &business_case(pending, record_id, &client),
            &reason,
        )?)),
    }
}

/// Signs and records in one go, for business cases whose id is known before signing.
pub fn sign_and_record(
    app: &App,
    tx: &Tx<'_>,
    pending: &Pending<'_>,
    record_id: i64,
) -> Result<TseOutcome, UseCaseError> {
    let attempt = sign(app, tx, pending)?;
    record(tx, pending, record_id, attempt)
}

/// Signs and records a sale (receipt `sale.receipt_no`) of `till_id` in its transaction.
pub fn sign_sale(
    app: &App,
    tx: &Tx<'_>,
    till_id: &str,
    sale: &Sale,
) -> Result<TseOutcome, UseCaseError> {
    let pending = Pending {
        till_id,
        kind: TseRecordKind::Sale,
        process_type: ProcessType::Kassenbeleg,
        process_data: sale_data(sale).to_process_data(),
    };
    sign_and_record(app, tx, &pending, sale.receipt_no)
}

/// Signs the daily closing of `till_id` (as `SonstigerVorgang`, before its row is written) and
/// works out the closing's first and last signature counter for `TillClosed`: the start of the
/// first business case signed since the last closing, and this signature's finish. [`record`]
/// the attempt once the closing has its id.
#[allow(clippy::type_complexity)]
pub fn sign_closing<'a>(
    app: &App,
    tx: &Tx<'_>,
    till_id: &'a str,
    figures: &filiale_domain::TillFigures,
) -> Result<(Pending<'a>, Attempt, (Option<u64>, Option<u64>)), UseCaseError> {
    let z_no = filiale_store::till_sessions::closings(tx.db(), Some(till_id), 1)?
        .first()
        .map_or(1, |last| last.z_no + 1);
    let pending = Pending {
        till_id,
        kind: TseRecordKind::TillClosing,
        process_type: ProcessType::SonstigerVorgang,
        process_data: closing_data(till_id, z_no, figures.turnover_cents),
    };
    let attempt = sign(app, tx, &pending)?;
    let counters = match &attempt {
        Attempt::Signed {
            finish,
            start_signature_counter,
            ..
        } => {
            let first = tse::first_counter_since_closing(tx.db(), till_id)?
                .and_then(|first| u64::try_from(first).ok())
                .unwrap_or(*start_signature_counter);
            (Some(first), Some(finish.signature_counter))
        }
        Attempt::Unreachable { .. } => (None, None),
    };
    Ok((pending, attempt, counters))
}

/// Finishes the TSE transactions of `till_id` that were started and never finished (a crash or an
/// outage between start and finish) as `AVBelegabbruch`, before the till's closing. Returns their
/// numbers; an unreachable TSE finishes none (the closing goes on).
pub fn finish_open_transactions(app: &App, till_id: &str) -> Vec<u64> {
    let Ok(client) = client_id(till_id) else {
        return Vec::new();
    };
    let Ok(tse) = app.tse.get() else {
        return Vec::new();
    };
    let Ok(open) = tse.open_transactions() else {
        return Vec::new();
    };
    let data = KassenbelegData::belegabbruch().to_process_data();
    let mut finished = Vec::new();
    for transaction in open.iter().filter(|t| t.client_id == client) {
        match tse.finish_transaction(
            &client,
            transaction.transaction_number,
            transaction.process_type,
            &data,
        ) {
            Ok(_) => {
                tracing::warn!(
                    till = till_id,
                    transaction = transaction.transaction_number,
                    "offene TSE-Transaktion vor dem Tagesabschluss als AVBelegabbruch beendet / \
                     open TSE transaction finished as aborted (AVBelegabbruch) before the closing"
                );
                finished.push(transaction.transaction_number);
            }
            Err(error) => tracing::warn!(%error, "open TSE transaction not finished"),
        }
    }
    finished
}
