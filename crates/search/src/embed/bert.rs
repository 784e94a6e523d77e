//! A BERT encoder for inference only, built for sentence embedding on the CPU.
//!
//! Compared with a straight port of the Hugging Face module it fuses the query, key and value
//! projections into one matrix product, folds the 1/sqrt(head_dim) scale into the query weights,
//! and works on `[batch * seq, hidden]` matrices so every projection is a single GEMM.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};

use super::attention::Attention;
use super::error::ModelError;
use super::kernels::{Activation, BiasActivation, BiasResidualNorm, EmbedTokens};
use super::model_folder::{BertConfig, corrupt};
use super::small_matmul::{self, Int8Group, SmallMatmul, SmallMatmulCompact};
use super::word_table::WordTable;

/// How the dense weights are held in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeightPrecision {
    /// bfloat16 (8 bits of mantissa), products and sums in f32: half the memory of f32 and half
    /// the bytes a query reads, so the six layers of MiniLM stay in a 32 MB last-level cache and
    /// a query is about 1.5× faster on the 2-core store PCs measured. Batches widen each weight
    /// matrix to f32 for their product (a few ms per batch). Cosine to the f32 vectors stays
    /// above 0.9999.
    Bf16,
    /// f32 as in the checkpoint: the exact vectors, for 21 MB more than bfloat16 (MiniLM).
    F32,
    /// 8-bit integers with one f32 scale per 32 weights (`small_matmul::quantize_int8`), widened
    /// in registers: 11 MB for MiniLM's dense layers, 10 MB less than bfloat16, at the same
    /// query and batch speed. Cosine to sentence-transformers' vectors stays above 0.9995, and
    /// the search evaluation scores as with bfloat16. Where a row does not split into groups of
    /// 32, that layer is held as bfloat16.
    #[default]
    Int8,
}

/// Layer-norm parameters, as plain vectors for the fused kernels.
#[derive(Debug)]
struct Norm {
    gamma: Vec<f32>,
    beta: Vec<f32>,
    eps: f32,
}

/// A dense layer, weight stored `[out, in]` as in the checkpoint; the bias is added by the kernel
/// that follows the product.
#[derive(Debug)]
struct Dense {
    weight: DenseWeight,
    bias: Vec<f32>,
}

/// A dense layer's weight `[out, in]` as held ([`WeightPrecision`]).
#[derive(Debug)]
enum DenseWeight {
    F32(Tensor),
    /// bfloat16, two to a word (`small_matmul::to_bf16_pairs`).
    Bf16 {
        pairs: Vec<u32>,
        out_dim: usize,
        in_dim: usize,
    },
    /// 8-bit, in groups of 32 along each row (`small_matmul::quantize_int8`).
    Int8 {
        groups: Vec<Int8Group>,
        out_dim: usize,
        in_dim: usize,
    },
}

impl Dense {
    /// `xs · Wᵀ` without the bias: a few rows (a query) take the streaming kernel, batches GEMM
    /// (with `wide`, this weight already widened to f32, when the job has one).
    fn product(&self, xs: &Tensor, wide: Option<&Tensor>) -> candle_core::Result<Tensor> {
        if xs.dim(0)? > small_matmul::MAX_ROWS {
            let weight = match wide {
                Some(weight) => weight.clone(),
                None => self.as_f32(xs.device())?,
            };
            return xs.matmul(&weight.t()?);
        }
        match &self.weight {
            DenseWeight::F32(weight) => xs.apply_op2_no_bwd(weight, &SmallMatmul),
            DenseWeight::Bf16 { pairs, out_dim, .. } => xs.apply_op1_no_bwd(&SmallMatmulCompact {
                weights: pairs.as_slice(),
                out_dim: *out_dim,
            }),
            DenseWeight::Int8 {
                groups, out_dim, ..
            } => xs.apply_op1_no_bwd(&SmallMatmulCompact {
                weights: groups.as_slice(),
                out_dim: *out_dim,
            }),
        }
    }

    /// The weight as f32 for batch products: widened from its compact form, or shared when it
    /// is held as f32.
    fn as_f32(&self, device: &Device) -> candle_core::Result<Tensor> {
        let (wide, out_dim, in_dim) = match &self.weight {
            DenseWeight::F32(weight) => return Ok(weight.clone()),
            DenseWeight::Bf16 {
                pairs,
                out_dim,
                in_dim,
            } => (small_matmul::widen_pairs(pairs), out_dim, in_dim),
            DenseWeight::Int8 {
                groups,
                out_dim,
                in_dim,
            } => (small_matmul::widen_int8(groups), out_dim, in_dim),
        };
        Tensor::from_vec(wide, (*out_dim, *in_dim), device)
    }

    /// A dense layer holding `weight` as `precision` says: bfloat16 where a row does not split
    /// into groups of 32 for 8 bits, f32 where its width is odd for bfloat16.
    fn new(
        weight: Tensor,
        bias: Vec<f32>,
        precision: WeightPrecision,
    ) -> candle_core::Result<Self> {
        let (out_dim, in_dim) = weight.dims2()?;
        if precision != WeightPrecision::F32 {
            let values: Vec<f32> = weight.flatten_all()?.to_vec1()?;
            let int8 = precision == WeightPrecision::Int8;
            if let Some(groups) = int8
                .then(|| small_matmul::quantize_int8(&values, in_dim))
                .flatten()
            {
                let weight = DenseWeight::Int8 {
                    groups,
                    out_dim,
                    in_dim,
                };
                return Ok(Self { weight, bias });
            }
            if let Some(pairs) = small_matmul::to_bf16_pairs(&values) {
                let weight = DenseWeight::Bf16 {
                    pairs,
                    out_dim,
                    in_dim,
                };
                return Ok(Self { weight, bias });
            }
        }
        Ok(Self {
            weight: DenseWeight::F32(weight),
            bias,
        })
    }
}

#[derive(Debug)]
struct Layer {
    qkv: Dense,
    attention_out: Dense,
    attention_norm: Norm,
    intermediate: Dense,
    output: Dense,
    output_norm: Norm,
}

/// One layer's dense weights as f32 ([`BertEncoder::widen_for_batches`]).
#[derive(Debug)]
struct WideLayer {
    qkv: Tensor,
    attention_out: Tensor,
    intermediate: Tensor,
    output: Tensor,
}

/// The dense weights widened to f32 once for a job of many batches, shared by all its passes
/// (instead of widening every matrix again for every batch). Dropped with the job.
#[derive(Debug, Default)]
pub struct WideWeights {
    layers: Vec<WideLayer>,
}

/// BERT encoder weights plus the few hyper-parameters the forward pass needs.
#[derive(Debug)]
pub struct BertEncoder {
    /// The word-embedding table: rows read from the model file, or 8-bit in memory.
    word_embeddings: WordTable,
    device: Device,
    /// Position embeddings with the token-type-0 embedding already added (all inputs are segment 0).
    position_and_type: Vec<f32>,
    embedding_norm: Norm,
    layers: Vec<Layer>,
    heads: usize,
    head_dim: usize,
    hidden: usize,
    activation: Activation,
}

/// Looks tensors up by name, whatever prefix (`bert.`) the checkpoint uses, as F32 on `device`.
struct Weights<'a> {
    tensors: HashMap<String, Tensor>,
    prefix: &'static str,
    path: &'a Path,
}

impl Weights<'_> {
    fn get(&self, name: &str, shape: &[usize]) -> Result<Tensor, ModelError> {
        let key = format!("{}{name}", self.prefix);
        let tensor = self
            .tensors
            .get(&key)
            .ok_or_else(|| corrupt(self.path, &format!("tensor {key} is missing")))?;
        if tensor.dims() != shape {
            return Err(corrupt(
                self.path,
                &format!(
                    "tensor {key} has shape {:?}, expected {shape:?}",
                    tensor.dims()
                ),
            ));
        }
        tensor
            .to_dtype(DType::F32)
            .map_err(|e| corrupt(self.path, &e.to_string()))
    }

    fn vector(&self, name: &str, dim: usize) -> Result<Vec<f32>, ModelError> {
        let tensor = self.get(name, &[dim])?;
        self.candle(tensor.to_vec1::<f32>())
    }

    /// A dense layer's f32 weight `[out, in]` and bias.
    fn dense(
        &self,
        name: &str,
        out_dim: usize,
        in_dim: usize,
    ) -> Result<(Tensor, Vec<f32>), ModelError> {
        let weight = self.get(&format!("{name}.weight"), &[out_dim, in_dim])?;
        Ok((
            self.candle(weight.contiguous())?,
            self.vector(&format!("{name}.bias"), out_dim)?,
        ))
    }

    fn norm(&self, name: &str, dim: usize, eps: f64) -> Result<Norm, ModelError> {
        Ok(Norm {
            gamma: self.vector(&format!("{name}.weight"), dim)?,
            beta: self.vector(&format!("{name}.bias"), dim)?,
            eps: eps as f32,
        })
    }

    fn candle<T>(&self, result: candle_core::Result<T>) -> Result<T, ModelError> {
        result.map_err(|e| corrupt(self.path, &e.to_string()))
    }
}

impl BertEncoder {
    /// Loads the weights from a safetensors file (read fully; no memory mapping).
    pub fn load(
        path: &Path,
        config: &BertConfig,
        device: &Device,
        precision: WeightPrecision,
    ) -> Result<Self, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let tensors = candle_core::safetensors::load_buffer(&bytes, device)
            .map_err(|e| corrupt(path, &e.to_string()))?;
        let prefix = if tensors.contains_key("embeddings.word_embeddings.weight") {
            ""
        } else {
            "bert."
        };
        let (vocab, h) = (config.vocab_size, config.hidden_size);
        let table_name = format!("{prefix}embeddings.word_embeddings.weight");
        let table_in_file = WordTable::in_file(path, &bytes, &table_name, vocab, h)?;
        drop(bytes);
        let w = Weights {
            tensors,
            prefix,
            path,
        };
        let heads = config.num_attention_heads;
        let head_dim = h / heads;

        let word_table = w.get("embeddings.word_embeddings.weight", &[config.vocab_size, h])?;
        let word_embeddings = match table_in_file {
            Some(table) => table,
            None => WordTable::quantize(
                &w.candle(word_table.flatten_all().and_then(|t| t.to_vec1::<f32>()))?,
                h,
            ),
        };
        let positions = w.get(
            "embeddings.position_embeddings.weight",
            &[config.max_position_embeddings, h],
        )?;
        let types = w.get(
            "embeddings.token_type_embeddings.weight",
            &[config.type_vocab_size, h],
        )?;
        let position_and_type = w.candle(
            types
                .get(0)
                .and_then(|t| positions.broadcast_add(&t))
                .and_then(|p| p.flatten_all())
                .and_then(|p| p.to_vec1::<f32>()),
        )?;
        let embedding_norm = w.norm("embeddings.LayerNorm", h, config.layer_norm_eps)?;

        let scale = 1.0 / (head_dim as f64).sqrt();
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{i}");
            let (q_weight, q_bias) = w.dense(&format!("{p}.attention.self.query"), h, h)?;
            let (k_weight, k_bias) = w.dense(&format!("{p}.attention.self.key"), h, h)?;
            let (v_weight, v_bias) = w.dense(&format!("{p}.attention.self.value"), h, h)?;
            let qkv_weight = w.candle(
                (q_weight * scale).and_then(|q_w| Tensor::cat(&[&q_w, &k_weight, &v_weight], 0)),
            )?;
            let qkv_bias = (q_bias.iter().map(|b| b * scale as f32))
                .chain(k_bias)
                .chain(v_bias)
                .collect();
            let dense =
                |(weight, bias): (Tensor, Vec<f32>)| w.candle(Dense::new(weight, bias, precision));
            layers.push(Layer {
                qkv: dense((qkv_weight, qkv_bias))?,
                attention_out: dense(w.dense(&format!("{p}.attention.output.dense"), h, h)?)?,
                attention_norm: w.norm(
                    &format!("{p}.attention.output.LayerNorm"),
                    h,
                    config.layer_norm_eps,
                )?,
                intermediate: dense(w.dense(
                    &format!("{p}.intermediate.dense"),
                    config.intermediate_size,
                    h,
                )?)?,
                output: dense(w.dense(
                    &format!("{p}.output.dense"),
                    h,
                    config.intermediate_size,
                )?)?,
                output_norm: w.norm(&format!("{p}.output.LayerNorm"), h, config.layer_norm_eps)?,
            });
        }
        let activation = match config.hidden_act.as_str() {
            "gelu" => Activation::GeluErf,
            "relu" => Activation::Relu,
            _ => Activation::GeluTanh,
        };
        Ok(Self {
            word_embeddings,
            device: device.clone(),
            position_and_type,
            embedding_norm,
            layers,
            heads,
            head_dim,
            hidden: h,
            activation,
        })
    }

    pub fn hidden_size(&self) -> usize {
        self.hidden
    }

    /// The dense weights widened to f32, for a job of many batches (42 MB for MiniLM, for the
    /// job's duration; nothing new when the weights are f32).
    pub fn widen_for_batches(&self) -> candle_core::Result<WideWeights> {
        let layers = self
            .layers
            .iter()
            .map(|layer| {
                Ok(WideLayer {
                    qkv: layer.qkv.as_f32(&self.device)?,
                    attention_out: layer.attention_out.as_f32(&self.device)?,
                    intermediate: layer.intermediate.as_f32(&self.device)?,
                    output: layer.output.as_f32(&self.device)?,
                })
            })
            .collect::<candle_core::Result<_>>()?;
        Ok(WideWeights { layers })
    }

    /// Runs the encoder on a packed batch: `ids` and `positions` are the texts' tokens one
    /// after another, `lengths` the tokens of each text; `wide` the job's widened weights, if it
    /// made them. Returns the last hidden states, `[ids.len() * hidden]`.
    pub fn forward(
        &self,
        ids: &[u32],
        positions: &[u32],
        lengths: &[usize],
        wide: Option<&WideWeights>,
    ) -> candle_core::Result<Vec<f32>> {
        let words = self.word_embeddings.gather(ids)?;
        let mut xs = EmbedTokens {
            words: &words,
            positions,
            position_and_type: &self.position_and_type,
            gamma: &self.embedding_norm.gamma,
            beta: &self.embedding_norm.beta,
            eps: self.embedding_norm.eps,
        }
        .run(&self.device)?;
        for (i, layer) in self.layers.iter().enumerate() {
            let wide = wide.and_then(|w| w.layers.get(i));
            xs = self.layer_forward(layer, wide, &xs, lengths)?;
        }
        xs.flatten_all()?.to_vec1::<f32>()
    }

    fn layer_forward(
        &self,
        layer: &Layer,
        wide: Option<&WideLayer>,
        xs: &Tensor,
        lengths: &[usize],
    ) -> candle_core::Result<Tensor> {
        let qkv = layer.qkv.product(xs, wide.map(|w| &w.qkv))?;
        let context = qkv.apply_op1_no_bwd(&Attention {
            bias: &layer.qkv.bias,
            lengths,
            heads: self.heads,
            head_dim: self.head_dim,
        })?;
        let attended = layer
            .attention_out
            .product(&context, wide.map(|w| &w.attention_out))?;
        attended.inplace_op2(
            xs,
            &residual_norm(&layer.attention_out, &layer.attention_norm),
        )?;

        let inner = layer
            .intermediate
            .product(&attended, wide.map(|w| &w.intermediate))?;
        inner.inplace_op1(&BiasActivation {
            bias: &layer.intermediate.bias,
            activation: self.activation,
        })?;
        let out = layer.output.product(&inner, wide.map(|w| &w.output))?;
        out.inplace_op2(&attended, &residual_norm(&layer.output, &layer.output_norm))?;
        Ok(out)
    }
}

fn residual_norm<'a>(dense: &'a Dense, norm: &'a Norm) -> BiasResidualNorm<'a> {
    BiasResidualNorm {
        bias: &dense.bias,
        gamma: &norm.gamma,
        beta: &norm.beta,
        eps: norm.eps,
    }
}
