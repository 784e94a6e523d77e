//! Fused CPU kernels for the encoder: each replaces several candle element-wise ops (and their
//! temporary tensors) by one pass over the data, compiled for the CPU's vector unit at run time.
//!
//! The math is exact up to float rounding: `exp` and `erf` use polynomial approximations with
//! errors around 1e-7, the same kind PyTorch's vectorised CPU kernels use.

use candle_core::{CpuStorage, InplaceOp1, InplaceOp2, Layout, Tensor};
use rayon::prelude::*;

/// Below this many values a kernel runs on the calling thread (thread hand-off costs more).
pub(super) const PARALLEL_MIN_VALUES: usize = 1 << 15;

fn f32_slice_mut<'a>(
    storage: &'a mut CpuStorage,
    layout: &Layout,
) -> candle_core::Result<&'a mut [f32]> {
    let (start, end) = layout
        .contiguous_offsets()
        .ok_or_else(|| candle_core::Error::Msg("kernel input must be contiguous".into()))?;
    match storage {
        CpuStorage::F32(values) => Ok(&mut values[start..end]),
        _ => Err(candle_core::Error::Msg("kernel input must be f32".into())),
    }
}

pub(super) fn f32_slice<'a>(
    storage: &'a CpuStorage,
    layout: &Layout,
) -> candle_core::Result<&'a [f32]> {
    let (start, end) = layout
        .contiguous_offsets()
        .ok_or_else(|| candle_core::Error::Msg("kernel input must be contiguous".into()))?;
    match storage {
        CpuStorage::F32(values) => Ok(&values[start..end]),
        _ => Err(candle_core::Error::Msg("kernel input must be f32".into())),
    }
}

/// A computation on one row of a matrix. Implementations are `#[inline(always)]` so that they
/// are compiled inside the vector-instruction dispatch of [`for_each_row`]; a closure would be a
/// function of its own, compiled for the baseline CPU (SSE2, four lanes, no fused multiply-add).
pub(super) trait RowOp: Sync {
    fn apply(&self, index: usize, row: &mut [f32]);
}

/// Runs `op` on every `width`-long row, in parallel when there is enough work, with the vector
/// instructions of the running CPU.
pub(super) fn for_each_row<Op: RowOp>(values: &mut [f32], width: usize, op: &Op) {
    let arch = pulp::Arch::new();
    if values.len() < PARALLEL_MIN_VALUES {
        arch.dispatch(Rows {
            op,
            first: 0,
            width,
            values,
        });
    } else {
        let rows_per_task = (PARALLEL_MIN_VALUES / 4 / width).max(1);
        values
            .par_chunks_mut(rows_per_task * width)
            .enumerate()
            .for_each(|(task, chunk)| {
                arch.dispatch(Rows {
                    op,
                    first: task * rows_per_task,
                    width,
                    values: chunk,
                })
            });
    }
}

/// Rows `first..` of a matrix, for one dispatch of a [`RowOp`].
struct Rows<'a, Op> {
    op: &'a Op,
    first: usize,
    width: usize,
    values: &'a mut [f32],
}

impl<Op: RowOp> pulp::WithSimd for Rows<'_, Op> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        for (i, row) in self.values.chunks_exact_mut(self.width).enumerate() {
            self.op.apply(self.first + i, row);
        }
    }
}

/// e^x for x in about [-87, 88]; relative error ~2e-7 (Cephes polynomial, branch-free).
#[inline(always)]
pub(super) fn fast_exp(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const ROUND: f32 = 12_582_912.0; // 1.5 * 2^23: adding and subtracting it rounds to an integer
    let x = x.clamp(-87.0, 88.0);
    let rounded = x * LOG2E + ROUND;
    let n = rounded - ROUND;
    // The integer n sits in the low mantissa bits of `rounded`: read it with integer
    // arithmetic, which vectorises (`n as i32` saturates, and is done one lane at a time).
    let n_int = rounded.to_bits().wrapping_sub(ROUND.to_bits());
    let r = x - n * 0.693_359_4 + n * 2.121_944_4e-4;
    let p = ((((1.987_569_1e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5;
    let e_r = p * r * r + r + 1.0;
    e_r * f32::from_bits(n_int.wrapping_add(127) << 23)
}

/// erf(x) with absolute error < 1.5e-7 (Abramowitz & Stegun 7.1.26).
#[inline(always)]
fn fast_erf(x: f32) -> f32 {
    let a = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * a);
    let poly = ((((1.061_405_4 * t - 1.453_152_1) * t + 1.421_413_7) * t - 0.284_496_74) * t
        + 0.254_829_6)
        * t;
    let y = 1.0 - poly * fast_exp(-a * a);
    y.copysign(x)
}

#[inline(always)]
fn gelu_erf(x: f32) -> f32 {
    0.5 * x * (1.0 + fast_erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

#[inline(always)]
fn gelu_tanh(x: f32) -> f32 {
    // tanh(u) = 1 - 2 / (e^{2u} + 1)
    let u = 0.797_884_6 * (x + 0.044_715 * x * x * x);
    let tanh = 1.0 - 2.0 / (fast_exp(2.0 * u) + 1.0);
    0.5 * x * (1.0 + tanh)
}

/// Sum with eight independent lanes so the compiler can vectorise it.
#[inline(always)]
pub(super) fn lane_sum(values: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let mut lanes = [0f32; 8];
    let chunks = values.chunks_exact(8);
    let rest = chunks.remainder();
    for chunk in chunks {
        for (lane, &v) in lanes.iter_mut().zip(chunk) {
            *lane += f(v);
        }
    }
    lanes.iter().sum::<f32>() + rest.iter().map(|&v| f(v)).sum::<f32>()
}

#[inline(always)]
pub(super) fn lane_max(values: &[f32]) -> f32 {
    let mut lanes = [f32::NEG_INFINITY; 8];
    let chunks = values.chunks_exact(8);
    let rest = chunks.remainder();
    for chunk in chunks {
        for (lane, &v) in lanes.iter_mut().zip(chunk) {
            *lane = lane.max(v);
        }
    }
    lanes
        .iter()
        .chain(rest)
        .fold(f32::NEG_INFINITY, |a, &b| a.max(b))
}

/// Which activation follows the first feed-forward projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    GeluErf,
    GeluTanh,
    Relu,
}

/// In place: `x = activation(x + bias)` for every row.
#[derive(Debug)]
pub struct BiasActivation<'a> {
    pub bias: &'a [f32],
    pub activation: Activation,
}

impl InplaceOp1 for BiasActivation<'_> {
    fn name(&self) -> &'static str {
        "bias-activation"
    }

    fn cpu_fwd(&self, storage: &mut CpuStorage, layout: &Layout) -> candle_core::Result<()> {
        let values = f32_slice_mut(storage, layout)?;
        for_each_row(values, self.bias.len(), self);
        Ok(())
    }
}

impl RowOp for BiasActivation<'_> {
    #[inline(always)]
    fn apply(&self, _index: usize, row: &mut [f32]) {
        let pairs = row.iter_mut().zip(self.bias);
        match self.activation {
            Activation::GeluErf => pairs.for_each(|(x, &b)| *x = gelu_erf(*x + b)),
            Activation::GeluTanh => pairs.for_each(|(x, &b)| *x = gelu_tanh(*x + b)),
            Activation::Relu => pairs.for_each(|(x, &b)| *x = (*x + b).max(0.0)),
        }
    }
}

/// In place: `x = layer_norm(x + bias + residual)` for every row (`residual` is the second tensor).
#[derive(Debug)]
pub struct BiasResidualNorm<'a> {
    pub bias: &'a [f32],
    pub gamma: &'a [f32],
    pub beta: &'a [f32],
    pub eps: f32,
}

impl InplaceOp2 for BiasResidualNorm<'_> {
    fn name(&self) -> &'static str {
        "bias-residual-layer-norm"
    }

    fn cpu_fwd(
        &self,
        s1: &mut CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<()> {
        let values = f32_slice_mut(s1, l1)?;
        let residual = f32_slice(s2, l2)?;
        let width = self.bias.len();
        if residual.len() != values.len() {
            return Err(candle_core::Error::Msg("residual shape differs".into()));
        }
        for_each_row(
            values,
            width,
            &WithResidual {
                norm: self,
                residual,
            },
        );
        Ok(())
    }
}

/// [`BiasResidualNorm`] with its second input.
struct WithResidual<'a> {
    norm: &'a BiasResidualNorm<'a>,
    residual: &'a [f32],
}

impl RowOp for WithResidual<'_> {
    #[inline(always)]
    fn apply(&self, index: usize, row: &mut [f32]) {
        let norm = self.norm;
        let width = norm.bias.len();
        let residual = &self.residual[index * width..(index + 1) * width];
        for ((x, &b), &r) in row.iter_mut().zip(norm.bias).zip(residual) {
            *x += b + r;
        }
        normalize_row(row, norm.gamma, norm.beta, norm.eps);
    }
}

#[inline(always)]
fn normalize_row(row: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let n = row.len() as f32;
    let mean = lane_sum(row, |v| v) / n;
    let var = lane_sum(row, |v| (v - mean) * (v - mean)) / n;
    let inv = 1.0 / (var + eps).sqrt();
    for ((x, &g), &b) in row.iter_mut().zip(gamma).zip(beta) {
        *x = (*x - mean) * inv * g + b;
    }
}

/// The embedding layer: `layer_norm(word[id] + position_and_type[t])` for every token, from the
/// tokens' rows of the word-embedding table; gives `[positions.len(), hidden]`.
#[derive(Debug)]
pub struct EmbedTokens<'a> {
    /// The tokens' rows of the word-embedding table, `[tokens, hidden]`.
    pub words: &'a [f32],
    /// Each token's position in its text.
    pub positions: &'a [u32],
    pub position_and_type: &'a [f32],
    pub gamma: &'a [f32],
    pub beta: &'a [f32],
    pub eps: f32,
}

impl EmbedTokens<'_> {
    pub fn run(&self, device: &candle_core::Device) -> candle_core::Result<Tensor> {
        let hidden = self.gamma.len();
        let positions = self.position_and_type.len() / hidden;
        if self.positions.len() * hidden != self.words.len() {
            candle_core::bail!("every token needs a position");
        }
        if let Some(&bad) = self.positions.iter().find(|&&p| p as usize >= positions) {
            candle_core::bail!("position {bad} is past the model's {positions} positions");
        }
        let mut out = vec![0f32; self.words.len()];
        for_each_row(&mut out, hidden, self);
        Tensor::from_vec(out, (self.positions.len(), hidden), device)
    }
}

impl RowOp for EmbedTokens<'_> {
    #[inline(always)]
    fn apply(&self, index: usize, row: &mut [f32]) {
        let hidden = row.len();
        let t = self.positions[index] as usize;
        let word = &self.words[index * hidden..(index + 1) * hidden];
        let position = &self.position_and_type[t * hidden..(t + 1) * hidden];
        for ((x, &w), &p) in row.iter_mut().zip(word).zip(position) {
            *x = w + p;
        }
        normalize_row(row, self.gamma, self.beta, self.eps);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_exp_is_close_to_exp() {
        for i in -800..=800 {
            let x = i as f32 / 10.0;
            let (fast, exact) = (fast_exp(x), x.exp());
            assert!(
                (fast - exact).abs() <= exact * 1e-6,
                "exp({x}): {fast} vs {exact}"
            );
        }
    }

    #[test]
    fn fast_erf_is_close_to_erf() {
        // Reference values of erf.
        for (x, erf) in [
            (0.0, 0.0),
            (0.1, 0.112_462_92),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (2.0, 0.995_322_3),
            (-1.5, -0.966_105_2),
            (4.0, 0.999_999_98),
        ] {
            assert!(
                (fast_erf(x) - erf).abs() < 3e-7,
                "erf({x}) = {} not {erf}",
                fast_erf(x)
            );
        }
    }
}
