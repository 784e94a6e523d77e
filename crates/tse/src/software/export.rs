//! The TR-03151 export: a TAR archive with `info.csv`, the certificate `<serial>_X509.cer` and one
//! file per log message, named `Unixt_<time>_Sig-<counter>_Log-Tra_No-<n>_<Start|Update|Finish>_Client-<id>.log`
//! (`Utc_<YYMMDDhhmmssZ>_…` for the utcTime format), in signature counter order.

use crate::error::TseError;
use crate::port::{ExportSummary, TseInfo};
use crate::software::log_file;
use std::io::Write;

/// Writes the archive of `log` (the complete log file) to `out`.
pub fn write_tar(
    out: &mut dyn Write,
    info: &TseInfo,
    certificate: &[u8],
    log: &[u8],
    now: i64,
) -> Result<ExportSummary, TseError> {
    let messages = log_file::messages(log)?;
    let mut builder = tar::Builder::new(out);
    let mut file_names = Vec::with_capacity(messages.len() + 2);
    let info_csv = format!(
        "description:,\"{}\"\r\nmanufacturer:,\"Filiale\"\r\nversion:,\"{}\"\r\n\
         certified:,\"false\"\r\nserialNumber:,\"{}\"\r\nsignatureAlgorithm:,\"{}\"\r\n\
         logTimeFormat:,\"{}\"\r\n",
        info.description,
        env!("CARGO_PKG_VERSION"),
        info.serial_number,
        info.signature_algorithm,
        info.time_format.as_str()
    );
    let certificate_name = format!("{}_X509.cer", info.serial_number.to_uppercase());
    append(&mut builder, "info.csv", info_csv.as_bytes(), now)?;
    append(&mut builder, &certificate_name, certificate, now)?;
    file_names.push("info.csv".to_owned());
    file_names.push(certificate_name);
    for message in &messages {
        append(
            &mut builder,
            &message.file_name,
            message.bytes,
            message.log_time.unix_seconds(),
        )?;
        file_names.push(message.file_name.clone());
    }
    builder
        .into_inner()
        .and_then(|out| out.flush())
        .map_err(|error| TseError::io("export", &error))?;
    Ok(ExportSummary {
        log_messages: messages.len() as u64,
        file_names,
    })
}

fn append<W: Write>(
    builder: &mut tar::Builder<W>,
    name: &str,
    bytes: &[u8],
    mtime: i64,
) -> Result<(), TseError> {
    let mut header = tar::Header::new_ustar();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(mtime.max(0) as u64);
    builder
        .append_data(&mut header, name, bytes)
        .map_err(|error| TseError::io("export", &error))
}
