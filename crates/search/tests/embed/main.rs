//! Integration tests of the embedder against the real all-MiniLM-L6-v2 model
//! (fetch it with `scripts/fetch-model`; `FILIALE_MODEL_DIR` points elsewhere) and against
//! tiny generated folders shaped like the multilingual models.

mod bad_input;
mod broken_model;
mod helpers;
mod jobs;
mod multilingual_reference;
mod multilingual_shape;
mod reference;
