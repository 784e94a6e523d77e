//! Filiale head office.
