//! Flaky network: thousands of sales through `filiale sell` while the relay (`filiale relay`) is
//! killed and `nats-server` is stopped and started every few seconds. At the end head office must
//! hold exactly the committed events: every outbox event once in its inbox, none it should not have;
//! the stream itself is checked message by message (duplicates there are counted, the inbox
//! deduplicates them by store_seq).

use crate::audit::audit;
use crate::binaries;
use crate::nats::{NatsServer, read_stream};
use crate::report::Report;
use crate::shop::{Shop, printed_receipt};
use anyhow::Context;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rusqlite::{Connection, OpenFlags};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How a flaky-network run goes.
#[derive(Debug, Clone)]
pub struct FlakyNetwork {
    pub sales: u64,
    /// Processes selling at the same time.
    pub sellers: u32,
    pub seed: u64,
    /// Mean seconds between two disruptions.
    pub disrupt_every_secs: f64,
    /// How long to wait for head office to catch up once the sales are made.
    pub settle_timeout: Duration,
}

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

const STORE_ID: &str = "soak-net";

pub fn run(config: &FlakyNetwork) -> anyhow::Result<Report> {
    let started = Instant::now();
    let mut report = Report::new(format!(
        "flaky-network: {} sales while the relay and nats-server come and go",
        config.sales
    ));
    report.row("seed", config.seed);
    let filiale = binaries::filiale()?;
    let hq_bin = binaries::filiale_hq()?;
    let temp = tempfile::tempdir()?;
    let mut nats = NatsServer::start(&temp.path().join("nats"))?;
    let url = nats.url();
    let shop = Shop::create(&filiale, &temp.path().join("store"), STORE_ID)?;
    // A killed relay's lease is taken over after 3 s instead of 30 s, so the run is not mostly waiting.
    shop.configure_relay("lease_ttl_ms = 3000")?;
    let hq_dir = temp.path().join("hq");
    std::fs::create_dir_all(&hq_dir)?;
    let start_relay = || -> anyhow::Result<Running> {
        Ok(Running(
            shop.command(&["relay", "--nats-url", &url])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?,
        ))
    };
    let start_hq = || -> anyhow::Result<Running> {
        Ok(Running(
            Command::new(&hq_bin)
                .arg("--data-dir")
                .arg(&hq_dir)
                .args(["--nats-url", &url, "run"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?,
        ))
    };
    let mut relay = start_relay()?;
    let mut hq = start_hq()?;

    let sold = Arc::new(AtomicU64::new(0));
    let confirmed = Arc::new(Mutex::new(BTreeSet::new()));
    let refusals = Arc::new(Mutex::new(Vec::new()));
    let slowest_ms = Arc::new(AtomicU64::new(0));
    let sellers: Vec<_> = (0..config.sellers.max(1))
        .map(|n| {
            let (shop, sold, confirmed, refusals, slowest_ms) = (
                shop.clone(),
                sold.clone(),
                confirmed.clone(),
                refusals.clone(),
                slowest_ms.clone(),
            );
            let (target, seed) = (config.sales, config.seed.wrapping_add(u64::from(n) + 1));
            std::thread::spawn(move || {
                let mut rng = SmallRng::seed_from_u64(seed);
                while sold.fetch_add(1, Ordering::SeqCst) < target {
                    let start = Instant::now();
                    match shop.random_sale(&mut rng).output() {
                        Ok(out) if out.status.success() => {
                            let stdout = String::from_utf8_lossy(&out.stdout);
                            match printed_receipt(&stdout) {
                                Some(receipt) => {
                                    confirmed.lock().unwrap().insert(receipt);
                                }
                                None => refusals.lock().unwrap().push("no receipt printed".into()),
                            }
                        }
                        Ok(out) => refusals
                            .lock()
                            .unwrap()
                            .push(String::from_utf8_lossy(&out.stderr).trim().to_owned()),
                        Err(e) => refusals.lock().unwrap().push(e.to_string()),
                    }
                    slowest_ms.fetch_max(start.elapsed().as_millis() as u64, Ordering::Relaxed);
                }
            })
        })
        .collect();

    let mut rng = SmallRng::seed_from_u64(config.seed);
    let (mut nats_restarts, mut relay_kills, mut hq_restarts) = (0u64, 0u64, 0u64);
    let mut last_progress = Instant::now();
    while sellers.iter().any(|s| !s.is_finished()) {
        let pause = config.disrupt_every_secs * rng.random_range(0.5..1.5);
        std::thread::sleep(Duration::from_secs_f64(pause));
        let roll: f64 = rng.random();
        if roll < 0.75 {
            nats.down();
            nats_restarts += 1;
            std::thread::sleep(Duration::from_millis(rng.random_range(200..2500)));
            nats.up()?;
        }
        if roll >= 0.5 {
            drop(relay);
            relay_kills += 1;
            std::thread::sleep(Duration::from_millis(rng.random_range(0..1000)));
            relay = start_relay()?;
        }
        if hq.0.try_wait()?.is_some() {
            hq_restarts += 1;
            hq = start_hq()?;
        }
        if last_progress.elapsed() > Duration::from_secs(30) {
            last_progress = Instant::now();
            eprintln!(
                "flaky-network: {} of {} sales started, {} nats restarts, {} relay kills, {:.0?}",
                sold.load(Ordering::SeqCst).min(config.sales),
                config.sales,
                nats_restarts,
                relay_kills,
                started.elapsed()
            );
        }
    }
    for seller in sellers {
        let _ = seller.join();
    }
    let selling_time = started.elapsed();
    nats.up()?;
    if hq.0.try_wait()?.is_some() {
        hq_restarts += 1;
        hq = start_hq()?;
    }

    let confirmed = confirmed.lock().unwrap().clone();
    for refusal in refusals.lock().unwrap().iter().take(20) {
        report.fail(format!(
            "a sale was refused while the network flapped: {refusal}"
        ));
    }
    // Everything committed must reach head office once the network is back.
    let settle_start = Instant::now();
    let outbox = outbox_events(&shop.database())?;
    let settled = wait_until(config.settle_timeout, || {
        Ok(pending(&shop.database())? == 0 && inbox_count(&hq_dir)? >= outbox.len() as i64)
    })?;
    let settle_time = settle_start.elapsed();
    if !settled {
        report.fail(format!(
            "head office did not catch up within {:?}: {} pending in the outbox, {} of {} events in the inbox",
            config.settle_timeout,
            pending(&shop.database())?,
            inbox_count(&hq_dir)?,
            outbox.len()
        ));
    }
    drop(relay);
    drop(hq);

    let store_audit = audit(&shop.database(), &confirmed)?;
    for problem in &store_audit.problems {
        report.fail(format!("store: {problem}"));
    }
    let dead = dead_letters(&shop.database())?;
    if dead > 0 {
        report.fail(format!("{dead} events became dead letters"));
    }
    let stream = compare_stream(&url, &outbox, &mut report)?;
    let inbox = compare_inbox(&hq_dir, &outbox, &mut report)?;

    report.row("sellers", config.sellers);
    report.row("sales confirmed", confirmed.len());
    report.row("sales in the store", store_audit.sales);
    report.row("sales lost", store_audit.lost_sales.len());
    for lost in &store_audit.lost_sales {
        report.fail(format!("confirmed receipt {lost} is gone from the store"));
    }
    report.row("slowest sale (ms)", slowest_ms.load(Ordering::Relaxed));
    report.row("nats-server restarts", nats_restarts);
    report.row("relay kills", relay_kills);
    report.row("head office restarts", hq_restarts);
    report.row("events committed (outbox)", outbox.len());
    report.row("dead letters", dead);
    report.row("stream messages", stream.messages);
    report.row("stream duplicates", stream.duplicates);
    report.row("stream missing", stream.missing);
    report.row("head office inbox events", inbox.rows);
    report.row("head office missing", inbox.missing);
    report.row("head office extra", inbox.extra);
    report.row("head office receipts", inbox.receipts);
    if inbox.receipts != store_audit.sales {
        report.fail(format!(
            "head office counts {} receipts, the store {}",
            inbox.receipts, store_audit.sales
        ));
    }
    report.row(
        "selling time (s)",
        format!("{:.1}", selling_time.as_secs_f64()),
    );
    report.row(
        "catch-up time (s)",
        format!("{:.1}", settle_time.as_secs_f64()),
    );
    report.row(
        "time (s)",
        format!("{:.1}", started.elapsed().as_secs_f64()),
    );
    Ok(report)
}

/// Every outbox event: store_seq -> (event_id, envelope).
fn outbox_events(database: &Path) -> anyhow::Result<BTreeMap<i64, (String, String)>> {
    let conn = read_only(database)?;
    let mut stmt = conn.prepare("SELECT store_seq, event_id, envelope FROM outbox")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn pending(database: &Path) -> anyhow::Result<i64> {
    Ok(read_only(database)?.query_row(
        "SELECT COUNT(*) FROM outbox WHERE published_at IS NULL AND dead_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

fn dead_letters(database: &Path) -> anyhow::Result<i64> {
    Ok(read_only(database)?.query_row(
        "SELECT COUNT(*) FROM outbox WHERE dead_at IS NOT NULL",
        [],
        |r| r.get(0),
    )?)
}

fn hq_database(hq_dir: &Path) -> PathBuf {
    hq_dir.join("hq.sqlite")
}

fn inbox_count(hq_dir: &Path) -> anyhow::Result<i64> {
    if !hq_database(hq_dir).exists() {
        return Ok(0);
    }
    let conn = read_only(&hq_database(hq_dir))?;
    Ok(conn
        .query_row(
            "SELECT COUNT(*) FROM inbox WHERE store_id = ?1",
            [STORE_ID],
            |r| r.get(0),
        )
        .unwrap_or(0))
}

fn read_only(path: &Path) -> anyhow::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("open {}", path.display()))?;
    conn.busy_timeout(Duration::from_secs(30))?;
    Ok(conn)
}

fn wait_until(
    timeout: Duration,
    mut done: impl FnMut() -> anyhow::Result<bool>,
) -> anyhow::Result<bool> {
    let deadline = Instant::now() + timeout;
    loop {
        if done()? {
            return Ok(true);
        }
        if Instant::now() > deadline {
            return Ok(false);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[derive(Debug, Default)]
struct StreamTally {
    messages: usize,
    duplicates: usize,
    missing: usize,
}

/// Every committed event is in the stream with its exact envelope; duplicates are counted.
fn compare_stream(
    url: &str,
    outbox: &BTreeMap<i64, (String, String)>,
    report: &mut Report,
) -> anyhow::Result<StreamTally> {
    let messages = read_stream(url, &format!("erp.{STORE_ID}.>"))?;
    let by_id: BTreeMap<&str, &str> = outbox
        .values()
        .map(|(id, envelope)| (id.as_str(), envelope.as_str()))
        .collect();
    let mut seen = BTreeSet::new();
    let mut tally = StreamTally {
        messages: messages.len(),
        ..StreamTally::default()
    };
    for message in &messages {
        let envelope: serde_json::Value =
            serde_json::from_slice(&message.payload).unwrap_or_default();
        let event_id = envelope["event_id"].as_str().unwrap_or_default().to_owned();
        if message.msg_id.as_deref() != Some(event_id.as_str()) {
            report.fail(format!(
                "message {event_id:?}: Nats-Msg-Id {:?}",
                message.msg_id
            ));
        }
        match by_id.get(event_id.as_str()) {
            None => report.fail(format!(
                "stream holds an event the store never committed: {event_id:?}"
            )),
            Some(stored) if stored.as_bytes() != message.payload.as_slice() => {
                report.fail(format!("event {event_id}: payload differs from the outbox"))
            }
            Some(_) => {}
        }
        if !seen.insert(event_id) {
            tally.duplicates += 1;
        }
    }
    for (seq, (id, _)) in outbox {
        if !seen.contains(id) {
            tally.missing += 1;
            if tally.missing <= 20 {
                report.fail(format!(
                    "event store_seq {seq} ({id}) never reached the stream"
                ));
            }
        }
    }
    Ok(tally)
}

#[derive(Debug, Default)]
struct InboxTally {
    rows: usize,
    missing: usize,
    extra: usize,
    receipts: i64,
}

/// Head office applied every committed event exactly once (its inbox is keyed by store_seq).
fn compare_inbox(
    hq_dir: &Path,
    outbox: &BTreeMap<i64, (String, String)>,
    report: &mut Report,
) -> anyhow::Result<InboxTally> {
    let conn = read_only(&hq_database(hq_dir))?;
    let mut stmt = conn.prepare("SELECT store_seq, event_id FROM inbox WHERE store_id = ?1")?;
    let inbox: BTreeMap<i64, String> = stmt
        .query_map([STORE_ID], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut tally = InboxTally {
        rows: inbox.len(),
        receipts: conn
            .query_row(
                "SELECT COALESCE(SUM(receipts), 0) FROM daily_sales WHERE store_id = ?1",
                [STORE_ID],
                |r| r.get(0),
            )
            .unwrap_or(-1),
        ..InboxTally::default()
    };
    for (seq, (id, _)) in outbox {
        match inbox.get(seq) {
            None => {
                tally.missing += 1;
                if tally.missing <= 20 {
                    report.fail(format!("head office never applied store_seq {seq}"));
                }
            }
            Some(applied) if applied != id => report.fail(format!(
                "head office applied {applied} as store_seq {seq}, the store committed {id}"
            )),
            Some(_) => {}
        }
    }
    for seq in inbox.keys().filter(|seq| !outbox.contains_key(seq)) {
        tally.extra += 1;
        report.fail(format!(
            "head office holds store_seq {seq} the store never committed"
        ));
    }
    Ok(tally)
}
