//! Matrix product for a handful of tokens (a search query): `x · Wᵀ` with `W` stored `[out, in]`.
//!
//! A general GEMM pads a 10-row input to its 16-row micro-kernel and walks the weights with a
//! stride; here every weight row is streamed once, contiguously, against all tokens at a time.
//! Where a query is bound by reading the weights, they can be held as bfloat16
//! ([`SmallMatmulBf16`]): half the bytes (the six layers of MiniLM then fit in a 32 MB last-level
//! cache), products and sums still in f32.

use candle_core::{CpuStorage, CustomOp1, CustomOp2, Layout, Shape};
use rayon::prelude::*;

/// Inputs with at most this many rows take this kernel; larger ones go to GEMM.
pub const MAX_ROWS: usize = 16;

/// Output rows per parallel task.
const ROWS_PER_TASK: usize = 128;

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
        Ok((CpuStorage::F32(product(x, w, m, n, k)), Shape::from((m, n))))
    }
}

/// `x [m, in]` times `W [out, in]` transposed, with `W` held as bfloat16 bits (the upper half of
/// each f32); applied as `x.apply_op1(SmallMatmulBf16 { .. })`.
#[derive(Debug)]
pub struct SmallMatmulBf16<'a> {
    pub weight: &'a [u16],
    pub out_dim: usize,
}

impl CustomOp1 for SmallMatmulBf16<'_> {
    fn name(&self) -> &'static str {
        "small-matmul-bf16"
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
        if self.weight.len() != n * k {
            candle_core::bail!("small-matmul: {} weights for {n} x {k}", self.weight.len());
        }
        let out = product(&x[x0..x1], self.weight, m, n, k);
        Ok((CpuStorage::F32(out), Shape::from((m, n))))
    }
}

/// Rounds f32 weights to bfloat16 bits (to nearest, ties to even).
pub fn to_bf16(weights: &[f32]) -> Vec<u16> {
    weights
        .iter()
        .map(|w| {
            let bits = w.to_bits();
            let rounding = 0x7FFF + ((bits >> 16) & 1);
            (bits.wrapping_add(rounding) >> 16) as u16
        })
        .collect()
}

/// A weight as stored: f32, or bfloat16 bits widened on the fly.
trait WeightValue: Copy + Send + Sync {
    fn widen(self) -> f32;
}

impl WeightValue for f32 {
    #[inline(always)]
    fn widen(self) -> f32 {
        self
    }
}

impl WeightValue for u16 {
    #[inline(always)]
    fn widen(self) -> f32 {
        f32::from_bits(u32::from(self) << 16)
    }
}

/// `x [m, k] · W[n, k]ᵀ` as a row-major `[m, n]`.
fn product<W: WeightValue>(x: &[f32], w: &[W], m: usize, n: usize, k: usize) -> Vec<f32> {
    // Computed transposed ([out, m]: one contiguous row per weight row), then turned round.
    let mut out_t = vec![0f32; n * m];
    let arch = pulp::Arch::new();
    out_t
        .par_chunks_mut(ROWS_PER_TASK * m)
        .enumerate()
        .for_each(|(task, chunk)| {
            arch.dispatch(WeightRows {
                first: task * ROWS_PER_TASK,
                w,
                x,
                k,
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

/// One task's share of the product: output rows from `first` on, one per weight row. Dispatched
/// through [`pulp::WithSimd`] so that the loops below are compiled for the CPU's vector
/// instructions (AVX2 and FMA where present), not only the baseline the crate is built for.
struct WeightRows<'a, W> {
    first: usize,
    w: &'a [W],
    x: &'a [f32],
    k: usize,
    out: &'a mut [f32],
}

impl<W: WeightValue> pulp::WithSimd for WeightRows<'_, W> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let Self {
            first,
            w,
            x,
            k,
            out,
        } = self;
        let m = x.len() / k;
        for (i, out_row) in out.chunks_exact_mut(m).enumerate() {
            let o = first + i;
            dot_all(&w[o * k..(o + 1) * k], x, k, out_row);
        }
    }
}

/// `out[t] = w · x[t]` for every token `t`, four tokens per pass over `w`.
#[inline(always)]
fn dot_all<W: WeightValue>(w: &[W], x: &[f32], k: usize, out: &mut [f32]) {
    let m = out.len();
    let mut t = 0;
    while t + 4 <= m {
        let rows = [
            &x[t * k..(t + 1) * k],
            &x[(t + 1) * k..(t + 2) * k],
            &x[(t + 2) * k..(t + 3) * k],
            &x[(t + 3) * k..(t + 4) * k],
        ];
        let mut acc = [[0f32; 8]; 4];
        let chunks = k / 8;
        for c in 0..chunks {
            let wc = &w[c * 8..c * 8 + 8];
            for (a, row) in acc.iter_mut().zip(rows) {
                let xc = &row[c * 8..c * 8 + 8];
                for l in 0..8 {
                    a[l] += wc[l].widen() * xc[l];
                }
            }
        }
        for (j, row) in rows.iter().enumerate() {
            let tail: f32 = (chunks * 8..k).map(|i| w[i].widen() * row[i]).sum();
            out[t + j] = acc[j].iter().sum::<f32>() + tail;
        }
        t += 4;
    }
    for (j, slot) in out.iter_mut().enumerate().skip(t) {
        let row = &x[j * k..(j + 1) * k];
        let mut acc = [0f32; 8];
        let chunks = k / 8;
        for c in 0..chunks {
            for l in 0..8 {
                acc[l] += w[c * 8 + l].widen() * row[c * 8 + l];
            }
        }
        let tail: f32 = (chunks * 8..k).map(|i| w[i].widen() * row[i]).sum();
        *slot = acc.iter().sum::<f32>() + tail;
    }
}

#[cfg(test)]
mod tests {
    use candle_core::{Device, Tensor};

    use super::*;

    #[test]
    fn agrees_with_a_plain_matrix_product() {
        for m in [1, 3, 4, 7, 16] {
            let (k, n) = (21, 300);
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

            let narrow = to_bf16(&w.flatten_all().unwrap().to_vec1::<f32>().unwrap());
            let halved = x
                .apply_op1_no_bwd(&SmallMatmulBf16 {
                    weight: &narrow,
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
        let narrow = to_bf16(&[1.0, -2.5, 1.0 + 1.0 / 256.0, 1.0 + 3.0 / 512.0]);
        let wide: Vec<f32> = narrow.iter().map(|&b| b.widen()).collect();
        assert_eq!(wide[..2], [1.0, -2.5]);
        // 1 + 1/256 lies halfway between 1 and 1 + 1/128: ties go to the even one, 1.
        assert_eq!(wide[2], 1.0);
        assert_eq!(wide[3], 1.0 + 1.0 / 128.0);
    }
}
