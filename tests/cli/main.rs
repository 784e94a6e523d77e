//! End-to-end tests of the `filiale` command line: the real binary on real SQLite files.

mod audit;
mod crash;
mod demo;
mod display;
mod headoffice;
mod helpers;
mod import;
mod orders;
mod refund;
mod reorder;
mod sell;
mod till_day;
