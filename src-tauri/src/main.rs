//! Filiale desktop entry point.
fn main() {}
