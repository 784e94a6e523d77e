//! PIN arguments: `--pin -` reads the PIN from a line of standard input, so that it appears neither
//! in the process list nor in the shell history. PINs are never printed or logged.

use anyhow::Context;
use std::io::BufRead;

/// The PIN given as `value`, or — for `-` — the next line of standard input.
pub fn resolve(value: &str) -> anyhow::Result<String> {
    if value != "-" {
        return Ok(value.to_owned());
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the PIN from standard input")?;
    let pin = line.trim_end_matches(['\r', '\n']).to_owned();
    anyhow::ensure!(!pin.is_empty(), "no PIN on standard input");
    Ok(pin)
}
