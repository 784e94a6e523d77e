//! The word-embedding table, the largest tensor of a small model (47 MB of MiniLM's 90 in f32):
//! read row by row from the model file where the file stores it as f32, else held in memory as
//! 8-bit integers with a scale per row.

use std::fs::File;
use std::path::Path;

use super::error::ModelError;

/// Where the rows of the word-embedding table `[vocab, hidden]` come from.
#[derive(Debug)]
pub enum WordTable {
    /// Read from the model file when a token needs its row (one 1.5 KB read per token for
    /// MiniLM, microseconds next to a query's milliseconds). The app holds none of it; the
    /// operating system's file cache keeps the rows in use, and the values are the file's own.
    InFile {
        file: File,
        /// Byte offset of row 0 in the file.
        offset: u64,
        vocab: usize,
        hidden: usize,
    },
    /// `row = values × scale`: 12 MB instead of 47 for MiniLM, within 1e-4 in cosine.
    Quantized {
        values: Vec<i8>,
        scales: Vec<f32>,
        hidden: usize,
    },
}

impl WordTable {
    /// The table `name` of the safetensors file at `path` (whose bytes are `bytes`), read from
    /// the file when it is stored there as little-endian f32 `[vocab, hidden]`; `None` when it
    /// is stored otherwise (the caller quantises it).
    pub fn in_file(
        path: &Path,
        bytes: &[u8],
        name: &str,
        vocab: usize,
        hidden: usize,
    ) -> Result<Option<Self>, ModelError> {
        let Some(offset) = f32_tensor_offset(bytes, name, vocab * hidden) else {
            return Ok(None);
        };
        if !cfg!(target_endian = "little") || !cfg!(unix) {
            return Ok(None);
        }
        let file = File::open(path).map_err(|source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Some(Self::InFile {
            file,
            offset,
            vocab,
            hidden,
        }))
    }

    /// Quantises a row-major `[vocab, hidden]` f32 table, each row to its own scale.
    pub fn quantize(table: &[f32], hidden: usize) -> Self {
        let rows = table.chunks_exact(hidden.max(1));
        let mut values = Vec::with_capacity(table.len());
        let mut scales = Vec::with_capacity(rows.len());
        for row in rows {
            let largest = row.iter().fold(0f32, |m, &w| m.max(w.abs()));
            let scale = if largest > 0.0 { largest / 127.0 } else { 1.0 };
            values.extend(
                row.iter()
                    .map(|&w| (w / scale).round().clamp(-127.0, 127.0) as i8),
            );
            scales.push(scale);
        }
        Self::Quantized {
            values,
            scales,
            hidden,
        }
    }

    pub fn vocab(&self) -> usize {
        match self {
            Self::InFile { vocab, .. } => *vocab,
            Self::Quantized { scales, .. } => scales.len(),
        }
    }

    /// The rows of `ids`, `[ids.len(), hidden]`. An id outside the vocabulary is an error.
    pub fn gather(&self, ids: &[u32]) -> candle_core::Result<Vec<f32>> {
        if let Some(&bad) = ids.iter().find(|&&id| id as usize >= self.vocab()) {
            candle_core::bail!("token id {bad} outside the vocabulary");
        }
        match self {
            Self::InFile {
                file,
                offset,
                hidden,
                ..
            } => read_rows(file, *offset, *hidden, ids),
            Self::Quantized {
                values,
                scales,
                hidden,
            } => Ok(ids
                .iter()
                .flat_map(|&id| {
                    let id = id as usize;
                    let scale = scales[id];
                    values[id * hidden..(id + 1) * hidden]
                        .iter()
                        .map(move |&v| f32::from(v) * scale)
                })
                .collect()),
        }
    }
}

#[cfg(unix)]
fn read_rows(
    file: &File,
    offset: u64,
    hidden: usize,
    ids: &[u32],
) -> candle_core::Result<Vec<f32>> {
    use std::os::unix::fs::FileExt;
    let row_bytes = hidden * 4;
    let mut bytes = vec![0u8; row_bytes];
    let mut rows = Vec::with_capacity(ids.len() * hidden);
    for &id in ids {
        let at = offset + (id as u64) * row_bytes as u64;
        file.read_exact_at(&mut bytes, at)
            .map_err(|e| candle_core::Error::Msg(format!("cannot read the word table: {e}")))?;
        rows.extend(
            bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        );
    }
    Ok(rows)
}

#[cfg(not(unix))]
fn read_rows(_: &File, _: u64, _: usize, _: &[u32]) -> candle_core::Result<Vec<f32>> {
    candle_core::bail!("the word table is read from the file only on Unix")
}

/// Byte offset in a safetensors file of tensor `name` when it is F32 with `values` values.
fn f32_tensor_offset(bytes: &[u8], name: &str, values: usize) -> Option<u64> {
    let header_len = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?) as usize;
    let header: serde_json::Value = serde_json::from_slice(bytes.get(8..8 + header_len)?).ok()?;
    let tensor = header.get(name)?;
    if tensor.get("dtype")?.as_str()? != "F32" {
        return None;
    }
    let offsets = tensor.get("data_offsets")?.as_array()?;
    let (start, end) = (offsets.first()?.as_u64()?, offsets.get(1)?.as_u64()?);
    let data = 8 + header_len as u64;
    let fits = data + end <= bytes.len() as u64;
    (fits && end.checked_sub(start)? == values as u64 * 4).then_some(data + start)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VOCAB: usize = 5;
    const HIDDEN: usize = 4;

    fn table() -> Vec<f32> {
        (0..VOCAB * HIDDEN)
            .map(|i| (i as f32 * 0.37).sin() * 0.2)
            .collect()
    }

    /// A safetensors file holding `table` as `name` with `dtype` (bytes as f32 either way).
    fn safetensors(name: &str, dtype: &str, table: &[f32]) -> Vec<u8> {
        let data: Vec<u8> = table.iter().flat_map(|v| v.to_le_bytes()).collect();
        let header = serde_json::json!({
            "other": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
            name: {"dtype": dtype, "shape": [VOCAB, HIDDEN], "data_offsets": [4, 4 + data.len()]},
        })
        .to_string();
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend(header.as_bytes());
        bytes.extend([0u8; 4]);
        bytes.extend(data);
        bytes
    }

    fn rows(table: &[f32], ids: &[u32]) -> Vec<f32> {
        ids.iter()
            .flat_map(|&id| table[id as usize * HIDDEN..][..HIDDEN].to_vec())
            .collect()
    }

    #[test]
    fn rows_read_from_the_file_are_the_stored_values() {
        let table = table();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        let bytes = safetensors("words", "F32", &table);
        std::fs::write(&path, &bytes).unwrap();
        let words = WordTable::in_file(&path, &bytes, "words", VOCAB, HIDDEN)
            .unwrap()
            .expect("an F32 table is read from the file");
        assert!(matches!(words, WordTable::InFile { .. }));
        let ids = [4, 0, 2, 2];
        assert_eq!(words.gather(&ids).unwrap(), rows(&table, &ids));
    }

    #[test]
    fn a_table_stored_otherwise_is_quantised_in_memory() {
        let table = table();
        let bytes = safetensors("words", "F16", &table);
        let path = Path::new("unused");
        assert!(
            WordTable::in_file(path, &bytes, "words", VOCAB, HIDDEN)
                .unwrap()
                .is_none()
        );
        assert!(
            WordTable::in_file(path, &bytes, "missing", VOCAB, HIDDEN)
                .unwrap()
                .is_none()
        );
        let f32_bytes = safetensors("words", "F32", &table);
        assert!(
            WordTable::in_file(path, &f32_bytes, "words", VOCAB + 1, HIDDEN)
                .unwrap()
                .is_none(),
            "a shape that does not match is not read from the file"
        );
    }

    #[test]
    fn quantised_rows_are_within_half_a_step_of_their_largest_value() {
        let table = table();
        let words = WordTable::quantize(&table, HIDDEN);
        let ids = [1, 3, 0];
        let exact = rows(&table, &ids);
        for (row, (got, want)) in words
            .gather(&ids)
            .unwrap()
            .chunks(HIDDEN)
            .zip(exact.chunks(HIDDEN))
            .enumerate()
        {
            let step = want.iter().fold(0f32, |m, v| m.max(v.abs())) / 127.0;
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() <= step / 2.0 + 1e-7, "row {row}: {g} vs {w}");
            }
        }
    }

    #[test]
    fn an_id_outside_the_vocabulary_is_an_error() {
        let words = WordTable::quantize(&table(), HIDDEN);
        let error = words.gather(&[0, VOCAB as u32]).unwrap_err();
        assert!(
            error.to_string().contains("outside the vocabulary"),
            "{error}"
        );
    }
}
