//! Looking for what must never leave the store or land in a file in clear: payment card numbers
//! and the manager's PIN.
//!
//! A card number (PAN) is 13 to 19 digits with a valid Luhn check digit, written in one run or in
//! groups separated by single spaces or dashes. Shop data is full of digit runs that are not card
//! numbers, so the scan is narrowed where a real PAN cannot be confused with them:
//! - EAN-13 barcodes are 13 digits and pass the Luhn check by chance about one time in ten. The only
//!   13-digit cards are old Visa numbers, which start with 4; a 13-digit run is therefore reported
//!   only if it starts with 4 and is *not* a valid EAN-13 (GS1 check digit). EAN-8 is far too short.
//! - A run longer than 19 digits (an IBAN's digits, a long id) is not a card number, and neither is
//!   any part of it: only whole runs are judged, never windows inside a longer run.
//! - Millisecond timestamps are 13 digits starting with 1, excluded by the rule above.

/// A card-number-like run found in some bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset of the run.
    pub offset: usize,
    /// The digits, separators removed.
    pub digits: String,
}

/// Every run of 13–19 digits in `bytes` that is a plausible card number (see the module comment).
pub fn card_numbers(bytes: &[u8]) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // A card number stands on its own: digits inside a word or a hex string (an event's
        // UUID such as `…a7-2191-9013-9730-8853bc…`) are something else.
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut group = 0;
        let mut separated = false;
        let mut j = i;
        while j < bytes.len() {
            if bytes[j].is_ascii_digit() {
                digits.push(bytes[j] as char);
                group += 1;
                j += 1;
            } else if (bytes[j] == b' ' || bytes[j] == b'-')
                && (4..=6).contains(&group)
                && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
            {
                // Printed card numbers come in groups of 4 (Amex 4-6-5); a shorter group before a
                // space is something else ("Kasse 2 4111...").
                group = 0;
                separated = true;
                j += 1;
            } else {
                break;
            }
        }
        let glued_to_a_word = bytes.get(j).is_some_and(u8::is_ascii_alphanumeric);
        // Written in groups, a card ends in a short one (4-4-4-4, 4-6-5, 4-4-4-4-3); a UUID in 12.
        let uuid_tail = separated && group > 7;
        if looks_like_card(&digits)
            && !glued_to_a_word
            && !uuid_tail
            && !part_of_a_decimal(bytes, start, j)
        {
            found.push(Finding {
                offset: start,
                digits: digits.clone(),
            });
        }
        i = j.max(i + 1);
    }
    found
}

/// Whether the digits in `start..end` are the integer or fractional part of a decimal number
/// (`0.3928571428571429` in a stored JSON float is not a card number).
fn part_of_a_decimal(bytes: &[u8], start: usize, end: usize) -> bool {
    let point = |b: u8| b == b'.' || b == b',';
    let before = start >= 2 && point(bytes[start - 1]) && bytes[start - 2].is_ascii_digit();
    let after = bytes.get(end).copied().is_some_and(point)
        && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
    before || after
}

fn looks_like_card(digits: &str) -> bool {
    let len = digits.len();
    if !(13..=19).contains(&len) || !luhn(digits) {
        return false;
    }
    if len == 13 {
        return digits.starts_with('4') && !ean13(digits);
    }
    true
}

/// The Luhn (mod 10) check card numbers carry.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// The GS1 check digit of an EAN-13 (weights 1,3,1,3,... from the left).
pub fn ean13(digits: &str) -> bool {
    if digits.len() != 13 {
        return false;
    }
    let d: Vec<u32> = digits.bytes().map(|c| u32::from(c - b'0')).collect();
    let sum: u32 = d[..12]
        .iter()
        .enumerate()
        .map(|(i, v)| if i % 2 == 0 { *v } else { v * 3 })
        .sum();
    (10 - sum % 10) % 10 == d[12]
}

/// Offsets where `secret` stands on its own: not inside a longer run of digits or letters.
pub fn standalone(bytes: &[u8], secret: &str) -> Vec<usize> {
    let secret = secret.as_bytes();
    if secret.is_empty() || bytes.len() < secret.len() {
        return Vec::new();
    }
    (0..=bytes.len() - secret.len())
        .filter(|&i| &bytes[i..i + secret.len()] == secret)
        .filter(|&i| i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
        .filter(|&i| {
            bytes
                .get(i + secret.len())
                .is_none_or(|b| !b.is_ascii_alphanumeric())
        })
        .collect()
}

/// A card-number-like value found in a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFinding {
    pub table: String,
    pub column: String,
    pub digits: String,
}

/// Scans every text value of every table of the SQLite database at `path`, one value at a time.
///
/// Values are read through SQLite rather than from the raw file because a page stores the fields
/// of a record back to back without separators: a raw scan joins an SKU's digits to a date's and
/// "finds" card numbers that no field holds.
pub fn database_card_numbers(path: &std::path::Path) -> rusqlite::Result<Vec<StoredFinding>> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut found = Vec::new();
    for table in tables {
        let Ok(mut stmt) =
            conn.prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))
        else {
            continue; // a virtual table whose module this connection does not have
        };
        let columns: Vec<String> = stmt
            .column_names()
            .iter()
            .map(|c| (*c).to_owned())
            .collect();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for (i, column) in columns.iter().enumerate() {
                if let rusqlite::types::ValueRef::Text(text) = row.get_ref(i)? {
                    for finding in card_numbers(text) {
                        found.push(StoredFinding {
                            table: table.clone(),
                            column: column.clone(),
                            digits: finding.digits,
                        });
                    }
                }
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_card_numbers_written_as_people_write_them() {
        let cases: &[(&str, Option<&str>)] = &[
            ("paid with 4111111111111111.", Some("4111111111111111")),
            ("pan=4111 1111 1111 1111;", Some("4111111111111111")),
            ("\"5500-0000-0000-0004\"", Some("5500000000000004")),
            ("amex 378282246310005 ok", Some("378282246310005")),
            ("visa13 4222222222222 x", Some("4222222222222")),
            ("Kasse 2 4111111111111111", Some("4111111111111111")),
            ("4111111111111112", None),            // Luhn fails
            ("ean 4006381333931", None),           // an EAN-13 that happens to pass Luhn
            ("ts 1764165254000", None),            // a millisecond timestamp
            ("iban DE89370400440532013000", None), // 20 digits: not a card, nor any part of it
            ("ean8 96385074", None),
            ("2026-11-26 13:54:14", None),
            ("\"share\":0.3928571428571429,", None), // a JSON float
            ("4111111111111111.5", None),
            ("Karte 4111111111111111.", Some("4111111111111111")),
            // Parts of event UUIDs whose hex digits happen to pass Luhn.
            ("\"0199c3a7-2191-9013-9730-8853abcdef01\"", None),
            ("\"0199c3a7-abc1-7bcd-8730-885312345675\"", None),
            ("id 4111111111111111ab", None),
        ];
        for (text, expected) in cases {
            let found = card_numbers(text.as_bytes());
            assert_eq!(
                found.first().map(|f| f.digits.as_str()),
                *expected,
                "{text:?}: {found:?}"
            );
        }
    }

    #[test]
    fn a_pin_counts_only_on_its_own() {
        assert_eq!(standalone(b"pin=1234 ok", "1234"), vec![4]);
        assert_eq!(standalone(b"\"pin\":\"1234\"", "1234"), vec![7]);
        assert!(standalone(b"receipt 12345 and 01234", "1234").is_empty());
        assert!(standalone(b"2026-11-26T12:34", "1234").is_empty());
    }

    #[test]
    fn ean_and_luhn_checks_agree_with_known_codes() {
        assert!(ean13("4006381333931"));
        assert!(!ean13("4006381333932"));
        assert!(ean13("4005990123452"));
        assert!(
            luhn("4005990123452"),
            "an EAN that makes the 13-digit rule necessary"
        );
        assert!(luhn("79927398713"));
    }
}
