//! The little DER (ASN.1 Distinguished Encoding Rules, X.690) this crate needs: writing and reading
//! single-byte-tag TLVs, non-negative INTEGERs, OBJECT IDENTIFIERs and SEQUENCEs.
//!
//! Only definite lengths in minimal form are written; the reader accepts exactly those.

/// Universal tag of INTEGER.
pub const TAG_INTEGER: u8 = 0x02;
/// Universal tag of BIT STRING.
pub const TAG_BIT_STRING: u8 = 0x03;
/// Universal tag of OCTET STRING.
pub const TAG_OCTET_STRING: u8 = 0x04;
/// Universal tag of OBJECT IDENTIFIER.
pub const TAG_OID: u8 = 0x06;
/// Universal tag of UTCTime.
pub const TAG_UTC_TIME: u8 = 0x17;
/// Universal tag of a constructed SEQUENCE.
pub const TAG_SEQUENCE: u8 = 0x30;
/// Universal tag of a constructed SET.
pub const TAG_SET: u8 = 0x31;

/// The tag of a context-specific, implicitly tagged primitive field `[number]`.
pub const fn context_primitive(number: u8) -> u8 {
    0x80 | number
}

/// The tag of a context-specific, explicitly tagged (constructed) field `[number]`.
pub const fn context_constructed(number: u8) -> u8 {
    0xA0 | number
}

/// One TLV: tag, minimal definite length, value.
pub fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 6);
    out.push(tag);
    push_length(&mut out, value.len());
    out.extend_from_slice(value);
    out
}

fn push_length(out: &mut Vec<u8>, length: usize) {
    if length < 0x80 {
        out.push(length as u8);
        return;
    }
    let bytes = length.to_be_bytes();
    let first = bytes
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(bytes.len() - 1);
    out.push(0x80 | (bytes.len() - first) as u8);
    out.extend_from_slice(&bytes[first..]);
}

/// A constructed TLV whose value is the concatenation of already encoded parts.
pub fn constructed(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag, &parts.concat())
}

/// A non-negative INTEGER (or an implicitly tagged one) in minimal two's complement form.
pub fn unsigned_integer(tag: u8, value: u64) -> Vec<u8> {
    unsigned_integer_from_bytes(tag, &value.to_be_bytes())
}

/// A non-negative INTEGER from big-endian magnitude bytes (leading zeros are dropped, and a zero byte
/// is put in front when the high bit is set, so the number stays positive).
pub fn unsigned_integer_from_bytes(tag: u8, magnitude: &[u8]) -> Vec<u8> {
    let first = magnitude.iter().position(|&b| b != 0);
    let significant = match first {
        Some(index) => &magnitude[index..],
        None => &[0u8][..],
    };
    let mut value = Vec::with_capacity(significant.len() + 1);
    if significant[0] & 0x80 != 0 {
        value.push(0);
    }
    value.extend_from_slice(significant);
    tlv(tag, &value)
}

/// An OBJECT IDENTIFIER from its arcs (at least two; the first is 0, 1 or 2).
pub fn object_identifier(arcs: &[u64]) -> Vec<u8> {
    let mut value = Vec::new();
    let (first, rest) = match arcs {
        [a, b, rest @ ..] => (a * 40 + b, rest),
        _ => (0, &[][..]),
    };
    for arc in std::iter::once(first).chain(rest.iter().copied()) {
        let mut groups = vec![(arc & 0x7F) as u8];
        let mut remaining = arc >> 7;
        while remaining > 0 {
            groups.push(((remaining & 0x7F) as u8) | 0x80);
            remaining >>= 7;
        }
        value.extend(groups.iter().rev());
    }
    tlv(TAG_OID, &value)
}

/// Why bytes are not the DER this crate wrote.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DerError {
    /// The bytes end inside an element: an interrupted write, not a corruption.
    #[error("DER data ends inside an element")]
    Truncated,
    /// The bytes are present but not well-formed as expected.
    #[error("malformed DER: {0}")]
    Malformed(&'static str),
}

/// One element read back: its tag, its value and the whole encoding (tag, length and value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element<'a> {
    pub tag: u8,
    pub value: &'a [u8],
    pub encoded: &'a [u8],
}

impl<'a> Element<'a> {
    /// The value as a non-negative INTEGER that fits in `u64`.
    pub fn unsigned(&self) -> Result<u64, DerError> {
        let value = self.value;
        if value.is_empty() || value[0] & 0x80 != 0 {
            return Err(DerError::Malformed("integer is empty or negative"));
        }
        if value.len() > 1 && value[0] == 0 && value[1] & 0x80 == 0 {
            return Err(DerError::Malformed("integer is not minimal"));
        }
        let magnitude = if value[0] == 0 { &value[1..] } else { value };
        if magnitude.len() > 8 {
            return Err(DerError::Malformed("integer is too large"));
        }
        Ok(magnitude
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// Checks the tag, so a caller reads fields in their fixed order.
    pub fn expect_tag(self, tag: u8) -> Result<Element<'a>, DerError> {
        if self.tag == tag {
            Ok(self)
        } else {
            Err(DerError::Malformed("unexpected tag"))
        }
    }
}

/// Reads consecutive elements from a byte slice.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { rest: bytes }
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// How many bytes are left to read.
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// The next element, or [`DerError::Truncated`] when the bytes end inside it.
    pub fn next_element(&mut self) -> Result<Element<'a>, DerError> {
        let bytes = self.rest;
        let (&tag, after_tag) = bytes.split_first().ok_or(DerError::Truncated)?;
        if tag & 0x1F == 0x1F {
            return Err(DerError::Malformed("multi-byte tags are not used here"));
        }
        let (&first, after_first) = after_tag.split_first().ok_or(DerError::Truncated)?;
        let (length, header) = if first < 0x80 {
            (usize::from(first), 2)
        } else {
            let count = usize::from(first & 0x7F);
            if count == 0 || count > 4 {
                return Err(DerError::Malformed("unsupported length form"));
            }
            let length_bytes = after_first.get(..count).ok_or(DerError::Truncated)?;
            if length_bytes[0] == 0 {
                return Err(DerError::Malformed("length is not minimal"));
            }
            let length = length_bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            if length < 0x80 {
                return Err(DerError::Malformed("length is not minimal"));
            }
            (length, 2 + count)
        };
        let end = header.checked_add(length).ok_or(DerError::Truncated)?;
        if bytes.len() < end {
            return Err(DerError::Truncated);
        }
        self.rest = &bytes[end..];
        Ok(Element {
            tag,
            value: &bytes[header..end],
            encoded: &bytes[..end],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_minimal_and_positive() {
        assert_eq!(unsigned_integer(TAG_INTEGER, 0), vec![0x02, 0x01, 0x00]);
        assert_eq!(unsigned_integer(TAG_INTEGER, 127), vec![0x02, 0x01, 0x7F]);
        assert_eq!(
            unsigned_integer(TAG_INTEGER, 128),
            vec![0x02, 0x02, 0x00, 0x80]
        );
        assert_eq!(
            unsigned_integer(TAG_INTEGER, 0x0102),
            vec![0x02, 0x02, 0x01, 0x02]
        );
        let encoded = unsigned_integer(TAG_INTEGER, u64::MAX);
        let element = Reader::new(&encoded).next_element().unwrap();
        assert_eq!(element.unsigned().unwrap(), u64::MAX);
    }

    #[test]
    fn the_transaction_log_oid_encodes_as_published() {
        assert_eq!(
            object_identifier(&[0, 4, 0, 127, 0, 7, 3, 7, 1, 1]),
            vec![
                0x06, 0x09, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x07, 0x01, 0x01
            ]
        );
        // 1.2.840.10045.2.1 (id-ecPublicKey): multi-byte arcs.
        assert_eq!(
            object_identifier(&[1, 2, 840, 10045, 2, 1]),
            vec![0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
        );
    }

    #[test]
    fn long_lengths_round_trip_and_truncation_is_told_apart() {
        let value = vec![7u8; 300];
        let encoded = tlv(TAG_OCTET_STRING, &value);
        assert_eq!(&encoded[..4], &[0x04, 0x82, 0x01, 0x2C]);
        let element = Reader::new(&encoded).next_element().unwrap();
        assert_eq!(element.value, &value[..]);
        assert_eq!(
            Reader::new(&encoded[..100]).next_element(),
            Err(DerError::Truncated)
        );
        assert!(matches!(
            Reader::new(&[0x04, 0x81, 0x05, 1, 2, 3, 4, 5]).next_element(),
            Err(DerError::Malformed(_))
        ));
    }
}
