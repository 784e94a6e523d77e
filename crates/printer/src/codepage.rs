//! Code page PC858 (multilingual Latin-1 with the euro sign): the table that turns receipt text into
//! the bytes a printer prints, and back.

/// The characters of bytes 0x80..=0xFF in PC858; bytes 0x20..=0x7E are ASCII.
const UPPER_HALF: [char; 128] = [
    '\u{00C7}', '\u{00FC}', '\u{00E9}', '\u{00E2}', '\u{00E4}', '\u{00E0}', '\u{00E5}',
    '\u{00E7}', // 0x80
    '\u{00EA}', '\u{00EB}', '\u{00E8}', '\u{00EF}', '\u{00EE}', '\u{00EC}', '\u{00C4}',
    '\u{00C5}', // 0x88
    '\u{00C9}', '\u{00E6}', '\u{00C6}', '\u{00F4}', '\u{00F6}', '\u{00F2}', '\u{00FB}',
    '\u{00F9}', // 0x90
    '\u{00FF}', '\u{00D6}', '\u{00DC}', '\u{00F8}', '\u{00A3}', '\u{00D8}', '\u{00D7}',
    '\u{0192}', // 0x98
    '\u{00E1}', '\u{00ED}', '\u{00F3}', '\u{00FA}', '\u{00F1}', '\u{00D1}', '\u{00AA}',
    '\u{00BA}', // 0xA0
    '\u{00BF}', '\u{00AE}', '\u{00AC}', '\u{00BD}', '\u{00BC}', '\u{00A1}', '\u{00AB}',
    '\u{00BB}', // 0xA8
    '\u{2591}', '\u{2592}', '\u{2593}', '\u{2502}', '\u{2524}', '\u{00C1}', '\u{00C2}',
    '\u{00C0}', // 0xB0
    '\u{00A9}', '\u{2563}', '\u{2551}', '\u{2557}', '\u{255D}', '\u{00A2}', '\u{00A5}',
    '\u{2510}', // 0xB8
    '\u{2514}', '\u{2534}', '\u{252C}', '\u{251C}', '\u{2500}', '\u{253C}', '\u{00E3}',
    '\u{00C3}', // 0xC0
    '\u{255A}', '\u{2554}', '\u{2569}', '\u{2566}', '\u{2560}', '\u{2550}', '\u{256C}',
    '\u{00A4}', // 0xC8
    '\u{00F0}', '\u{00D0}', '\u{00CA}', '\u{00CB}', '\u{00C8}', '\u{20AC}', '\u{00CD}',
    '\u{00CE}', // 0xD0
    '\u{00CF}', '\u{2518}', '\u{250C}', '\u{2588}', '\u{2584}', '\u{00A6}', '\u{00CC}',
    '\u{2580}', // 0xD8
    '\u{00D3}', '\u{00DF}', '\u{00D4}', '\u{00D2}', '\u{00F5}', '\u{00D5}', '\u{00B5}',
    '\u{00FE}', // 0xE0
    '\u{00DE}', '\u{00DA}', '\u{00DB}', '\u{00D9}', '\u{00FD}', '\u{00DD}', '\u{00AF}',
    '\u{00B4}', // 0xE8
    '\u{00AD}', '\u{00B1}', '\u{2017}', '\u{00BE}', '\u{00B6}', '\u{00A7}', '\u{00F7}',
    '\u{00B8}', // 0xF0
    '\u{00B0}', '\u{00A8}', '\u{00B7}', '\u{00B9}', '\u{00B3}', '\u{00B2}', '\u{25A0}',
    '\u{00A0}', // 0xF8
];

/// The byte printed for a character that PC858 does not have.
pub const REPLACEMENT: u8 = b'?';

/// The PC858 byte for `character`, or `None` when the code page has no such character.
/// Control characters (below 0x20, and 0x7F) have no byte: text never carries printer commands.
pub fn byte_for(character: char) -> Option<u8> {
    if (' '..='~').contains(&character) {
        return Some(character as u8);
    }
    UPPER_HALF
        .iter()
        .position(|&c| c == character)
        .map(|index| 0x80 + index as u8)
}

/// The byte to print for `character`: its PC858 byte, a plain stand-in for typographic punctuation
/// (dashes, curly quotes, ellipsis as '.'), else [`REPLACEMENT`].
pub fn printable_byte(character: char) -> u8 {
    if let Some(byte) = byte_for(character) {
        return byte;
    }
    match character {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => b'-',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => b'"',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => b'\'',
        '\u{2026}' => b'.',
        '\t' | '\u{2007}' | '\u{2009}' | '\u{202F}' => b' ',
        _ => REPLACEMENT,
    }
}

/// Transcodes `text` into PC858, one byte per character; see [`printable_byte`].
pub fn encode_text(text: &str) -> Vec<u8> {
    text.chars().map(printable_byte).collect()
}

/// The character PC858 prints for `byte`, or `None` for control bytes (below 0x20, and 0x7F).
pub fn char_for(byte: u8) -> Option<char> {
    match byte {
        0x20..=0x7E => Some(byte as char),
        0x80..=0xFF => Some(UPPER_HALF[usize::from(byte - 0x80)]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_letters_and_the_euro_sign_have_their_pc858_bytes() {
        let expected = [
            ('Ä', 0x8E),
            ('Ö', 0x99),
            ('Ü', 0x9A),
            ('ä', 0x84),
            ('ö', 0x94),
            ('ü', 0x81),
            ('ß', 0xE1),
            ('€', 0xD5),
            ('§', 0xF5),
            ('°', 0xF8),
            ('µ', 0xE6),
        ];
        for (character, byte) in expected {
            assert_eq!(byte_for(character), Some(byte), "{character}");
            assert_eq!(char_for(byte), Some(character), "{byte:#x}");
        }
    }

    #[test]
    fn every_byte_of_the_upper_half_round_trips() {
        for byte in 0x80..=0xFF_u8 {
            assert_eq!(byte_for(char_for(byte).unwrap()), Some(byte));
        }
    }

    #[test]
    fn unknown_characters_and_control_characters_become_question_marks() {
        assert_eq!(encode_text("Ł中😀\u{1b}\u{7}"), b"?????");
        assert_eq!(encode_text("„Rosen“ – 5 …"), b"\"Rosen\" - 5 .");
    }
}
