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

/// A manager's approval on the command line, for changes beyond the store's limits (a price
/// change, a stock correction): `--manager NAME --manager-pin PIN` (`-` reads the PIN from stdin).
#[derive(Debug, clap::Args)]
pub struct ManagerArgs {
    /// The approving manager.
    #[arg(long, default_value = crate::usecases::reorder::DEFAULT_MANAGER)]
    pub manager: String,
    /// The manager's PIN (`-` reads it from standard input); asked only beyond the limits.
    #[arg(long)]
    pub manager_pin: Option<String>,
}

impl ManagerArgs {
    /// The PIN given, read from standard input for `-`.
    pub fn pin(&self) -> anyhow::Result<Option<String>> {
        self.manager_pin.as_deref().map(resolve).transpose()
    }

    /// The consent these arguments give, with `pin` from [`ManagerArgs::pin`].
    pub fn consent<'a>(
        &'a self,
        pin: Option<&'a str>,
    ) -> Option<crate::usecases::ManagerConsent<'a>> {
        pin.map(|pin| {
            crate::dto::ManagerPin {
                manager: &self.manager,
                pin,
            }
            .into()
        })
    }
}
