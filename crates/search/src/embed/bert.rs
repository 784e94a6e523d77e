//! A BERT encoder for inference only, built for sentence embedding on the CPU.
//!
//! Compared with a straight port of the Hugging Face module it fuses the query, key and value
//! projections into one matrix product, folds the 1/sqrt(head_dim) scale into the query weights,
//! and works on `[batch * seq, hidden]` matrices so every projection is a single GEMM.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};

use super::error::ModelError;
use super::model_folder::{BertConfig, corrupt};

#[derive(Debug, Clone, Copy)]
enum Activation {
    GeluErf,
    GeluTanh,
    Relu,
}

#[derive(Debug)]
struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
    eps: f32,
}

impl LayerNorm {
    fn forward(&self, xs: &Tensor) -> candle_core::Result<Tensor> {
        candle_nn::ops::layer_norm(xs, &self.weight, &self.bias, self.eps)
    }
}

/// A dense layer with its weight stored transposed (`[in, out]`) so `x.matmul(w)` needs no copy.
#[derive(Debug)]
struct Dense {
    weight_t: Tensor,
    bias: Tensor,
}

impl Dense {
    fn forward(&self, xs: &Tensor) -> candle_core::Result<Tensor> {
        xs.matmul(&self.weight_t)?.broadcast_add(&self.bias)
    }
}

#[derive(Debug)]
struct Layer {
    qkv: Dense,
    attention_out: Dense,
    attention_norm: LayerNorm,
    intermediate: Dense,
    output: Dense,
    output_norm: LayerNorm,
}

/// BERT encoder weights plus the few hyper-parameters the forward pass needs.
#[derive(Debug)]
pub struct BertEncoder {
    word_embeddings: Tensor,
    /// Position embeddings with the token-type-0 embedding already added (all inputs are segment 0).
    position_and_type: Tensor,
    embedding_norm: LayerNorm,
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

    fn dense(&self, name: &str, out_dim: usize, in_dim: usize) -> Result<Dense, ModelError> {
        let weight = self.get(&format!("{name}.weight"), &[out_dim, in_dim])?;
        let bias = self.get(&format!("{name}.bias"), &[out_dim])?;
        Ok(Dense {
            weight_t: self.candle(weight.t().and_then(|w| w.contiguous()))?,
            bias,
        })
    }

    fn norm(&self, name: &str, dim: usize, eps: f64) -> Result<LayerNorm, ModelError> {
        Ok(LayerNorm {
            weight: self.get(&format!("{name}.weight"), &[dim])?,
            bias: self.get(&format!("{name}.bias"), &[dim])?,
            eps: eps as f32,
        })
    }

    fn candle<T>(&self, result: candle_core::Result<T>) -> Result<T, ModelError> {
        result.map_err(|e| corrupt(self.path, &e.to_string()))
    }
}

impl BertEncoder {
    /// Loads the weights from a safetensors file (read fully; no memory mapping).
    pub fn load(path: &Path, config: &BertConfig, device: &Device) -> Result<Self, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let tensors = candle_core::safetensors::load_buffer(&bytes, device)
            .map_err(|e| corrupt(path, &e.to_string()))?;
        drop(bytes);
        let prefix = if tensors.contains_key("embeddings.word_embeddings.weight") {
            ""
        } else {
            "bert."
        };
        let w = Weights {
            tensors,
            prefix,
            path,
        };
        let h = config.hidden_size;
        let heads = config.num_attention_heads;
        let head_dim = h / heads;

        let word_embeddings =
            w.get("embeddings.word_embeddings.weight", &[config.vocab_size, h])?;
        let positions = w.get(
            "embeddings.position_embeddings.weight",
            &[config.max_position_embeddings, h],
        )?;
        let types = w.get(
            "embeddings.token_type_embeddings.weight",
            &[config.type_vocab_size, h],
        )?;
        let position_and_type = w.candle(types.get(0).and_then(|t| positions.broadcast_add(&t)))?;
        let embedding_norm = w.norm("embeddings.LayerNorm", h, config.layer_norm_eps)?;

        let scale = 1.0 / (head_dim as f64).sqrt();
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{i}");
            let q = w.dense(&format!("{p}.attention.self.query"), h, h)?;
            let k = w.dense(&format!("{p}.attention.self.key"), h, h)?;
            let v = w.dense(&format!("{p}.attention.self.value"), h, h)?;
            let qkv = Dense {
                weight_t: w.candle(
                    (&q.weight_t * scale)
                        .and_then(|q_t| Tensor::cat(&[&q_t, &k.weight_t, &v.weight_t], 1)),
                )?,
                bias: w.candle(
                    (&q.bias * scale).and_then(|q_b| Tensor::cat(&[&q_b, &k.bias, &v.bias], 0)),
                )?,
            };
            layers.push(Layer {
                qkv,
                attention_out: w.dense(&format!("{p}.attention.output.dense"), h, h)?,
                attention_norm: w.norm(
                    &format!("{p}.attention.output.LayerNorm"),
                    h,
                    config.layer_norm_eps,
                )?,
                intermediate: w.dense(
                    &format!("{p}.intermediate.dense"),
                    config.intermediate_size,
                    h,
                )?,
                output: w.dense(&format!("{p}.output.dense"), h, config.intermediate_size)?,
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

    /// Runs the encoder on a right-padded batch. `ids` is `[batch * seq_len]`, `lengths` the real
    /// token count per row. Returns the last hidden states, `[batch * seq_len * hidden]`.
    pub fn forward(
        &self,
        ids: &[u32],
        lengths: &[usize],
        seq_len: usize,
    ) -> candle_core::Result<Vec<f32>> {
        let device = self.word_embeddings.device();
        let batch = lengths.len();
        let rows = batch * seq_len;
        let ids = Tensor::from_slice(ids, rows, device)?;
        let embedded = self
            .word_embeddings
            .embedding(&ids)?
            .reshape((batch, seq_len, self.hidden))?
            .broadcast_add(&self.position_and_type.narrow(0, 0, seq_len)?)?;
        let mut xs = self
            .embedding_norm
            .forward(&embedded)?
            .reshape((rows, self.hidden))?;

        // Additive mask: 0 for real tokens, the most negative float for padding (as Hugging Face).
        let needs_mask = lengths.iter().any(|&len| len < seq_len);
        let mask = if needs_mask {
            let bias: Vec<f32> = lengths
                .iter()
                .flat_map(|&len| (0..seq_len).map(move |t| if t < len { 0.0 } else { f32::MIN }))
                .collect();
            Some(Tensor::from_vec(bias, (batch, 1, 1, seq_len), device)?)
        } else {
            None
        };

        for layer in &self.layers {
            xs = self.layer_forward(layer, &xs, batch, seq_len, mask.as_ref())?;
        }
        xs.flatten_all()?.to_vec1::<f32>()
    }

    fn layer_forward(
        &self,
        layer: &Layer,
        xs: &Tensor,
        batch: usize,
        seq_len: usize,
        mask: Option<&Tensor>,
    ) -> candle_core::Result<Tensor> {
        let rows = batch * seq_len;
        let qkv = layer
            .qkv
            .forward(xs)?
            .reshape((batch, seq_len, 3, self.heads, self.head_dim))?
            .permute((2, 0, 3, 1, 4))?
            .contiguous()?;
        let (q, k, v) = (qkv.get(0)?, qkv.get(1)?, qkv.get(2)?);
        let mut scores = q.matmul(&k.t()?)?;
        if let Some(mask) = mask {
            scores = scores.broadcast_add(mask)?;
        }
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let context = probs
            .matmul(&v)?
            .transpose(1, 2)?
            .contiguous()?
            .reshape((rows, self.hidden))?;
        let attended = layer
            .attention_norm
            .forward(&(layer.attention_out.forward(&context)? + xs)?)?;

        let inner = layer.intermediate.forward(&attended)?;
        let inner = match self.activation {
            Activation::GeluErf => inner.gelu_erf()?,
            Activation::GeluTanh => inner.gelu()?,
            Activation::Relu => inner.relu()?,
        };
        layer
            .output_norm
            .forward(&(layer.output.forward(&inner)? + attended)?)
    }
}
