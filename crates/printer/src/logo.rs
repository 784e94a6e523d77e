//! The store logo: a small black-and-white raster image, read from a PBM file (P1 or P4), as the
//! printer's `GS v 0` raster command wants it (rows of bytes, leftmost dot in the high bit, 1 = black).

use crate::error::LogoError;

/// A 1-bit raster image. Always within [`Logo::MAX_WIDTH`] × [`Logo::MAX_HEIGHT`] dots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    width: usize,
    height: usize,
    rows: Vec<u8>,
}

impl Logo {
    /// The printable width of 80 mm paper at 203 dpi.
    pub const MAX_WIDTH: usize = 576;
    /// 128 mm of paper: more is no logo.
    pub const MAX_HEIGHT: usize = 1024;

    /// A logo of `width` × `height` dots from packed rows (`width.div_ceil(8)` bytes per row,
    /// high bit first, 1 = black; padding bits of each row are cleared).
    pub fn from_rows(width: usize, height: usize, mut rows: Vec<u8>) -> Result<Logo, LogoError> {
        if width == 0 || height == 0 {
            return Err(LogoError::Malformed(
                "width and height must be at least 1".into(),
            ));
        }
        if width > Self::MAX_WIDTH || height > Self::MAX_HEIGHT {
            return Err(LogoError::TooLarge {
                width,
                height,
                max_width: Self::MAX_WIDTH,
                max_height: Self::MAX_HEIGHT,
            });
        }
        let row_bytes = width.div_ceil(8);
        if rows.len() != row_bytes * height {
            return Err(LogoError::Malformed(format!(
                "{} bytes of pixels, {} expected",
                rows.len(),
                row_bytes * height
            )));
        }
        let padding_mask = match width % 8 {
            0 => 0xFF,
            used => 0xFF_u8 << (8 - used),
        };
        for row in rows.chunks_mut(row_bytes) {
            if let Some(last) = row.last_mut() {
                *last &= padding_mask;
            }
        }
        Ok(Logo {
            width,
            height,
            rows,
        })
    }

    /// Reads a PBM image: binary (`P4`) or plain (`P1`), comments allowed in the header.
    pub fn from_pbm(bytes: &[u8]) -> Result<Logo, LogoError> {
        let mut reader = PbmReader { bytes, at: 0 };
        let magic = reader.token()?;
        let binary = match magic {
            b"P4" => true,
            b"P1" => false,
            _ => return Err(LogoError::NotPbm),
        };
        let width = reader.number("width")?;
        let height = reader.number("height")?;
        if width > Self::MAX_WIDTH || height > Self::MAX_HEIGHT {
            return Err(LogoError::TooLarge {
                width,
                height,
                max_width: Self::MAX_WIDTH,
                max_height: Self::MAX_HEIGHT,
            });
        }
        let row_bytes = width.div_ceil(8);
        let rows = if binary {
            // Exactly one whitespace byte separates the header from the pixels.
            let start = reader.at + 1;
            let end = start + row_bytes * height;
            bytes
                .get(start..end)
                .ok_or_else(|| LogoError::Malformed("pixel data cut short".into()))?
                .to_vec()
        } else {
            let mut rows = vec![0_u8; row_bytes * height];
            for y in 0..height {
                for x in 0..width {
                    if reader.pixel()? {
                        rows[y * row_bytes + x / 8] |= 0x80 >> (x % 8);
                    }
                }
            }
            rows
        };
        Logo::from_rows(width, height, rows)
    }

    /// Width in dots.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in dots.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Bytes per row (`width` rounded up to whole bytes).
    pub fn row_bytes(&self) -> usize {
        self.width.div_ceil(8)
    }

    /// The packed rows, top to bottom.
    pub fn rows(&self) -> &[u8] {
        &self.rows
    }

    /// Whether the dot at (`x`, `y`) is black.
    pub fn is_black(&self, x: usize, y: usize) -> bool {
        x < self.width
            && y < self.height
            && self.rows[y * self.row_bytes() + x / 8] & (0x80 >> (x % 8)) != 0
    }
}

struct PbmReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> PbmReader<'a> {
    fn skip_space_and_comments(&mut self) {
        while let Some(&byte) = self.bytes.get(self.at) {
            if byte == b'#' {
                while self.bytes.get(self.at).is_some_and(|&b| b != b'\n') {
                    self.at += 1;
                }
            } else if byte.is_ascii_whitespace() {
                self.at += 1;
            } else {
                break;
            }
        }
    }

    fn token(&mut self) -> Result<&'a [u8], LogoError> {
        self.skip_space_and_comments();
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'#')
        {
            self.at += 1;
        }
        if start == self.at {
            return Err(LogoError::Malformed("header cut short".into()));
        }
        Ok(&self.bytes[start..self.at])
    }

    fn number(&mut self, what: &str) -> Result<usize, LogoError> {
        let token = self.token()?;
        std::str::from_utf8(token)
            .ok()
            .and_then(|text| text.parse().ok())
            .ok_or_else(|| LogoError::Malformed(format!("{what} is not a number")))
    }

    fn pixel(&mut self) -> Result<bool, LogoError> {
        self.skip_space_and_comments();
        let byte = self.bytes.get(self.at).copied();
        self.at += 1;
        match byte {
            Some(b'1') => Ok(true),
            Some(b'0') => Ok(false),
            Some(_) => Err(LogoError::Malformed("plain pixels must be 0 or 1".into())),
            None => Err(LogoError::Malformed("pixel data cut short".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_binary_pbm_give_the_same_logo() {
        let plain = b"P1\n# a corner\n10 2\n1 0 0 0 0 0 0 0 0 1\n0 1 0 0 0 0 0 0 1 1\n";
        let binary = [b"P4\n10 2\n".as_slice(), &[0x80, 0x40, 0x40, 0xC0]].concat();
        let from_plain = Logo::from_pbm(plain).unwrap();
        assert_eq!(from_plain, Logo::from_pbm(&binary).unwrap());
        assert_eq!((from_plain.width(), from_plain.height()), (10, 2));
        assert!(from_plain.is_black(0, 0) && from_plain.is_black(9, 0));
        assert!(!from_plain.is_black(1, 0) && from_plain.is_black(1, 1));
    }

    #[test]
    fn refuses_other_files_short_data_and_huge_images() {
        assert_eq!(Logo::from_pbm(b"\x89PNG\r\n"), Err(LogoError::NotPbm));
        assert!(matches!(
            Logo::from_pbm(b"P4 16 2\n\xff"),
            Err(LogoError::Malformed(_))
        ));
        assert!(matches!(
            Logo::from_pbm(b"P4 600 10\n"),
            Err(LogoError::TooLarge { width: 600, .. })
        ));
    }
}
