//! The start-up probe for the desktop benchmark (`scripts/bench-desktop`): with
//! `FILIALE_STARTUP_PROBE` set, the app prints one line when the cashier window says it is ready
//! to type in, hands the window a keystroke plan, and prints the window's measurements. Without
//! the variable both commands do nothing.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::time::Instant;
use tauri::State;

/// When the process started (as close to `main` as the shell gets) and whether to probe.
#[derive(Debug)]
pub struct StartupProbe {
    started: Instant,
    /// `FILIALE_STARTUP_PROBE`: `ready` prints only the ready line; `search` also asks the
    /// window to type the plan's queries and report keystroke-to-paint times.
    mode: Option<String>,
}

impl StartupProbe {
    pub fn from_env(started: Instant) -> Self {
        StartupProbe {
            started,
            mode: std::env::var("FILIALE_STARTUP_PROBE")
                .ok()
                .filter(|m| !m.is_empty()),
        }
    }
}

/// What the window should type, one keystroke at a time, waiting for the results each time.
#[derive(Debug, Serialize, specta::Type)]
pub struct KeystrokePlan {
    queries: Vec<String>,
    /// Rounds over all queries; the first one is a warm-up and not counted.
    rounds: u32,
}

/// The window's figures: milliseconds from a keystroke to its results painted, per search kind.
#[derive(Debug, Deserialize, specta::Type)]
pub struct KeystrokeReport {
    source: String,
    samples_ms: Vec<f64>,
}

/// Demo-catalogue queries as a cashier types them: names, a typo, a situation, a code.
const QUERIES: &[&str] = &[
    "blumenerde",
    "rasendünger",
    "gartenschere",
    "tomatensamen",
    "terakotta",
    "schnecken im salat",
    "GF-10002",
];

fn print_line(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// The cashier window can be typed in: print the time since start; in `search` mode return the plan.
#[tauri::command]
#[specta::specta]
pub fn probe_ready(probe: State<'_, StartupProbe>) -> Option<KeystrokePlan> {
    let mode = probe.mode.as_deref()?;
    let ms = probe.started.elapsed().as_secs_f64() * 1000.0;
    print_line(&format!("probe ready_ms={ms:.1}"));
    (mode == "search").then(|| KeystrokePlan {
        queries: QUERIES.iter().map(|q| (*q).to_owned()).collect(),
        rounds: 4,
    })
}

/// The window's keystroke measurements, printed one line per search kind.
#[tauri::command]
#[specta::specta]
pub fn probe_report(probe: State<'_, StartupProbe>, report: KeystrokeReport) {
    if probe.mode.is_none() {
        return;
    }
    let samples: Vec<String> = report
        .samples_ms
        .iter()
        .map(|ms| format!("{ms:.2}"))
        .collect();
    print_line(&format!(
        "probe keystroke source={} samples_ms={}",
        report.source.replace(char::is_whitespace, "_"),
        samples.join(",")
    ));
}
