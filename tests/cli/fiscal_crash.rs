//! Crashes while the till signs, on the real binary: a sale aborted at a failpoint or SIGKILLed
//! at a random moment never repeats a TSE signature counter, every stored counter is in the TSE's
//! log, and the closing ends the transactions a crash left open.

use super::fiscal::{check, json, script, staffed_store, with_anna};
use std::process::Stdio;

#[test]
fn crashes_while_signing_never_repeat_a_counter_and_the_closing_ends_open_transactions() {
    let store = staffed_store();
    store.ok(&with_anna(&["till", "open", "--float", "0"]));
    // Killed between the TSE's start and finish, and between the finish and the commit.
    for (round, failpoint) in ["tse.after_start=abort", "store.before_commit=abort"]
        .iter()
        .cycle()
        .take(6)
        .enumerate()
    {
        store.ok(&["sell", "--line", "T-2:1", "--pay", "card"]);
        let out = store
            .command(&["sell", "--line", "T-2:1", "--pay", "card"])
            .env("FILIALE_FAILPOINTS", failpoint)
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "round {round}: {failpoint} should abort"
        );
    }
    store.ok(&["sell", "--line", "T-2:1", "--pay", "card"]);
    assert_eq!(store.count("SELECT COUNT(*) FROM sales"), 7);
    assert_eq!(
        store.count(
            "SELECT COUNT(*) FROM tse_transactions WHERE record_kind = 'sale' AND signature IS NOT NULL"
        ),
        7,
        "every committed sale is signed"
    );
    let counters: Vec<i64> = {
        let db = store.db();
        let mut stmt = db
            .prepare("SELECT signature_counter FROM tse_transactions ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(
        counters.windows(2).all(|w| w[0] < w[1]),
        "strictly increasing across the crashes: {counters:?}"
    );
    let status = json(&store.ok(&["tse", "status", "--json"]));
    assert_eq!(
        status["open_transactions"], 3,
        "three starts never finished: {status}"
    );
    let closed = store.run(&with_anna(&[
        "till",
        "close",
        "--counted",
        "0",
        "--float-next",
        "0",
    ]));
    assert!(closed.status.success());
    let said = String::from_utf8_lossy(&closed.stderr);
    assert!(said.contains("AVBelegabbruch"), "{said}");
    let status = json(&store.ok(&["tse", "status", "--json"]));
    assert_eq!(status["open_transactions"], 0, "{status}");
}

/// xorshift64: random kill moments without a dependency; the seed is printed to replay a failure.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

/// `filiale sell` SIGKILLed at random moments (before, while and after the TSE signs), then
/// started again: every committed sale is signed, the stored signature counters strictly
/// increase, each is in the TSE's own log, and the TSE passes its self test. 40 kills by default;
/// `FILIALE_CRASH_RUNS=100` for more, `FILIALE_CRASH_SEED` to replay.
#[cfg(unix)]
#[test]
fn sales_killed_at_random_moments_never_repeat_a_signature_counter() {
    let store = staffed_store();
    store.ok(&with_anna(&["till", "open", "--float", "0"]));
    let runs: usize = std::env::var("FILIALE_CRASH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let seed = std::env::var("FILIALE_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("seed {seed} (FILIALE_CRASH_SEED to replay)");
    let mut random = Random(seed);
    // How long a whole sale takes here (process start, the store, two TSE signatures, commit):
    // the kills fall between a third of it and a little past its end.
    let began = std::time::Instant::now();
    store.ok(&["sell", "--line", "T-2:1", "--pay", "card"]);
    let typical = began.elapsed().as_micros() as u64;
    let mut killed = 0;
    for _ in 0..runs {
        let mut child = store
            .command(&["sell", "--line", "T-2:1", "--pay", "card"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(
            typical / 3 + random.below(typical),
        ));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
    }
    store.ok(&["sell", "--line", "T-2:1", "--pay", "card"]);
    println!(
        "{killed} of {runs} sales killed ({} committed), a sale takes {typical} µs",
        store.count("SELECT COUNT(*) FROM sales")
    );

    let sales = store.count("SELECT COUNT(*) FROM sales");
    assert_eq!(
        store.count("SELECT COUNT(*) FROM tse_transactions WHERE record_kind = 'sale' AND signature IS NOT NULL"),
        sales,
        "every committed sale is signed"
    );
    let counters: Vec<i64> = {
        let db = store.db();
        let mut stmt = db
            .prepare("SELECT signature_counter FROM tse_transactions ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(
        counters.windows(2).all(|w| w[0] < w[1]),
        "a counter repeated or went backwards (seed {seed}): {counters:?}"
    );
    let status = json(&store.ok(&["tse", "status", "--json"]));
    assert_eq!(status["self_test_passed"], true, "{status}");
    let tar = store.path().join("tse.tar");
    store.ok(&["tse", "export", tar.to_str().unwrap()]);
    let public_key = status["public_key"].as_str().unwrap().to_owned();
    let verified = check(
        &[
            script("crates/tse/tests/verify_export.py")
                .to_str()
                .unwrap(),
            tar.to_str().unwrap(),
            &public_key,
        ],
        "",
    )
    .unwrap_or_else(|complaint| panic!("{complaint}"));
    let logged: Vec<i64> = verified["signature_counters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_i64().unwrap())
        .collect();
    for counter in &counters {
        assert!(
            logged.contains(counter),
            "stored counter {counter} is not in the TSE's log (seed {seed})"
        );
    }
}
