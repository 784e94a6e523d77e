//! End-to-end tests of the `filiale` command line: the real binary on real SQLite files.

mod crash;
mod demo;
mod display;
mod headoffice;
mod helpers;
mod import;
mod reorder;
mod sell;
