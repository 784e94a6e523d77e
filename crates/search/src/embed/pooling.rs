//! Turns per-token hidden states into one sentence vector (as the model's pooling config says)
//! and scales it to unit length.

/// Pooling mode of a sentence-transformers `Pooling` module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pooling {
    /// Mean of the real (unpadded) tokens' states.
    Mean,
    /// The first token's state.
    Cls,
    /// Element-wise maximum over the real tokens.
    Max,
    /// Sum of the real tokens' states divided by the square root of their count.
    MeanSqrtLen,
}

impl Pooling {
    pub fn name(self) -> &'static str {
        match self {
            Self::Mean => "mean",
            Self::Cls => "cls",
            Self::Max => "max",
            Self::MeanSqrtLen => "mean_sqrt_len",
        }
    }

    /// Pools one sequence: `states` holds `len` rows of `dim` values (padding already cut off).
    pub fn pool(self, states: &[f32], len: usize, dim: usize) -> Vec<f32> {
        debug_assert!(len >= 1 && states.len() >= len * dim);
        let rows = states[..len * dim].chunks_exact(dim);
        match self {
            Self::Cls => states[..dim].to_vec(),
            Self::Max => rows.fold(vec![f32::NEG_INFINITY; dim], |mut acc, row| {
                acc.iter_mut().zip(row).for_each(|(a, &v)| *a = a.max(v));
                acc
            }),
            Self::Mean | Self::MeanSqrtLen => {
                let mut sum = vec![0f32; dim];
                for row in rows {
                    sum.iter_mut().zip(row).for_each(|(s, &v)| *s += v);
                }
                let divisor = match self {
                    Self::Mean => len as f32,
                    _ => (len as f32).sqrt(),
                };
                sum.iter_mut().for_each(|s| *s /= divisor);
                sum
            }
        }
    }
}

/// Scales `vector` to length 1 (a zero vector stays zero).
pub fn normalize(vector: &mut [f32]) {
    let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|v| *v /= norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Two real tokens of dimension 2, then one padding row that must be ignored.
    const STATES: [f32; 6] = [1.0, 4.0, 3.0, -2.0, 100.0, 100.0];

    #[test]
    fn each_mode_uses_only_the_real_tokens() {
        let cases = [
            (Pooling::Mean, vec![2.0, 1.0]),
            (Pooling::Cls, vec![1.0, 4.0]),
            (Pooling::Max, vec![3.0, 4.0]),
            (
                Pooling::MeanSqrtLen,
                vec![4.0 / 2f32.sqrt(), 2.0 / 2f32.sqrt()],
            ),
        ];
        for (mode, expected) in cases {
            assert_eq!(mode.pool(&STATES, 2, 2), expected, "{}", mode.name());
        }
    }

    #[test]
    fn normalize_gives_unit_length_and_keeps_zero() {
        let mut v = vec![3.0, 4.0];
        normalize(&mut v);
        assert_eq!(v, vec![0.6, 0.8]);
        let mut zero = vec![0.0, 0.0];
        normalize(&mut zero);
        assert_eq!(zero, vec![0.0, 0.0]);
    }
}
