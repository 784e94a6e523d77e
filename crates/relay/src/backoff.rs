//! Exponential backoff with full jitter between attempts after transient failures.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// Doubles the ceiling after each failure up to a maximum; each wait is a random point below it,
/// so that many stores coming back online do not reconnect in lockstep.
#[derive(Debug, Clone)]
pub struct Backoff {
    initial: Duration,
    max: Duration,
    failures: u32,
}

impl Backoff {
    pub fn new(initial: Duration, max: Duration) -> Backoff {
        Backoff {
            initial: initial.max(Duration::from_millis(1)),
            max: max.max(initial),
            failures: 0,
        }
    }

    /// The ceiling of the next wait, without jitter.
    pub fn ceiling(&self) -> Duration {
        let factor = 1u32 << self.failures.min(20);
        self.initial.saturating_mul(factor).min(self.max)
    }

    /// Records a failure and returns how long to wait before the next attempt.
    pub fn next_wait(&mut self) -> Duration {
        let ceiling = self.ceiling();
        self.failures = self.failures.saturating_add(1);
        // Full jitter, but never less than half the ceiling so waits still grow.
        let half = ceiling / 2;
        half + half.mul_f64(random_unit())
    }

    pub fn reset(&mut self) {
        self.failures = 0;
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }
}

/// A random number in [0, 1) from the standard library's per-process random hasher keys.
fn random_unit() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default(),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_to_the_maximum_and_reset_after_success() {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(1));
        let waits: Vec<Duration> = (0..8).map(|_| backoff.next_wait()).collect();
        assert!(waits[0] >= Duration::from_millis(50) && waits[0] <= Duration::from_millis(100));
        assert!(waits[3] >= Duration::from_millis(400), "{waits:?}");
        assert!(
            waits.iter().all(|w| *w <= Duration::from_secs(1)),
            "{waits:?}"
        );
        assert_eq!(backoff.ceiling(), Duration::from_secs(1));
        backoff.reset();
        assert_eq!(backoff.ceiling(), Duration::from_millis(100));
    }

    #[test]
    fn jitter_spreads_the_waits() {
        let distinct: std::collections::HashSet<u128> = (0..20)
            .map(|_| {
                Backoff::new(Duration::from_secs(1), Duration::from_secs(1))
                    .next_wait()
                    .as_nanos()
            })
            .collect();
        assert!(distinct.len() > 10);
    }
}
