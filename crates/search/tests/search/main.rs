//! Search over the demo store with the real model: quality floor on the graded query set,
//! bad input, changes kept in step, filters and fallbacks.

mod bad_input;
mod changes;
mod helpers;
mod quality;
