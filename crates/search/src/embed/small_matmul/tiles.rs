//! The per-task loops of the small matrix product: register tiles of weight rows × tokens with
//! fused multiply-adds where the CPU has 8-lane vectors, plain loops elsewhere.

use std::borrow::Cow;

use pulp::Simd;

use super::widen_bf16;

/// Weight rows that share one pass over a tile of tokens.
pub const TILE_ROWS: usize = 2;
/// Tokens that share one pass over a tile of weight rows.
const TILE_TOKENS: usize = 4;
/// Vector width of the tiles (AVX2: eight f32); other widths take the plain loops.
pub(super) const TILE_LANES: usize = 8;

/// How one kind of stored weights computes `out[r, t] = w[first + r] · x[t]`.
pub trait RowKernel: Copy + Send + Sync {
    /// What a weight row is stored as: f32 values, or words of two bfloat16 values.
    type Word: Copy + Sync;

    /// The inner dimension (inputs per token).
    fn inputs(self) -> usize;
    /// Weight row `r`.
    fn row(&self, r: usize) -> &[Self::Word];
    /// The tokens `x` arranged as [`RowKernel::tile`] reads them (once per product).
    fn tile_input(self, x: &[f32]) -> Cow<'_, [f32]>;
    /// `R` weight rows against `T` tokens from `x`; results to `out[r * m + at + t]`.
    fn tile<S: Simd, const R: usize, const T: usize>(
        simd: S,
        w: [&[Self::Word]; R],
        x: &[f32],
        k: usize,
        out: &mut [f32],
        at: usize,
    );
    /// Plain loops the compiler vectorises as it can, for CPUs without 8-lane vectors.
    fn plain(self, first: usize, x: &[f32], out: &mut [f32]);
}

/// f32 weights `[n, k]`.
#[derive(Clone, Copy)]
pub struct F32Rows<'a> {
    pub w: &'a [f32],
    pub k: usize,
}

/// bfloat16 weights `[n, k]`, two to a word (`to_bf16_pairs`).
#[derive(Clone, Copy)]
pub struct Bf16Rows<'a> {
    pub pairs: &'a [u32],
    pub k: usize,
}

/// One parallel task: output rows from `first` on, one per weight row, for every token. Run
/// through [`pulp::Arch::dispatch`] so its loops are compiled for the CPU's vector instructions
/// (AVX2 and FMA where present), not only the baseline the crate is built for.
pub struct Task<'a, K> {
    pub weights: K,
    pub first: usize,
    pub x: &'a [f32],
    /// `x` as [`RowKernel::tile_input`] arranged it.
    pub tile_x: &'a [f32],
    pub out: &'a mut [f32],
}

impl<K: RowKernel> pulp::WithSimd for Task<'_, K> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        // A fused multiply-add on narrower vectors may be a library call: plain loops there.
        if S::IS_SCALAR || S::F32_LANES != TILE_LANES {
            self.weights.plain(self.first, self.x, self.out);
        } else {
            tiled(self.weights, simd, self.first, self.tile_x, self.out);
        }
    }
}

// The loops below take no closures: a closure is a function of its own, compiled without the
// vector instructions the dispatch enabled, and its intrinsics would become calls.

/// The task's output rows in register tiles of [`TILE_ROWS`] weight rows × [`TILE_TOKENS`]
/// tokens: each weight vector loaded serves four tokens, each token vector two rows.
#[inline(always)]
fn tiled<K: RowKernel, S: Simd>(weights: K, simd: S, first: usize, x: &[f32], out: &mut [f32]) {
    let k = weights.inputs();
    let m = x.len() / k;
    for (g, group) in out.chunks_mut(TILE_ROWS * m).enumerate() {
        let r = first + g * TILE_ROWS;
        if group.len() == TILE_ROWS * m {
            token_tiles::<K, S, 2>(simd, [weights.row(r), weights.row(r + 1)], x, k, group);
        } else {
            token_tiles::<K, S, 1>(simd, [weights.row(r)], x, k, group);
        }
    }
}

/// `out[r, t] = w[r] · x[t]` (`out` is `[R, m]`) for the `R` rows given, all `m` tokens, in
/// groups of [`TILE_TOKENS`] and then the 1 to 3 left, each tile of its own const size.
#[inline(always)]
fn token_tiles<K: RowKernel, S: Simd, const R: usize>(
    simd: S,
    w: [&[K::Word]; R],
    x: &[f32],
    k: usize,
    out: &mut [f32],
) {
    let m = x.len() / k;
    let mut t = 0;
    while t < m {
        let tokens = (m - t).min(TILE_TOKENS);
        let xs = &x[t * k..];
        match tokens {
            4 => K::tile::<S, R, 4>(simd, w, xs, k, out, t),
            3 => K::tile::<S, R, 3>(simd, w, xs, k, out, t),
            2 => K::tile::<S, R, 2>(simd, w, xs, k, out, t),
            _ => K::tile::<S, R, 1>(simd, w, xs, k, out, t),
        }
        t += tokens;
    }
}

impl RowKernel for F32Rows<'_> {
    type Word = f32;

    #[inline(always)]
    fn inputs(self) -> usize {
        self.k
    }

    #[inline(always)]
    fn row(&self, r: usize) -> &[f32] {
        &self.w[r * self.k..(r + 1) * self.k]
    }

    fn tile_input(self, x: &[f32]) -> Cow<'_, [f32]> {
        Cow::Borrowed(x)
    }

    #[inline(always)]
    fn tile<S: Simd, const R: usize, const T: usize>(
        simd: S,
        w: [&[f32]; R],
        x: &[f32],
        k: usize,
        out: &mut [f32],
        at: usize,
    ) {
        f32_tile::<S, R, T>(simd, w, x, k, out, at);
    }

    fn plain(self, first: usize, x: &[f32], out: &mut [f32]) {
        let k = self.k;
        let m = x.len() / k;
        for (i, out_row) in out.chunks_exact_mut(m).enumerate() {
            let w = self.row(first + i);
            for (slot, xt) in out_row.iter_mut().zip(x.chunks_exact(k)) {
                *slot = dot(w, xt);
            }
        }
    }
}

impl RowKernel for Bf16Rows<'_> {
    type Word = u32;

    #[inline(always)]
    fn inputs(self) -> usize {
        self.k
    }

    #[inline(always)]
    fn row(&self, r: usize) -> &[u32] {
        let words = self.k / 2;
        &self.pairs[r * words..(r + 1) * words]
    }

    fn tile_input(self, x: &[f32]) -> Cow<'_, [f32]> {
        Cow::Owned(deinterleave_blocks(x, self.k, 2 * TILE_LANES))
    }

    #[inline(always)]
    fn tile<S: Simd, const R: usize, const T: usize>(
        simd: S,
        w: [&[u32]; R],
        x: &[f32],
        k: usize,
        out: &mut [f32],
        at: usize,
    ) {
        bf16_tile::<S, R, T>(simd, w, x, k, out, at);
    }

    fn plain(self, first: usize, x: &[f32], out: &mut [f32]) {
        let k = self.k;
        let m = x.len() / k;
        let mut w = vec![0f32; k];
        for (i, out_row) in out.chunks_exact_mut(m).enumerate() {
            for (two, &pair) in w.chunks_exact_mut(2).zip(self.row(first + i)) {
                two[0] = widen_bf16(pair as u16);
                two[1] = widen_bf16((pair >> 16) as u16);
            }
            for (slot, xt) in out_row.iter_mut().zip(x.chunks_exact(k)) {
                *slot = dot(&w, xt);
            }
        }
    }
}

/// `R` f32 weight rows against `T` tokens from `x`; results to `out[r * m + at + t]`.
#[inline(always)]
fn f32_tile<S: Simd, const R: usize, const T: usize>(
    simd: S,
    w: [&[f32]; R],
    x: &[f32],
    k: usize,
    out: &mut [f32],
    at: usize,
) {
    let m = out.len() / R;
    let w = w.map(S::as_simd_f32s);
    let x: [(&[S::f32s], &[f32]); T] =
        std::array::from_fn(|t| S::as_simd_f32s(&x[t * k..(t + 1) * k]));
    let chunks = w[0].0.len();
    let w_vectors = w.map(|(vectors, _)| &vectors[..chunks]);
    let x_vectors = x.map(|(vectors, _)| &vectors[..chunks]);
    let mut acc = [[simd.splat_f32s(0.0); T]; R];
    for c in 0..chunks {
        let mut wv = [acc[0][0]; R];
        for r in 0..R {
            wv[r] = w_vectors[r][c];
        }
        for t in 0..T {
            let xv = x_vectors[t][c];
            for r in 0..R {
                acc[r][t] = simd.mul_add_e_f32s(wv[r], xv, acc[r][t]);
            }
        }
    }
    for r in 0..R {
        for t in 0..T {
            let tail = dot(w[r].1, x[t].1);
            out[r * m + at + t] = simd.reduce_sum_f32s(acc[r][t]) + tail;
        }
    }
}

/// `R` bfloat16 weight rows against `T` tokens from `x` (deinterleaved by
/// [`deinterleave_blocks`]); results to `out[r * m + at + t]`.
///
/// Each vector of weight words holds `2 × lanes` weights: the low halves (even positions) widen
/// by a shift, the high halves (odd positions) by clearing the low bits. `x` has each block of
/// `2 × lanes` values reordered evens first, so both halves meet their inputs.
#[inline(always)]
fn bf16_tile<S: Simd, const R: usize, const T: usize>(
    simd: S,
    w: [&[u32]; R],
    x: &[f32],
    k: usize,
    out: &mut [f32],
    at: usize,
) {
    let m = out.len() / R;
    let w = w.map(S::as_simd_u32s);
    let x: [(&[S::f32s], &[f32]); T] =
        std::array::from_fn(|t| S::as_simd_f32s(&x[t * k..(t + 1) * k]));
    let chunks = w[0].0.len();
    let w_vectors = w.map(|(vectors, _)| &vectors[..chunks]);
    let x_vectors = x.map(|(vectors, _)| &vectors[..2 * chunks]);
    let sixteen = simd.splat_u32s(16);
    let high_half = simd.splat_f32s(f32::from_bits(0xFFFF_0000));
    let mut acc = [[simd.splat_f32s(0.0); T]; R];
    for c in 0..chunks {
        let mut even = [high_half; R];
        let mut odd = [high_half; R];
        for r in 0..R {
            let words = w_vectors[r][c];
            even[r] = simd.transmute_f32s_u32s(simd.wrapping_dyn_shl_u32s(words, sixteen));
            odd[r] = simd.and_f32s(simd.transmute_f32s_u32s(words), high_half);
        }
        for t in 0..T {
            let (xe, xo) = (x_vectors[t][2 * c], x_vectors[t][2 * c + 1]);
            for r in 0..R {
                acc[r][t] = simd.mul_add_e_f32s(even[r], xe, acc[r][t]);
                acc[r][t] = simd.mul_add_e_f32s(odd[r], xo, acc[r][t]);
            }
        }
    }
    let done = chunks * 2 * S::F32_LANES;
    for r in 0..R {
        for t in 0..T {
            let tail: f32 = w[r]
                .1
                .iter()
                .zip(x[t].1.chunks_exact(2))
                .map(|(&pair, xs)| {
                    widen_bf16(pair as u16) * xs[0] + widen_bf16((pair >> 16) as u16) * xs[1]
                })
                .sum();
            debug_assert_eq!(done + 2 * w[r].1.len(), k);
            out[r * m + at + t] = simd.reduce_sum_f32s(acc[r][t]) + tail;
        }
    }
}

/// Each token's row with every full block of `block` values reordered: even positions first,
/// then odd ones; the rest of the row as it was.
fn deinterleave_blocks(x: &[f32], k: usize, block: usize) -> Vec<f32> {
    let mut out = vec![0f32; x.len()];
    let half = block / 2;
    for (row, row_out) in x.chunks_exact(k).zip(out.chunks_exact_mut(k)) {
        let mut blocks = row.chunks_exact(block);
        let mut blocks_out = row_out.chunks_exact_mut(block);
        for (b, b_out) in (&mut blocks).zip(&mut blocks_out) {
            let (even, odd) = b_out.split_at_mut(half);
            for (i, pair) in b.chunks_exact(2).enumerate() {
                even[i] = pair[0];
                odd[i] = pair[1];
            }
        }
        blocks_out
            .into_remainder()
            .copy_from_slice(blocks.remainder());
    }
    out
}

/// `a · b` in eight independent sums, so the compiler can vectorise it without reordering.
pub(super) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a8
        .remainder()
        .iter()
        .zip(b8.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (ca, cb) in a8.zip(b8) {
        for l in 0..8 {
            acc[l] += ca[l] * cb[l];
        }
    }
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::super::to_bf16_pairs;
    use super::*;

    /// The tiles (taken on this machine where it has 8-lane vectors) and the plain loops (taken
    /// elsewhere) give the same products.
    fn agree<K: RowKernel>(weights: K, x: &[f32], n: usize) {
        let m = x.len() / 38;
        let mut tiled = vec![0f32; n * m];
        let tile_x = weights.tile_input(x);
        pulp::Arch::new().dispatch(Task {
            weights,
            first: 0,
            x,
            tile_x: &tile_x,
            out: &mut tiled,
        });
        let mut plain = vec![0f32; n * m];
        weights.plain(0, x, &mut plain);
        for (a, b) in tiled.iter().zip(&plain) {
            assert!((a - b).abs() < 1e-4, "{a} vs {b}");
        }
    }

    #[test]
    fn plain_loops_agree_with_the_tiles() {
        let (m, k, n) = (7, 38, 5);
        let x: Vec<f32> = (0..m * k)
            .map(|i| ((i * 3) % 17) as f32 / 17.0 - 0.5)
            .collect();
        let w: Vec<f32> = (0..n * k)
            .map(|i| ((i * 5) % 11) as f32 / 11.0 - 0.5)
            .collect();
        agree(F32Rows { w: &w, k }, &x, n);
        let pairs = to_bf16_pairs(&w).expect("an even count");
        agree(Bf16Rows { pairs: &pairs, k }, &x, n);
    }

    #[test]
    fn deinterleaving_puts_even_positions_first_in_each_full_block() {
        let x: Vec<f32> = (0..10).map(|i| i as f32).collect();
        let out = deinterleave_blocks(&x, 5, 4);
        assert_eq!(out, [0., 2., 1., 3., 4., 5., 7., 6., 8., 9.]);
    }
}
