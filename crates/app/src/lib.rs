//! Composition root of Filiale.
