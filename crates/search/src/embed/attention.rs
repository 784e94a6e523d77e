//! Self-attention of all heads in one pass over the fused query/key/value product of a packed
//! batch (the texts' tokens one after another, no padding): adds the bias, scores each token
//! against the keys of its own text, takes the softmax and sums the values, writing the context
//! straight into `[tokens, hidden]` rows. It replaces a head
//! split, two batched candle products of `seq × head_dim` matrices (hundreds of tiny GEMM calls
//! per layer), a softmax and a transposing copy.

use candle_core::{CpuStorage, CustomOp1, Layout, Shape};
use rayon::prelude::*;

use super::kernels::{PARALLEL_MIN_VALUES, f32_slice, fast_exp, lane_max, lane_sum};

/// Keys (for scores) and dimensions (for the context) are summed this many at a time: two AVX
/// registers per query token.
const LANES: usize = 16;

/// Query tokens computed together, so each key and value read serves all of them and their
/// independent sums hide the adder's latency (`TOKENS × LANES` floats stay in registers).
const TOKENS: usize = 4;

/// The largest head width the kernel takes (BERT-family models use 32 or 64).
pub const MAX_HEAD_DIM: usize = 128;

/// Input `[tokens, 3 * hidden]` (query, key, value; the query already scaled by
/// 1/sqrt(head_dim)), output `[tokens, hidden]`; `tokens` is the sum of `lengths`.
#[derive(Debug)]
pub struct Attention<'a> {
    /// Bias of the fused projection, `3 * hidden`.
    pub bias: &'a [f32],
    /// Tokens of each text, in the order they are packed.
    pub lengths: &'a [usize],
    pub heads: usize,
    pub head_dim: usize,
}

impl CustomOp1 for Attention<'_> {
    fn name(&self) -> &'static str {
        "attention"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let input = f32_slice(storage, layout)?;
        let hidden = self.heads * self.head_dim;
        let rows: usize = self.lengths.iter().sum();
        if self.head_dim > MAX_HEAD_DIM {
            candle_core::bail!("attention heads wider than {MAX_HEAD_DIM} are not supported");
        }
        if input.len() != rows * 3 * hidden || self.bias.len() != 3 * hidden {
            candle_core::bail!("attention input does not match its batch");
        }
        let mut out = vec![0f32; rows * hidden];
        // One task per text: its input and output rows are contiguous.
        let mut texts = Vec::with_capacity(self.lengths.len());
        let (mut rest, mut first) = (out.as_mut_slice(), 0);
        for &len in self.lengths {
            let (text_out, tail) = rest.split_at_mut(len * hidden);
            let rows = &input[first * 3 * hidden..(first + len) * 3 * hidden];
            texts.push(TextAttention {
                attention: self,
                rows,
                out: text_out,
            });
            (rest, first) = (tail, first + len);
        }
        let arch = pulp::Arch::new();
        if rows * hidden < PARALLEL_MIN_VALUES {
            texts.into_iter().for_each(|text| arch.dispatch(text));
        } else {
            texts.into_par_iter().for_each(|text| arch.dispatch(text));
        }
        Ok((CpuStorage::F32(out), Shape::from((rows, hidden))))
    }
}

/// [`Attention`] for one text: its rows of the input and of the output.
struct TextAttention<'a> {
    attention: &'a Attention<'a>,
    rows: &'a [f32],
    out: &'a mut [f32],
}

impl pulp::WithSimd for TextAttention<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let Attention {
            bias,
            heads,
            head_dim: dim,
            ..
        } = *self.attention;
        let (rows, out) = (self.rows, self.out);
        let hidden = heads * dim;
        let stride = 3 * hidden;
        let len = rows.len() / stride;
        if len == 0 {
            return;
        }
        // One sequential pass puts each head's queries, keys and values (bias added) in rows of
        // their own, `[part][head][token][dim]`: the head loops then read contiguous memory
        // instead of a 128-byte slice of every 4.6 KB row, head after head.
        let mut by_head = vec![0f32; 3 * hidden * len];
        for (j, row) in rows.chunks_exact(stride).enumerate() {
            for (slice, (source, bias)) in row
                .chunks_exact(dim)
                .zip(bias.chunks_exact(dim))
                .enumerate()
            {
                add(&mut by_head[(slice * len + j) * dim..][..dim], source, bias);
            }
        }
        let part =
            |part: usize, head: usize| &by_head[(part * heads + head) * len * dim..][..len * dim];
        // Keys transposed (`dim × width`), so a query's scores are sums of vector products; the
        // width is rounded up to whole blocks (keys past `len` stay 0, their scores unused).
        let width = len.next_multiple_of(LANES);
        let mut keys_t = vec![0f32; dim * width];
        let mut queries = [0f32; TOKENS * MAX_HEAD_DIM];
        let mut scores = vec![0f32; TOKENS * width];
        for head in 0..heads {
            let (head_queries, keys, values) = (part(0, head), part(1, head), part(2, head));
            for (j, key) in keys.chunks_exact(dim).enumerate() {
                for (d, &k) in key.iter().enumerate() {
                    keys_t[d * width + j] = k;
                }
            }
            for first in (0..len).step_by(TOKENS) {
                let tokens = TOKENS.min(len - first);
                queries[..tokens * dim]
                    .copy_from_slice(&head_queries[first * dim..(first + tokens) * dim]);
                tile_scores(&queries[..TOKENS * dim], dim, &keys_t, width, &mut scores);
                let mut inverse_sums = [0f32; TOKENS];
                for (i, inverse) in inverse_sums.iter_mut().enumerate().take(tokens) {
                    *inverse = softmax_unscaled(&mut scores[i * width..][..len]);
                }
                let context = &mut out[first * hidden + head * dim..];
                tile_context(
                    &scores,
                    width,
                    values,
                    dim,
                    hidden,
                    tokens,
                    &inverse_sums,
                    context,
                );
            }
        }
    }
}

/// Scores of `TOKENS` queries (`queries`, `TOKENS × dim`) against every key: a block of keys
/// at a time, the sums of all the queries held in registers over all dimensions.
#[inline(always)]
fn tile_scores(queries: &[f32], dim: usize, keys_t: &[f32], width: usize, scores: &mut [f32]) {
    for block in 0..width / LANES {
        let mut acc = [[0f32; LANES]; TOKENS];
        for d in 0..dim {
            let keys = &keys_t[d * width + block * LANES..][..LANES];
            for (i, sums) in acc.iter_mut().enumerate() {
                let q = queries[i * dim + d];
                for (a, &k) in sums.iter_mut().zip(keys) {
                    *a = q.mul_add(k, *a);
                }
            }
        }
        for (i, sums) in acc.iter().enumerate() {
            scores[i * width + block * LANES..][..LANES].copy_from_slice(sums);
        }
    }
}

/// `out = a + b`.
#[inline(always)]
fn add(out: &mut [f32], a: &[f32], b: &[f32]) {
    for (o, (&x, &y)) in out.iter_mut().zip(a.iter().zip(b)) {
        *o = x + y;
    }
}

/// Replaces `scores` by e^(score - max) and returns 1 / their sum.
#[inline(always)]
fn softmax_unscaled(scores: &mut [f32]) -> f32 {
    let max = lane_max(scores);
    for s in scores.iter_mut() {
        *s = fast_exp(*s - max);
    }
    1.0 / lane_sum(scores, |v| v)
}

/// The context of `tokens` (≤ `TOKENS`) queries: their unscaled probabilities (rows of
/// `scores`, `width` apart) times the values, a block of dimensions at a time summed in
/// registers over all keys, scaled by `inverse_sums`, written `hidden` apart into `context`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn tile_context(
    scores: &[f32],
    width: usize,
    values: &[f32],
    dim: usize,
    hidden: usize,
    tokens: usize,
    inverse_sums: &[f32; TOKENS],
    context: &mut [f32],
) {
    let len = values.len() / dim;
    let blocks = dim / LANES;
    for block in 0..blocks {
        let mut acc = [[0f32; LANES]; TOKENS];
        for j in 0..len {
            let value = &values[j * dim + block * LANES..][..LANES];
            for (i, sums) in acc.iter_mut().enumerate() {
                let p = scores[i * width + j];
                for (a, &v) in sums.iter_mut().zip(value) {
                    *a = p.mul_add(v, *a);
                }
            }
        }
        for (i, sums) in acc.iter().enumerate().take(tokens) {
            let out = &mut context[i * hidden + block * LANES..][..LANES];
            for (o, &a) in out.iter_mut().zip(sums) {
                *o = a * inverse_sums[i];
            }
        }
    }
    for d in blocks * LANES..dim {
        for i in 0..tokens {
            let sum: f32 = (0..len)
                .map(|j| scores[i * width + j] * values[j * dim + d])
                .sum();
            context[i * hidden + d] = sum * inverse_sums[i];
        }
    }
}

#[cfg(test)]
mod tests {
    use candle_core::{Device, Tensor};

    use super::*;

    /// softmax(q·kᵀ)·v for one text and head, written out plainly.
    fn reference(
        input: &[f32],
        bias: &[f32],
        first: usize,
        len: usize,
        head: usize,
        dim: usize,
        hidden: usize,
    ) -> Vec<Vec<f32>> {
        let at = |row: usize, col: usize| input[(first + row) * 3 * hidden + col] + bias[col];
        (0..len)
            .map(|t| {
                let scores: Vec<f32> = (0..len)
                    .map(|j| {
                        (0..dim)
                            .map(|d| at(t, head * dim + d) * at(j, hidden + head * dim + d))
                            .sum()
                    })
                    .collect();
                let max = scores.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
                let exps: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
                let sum: f32 = exps.iter().sum();
                (0..dim)
                    .map(|d| {
                        (0..len)
                            .map(|j| exps[j] / sum * at(j, 2 * hidden + head * dim + d))
                            .sum()
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn every_head_of_every_text_matches_the_plain_formula() {
        // Head width 20: one block of 16 and a remainder; 7 tokens: a tile of 4 and one of 3.
        let (heads, dim, lengths) = (3, 20, [7usize, 2, 1]);
        let hidden = heads * dim;
        let rows: usize = lengths.iter().sum();
        let input: Vec<f32> = (0..rows * 3 * hidden)
            .map(|i| ((i * 37 % 101) as f32 / 50.0) - 1.0)
            .collect();
        let bias: Vec<f32> = (0..3 * hidden)
            .map(|i| (i % 7) as f32 / 10.0 - 0.3)
            .collect();
        let tensor = Tensor::from_vec(input.clone(), (rows, 3 * hidden), &Device::Cpu).unwrap();
        let attention = Attention {
            bias: &bias,
            lengths: &lengths,
            heads,
            head_dim: dim,
        };
        let out = tensor.apply_op1_no_bwd(&attention).unwrap();
        let out = out.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let mut first = 0;
        for (text, &len) in lengths.iter().enumerate() {
            for head in 0..heads {
                let expected = reference(&input, &bias, first, len, head, dim, hidden);
                for (t, row) in expected.iter().enumerate() {
                    let got = &out[(first + t) * hidden + head * dim..][..dim];
                    for (g, e) in got.iter().zip(row) {
                        assert!(
                            (g - e).abs() < 1e-5,
                            "text {text} head {head} token {t}: {g} vs {e}"
                        );
                    }
                }
            }
            first += len;
        }
    }
}
