//! Model folders with a missing, corrupt or unsupported file: a clear error naming the file.

use std::path::{Path, PathBuf};

use filiale_search::embed::{Embedder, ModelError};

use crate::helpers::model_dir;

const WEIGHTS: &str = "model.safetensors";

/// A copy of the real model folder in a temporary directory (the weights hard-linked when
/// possible: tests only ever replace files, never write into them).
fn model_copy() -> tempfile::TempDir {
    let source = model_dir();
    let copy = tempfile::Builder::new().prefix("model").tempdir().unwrap();
    copy_dir(&source, copy.path());
    copy
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Replaces a file of the copy (removing first so a hard link to the real model is never written).
fn replace(dir: &Path, file: &str, contents: &[u8]) {
    let path = dir.join(file);
    std::fs::remove_file(&path).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn load_error(dir: &Path) -> ModelError {
    match Embedder::load(dir) {
        Ok(_) => panic!("loading {} should fail", dir.display()),
        Err(e) => e,
    }
}

fn error_path(error: &ModelError) -> PathBuf {
    match error {
        ModelError::MissingFile { path }
        | ModelError::CorruptFile { path, .. }
        | ModelError::Unsupported { path, .. }
        | ModelError::Io { path, .. } => path.clone(),
    }
}

#[test]
fn a_missing_file_is_named() {
    for file in [
        "config.json",
        "tokenizer.json",
        WEIGHTS,
        "modules.json",
        "sentence_bert_config.json",
        "1_Pooling/config.json",
    ] {
        let copy = model_copy();
        std::fs::remove_file(copy.path().join(file)).unwrap();
        let error = load_error(copy.path());
        assert!(
            matches!(&error, ModelError::MissingFile { path } if path == &copy.path().join(file)),
            "{file}: {error:?}"
        );
        assert!(error.to_string().contains(file), "{error}");
    }
}

#[test]
fn a_missing_model_folder_is_a_missing_file_not_a_panic() {
    let error = load_error(Path::new("/nonexistent/filiale-model"));
    assert!(matches!(error, ModelError::MissingFile { .. }), "{error:?}");
}

#[test]
fn a_corrupt_or_unsupported_file_is_named() {
    let weights = std::fs::read(model_dir().join(WEIGHTS)).unwrap();
    let config = std::fs::read_to_string(model_dir().join("config.json")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("config.json", b"{ not json".to_vec(), "corrupt"),
        ("tokenizer.json", b"{\"version\": \"1.0\"}".to_vec(), "corrupt"),
        ("sentence_bert_config.json", b"[1, 2]".to_vec(), "corrupt"),
        (WEIGHTS, weights[..4096].to_vec(), "corrupt"),
        (WEIGHTS, Vec::new(), "corrupt"),
        ("1_Pooling/config.json", b"{\"word_embedding_dimension\": 384}".to_vec(), "corrupt"),
        (
            "modules.json",
            br#"[{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"}]"#
                .to_vec(),
            "unsupported",
        ),
        (
            "config.json",
            config.replace("\"bert\"", "\"t5\"").into_bytes(),
            "unsupported",
        ),
    ];
    for (file, contents, kind) in cases {
        let copy = model_copy();
        replace(copy.path(), file, &contents);
        let error = load_error(copy.path());
        let named = error_path(&error) == copy.path().join(file);
        let right_kind = match kind {
            "corrupt" => matches!(error, ModelError::CorruptFile { .. }),
            _ => matches!(error, ModelError::Unsupported { .. }),
        };
        assert!(named && right_kind, "{file} ({kind}): got {error:?}");
    }
}

#[test]
fn weights_that_do_not_fit_the_config_are_reported() {
    let copy = model_copy();
    let config = std::fs::read_to_string(copy.path().join("config.json")).unwrap();
    replace(
        copy.path(),
        "config.json",
        config
            .replace("\"num_hidden_layers\": 6", "\"num_hidden_layers\": 7")
            .as_bytes(),
    );
    let error = load_error(copy.path());
    assert!(
        matches!(&error, ModelError::CorruptFile { path, reason }
            if path.ends_with(WEIGHTS) && reason.contains("encoder.layer.6")),
        "{error:?}"
    );
}
