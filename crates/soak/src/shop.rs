//! A store to sell in: a fresh data directory set up with the real `filiale` CLI, a small catalogue
//! with all three VAT rates, and random sales as `filiale sell` command lines.

use anyhow::{Context, bail};
use rand::Rng;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The catalogue every soak store sells from: one article per VAT rate, stock for millions of sales.
pub const CATALOGUE: &str = "sku;ean;name;category;unit;price;vat_rate;stock;reorder_point\n\
SOAK-1;;Gießkanne 10 l;Bewässerung;Stk;12,99;19;1000000;0\n\
SOAK-2;;Tomatensamen Harzfeuer;Saatgut;Pck;2,49;7;1000000;0\n\
SOAK-3;;Gutschein Gartenkurs;Gutscheine;Stk;25,00;0;1000000;0\n\
SOAK-4;;Blumenerde torffrei 40 l;Erden & Substrate;Sack;8,95;19;1000000;0\n";

const SKUS: [&str; 4] = ["SOAK-1", "SOAK-2", "SOAK-3", "SOAK-4"];

/// A store data directory driven through the `filiale` binary.
#[derive(Debug, Clone)]
pub struct Shop {
    pub filiale: PathBuf,
    pub data_dir: PathBuf,
    pub store_id: String,
}

impl Shop {
    /// Creates the store `store_id` in `data_dir` (which must not hold one yet) and imports the catalogue.
    pub fn create(filiale: &Path, data_dir: &Path, store_id: &str) -> anyhow::Result<Shop> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create {}", data_dir.display()))?;
        let shop = Shop {
            filiale: filiale.to_owned(),
            data_dir: data_dir.to_owned(),
            store_id: store_id.to_owned(),
        };
        shop.ok(&[
            "init",
            "--store-id",
            store_id,
            "--store-name",
            "Soak-Filiale",
        ])?;
        let csv = data_dir.join("soak-artikel.csv");
        std::fs::write(&csv, CATALOGUE)?;
        shop.ok(&["import", "articles", &csv.to_string_lossy()])?;
        Ok(shop)
    }

    /// Appends a `[nats.relay]` table to the store's config file (e.g. a shorter relay lease).
    pub fn configure_relay(&self, toml_lines: &str) -> anyhow::Result<()> {
        use std::io::Write;
        let path = self.data_dir.join("filiale.toml");
        let mut file = std::fs::OpenOptions::new().append(true).open(&path)?;
        write!(file, "\n[nats.relay]\n{toml_lines}\n")?;
        Ok(())
    }

    pub fn database(&self) -> PathBuf {
        self.data_dir.join("filiale.sqlite")
    }

    /// A `filiale --data-dir DIR ARGS` command with failpoints cleared and output captured.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.filiale);
        command
            .arg("--data-dir")
            .arg(&self.data_dir)
            .args(args)
            .env_remove("FILIALE_FAILPOINTS")
            .env_remove("FILIALE_NATS_URL")
            .env_remove("FILIALE_DATA_DIR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> anyhow::Result<String> {
        let out = self.command(args).output()?;
        check(args, &out)
    }

    /// A `filiale sell` command for a random cart of one to three lines, paid by card or cash.
    pub fn random_sale(&self, rng: &mut impl Rng) -> Command {
        let mut args: Vec<String> = vec!["sell".into()];
        for _ in 0..rng.random_range(1..=3) {
            let sku = SKUS[rng.random_range(0..SKUS.len())];
            args.push("--line".into());
            args.push(format!("{sku}:{}", rng.random_range(1..=4)));
        }
        args.push("--pay".into());
        args.push(if rng.random_bool(0.5) { "card" } else { "cash" }.into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.command(&args)
    }
}

fn check(args: &[&str], out: &Output) -> anyhow::Result<String> {
    if !out.status.success() {
        bail!(
            "filiale {} failed ({}): {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The receipt number `filiale sell` printed (`Bon-Nr. 17   ...`), if it got that far.
pub fn printed_receipt(stdout: &str) -> Option<i64> {
    // Only whole lines count: a line without its newline was not printed completely.
    let complete = stdout.rsplit_once('\n').map_or("", |(done, _)| done);
    complete.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("Bon-Nr. ")?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_receipt_number_only_from_a_complete_line() {
        assert_eq!(
            printed_receipt("   Soak\n-----\nBon-Nr. 17   26.11.2026 13:54 UTC\n"),
            Some(17)
        );
        assert_eq!(printed_receipt("   Soak\n-----\n"), None);
        assert_eq!(printed_receipt("Bon-Nr. "), None);
        assert_eq!(printed_receipt("Bon-Nr. 17   26.11."), None, "cut off");
    }
}
