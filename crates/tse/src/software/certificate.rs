//! A self-signed X.509 v3 certificate (RFC 5280) of the software TSE's public key, for the export.
//!
//! A certified TSE ships a certificate from the BSI's PKI; the software TSE signs its own, with
//! "nicht zertifiziert / not certified" in the subject, so that export tools find the key where
//! TR-03151 puts it (`<serial>_X509.cer`) and nobody mistakes it for a certified one.

use crate::der;
use crate::port::LogTime;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};

const ECDSA_WITH_SHA256: [u64; 7] = [1, 2, 840, 10045, 4, 3, 2];
const EC_PUBLIC_KEY: [u64; 6] = [1, 2, 840, 10045, 2, 1];
const PRIME256V1: [u64; 7] = [1, 2, 840, 10045, 3, 1, 7];
const COMMON_NAME: [u64; 4] = [2, 5, 4, 3];
const ORGANIZATION: [u64; 4] = [2, 5, 4, 10];
const TAG_UTF8_STRING: u8 = 0x0C;
/// The last moment UTCTime can express.
const NOT_AFTER: &str = "491231235959Z";

/// The DER certificate of `key`, valid from `not_before`, named after the TSE's serial number.
pub fn self_signed_certificate(key: &SigningKey, serial_hex: &str, not_before: LogTime) -> Vec<u8> {
    let algorithm = der::constructed(
        der::TAG_SEQUENCE,
        &[&der::object_identifier(&ECDSA_WITH_SHA256)],
    );
    let name = distinguished_name(&format!("Filiale Software-TSE {}", &serial_hex[..16]));
    let validity = der::constructed(
        der::TAG_SEQUENCE,
        &[
            &der::tlv(der::TAG_UTC_TIME, not_before.to_utc_time().as_bytes()),
            &der::tlv(der::TAG_UTC_TIME, NOT_AFTER.as_bytes()),
        ],
    );
    let point = key.verifying_key().to_encoded_point(false);
    let mut bit_string = vec![0u8];
    bit_string.extend_from_slice(point.as_bytes());
    let public_key_info = der::constructed(
        der::TAG_SEQUENCE,
        &[
            &der::constructed(
                der::TAG_SEQUENCE,
                &[
                    &der::object_identifier(&EC_PUBLIC_KEY),
                    &der::object_identifier(&PRIME256V1),
                ],
            ),
            &der::tlv(der::TAG_BIT_STRING, &bit_string),
        ],
    );
    let serial_bytes: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&serial_hex[2 * i..2 * i + 2], 16).unwrap_or(0))
        .collect();
    let tbs = der::constructed(
        der::TAG_SEQUENCE,
        &[
            &der::constructed(
                der::context_constructed(0),
                &[&der::unsigned_integer(der::TAG_INTEGER, 2)],
            ),
            &der::unsigned_integer_from_bytes(der::TAG_INTEGER, &serial_bytes),
            &algorithm,
            &name,
            &validity,
            &name,
            &public_key_info,
        ],
    );
    let signature: Signature = key.sign(&tbs);
    let (r, s) = signature.split_bytes();
    let signature_der = der::constructed(
        der::TAG_SEQUENCE,
        &[
            &der::unsigned_integer_from_bytes(der::TAG_INTEGER, &r),
            &der::unsigned_integer_from_bytes(der::TAG_INTEGER, &s),
        ],
    );
    let mut signature_bits = vec![0u8];
    signature_bits.extend_from_slice(&signature_der);
    der::constructed(
        der::TAG_SEQUENCE,
        &[
            &tbs,
            &algorithm,
            &der::tlv(der::TAG_BIT_STRING, &signature_bits),
        ],
    )
}

fn distinguished_name(common_name: &str) -> Vec<u8> {
    let attribute = |oid: &[u64], value: &str| {
        der::constructed(
            der::TAG_SET,
            &[&der::constructed(
                der::TAG_SEQUENCE,
                &[
                    &der::object_identifier(oid),
                    &der::tlv(TAG_UTF8_STRING, value.as_bytes()),
                ],
            )],
        )
    };
    der::constructed(
        der::TAG_SEQUENCE,
        &[
            &attribute(&COMMON_NAME, common_name),
            &attribute(&ORGANIZATION, "nicht zertifiziert / not certified"),
        ],
    )
}
