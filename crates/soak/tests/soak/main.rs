//! The soak modes in short configurations, so every CI run proves on real processes that crashes,
//! full disks and flaky networks lose no committed sale or event; and the privacy scan.
//!
//! Needs the binaries under test: `cargo build -p filiale -p filiale-hq` first (same
//! CARGO_TARGET_DIR), and nats-server (scripts/install-nats-server, or NATS_SERVER_BIN).

mod audit;
mod crash_loop;
mod disk_full;
mod flaky_network;
mod privacy;

/// Prints a report (shown by `cargo test -- --nocapture`) and fails the test if it lists a loss.
pub fn assert_passed(report: &filiale_soak::report::Report) {
    eprintln!("{report}");
    assert!(report.passed(), "{report}");
}
