//! Matrix product for a handful of tokens (a search query): `x · Wᵀ` with `W` stored `[out, in]`.
//!
//! A general GEMM pads a 10-row input to its 16-row micro-kernel and walks the weights with a
//! stride; here every weight row is streamed once, contiguously, against all tokens at a time,
//! in register tiles (`tiles`). Where a query is bound by reading the weights, they can be held
//! as bfloat16 or 8-bit integers ([`SmallMatmulCompact`]): half the bytes (the six layers of MiniLM then fit in a
//! 32 MB last-level cache), products and sums still in f32.

mod int8;
mod tiles;

use candle_core::{CpuStorage, CustomOp1, CustomOp2, Layout, Shape};
use rayon::prelude::*;

pub use int8::{Int8Group, quantize as quantize_int8, widen as widen_int8};
use tiles::{Bf16Rows, F32Rows, RowKernel};

/// Inputs with at most this many rows take this kernel; larger ones go to GEMM.
pub const MAX_ROWS: usize = 16;

/// Parallel tasks per thread: a few, so that a thread slowed by other work on the machine
/// leaves its last task to another.
const TASKS_PER_THREAD: usize = 2;

/// `x [m, in]` times `W [out, in]` transposed, giving `[m, out]`; applied as `x.apply_op2(W)`.
#[derive(Debug)]
pub struct SmallMatmul;

impl CustomOp2 for SmallMatmul {
    fn name(&self) -> &'static str {
        "small-matmul"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let (x, w) = match (s1, s2) {
            (CpuStorage::F32(x), CpuStorage::F32(w)) => (x, w),
            _ => candle_core::bail!("small-matmul takes f32"),
        };
        let (Some((x0, x1)), Some((w0, w1))) = (l1.contiguous_offsets(), l2.contiguous_offsets())
        else {
            candle_core::bail!("small-matmul takes contiguous tensors");
        };
        let (x, w) = (&x[x0..x1], &w[w0..w1]);
        let (m, k) = l1.shape().dims2()?;
        let (n, k2) = l2.shape().dims2()?;
        if k != k2 {
            candle_core::bail!("small-matmul: inner dimensions {k} and {k2} differ");
        }
        let out = product(F32Rows { w, k }, x, m, n);
        Ok((CpuStorage::F32(out), Shape::from((m, n))))
    }
}

/// Weights held in a compact form (bfloat16 pairs, 8-bit groups), as the small product reads
/// them.
pub trait CompactWeights: Sync {
    /// The row kernel over these weights.
    type Rows<'a>: RowKernel
    where
        Self: 'a;
    /// What these weights are, for error messages.
    const KIND: &'static str;

    /// The weights as `n` rows of `k` inputs; `None` when they do not hold exactly that.
    fn rows(&self, n: usize, k: usize) -> Option<Self::Rows<'_>>;
}

impl CompactWeights for [u32] {
    type Rows<'a> = Bf16Rows<'a>;
    const KIND: &'static str = "bfloat16 pairs";

    fn rows(&self, n: usize, k: usize) -> Option<Bf16Rows<'_>> {
        (k.is_multiple_of(2) && self.len() * 2 == n * k).then_some(Bf16Rows { pairs: self, k })
    }
}

/// `x [m, in]` times `W [out, in]` transposed, with `W` held compactly: bfloat16 pairs
/// ([`to_bf16_pairs`]) or 8-bit groups ([`quantize_int8`]); applied as
/// `x.apply_op1(SmallMatmulCompact { .. })`.
pub struct SmallMatmulCompact<'a, W: ?Sized> {
    pub weights: &'a W,
    pub out_dim: usize,
}

impl<W: CompactWeights + ?Sized> CustomOp1 for SmallMatmulCompact<'_, W> {
    fn name(&self) -> &'static str {
        "small-matmul-compact"
    }

    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
        let CpuStorage::F32(x) = s1 else {
            candle_core::bail!("small-matmul takes f32 inputs");
        };
        let Some((x0, x1)) = l1.contiguous_offsets() else {
            candle_core::bail!("small-matmul takes contiguous tensors");
        };
        let (m, k) = l1.shape().dims2()?;
        let n = self.out_dim;
        let Some(rows) = self.weights.rows(n, k) else {
            candle_core::bail!(
                "small-matmul: the {} do not hold {n} x {k} weights",
                W::KIND
            );
        };
        let out = product(rows, &x[x0..x1], m, n);
        Ok((CpuStorage::F32(out), Shape::from((m, n))))
    }
}

/// Rounds f32 weights to bfloat16 (to nearest, ties to even) and packs each two neighbours into
/// one word, the first in the low half. `None` for an odd count (every model's widths are even).
pub fn to_bf16_pairs(weights: &[f32]) -> Option<Vec<u32>> {
    if !weights.len().is_multiple_of(2) {
        return None;
    }
    let pairs = weights
        .chunks_exact(2)
        .map(|pair| u32::from(to_bf16(pair[0])) | (u32::from(to_bf16(pair[1])) << 16))
        .collect();
    Some(pairs)
}

/// The weights packed by [`to_bf16_pairs`], widened back to f32.
pub fn widen_pairs(pairs: &[u32]) -> Vec<f32> {
    pairs
        .iter()
        .flat_map(|&pair| [widen_bf16(pair as u16), widen_bf16((pair >> 16) as u16)])
        .collect()
}

/// One weight rounded to bfloat16 bits.
pub fn to_bf16(weight: f32) -> u16 {
    let bits = weight.to_bits();
    let rounding = 0x7FFF + ((bits >> 16) & 1);
    (bits.wrapping_add(rounding) >> 16) as u16
}

/// A bfloat16 value widened back to f32.
#[inline(always)]
pub fn widen_bf16(bits: u16) -> f32 {
    f32::from_bits(u32::from(bits) << 16)
}

/// Output rows per parallel task for `n` outputs: the rows spread evenly over the threads, never
/// fewer than a few tiles (a task also costs its scheduling).
fn rows_per_task(n: usize) -> usize {
    let tasks = rayon::current_num_threads() * TASKS_PER_THREAD;
    n.div_ceil(tasks).next_multiple_of(tiles::TILE_ROWS).max(32)
}

/// `x [m, k] · W[n, k]ᵀ` as a row-major `[m, n]`.
fn product<K: RowKernel>(weights: K, x: &[f32], m: usize, n: usize) -> Vec<f32> {
    // Computed transposed ([out, m]: one contiguous row per weight row), then turned round.
    let mut out_t = vec![0f32; n * m];
    let arch = pulp::Arch::new();
    let rows_per_task = rows_per_task(n);
    let tile_x = weights.tile_input(x);
    out_t
        .par_chunks_mut(rows_per_task * m)
        .enumerate()
        .for_each(|(task, chunk)| {
            arch.dispatch(tiles::Task {
                weights,
                first: task * rows_per_task,
                x,
                tile_x: &tile_x,
                out: chunk,
            })
        });
    let mut out = vec![0f32; m * n];
    for (o, row) in out_t.chunks_exact(m).enumerate() {
        for (t, &v) in row.iter().enumerate() {
            out[t * n + o] = v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use candle_core::{Device, Tensor};

    use super::*;

    #[test]
    fn agrees_with_a_plain_matrix_product() {
        for m in [1, 2, 3, 4, 6, 7, 16] {
            // An odd row count and a k that is not a multiple of the vector width reach every
            // partial tile and the scalar tails.
            let (k, n) = (38, 301);
            let x: Vec<f32> = (0..m * k)
                .map(|i| ((i * 7) % 13) as f32 / 13.0 - 0.5)
                .collect();
            let w: Vec<f32> = (0..n * k)
                .map(|i| ((i * 5) % 11) as f32 / 11.0 - 0.5)
                .collect();
            let x = Tensor::from_vec(x, (m, k), &Device::Cpu).unwrap();
            let w = Tensor::from_vec(w, (n, k), &Device::Cpu).unwrap();
            let fast = x.apply_op2_no_bwd(&w, &SmallMatmul).unwrap();
            let plain = x.matmul(&w.t().unwrap()).unwrap();
            let diff = (fast - &plain).unwrap().abs().unwrap().max_all().unwrap();
            assert!(diff.to_scalar::<f32>().unwrap() < 1e-5, "m = {m}");

            let pairs = to_bf16_pairs(&w.flatten_all().unwrap().to_vec1::<f32>().unwrap());
            let halved = x
                .apply_op1_no_bwd(&SmallMatmulCompact {
                    weights: pairs.unwrap().as_slice(),
                    out_dim: n,
                })
                .unwrap();
            let diff = (halved - plain).unwrap().abs().unwrap().max_all().unwrap();
            // bfloat16 keeps 8 bits of mantissa: about 0.4 % of each weight, a few such in a sum.
            assert!(diff.to_scalar::<f32>().unwrap() < 2e-2, "m = {m} (bf16)");
        }
    }

    #[test]
    fn bf16_rounds_to_nearest() {
        let narrow = [1.0, -2.5, 1.0 + 1.0 / 256.0, 1.0 + 3.0 / 512.0].map(to_bf16);
        let wide = narrow.map(widen_bf16);
        assert_eq!(wide[..2], [1.0, -2.5]);
        // 1 + 1/256 lies halfway between 1 and 1 + 1/128: ties go to the even one, 1.
        assert_eq!(wide[2], 1.0);
        assert_eq!(wide[3], 1.0 + 1.0 / 128.0);
    }
}
