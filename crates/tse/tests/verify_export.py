"""Independent check of a TSE export (BSI TR-03151 TAR) and of receipt QR codes (DSFinV-K V0).

Usage: verify_export.py <export.tar> <public key, base64> [--qr]

- parses every log message with asn1crypto as generic DER, checks it is a TR-03151 transaction
  log (version 2, id-SE-API-transaction-log, ecdsa-plain-SHA256) and that its file name matches
  its content;
- verifies each signature with `cryptography` (ECDSA P-256, SHA-256; the plain r||s signature is
  converted to DER) over the concatenated DER fields from version to logTime;
- checks the serial number is SHA-256 of the public key, and the certificate is self-signed by
  that key;
- with --qr, reads QR code strings from standard input, one a line, rebuilds the signed data of
  each finish from its twelve fields with asn1crypto's encoders and verifies the signature.

Prints a JSON summary; exits 1 with a reason on the first failure.
"""

import base64
import hashlib
import json
import re
import sys
import tarfile
from datetime import datetime, timezone

from asn1crypto import core, parser
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

TRANSACTION_LOG = "0.4.0.127.0.7.3.7.1.1"
ECDSA_PLAIN_SHA256 = "0.4.0.127.0.7.1.1.4.1.3"
NAME = re.compile(
    r"^(Unixt|Utc)_([^_]+)_Sig-(\d+)_Log-Tra_No-(\d+)_(Start|Update|Finish)_Client-([A-Za-z0-9.-]+)\.log$"
)
OPERATIONS = {"Start": "StartTransaction", "Update": "UpdateTransaction", "Finish": "FinishTransaction"}
CONTEXT = 2  # asn1crypto's class number for context-specific tags


class AlgorithmIdentifier(core.Sequence):
    _fields = [("algorithm", core.ObjectIdentifier)]


def fail(reason):
    print(reason, file=sys.stderr)
    sys.exit(1)


def elements(content):
    """Splits DER content into (class, tag, whole TLV bytes, value bytes)."""
    out = []
    while content:
        cls, _method, tag, header, value, trailer = parser.parse(content, strict=False)
        length = len(header) + len(value) + len(trailer)
        out.append((cls, tag, content[:length], value))
        content = content[length:]
    return out


def verify(public_key, signature, signed):
    if len(signature) != 64:
        fail(f"signature is {len(signature)} bytes, expected 64 (plain r||s)")
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:], "big")
    public_key.verify(utils.encode_dss_signature(r, s), signed, ec.ECDSA(hashes.SHA256()))


def check_log_message(name, data, public_key, serial):
    match = NAME.match(name)
    if not match:
        fail(f"{name}: not a TR-03151 transaction log file name")
    prefix, time_text, counter, number, operation, client = match.groups()
    cls, _method, tag, _header, content, _trailer = parser.parse(data, strict=True)
    if (cls, tag) != (0, 16):
        fail(f"{name}: not a SEQUENCE")
    fields = elements(content)
    if len(fields) != 12:
        fail(f"{name}: {len(fields)} fields, expected 12")
    expected = [(0, 2), (0, 6), (CONTEXT, 0), (CONTEXT, 1), (CONTEXT, 2), (CONTEXT, 3), (CONTEXT, 5),
                (0, 4), (0, 16), (0, 2)]
    for index, (want, got) in enumerate(zip(expected, fields)):
        if got[:2] != want:
            fail(f"{name}: field {index} has tag {got[:2]}, expected {want}")
    version = core.Integer.load(fields[0][2]).native
    data_type = core.ObjectIdentifier.load(fields[1][2]).dotted
    algorithm = AlgorithmIdentifier.load(fields[8][2])["algorithm"].dotted
    if (version, data_type, algorithm) != (2, TRANSACTION_LOG, ECDSA_PLAIN_SHA256):
        fail(f"{name}: version {version}, type {data_type}, algorithm {algorithm}")
    if fields[2][3].decode() != OPERATIONS[operation] or fields[3][3].decode() != client:
        fail(f"{name}: operation or client differs from the file name")
    if int.from_bytes(fields[6][3], "big") != int(number):
        fail(f"{name}: transaction number differs from the file name")
    if fields[7][3] != serial:
        fail(f"{name}: serial number is not SHA-256 of the public key")
    if core.Integer.load(fields[9][2]).native != int(counter):
        fail(f"{name}: signature counter differs from the file name")
    time_cls, time_tag, time_tlv, time_value = fields[10]
    if prefix == "Unixt":
        if (time_cls, time_tag) != (0, 2) or core.Integer.load(time_tlv).native != int(time_text):
            fail(f"{name}: log time is not the unixTime of the file name")
    elif (time_cls, time_tag) != (0, 23) or time_value.decode() != time_text:
        fail(f"{name}: log time is not the UTCTime of the file name")
    sig_cls, sig_tag, _sig_tlv, signature = fields[11]
    if (sig_cls, sig_tag) != (0, 4):
        fail(f"{name}: signature is not an OCTET STRING")
    signed = b"".join(field[2] for field in fields[:11])
    try:
        verify(public_key, signature, signed)
    except InvalidSignature:
        fail(f"{name}: signature does not verify")
    return int(counter), operation


def check_qr_code(line, public_key_b64):
    fields = line.split(";")
    if len(fields) != 12 or fields[0] != "V0":
        fail(f"QR code has {len(fields)} fields or no V0: {line}")
    (_v, client, process_type, process_data, number, counter, start, end, algorithm, time_format,
     signature_b64, key_b64) = fields
    if algorithm != "ecdsa-plain-SHA256" or key_b64 != public_key_b64:
        fail(f"QR code names another algorithm or key: {line}")
    point = base64.b64decode(key_b64)
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    end_time = datetime.strptime(end, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    datetime.strptime(start, "%Y-%m-%dT%H:%M:%S.%fZ")
    if time_format == "unixTime":
        log_time = core.Integer(int(end_time.timestamp())).dump()
    elif time_format == "utcTime":
        log_time = core.UTCTime(end_time).dump()
    else:
        fail(f"QR code time format {time_format!r}")
    signed = b"".join([
        core.Integer(2).dump(),
        core.ObjectIdentifier(TRANSACTION_LOG).dump(),
        core.PrintableString("FinishTransaction", implicit=0).dump(),
        core.PrintableString(client, implicit=1).dump(),
        core.OctetString(process_data.encode(), implicit=2).dump(),
        core.PrintableString(process_type, implicit=3).dump(),
        core.Integer(int(number), implicit=5).dump(),
        core.OctetString(hashlib.sha256(point).digest()).dump(),
        AlgorithmIdentifier({"algorithm": ECDSA_PLAIN_SHA256}).dump(),
        core.Integer(int(counter)).dump(),
        log_time,
    ])
    try:
        verify(public_key, base64.b64decode(signature_b64), signed)
    except InvalidSignature:
        fail(f"QR code signature does not verify: {line}")


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    archive, public_key_b64 = sys.argv[1], sys.argv[2]
    point = base64.b64decode(public_key_b64)
    if len(point) != 65 or point[0] != 4:
        fail("public key is not an uncompressed P-256 point")
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    serial = hashlib.sha256(point).digest()

    counters, operations, names = [], [], []
    certificates = 0
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            names.append(member.name)
            if member.name.endswith("_X509.cer"):
                certificate = x509.load_der_x509_certificate(data)
                key = certificate.public_key()
                key_point = key.public_bytes(serialization.Encoding.X962,
                                             serialization.PublicFormat.UncompressedPoint)
                if key_point != point:
                    fail("certificate holds another public key")
                if member.name != serial.hex().upper() + "_X509.cer":
                    fail(f"certificate file name {member.name} is not the serial number")
                key.verify(certificate.signature, certificate.tbs_certificate_bytes,
                           ec.ECDSA(certificate.signature_hash_algorithm))
                certificates += 1
            elif member.name.endswith(".log"):
                counter, operation = check_log_message(member.name, data, public_key, serial)
                counters.append(counter)
                operations.append(operation)
    if certificates != 1:
        fail(f"{certificates} certificates in the export, expected 1")
    if "info.csv" not in names:
        fail("info.csv missing")
    if counters != sorted(set(counters)):
        fail("signature counters are not strictly increasing")

    qr_codes = 0
    if "--qr" in sys.argv[3:]:
        for line in sys.stdin.read().splitlines():
            if line.strip():
                check_qr_code(line.strip(), public_key_b64)
                qr_codes += 1

    print(json.dumps({
        "serial_number": serial.hex(),
        "log_messages": len(counters),
        "signature_counters": counters,
        "operations": operations,
        "qr_codes": qr_codes,
    }))


if __name__ == "__main__":
    main()
