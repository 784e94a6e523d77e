//! End-to-end tests of the `filiale` command line: the real binary on real SQLite files.

mod audit;
mod backup;
mod controls;
mod crash;
mod demo;
mod display;
mod fiscal;
mod fiscal_crash;
mod headoffice;
mod helpers;
mod import;
mod logs;
mod orders;
mod refund;
mod reorder;
mod sell;
mod till_day;
