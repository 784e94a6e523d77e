//! Long batches: progress reports, cancellation and running on a worker thread.

use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};

use filiale_search::embed::{EmbedError, Embedder, Progress, TextKind, embed_in_background};

use crate::helpers::{cosine, embedder, model_dir};

fn product_texts(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| format!("Artikel {i}: Blumenerde torffrei {} l", 10 + i % 70))
        .collect()
}

#[test]
fn progress_is_reported_after_each_batch_up_to_the_total() {
    let texts = product_texts(45);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut seen = Vec::new();
    let vectors = embedder()
        .embed_with_progress(&refs, TextKind::Passage, 16, |p| {
            seen.push(p);
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(vectors.len(), 45);
    let done: Vec<usize> = seen.iter().map(|p| p.done).collect();
    assert_eq!(done, vec![16, 32, 45]);
    assert!(seen.iter().all(|p| p.total == 45));
}

#[test]
fn breaking_from_progress_cancels_the_job() {
    let texts = product_texts(40);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let result = embedder().embed_with_progress(&refs, TextKind::Passage, 10, |p| {
        if p.done >= 20 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(
        matches!(
            result,
            Err(EmbedError::Cancelled {
                done: 20,
                total: 40
            })
        ),
        "{result:?}"
    );
}

#[test]
fn a_background_job_gives_the_same_vectors_as_a_direct_call() {
    let embedder = Arc::new(Embedder::load(&model_dir()).unwrap());
    let texts = product_texts(20);
    let progress = Arc::new(Mutex::new(Vec::<Progress>::new()));
    let seen = Arc::clone(&progress);
    let handle = embed_in_background(
        Arc::clone(&embedder),
        texts.clone(),
        TextKind::Passage,
        8,
        move |p| {
            seen.lock().unwrap().push(p);
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    let from_thread = handle.join().unwrap().unwrap();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let direct = embedder.embed_passages(&refs).unwrap();
    for (a, b) in from_thread.iter().zip(&direct) {
        assert!(cosine(a, b) > 0.99999);
    }
    assert_eq!(progress.lock().unwrap().last().map(|p| p.done), Some(20));
}
