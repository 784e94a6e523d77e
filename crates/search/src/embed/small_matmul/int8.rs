//! Dense weights as 8-bit integers with one f32 scale per group of 32 (1.125 bytes a weight,
//! against 2 for bfloat16), and the row kernel that multiplies them: each group is widened to
//! f32 in registers and meets every token of the tile.

use std::borrow::Cow;

use pulp::Simd;

use super::CompactWeights;
use super::tiles::{RowKernel, TILE_LANES, dot};

/// Weights that share one scale.
pub const GROUP: usize = 32;
/// Vectors of one group in the tiles.
const GROUP_VECTORS: usize = GROUP / TILE_LANES;

/// 32 neighbouring weights of a row: `weight[i] = values[i] × scale`.
#[derive(Debug, Clone, Copy)]
pub struct Int8Group {
    pub scale: f32,
    pub values: [i8; GROUP],
}

/// Rounds each group of 32 weights to the nearest of 255 steps between ± its largest magnitude.
/// `None` where a row's `in_dim` weights do not split into whole groups.
pub fn quantize(weights: &[f32], in_dim: usize) -> Option<Vec<Int8Group>> {
    if in_dim == 0 || !in_dim.is_multiple_of(GROUP) || !weights.len().is_multiple_of(in_dim) {
        return None;
    }
    let groups = weights
        .chunks_exact(GROUP)
        .map(|chunk| {
            let largest = chunk.iter().fold(0f32, |most, w| most.max(w.abs()));
            let scale = if largest > 0.0 { largest / 127.0 } else { 1.0 };
            let values =
                std::array::from_fn(|i| (chunk[i] / scale).round().clamp(-127.0, 127.0) as i8);
            Int8Group { scale, values }
        })
        .collect();
    Some(groups)
}

/// The weights of [`quantize`] back as f32.
pub fn widen(groups: &[Int8Group]) -> Vec<f32> {
    let mut wide = Vec::with_capacity(groups.len() * GROUP);
    for group in groups {
        wide.extend(group.values.iter().map(|&v| f32::from(v) * group.scale));
    }
    wide
}

impl CompactWeights for [Int8Group] {
    type Rows<'a> = Int8Rows<'a>;
    const KIND: &'static str = "8-bit weight groups";

    fn rows(&self, n: usize, k: usize) -> Option<Int8Rows<'_>> {
        (k.is_multiple_of(GROUP) && self.len() * GROUP == n * k)
            .then_some(Int8Rows { groups: self, k })
    }
}

/// 8-bit weights `[n, k]` in groups of [`GROUP`] along each row.
#[derive(Clone, Copy)]
pub struct Int8Rows<'a> {
    pub groups: &'a [Int8Group],
    pub k: usize,
}

impl RowKernel for Int8Rows<'_> {
    type Word = Int8Group;

    #[inline(always)]
    fn inputs(self) -> usize {
        self.k
    }

    #[inline(always)]
    fn row(&self, r: usize) -> &[Int8Group] {
        let per_row = self.k / GROUP;
        &self.groups[r * per_row..(r + 1) * per_row]
    }

    fn tile_input(self, x: &[f32]) -> Cow<'_, [f32]> {
        Cow::Borrowed(x)
    }

    /// Taken only with 8-lane vectors: a group is then four vectors, and `k` (whole groups) has
    /// no tail. Each group of the `R` rows is widened once and meets all `T` tokens.
    #[inline(always)]
    fn tile<S: Simd, const R: usize, const T: usize>(
        simd: S,
        w: [&[Int8Group]; R],
        x: &[f32],
        k: usize,
        out: &mut [f32],
        at: usize,
    ) {
        let m = out.len() / R;
        let x: [&[S::f32s]; T] = std::array::from_fn(|t| S::as_simd_f32s(&x[t * k..(t + 1) * k]).0);
        let mut acc = [[simd.splat_f32s(0.0); T]; R];
        let mut wide = [[0f32; GROUP]; R];
        for g in 0..w[0].len() {
            for r in 0..R {
                let group = &w[r][g];
                for (slot, &v) in wide[r].iter_mut().zip(&group.values) {
                    *slot = f32::from(v) * group.scale;
                }
            }
            for v in 0..GROUP_VECTORS {
                let mut wv = [acc[0][0]; R];
                for r in 0..R {
                    wv[r] = S::as_simd_f32s(&wide[r]).0[v];
                }
                for t in 0..T {
                    let xv = x[t][g * GROUP_VECTORS + v];
                    for r in 0..R {
                        acc[r][t] = simd.mul_add_e_f32s(wv[r], xv, acc[r][t]);
                    }
                }
            }
        }
        for r in 0..R {
            for t in 0..T {
                out[r * m + at + t] = simd.reduce_sum_f32s(acc[r][t]);
            }
        }
    }

    fn plain(self, first: usize, x: &[f32], out: &mut [f32]) {
        let k = self.k;
        let m = x.len() / k;
        for (i, out_row) in out.chunks_exact_mut(m).enumerate() {
            let w = widen(self.row(first + i));
            for (slot, xt) in out_row.iter_mut().zip(x.chunks_exact(k)) {
                *slot = dot(&w, xt);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use candle_core::{Device, Tensor};

    use super::*;

    #[test]
    fn tiles_and_plain_loops_give_the_product_of_the_widened_weights() {
        let (k, n) = (64, 37);
        let weights: Vec<f32> = (0..n * k)
            .map(|i| ((i * 5) % 11) as f32 / 11.0 - 0.5)
            .collect();
        let groups = quantize(&weights, k).unwrap();
        let wide = Tensor::from_vec(widen(&groups), (n, k), &Device::Cpu).unwrap();
        let wrong_shape = super::super::SmallMatmulCompact {
            weights: groups.as_slice(),
            out_dim: n + 1,
        };
        let x = Tensor::zeros((2, k), candle_core::DType::F32, &Device::Cpu).unwrap();
        let error = x.apply_op1_no_bwd(&wrong_shape).unwrap_err();
        assert!(error.to_string().contains("do not hold 38 x 64"), "{error}");
        for m in [1, 2, 3, 4, 5, 7, 16] {
            let x: Vec<f32> = (0..m * k)
                .map(|i| ((i * 7) % 13) as f32 / 13.0 - 0.5)
                .collect();
            let x_tensor = Tensor::from_vec(x.clone(), (m, k), &Device::Cpu).unwrap();
            let expected = x_tensor.matmul(&wide.t().unwrap()).unwrap();
            let op = super::super::SmallMatmulCompact {
                weights: groups.as_slice(),
                out_dim: n,
            };
            let fast = x_tensor.apply_op1_no_bwd(&op).unwrap();
            let diff = (fast - &expected)
                .unwrap()
                .abs()
                .unwrap()
                .max_all()
                .unwrap();
            assert!(diff.to_scalar::<f32>().unwrap() < 1e-4, "m = {m}");

            // The loops taken on CPUs without 8-lane vectors: out is [n, m].
            let mut plain = vec![0f32; n * m];
            Int8Rows { groups: &groups, k }.plain(0, &x, &mut plain);
            let expected = expected
                .t()
                .unwrap()
                .flatten_all()
                .unwrap()
                .to_vec1::<f32>()
                .unwrap();
            for (a, b) in plain.iter().zip(&expected) {
                assert!((a - b).abs() < 1e-4, "m = {m}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn each_weight_is_within_half_a_step_of_its_group() {
        let weights: Vec<f32> = (0..4 * 64)
            .map(|i| ((i * 37) % 101) as f32 / 50.0 - 1.0)
            .collect();
        let groups = quantize(&weights, 64).expect("whole groups");
        assert_eq!(groups.len(), weights.len() / GROUP);
        let back = widen(&groups);
        for (chunk, (group, wide)) in weights
            .chunks_exact(GROUP)
            .zip(groups.iter().zip(back.chunks_exact(GROUP)))
        {
            let largest = chunk.iter().fold(0f32, |most, w| most.max(w.abs()));
            assert!((group.scale * 127.0 - largest).abs() < 1e-6);
            for (w, b) in chunk.iter().zip(wide) {
                assert!((w - b).abs() <= group.scale / 2.0 + 1e-7, "{w} vs {b}");
            }
        }
        // A group of zeros stays zeros; rows that do not split into groups are refused.
        assert_eq!(widen(&quantize(&[0.0; 32], 32).unwrap()), [0.0; 32]);
        assert!(quantize(&weights, 48).is_none());
    }
}
