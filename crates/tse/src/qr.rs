//! The receipt QR code, version `V0` (DSFinV-K Anhang I): twelve fields joined by `;`:
//!
//! `V0;<client id>;<process type>;<process data>;<transaction number>;<signature counter>;`
//! `<start time>;<end time>;<signature algorithm>;<log time format>;<signature>;<public key>`
//!
//! The times are ISO 8601 with milliseconds in UTC (`2019-07-10T18:41:04.000Z`) whatever the TSE's
//! log time format; the counter and signature are those of the finish; signature and public key
//! are base64.

use crate::port::{Operation, TransactionResult};

/// The QR code content of a finished transaction; `None` for a start or an update.
pub fn qr_code_v0(finished: &TransactionResult) -> Option<String> {
    if finished.operation != Operation::Finish {
        return None;
    }
    Some(
        [
            "V0".to_owned(),
            finished.client_id.to_string(),
            finished.process_type.as_str().to_owned(),
            finished.process_data.clone(),
            finished.transaction_number.to_string(),
            finished.signature_counter.to_string(),
            finished.start_time.to_iso8601(),
            finished.log_time.to_iso8601(),
            finished.tse.signature_algorithm.clone(),
            finished.tse.time_format.as_str().to_owned(),
            finished.signature.clone(),
            finished.tse.public_key.clone(),
        ]
        .join(";"),
    )
}

#[cfg(test)]
mod tests {
    use crate::port::{
        ClientId, LogTime, Operation, ProcessType, TimeFormat, TransactionResult, TseInfo,
    };

    fn finished() -> TransactionResult {
        TransactionResult {
            operation: Operation::Finish,
            client_id: ClientId::new("955002-00").unwrap(),
            transaction_number: 18,
            signature_counter: 112,
            start_time: LogTime::from_unix_seconds(1_562_784_064),
            log_time: LogTime::from_unix_seconds(1_562_784_065),
            process_type: ProcessType::Kassenbeleg,
            process_data: "Beleg^0.00_2.55_0.00_0.00_0.00^2.55:Bar".into(),
            signature: "c2lnbmF0dXJl".into(),
            tse: TseInfo {
                serial_number: "ab".repeat(32),
                public_key: "BHB1YmxpYw==".into(),
                signature_algorithm: crate::SIGNATURE_ALGORITHM.into(),
                time_format: TimeFormat::UnixTime,
                certified: false,
                description: String::new(),
            },
        }
    }

    #[test]
    fn a_finished_transaction_has_the_twelve_fields() {
        assert_eq!(
            finished().qr_code_v0().unwrap(),
            "V0;955002-00;Kassenbeleg-V1;Beleg^0.00_2.55_0.00_0.00_0.00^2.55:Bar;18;112;\
             2019-07-10T18:41:04.000Z;2019-07-10T18:41:05.000Z;ecdsa-plain-SHA256;unixTime;\
             c2lnbmF0dXJl;BHB1YmxpYw=="
        );
    }

    #[test]
    fn a_start_has_no_qr_code() {
        let mut start = finished();
        start.operation = Operation::Start;
        assert_eq!(start.qr_code_v0(), None);
    }
}
