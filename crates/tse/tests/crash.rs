//! Killed mid-signing, the software TSE never repeats a counter: a child process signs receipts in
//! a loop and prints each signature counter as it gets it; it is SIGKILLed at random moments 100
//! times and started again. Every counter ever printed must be unique and strictly increasing
//! across all runs, and every printed signature must be in the TSE's export afterwards.
#![cfg(unix)]

use filiale_tse::{SoftwareTse, SoftwareTseOptions, Tse};
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const RUNS: usize = 100;

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

/// The signature counters in complete lines like `finish sig=12 tx=6`.
fn counters(output: &str) -> Vec<u64> {
    let complete = match output.rfind('\n') {
        Some(end) => &output[..end],
        None => "",
    };
    complete
        .lines()
        .filter_map(|line| line.split_whitespace().find_map(|w| w.strip_prefix("sig=")))
        .map(|n| n.parse().unwrap())
        .collect()
}

#[test]
fn killing_the_tse_at_random_moments_never_repeats_a_counter() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("tse");
    let program = env!("CARGO_BIN_EXE_filiale-tse-signing-loop");
    let seed = std::env::var("TSE_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("seed {seed} (TSE_CRASH_SEED to replay)");
    let mut random = Random(seed);
    let began = Instant::now();

    let mut emitted: Vec<u64> = Vec::new();
    for run in 0..RUNS {
        let mut child = Command::new(program)
            .arg(&folder)
            .arg("kasse-1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            stdout.read_to_string(&mut text).map(|_| text)
        });
        // Opening takes about 20 ms and a signature about 20 ms (three fsyncs) here.
        std::thread::sleep(Duration::from_micros(10_000 + random.below(190_000)));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(
            status.code().is_none(),
            "run {run}: the signing loop stopped by itself ({status}): {stderr}"
        );
        let output = reader.join().unwrap().unwrap();
        emitted.extend(counters(&output));
    }
    let elapsed = began.elapsed();

    assert!(
        emitted.windows(2).all(|pair| pair[0] < pair[1]),
        "a signature counter repeated or went backwards (seed {seed}): {emitted:?}"
    );
    assert!(
        emitted.len() >= RUNS,
        "too few signatures to mean anything: {}",
        emitted.len()
    );

    let tse = SoftwareTse::open(&folder, SoftwareTseOptions::default()).unwrap();
    let report = tse.self_test().unwrap();
    let mut archive = Vec::new();
    let summary = tse.export_tar(&mut archive).unwrap();
    let exported: Vec<u64> = summary
        .file_names
        .iter()
        .filter_map(|name| name.split("_Sig-").nth(1))
        .map(|rest| rest.split('_').next().unwrap().parse().unwrap())
        .collect();
    for counter in &emitted {
        assert!(
            exported.binary_search(counter).is_ok(),
            "signature {counter} was handed out but is not in the log"
        );
    }
    let highest = *emitted.last().unwrap();
    assert!(report.signature_counter >= highest);
    let gaps = report.signature_counter - exported.len() as u64;
    println!(
        "{RUNS} kills in {elapsed:?}: {} signatures handed out, {} logged, {gaps} counters skipped \
         by a kill between reservation and log, {} transactions left open",
        emitted.len(),
        exported.len(),
        report.open_transactions
    );
}
