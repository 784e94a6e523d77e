//! Named failpoints: places in the code where a test can make the process fail on purpose.
//!
//! A failpoint is a call to [`hit`] with a stable name such as `"sale.after_outbox"`. In normal
//! operation nothing is configured and `hit` is a cheap check of an empty table. A test configures
//! an action for a name, either in-process with [`set`] or for a child process through the
//! environment variable `FILIALE_FAILPOINTS` (`name=action;name=action`), read once by
//! [`configure_from_env`]. Actions:
//!
//! - `error`: `hit` returns [`Injected`], so the caller's use case fails and must roll back;
//! - `abort`: the process aborts on the spot, like a power cut or a `SIGKILL`;
//! - `panic`: the thread panics;
//! - `N*action`: the action fires on the N-th hit only (`3*abort` aborts on the third hit).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The environment variable a child process reads its failpoints from.
pub const ENV_VAR: &str = "FILIALE_FAILPOINTS";

/// The error a failpoint configured with `error` returns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("failpoint {0} fired")]
pub struct Injected(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Error,
    Abort,
    Panic,
}

#[derive(Debug, Clone, Copy)]
struct Rule {
    action: Action,
    /// Fire on this hit number only (1-based); `None` fires on every hit.
    on_hit: Option<u32>,
    hits: u32,
}

/// Whether any failpoint is configured; lets `hit` skip the lock on the hot path.
static ARMED: AtomicBool = AtomicBool::new(false);
/// A std mutex: the table is touched only in tests and never held across an await.
static RULES: Mutex<Option<HashMap<String, Rule>>> = Mutex::new(None);

/// Why a failpoint specification could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad failpoint specification {0:?}: expected name=[N*]error|abort|panic")]
pub struct BadSpec(pub String);

/// Configures failpoints from `FILIALE_FAILPOINTS`, if set. Call once at process start.
pub fn configure_from_env() -> Result<(), BadSpec> {
    match std::env::var(ENV_VAR) {
        Ok(spec) if !spec.trim().is_empty() => configure(&spec),
        _ => Ok(()),
    }
}

/// Configures failpoints from a specification such as `sale.after_outbox=abort;relay.publish=2*error`.
pub fn configure(spec: &str) -> Result<(), BadSpec> {
    for part in spec.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, action) = part
            .split_once('=')
            .ok_or_else(|| BadSpec(part.to_owned()))?;
        set(name.trim(), action.trim()).map_err(|_| BadSpec(part.to_owned()))?;
    }
    Ok(())
}

/// Sets the action of one failpoint (`error`, `abort`, `panic`, optionally prefixed by `N*`).
pub fn set(name: &str, action: &str) -> Result<(), BadSpec> {
    let (on_hit, action) = match action.split_once('*') {
        Some((n, rest)) => (
            Some(
                n.trim()
                    .parse::<u32>()
                    .map_err(|_| BadSpec(action.to_owned()))?,
            ),
            rest.trim(),
        ),
        None => (None, action),
    };
    let action = match action {
        "error" => Action::Error,
        "abort" => Action::Abort,
        "panic" => Action::Panic,
        _ => return Err(BadSpec(action.to_owned())),
    };
    let mut rules = RULES.lock().unwrap_or_else(|e| e.into_inner());
    rules.get_or_insert_with(HashMap::new).insert(
        name.to_owned(),
        Rule {
            action,
            on_hit,
            hits: 0,
        },
    );
    ARMED.store(true, Ordering::SeqCst);
    Ok(())
}

/// Removes every configured failpoint.
pub fn clear() {
    let mut rules = RULES.lock().unwrap_or_else(|e| e.into_inner());
    *rules = None;
    ARMED.store(false, Ordering::SeqCst);
}

/// Passes the failpoint `name`: returns `Ok(())` unless a test configured it to fail here.
pub fn hit(name: &str) -> Result<(), Injected> {
    if !ARMED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let action = {
        let mut rules = RULES.lock().unwrap_or_else(|e| e.into_inner());
        let Some(rule) = rules.as_mut().and_then(|r| r.get_mut(name)) else {
            return Ok(());
        };
        rule.hits += 1;
        match rule.on_hit {
            Some(n) if n != rule.hits => return Ok(()),
            _ => rule.action,
        }
    };
    match action {
        Action::Error => Err(Injected(name.to_owned())),
        Action::Abort => {
            eprintln!("failpoint {name}: aborting the process");
            std::process::abort()
        }
        Action::Panic => panic!("failpoint {name} fired"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unconfigured_failpoints_pass_and_configured_ones_fire_on_their_hit() {
        clear();
        assert_eq!(hit("x.unset"), Ok(()));
        configure("x.second=2*error").unwrap();
        assert_eq!(hit("x.second"), Ok(()));
        assert_eq!(hit("x.second"), Err(Injected("x.second".into())));
        assert_eq!(hit("x.second"), Ok(()));
        assert!(configure("x=explode").is_err());
        assert!(configure("no-equals-sign").is_err());
        clear();
    }
}
