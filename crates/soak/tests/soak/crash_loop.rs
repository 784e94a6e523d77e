//! Twenty SIGKILLs of `filiale sell` at random moments: no confirmed sale lost, no half-written sale.

use filiale_soak::crash_loop::{CrashLoop, run};

#[test]
fn twenty_kills_lose_no_confirmed_sale_and_leave_no_half_written_one() {
    let seed = std::env::var("SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::process::id() as u64);
    eprintln!("crash loop seed {seed} (replay with SOAK_SEED={seed})");
    let report = run(&CrashLoop {
        kills: 20,
        seed,
        data_dir: None,
    })
    .unwrap();
    crate::assert_passed(&report);
    assert_eq!(report.number("kills"), Some(20));
    assert_eq!(report.number("sales lost"), Some(0));
    assert!(
        report.number("sales in the store").unwrap() >= report.number("sales confirmed").unwrap(),
        "every confirmed sale is stored (some committed ones die before printing)"
    );
}
