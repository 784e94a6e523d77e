//! The name of a till (`kasse-1`), parsed once at the boundary so a bad one cannot travel further.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest terminal id accepted, in bytes.
pub const MAX_TERMINAL_ID_LEN: usize = 32;

/// A till's id: 1 to 32 characters from `A-Z a-z 0-9 _ -`. It appears in URLs and logs, so
/// nothing else is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TerminalId(String);

/// Why a string is not a terminal id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "terminal id must be 1 to {MAX_TERMINAL_ID_LEN} characters of A-Z, a-z, 0-9, '_' or '-', got {0:?}"
)]
pub struct InvalidTerminalId(pub String);

impl TerminalId {
    /// Parses a terminal id, refusing empty, long or oddly spelled ones.
    pub fn parse(raw: &str) -> Result<Self, InvalidTerminalId> {
        let well_formed = !raw.is_empty()
            && raw.len() <= MAX_TERMINAL_ID_LEN
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if well_formed {
            Ok(Self(raw.to_owned()))
        } else {
            let shown: String = raw.chars().take(64).collect();
            Err(InvalidTerminalId(shown))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TerminalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for TerminalId {
    type Error = InvalidTerminalId;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<TerminalId> for String {
    fn from(id: TerminalId) -> String {
        id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_the_documented_alphabet_and_length() {
        let cases = [
            ("kasse-1", true),
            ("KASSE_02", true),
            ("a", true),
            (&"x".repeat(32), true),
            (&"x".repeat(33), false),
            ("", false),
            ("kasse 1", false),
            ("kasse/1", false),
            ("käse", false),
            ("..", false),
        ];
        for (raw, ok) in cases {
            assert_eq!(TerminalId::parse(raw).is_ok(), ok, "{raw:?}");
        }
    }
}
