//! SQLite store of a Filiale store.
