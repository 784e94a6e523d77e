//! Tests of the receipt printer crate against real sockets, files and FIFOs, golden byte files and
//! the python-escpos library.

mod config;
mod device_status;
mod failures;
mod golden;
mod python_escpos;
mod receipts;
mod round_trip;
mod status_queries;
mod support;
