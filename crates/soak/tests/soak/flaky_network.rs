//! 300 sales while the relay is killed and nats-server stopped and started every second or two:
//! head office ends up with exactly the events the store committed.

use filiale_soak::flaky_network::{FlakyNetwork, run};
use std::time::Duration;

#[test]
fn three_hundred_sales_through_outages_reach_head_office_exactly_once() {
    let seed = std::env::var("SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::process::id() as u64);
    eprintln!("flaky network seed {seed} (replay with SOAK_SEED={seed})");
    let report = run(&FlakyNetwork {
        sales: 300,
        sellers: 2,
        seed,
        disrupt_every_secs: 1.5,
        settle_timeout: Duration::from_secs(180),
    })
    .unwrap();
    crate::assert_passed(&report);
    assert_eq!(report.number("sales confirmed"), Some(300));
    assert!(
        report.number("nats-server restarts").unwrap() >= 1,
        "the network did flap"
    );
    let committed = report.number("events committed (outbox)").unwrap();
    assert_eq!(report.number("head office inbox events"), Some(committed));
    assert_eq!(report.number("stream missing"), Some(0));
    assert_eq!(report.number("head office receipts"), Some(300));
}
