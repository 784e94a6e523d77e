//! Reads a sentence-transformers model folder: which files must exist and what their configs say.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::error::ModelError;
use super::pooling::Pooling;

pub const CONFIG: &str = "config.json";
pub const TOKENIZER: &str = "tokenizer.json";
pub const WEIGHTS: &str = "model.safetensors";
pub const MODULES: &str = "modules.json";
pub const SENTENCE_CONFIG: &str = "sentence_bert_config.json";
const PROMPTS_CONFIG: &str = "config_sentence_transformers.json";

/// The BERT hyper-parameters from `config.json` that the encoder needs.
#[derive(Debug, Clone, Deserialize)]
pub struct BertConfig {
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    #[serde(default = "default_hidden_act")]
    pub hidden_act: String,
    pub max_position_embeddings: usize,
    #[serde(default = "default_type_vocab_size")]
    pub type_vocab_size: usize,
    #[serde(default = "default_layer_norm_eps")]
    pub layer_norm_eps: f64,
    #[serde(default)]
    pub pad_token_id: Option<u32>,
    #[serde(default)]
    pub model_type: Option<String>,
    #[serde(default)]
    pub position_embedding_type: Option<String>,
    #[serde(default, rename = "_name_or_path")]
    pub name_or_path: Option<String>,
}

fn default_hidden_act() -> String {
    "gelu".to_owned()
}
fn default_type_vocab_size() -> usize {
    2
}
fn default_layer_norm_eps() -> f64 {
    1e-12
}

#[derive(Debug, Deserialize)]
struct SentenceConfig {
    max_seq_length: Option<usize>,
    #[serde(default)]
    do_lower_case: bool,
}

#[derive(Debug, Deserialize)]
struct ModuleEntry {
    #[serde(default)]
    path: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Debug, Deserialize)]
struct PoolingConfig {
    word_embedding_dimension: Option<usize>,
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
    #[serde(default)]
    pooling_mode_mean_sqrt_len_tokens: bool,
    #[serde(default)]
    pooling_mode_weightedmean_tokens: bool,
    #[serde(default)]
    pooling_mode_lasttoken: bool,
}

#[derive(Debug, Default, Deserialize)]
struct PromptsConfig {
    #[serde(default)]
    prompts: HashMap<String, String>,
}

/// Text put in front of queries and passages, for models trained with such prefixes (e5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefixes {
    pub query: String,
    pub passage: String,
}

/// Everything read from a model folder before the weights are loaded.
#[derive(Debug, Clone)]
pub struct ModelFolder {
    pub root: PathBuf,
    pub name: String,
    pub bert: BertConfig,
    /// Longest input in tokens, special tokens included (sentence-transformers' `max_seq_length`,
    /// capped by the position table).
    pub max_seq_length: usize,
    pub lower_case: bool,
    pub pooling: Pooling,
    pub prefixes: Prefixes,
}

impl ModelFolder {
    /// Reads and checks the configs of the folder; the weights and tokenizer are only checked
    /// for presence here (they are parsed by the loader).
    pub fn read(root: &Path) -> Result<Self, ModelError> {
        for file in [CONFIG, TOKENIZER, WEIGHTS, MODULES, SENTENCE_CONFIG] {
            require(&root.join(file))?;
        }
        let bert: BertConfig = read_json(&root.join(CONFIG))?;
        check_architecture(&root.join(CONFIG), &bert)?;

        let sentence: SentenceConfig = read_json(&root.join(SENTENCE_CONFIG))?;
        let max_seq_length = sentence
            .max_seq_length
            .unwrap_or(bert.max_position_embeddings)
            .min(bert.max_position_embeddings);
        if max_seq_length < 2 {
            return Err(corrupt(
                &root.join(SENTENCE_CONFIG),
                "max_seq_length below 2",
            ));
        }

        let modules: Vec<ModuleEntry> = read_json(&root.join(MODULES))?;
        let pooling = read_pooling(root, &modules, bert.hidden_size)?;

        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "model".to_owned());
        let prefixes = read_prefixes(root, &name, bert.name_or_path.as_deref())?;

        Ok(Self {
            root: root.to_path_buf(),
            name,
            bert,
            max_seq_length,
            lower_case: sentence.do_lower_case,
            pooling,
            prefixes,
        })
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }
}

fn check_architecture(path: &Path, bert: &BertConfig) -> Result<(), ModelError> {
    let unsupported = |reason: String| ModelError::Unsupported {
        path: path.to_path_buf(),
        reason,
    };
    if let Some(model_type) = bert.model_type.as_deref()
        && model_type != "bert"
    {
        return Err(unsupported(format!(
            "model_type {model_type:?}; only BERT-architecture models are supported"
        )));
    }
    if let Some(kind) = bert.position_embedding_type.as_deref()
        && kind != "absolute"
    {
        return Err(unsupported(format!("position_embedding_type {kind:?}")));
    }
    if !matches!(
        bert.hidden_act.as_str(),
        "gelu" | "gelu_new" | "gelu_pytorch_tanh" | "relu"
    ) {
        return Err(unsupported(format!("hidden_act {:?}", bert.hidden_act)));
    }
    if bert.num_attention_heads == 0 || !bert.hidden_size.is_multiple_of(bert.num_attention_heads) {
        return Err(corrupt(
            path,
            "hidden_size is not a multiple of num_attention_heads",
        ));
    }
    Ok(())
}

fn read_pooling(
    root: &Path,
    modules: &[ModuleEntry],
    hidden_size: usize,
) -> Result<Pooling, ModelError> {
    let modules_path = root.join(MODULES);
    for module in modules {
        let kind = module.kind.rsplit('.').next().unwrap_or_default();
        if !matches!(kind, "Transformer" | "Pooling" | "Normalize") {
            return Err(ModelError::Unsupported {
                path: modules_path,
                reason: format!("module {:?} is not supported", module.kind),
            });
        }
    }
    let Some(module) = modules.iter().find(|m| m.kind.ends_with("Pooling")) else {
        return Err(ModelError::Unsupported {
            path: modules_path,
            reason: "no Pooling module".to_owned(),
        });
    };
    let path = root.join(&module.path).join("config.json");
    require(&path)?;
    let config: PoolingConfig = read_json(&path)?;
    if let Some(dim) = config.word_embedding_dimension
        && dim != hidden_size
    {
        return Err(corrupt(
            &path,
            &format!("word_embedding_dimension {dim} does not match hidden_size {hidden_size}"),
        ));
    }
    let modes = [
        (config.pooling_mode_cls_token, Pooling::Cls),
        (config.pooling_mode_mean_tokens, Pooling::Mean),
        (config.pooling_mode_max_tokens, Pooling::Max),
        (
            config.pooling_mode_mean_sqrt_len_tokens,
            Pooling::MeanSqrtLen,
        ),
    ];
    if config.pooling_mode_weightedmean_tokens || config.pooling_mode_lasttoken {
        return Err(ModelError::Unsupported {
            path,
            reason: "weighted-mean and last-token pooling are not supported".to_owned(),
        });
    }
    let chosen: Vec<Pooling> = modes
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, p)| *p)
        .collect();
    match chosen.as_slice() {
        [one] => Ok(*one),
        [] => Err(corrupt(&path, "no pooling mode is switched on")),
        _ => Err(ModelError::Unsupported {
            path,
            reason: "several pooling modes at once (concatenated) are not supported".to_owned(),
        }),
    }
}

/// Prefixes come from `config_sentence_transformers.json` ("prompts") when the folder has them,
/// else from the model family: e5 models expect "query: " and "passage: ".
fn read_prefixes(
    root: &Path,
    folder_name: &str,
    name_or_path: Option<&str>,
) -> Result<Prefixes, ModelError> {
    let path = root.join(PROMPTS_CONFIG);
    if path.is_file() {
        let config: PromptsConfig = read_json(&path)?;
        let query = config.prompts.get("query").cloned();
        let passage = config
            .prompts
            .get("passage")
            .or_else(|| config.prompts.get("document"))
            .cloned();
        if query.is_some() || passage.is_some() {
            return Ok(Prefixes {
                query: query.unwrap_or_default(),
                passage: passage.unwrap_or_default(),
            });
        }
    }
    let is_e5 = [Some(folder_name), name_or_path]
        .into_iter()
        .flatten()
        .any(is_e5_name);
    Ok(if is_e5 {
        Prefixes {
            query: "query: ".to_owned(),
            passage: "passage: ".to_owned(),
        }
    } else {
        Prefixes::default()
    })
}

/// True for names like `multilingual-e5-small` or `intfloat/e5-base-v2`.
pub fn is_e5_name(name: &str) -> bool {
    name.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|part| part == "e5")
}

pub fn require(path: &Path) -> Result<(), ModelError> {
    if path.is_file() {
        Ok(())
    } else {
        Err(ModelError::MissingFile {
            path: path.to_path_buf(),
        })
    }
}

pub fn corrupt(path: &Path, reason: &str) -> ModelError {
    ModelError::CorruptFile {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    }
}

fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, ModelError> {
    let bytes = std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ModelError::MissingFile {
            path: path.to_path_buf(),
        },
        _ => ModelError::Io {
            path: path.to_path_buf(),
            source,
        },
    })?;
    serde_json::from_slice(&bytes).map_err(|e| corrupt(path, &e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e5_names_are_recognised_and_others_are_not() {
        for (name, expected) in [
            ("multilingual-e5-small", true),
            ("intfloat/e5-base-v2", true),
            ("E5", true),
            ("all-MiniLM-L6-v2", false),
            ("paraphrase-multilingual-MiniLM-L12-v2", false),
            ("me5x", false),
        ] {
            assert_eq!(is_e5_name(name), expected, "{name}");
        }
    }
}
