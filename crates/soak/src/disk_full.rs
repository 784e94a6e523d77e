//! Full disk: a sale that does not fit is refused with a clear message and leaves nothing behind,
//! and the same long-lived process sells again as soon as space is free — no restart.
//!
//! The store lives on a small tmpfs mounted for the run (`mount -t tmpfs -o size=...`, needs root or
//! CAP_SYS_ADMIN), which a filler file fills up to the last byte: the real ENOSPC path. Where
//! mounting is forbidden, the same cycle runs with SQLite's `max_page_count` capped at the current
//! size of the file instead, which SQLite reports with the same SQLITE_FULL code.

use crate::audit::audit_connection;
use crate::binaries;
use crate::report::Report;
use crate::shop::Shop;
use anyhow::{Context, bail};
use chrono::Utc;
use filiale_domain::{Cart, Quantity, Sale, Tender};
use filiale_store::{Store, StoreError, articles, sales};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// How a disk-full run goes.
#[derive(Debug, Clone)]
pub struct DiskFull {
    /// Full-disk / free-space cycles in the long-lived process.
    pub cycles: u32,
    /// Size of the tmpfs in MiB.
    pub size_mib: u32,
    /// Skip the tmpfs and cap SQLite's page count instead.
    pub page_cap_only: bool,
}

/// How the disk is made full and free again.
enum Squeeze {
    /// A real small file system, filled by a file.
    Tmpfs {
        mount_point: PathBuf,
        filler: PathBuf,
    },
    /// The database file may not grow past its current page count.
    PageCap,
}

/// A mounted tmpfs, unmounted when dropped.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

pub fn run(config: &DiskFull) -> anyhow::Result<Report> {
    let started = Instant::now();
    let mut report = Report::new("disk-full: sales on a full disk, then free space, same process");
    let filiale = binaries::filiale()?;
    let temp = tempfile::tempdir()?;
    let mount_point = temp.path().join("small-disk");
    std::fs::create_dir_all(&mount_point)?;
    let mut _mounted = None;
    let squeeze = if config.page_cap_only {
        Squeeze::PageCap
    } else {
        match mount_tmpfs(&mount_point, config.size_mib) {
            Ok(()) => {
                _mounted = Some(Mounted(mount_point.clone()));
                Squeeze::Tmpfs {
                    filler: mount_point.join("filler.bin"),
                    mount_point: mount_point.clone(),
                }
            }
            Err(why) => {
                eprintln!(
                    "disk-full: cannot mount a tmpfs ({why:#}); capping SQLite's page count instead"
                );
                Squeeze::PageCap
            }
        }
    };
    report.row(
        "full disk made by",
        match &squeeze {
            Squeeze::Tmpfs { .. } => {
                format!("tmpfs of {} MiB filled to the last byte", config.size_mib)
            }
            Squeeze::PageCap => "SQLite max_page_count at the file's size".to_owned(),
        },
    );
    let data_dir = mount_point.join("store");
    let shop = Shop::create(&filiale, &data_dir, "soak-disk")?;
    shop.ok(&["sell", "--line", "SOAK-1:1", "--pay", "card"])?;
    // First the command line: a cashier's `filiale sell` on the full disk.
    if let Squeeze::Tmpfs { filler, .. } = &squeeze {
        fill_to_the_last_byte(filler)?;
        cli_on_full_disk(&shop, &mut report)?;
        std::fs::remove_file(filler)?;
        let out = shop.ok(&["sell", "--line", "SOAK-1:1", "--pay", "card"])?;
        if crate::shop::printed_receipt(&out) != Some(2) {
            report.fail(format!(
                "after freeing space `filiale sell` printed {out:?}, expected receipt 2: the refused sale left a trace"
            ));
        }
    } else {
        shop.ok(&["sell", "--line", "SOAK-1:1", "--pay", "card"])?;
        report.row(
            "`filiale sell` on the full disk",
            "not run (no small file system)",
        );
    }
    // Then one long-lived process, the way the desktop app holds the store open all day.
    let store =
        Store::open(&shop.database(), &shop.store_id).context("open the store in-process")?;
    let cart = cart(&store)?;

    let mut confirmed: BTreeSet<i64> = [1, 2].into();
    let mut refused = 0u32;
    let mut sold_while_full = 0u32;
    for cycle in 1..=config.cycles {
        confirmed.insert(
            sell(&store, &cart)
                .context("a sale with free space")?
                .receipt_no,
        );
        squeeze.fill(&store)?;
        // A sale may still fit in space SQLite already holds; keep selling until one does not.
        let mut refusal = None;
        for _ in 0..2000 {
            match sell(&store, &cart) {
                Ok(sale) => {
                    sold_while_full += 1;
                    confirmed.insert(sale.receipt_no);
                }
                Err(error) => {
                    refusal = Some(error);
                    break;
                }
            }
        }
        match refusal {
            None => report.fail(format!("cycle {cycle}: 2000 sales fitted on the full disk")),
            Some(error @ StoreError::DiskFull) => {
                refused += 1;
                report.row(
                    "the long-lived process says",
                    format!("{:?}", error.to_string()),
                );
            }
            Some(other) => report.fail(format!(
                "cycle {cycle}: refused with an unclear error: {other}"
            )),
        }
        // Nothing half written: the books are consistent with only the sales that were confirmed.
        let audit = store.read(|c| {
            audit_connection(c, &confirmed).map_err(|e| StoreError::Malformed(format!("{e:#}")))
        })?;
        if audit.sales != confirmed.len() as i64 {
            report.fail(format!(
                "cycle {cycle}: {} sales stored, {} confirmed: the refused sale left a trace",
                audit.sales,
                confirmed.len()
            ));
        }
        for problem in audit.problems {
            report.fail(format!("cycle {cycle}, disk full: {problem}"));
        }
        squeeze.free(&store)?;
        match sell(&store, &cart) {
            Ok(sale) => {
                if sale.receipt_no != confirmed.len() as i64 + 1 {
                    report.fail(format!(
                        "cycle {cycle}: after freeing space the receipt is {}, expected {}",
                        sale.receipt_no,
                        confirmed.len() + 1
                    ));
                }
                confirmed.insert(sale.receipt_no);
            }
            Err(error) => report.fail(format!(
                "cycle {cycle}: the same process does not sell after space is free: {error}"
            )),
        }
    }
    let audit = store.read(|c| {
        audit_connection(c, &confirmed).map_err(|e| StoreError::Malformed(format!("{e:#}")))
    })?;
    for problem in &audit.problems {
        report.fail(format!("final audit: {problem}"));
    }
    report.row("cycles", config.cycles);
    report.row("sales refused (disk full)", refused);
    report.row("sales that still fitted", sold_while_full);
    report.row("sales confirmed", confirmed.len());
    report.row("sales in the store", audit.sales);
    report.row("sales lost", audit.lost_sales.len());
    for lost in &audit.lost_sales {
        report.fail(format!("confirmed receipt {lost} is gone"));
    }
    report.row(
        "time (s)",
        format!("{:.1}", started.elapsed().as_secs_f64()),
    );
    drop(store);
    Ok(report)
}

/// `filiale sell` on the full disk: refused with a message that says so, nothing written.
/// (That nothing was written shows in the receipt number of the next sale.)
fn cli_on_full_disk(shop: &Shop, report: &mut Report) -> anyhow::Result<()> {
    let out = shop
        .command(&["sell", "--line", "SOAK-1:1", "--pay", "card"])
        .output()?;
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    report.row(
        "`filiale sell` on the full disk says",
        format!("{stderr:?}"),
    );
    if out.status.success() {
        // Possible where the sale fitted in space SQLite held already; then it must be stored.
        report.row("`filiale sell` on the full disk", "sold (fitted)");
        return Ok(());
    }
    if !stderr.to_lowercase().contains("disk is full") {
        report.fail(format!(
            "`filiale sell` on a full disk does not say the disk is full ({stderr:?})"
        ));
    }
    Ok(())
}

impl Squeeze {
    fn fill(&self, store: &Store) -> anyhow::Result<()> {
        match self {
            Squeeze::Tmpfs { filler, .. } => fill_to_the_last_byte(filler),
            Squeeze::PageCap => Ok(store.freeze_size(true)?),
        }
    }

    fn free(&self, store: &Store) -> anyhow::Result<()> {
        match self {
            Squeeze::Tmpfs {
                filler,
                mount_point,
            } => {
                std::fs::remove_file(filler)
                    .with_context(|| format!("free space on {}", mount_point.display()))?;
                Ok(())
            }
            Squeeze::PageCap => Ok(store.freeze_size(false)?),
        }
    }
}

fn mount_tmpfs(at: &Path, size_mib: u32) -> anyhow::Result<()> {
    let out = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size_mib}m,mode=0700"),
            "tmpfs",
        ])
        .arg(at)
        .output()
        .context("cannot run mount")?;
    if !out.status.success() {
        bail!("{}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// Writes `path` until the file system says it is full (ENOSPC), then syncs it.
fn fill_to_the_last_byte(path: &Path) -> anyhow::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    for chunk in [1 << 20, 1 << 12, 1] {
        let block = vec![0x5a_u8; chunk];
        loop {
            match file.write(&block) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.raw_os_error() == Some(28) => break,
                Err(e) => return Err(e).context("filling the disk"),
            }
        }
    }
    let _ = file.sync_all();
    Ok(())
}

fn cart(store: &Store) -> anyhow::Result<Cart> {
    let mut cart = Cart::new();
    for (sku, qty) in [("SOAK-1", 1), ("SOAK-2", 3), ("SOAK-3", 1)] {
        let article = store.read(|c| articles::require(c, sku))?;
        cart.add(&article.article, Quantity::new(qty)?)?;
    }
    Ok(cart)
}

fn sell(store: &Store, cart: &Cart) -> Result<Sale, StoreError> {
    store.write(Utc::now(), |tx| {
        sales::record_sale(tx, cart, Tender::Card, None)
    })
}
