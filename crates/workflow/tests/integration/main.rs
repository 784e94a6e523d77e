//! Integration tests of the workflow crate: real SQLite files, real child processes for crashes.

mod concurrency;
mod crash;
mod engine;
mod helpers;
mod pins;
mod reorder;
mod replay;
mod store_backed;
