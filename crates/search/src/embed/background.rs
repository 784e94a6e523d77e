//! Runs a long embedding job on its own thread so the UI thread never waits for the model.

use std::ops::ControlFlow;
use std::sync::Arc;
use std::thread::JoinHandle;

use super::{EmbedError, Embedder, Progress, TextKind};

/// Starts embedding `texts` on a new thread; `on_progress` is called from that thread after each
/// batch (return `ControlFlow::Break` to cancel). Join the handle for the vectors.
pub fn embed_in_background(
    embedder: Arc<Embedder>,
    texts: Vec<String>,
    kind: TextKind,
    batch_size: usize,
    on_progress: impl FnMut(Progress) -> ControlFlow<()> + Send + 'static,
) -> std::io::Result<JoinHandle<Result<Vec<Vec<f32>>, EmbedError>>> {
    std::thread::Builder::new()
        .name("embed".to_owned())
        .spawn(move || {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            embedder.embed_with_progress(&refs, kind, batch_size, on_progress)
        })
}
