//! Relay and head office throughput on loopback against a real nats-server, with the raw
//! async-nats publish of the same payloads as baseline. Prints a table.
//!
//!     cargo bench -p filiale-relay --bench relay            (EVENTS=20000 for a quicker run)

#[path = "../tests/support/nats_server.rs"]
mod nats_server;

use async_nats::jetstream::{self, message::PublishMessage};
use chrono::Utc;
use filiale_domain::events::{SoldLine, VatLine};
use filiale_domain::{ArticleDraft, Cart, Cents, DomainEvent, Quantity, Tender, VatRate};
use filiale_relay::{NatsConfig, Relay};
use filiale_store::{Store, articles, outbox, sales};
use nats_server::NatsServer;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn sale_event(receipt_no: i64) -> DomainEvent {
    let line = |sku: &str, cents: i64, rate: VatRate| SoldLine {
        sku: sku.into(),
        quantity: 1,
        unit_price_cents: Cents::new(cents),
        discount_cents: Cents::ZERO,
        line_total_cents: Cents::new(cents),
        vat_rate: rate,
    };
    DomainEvent::SaleCompleted {
        receipt_no,
        total_cents: Cents::new(1598),
        method: "card".into(),
        change_cents: Cents::ZERO,
        customer_no: None,
        lines: vec![
            line("GF-10001", 1299, VatRate::Standard),
            line("GF-20002", 299, VatRate::Reduced),
        ],
        vat: vec![
            VatLine {
                rate: VatRate::Standard,
                net_cents: Cents::new(1092),
                vat_cents: Cents::new(207),
                gross_cents: Cents::new(1299),
            },
            VatLine {
                rate: VatRate::Reduced,
                net_cents: Cents::new(279),
                vat_cents: Cents::new(20),
                gross_cents: Cents::new(299),
            },
        ],
    }
}

/// A store whose outbox holds `count` sale events (written 10,000 per transaction).
fn backlog(dir: &std::path::Path, store_id: &str, count: usize) -> Arc<Store> {
    let store = Arc::new(Store::open(&dir.join(format!("{store_id}.sqlite")), store_id).unwrap());
    let mut written = 0;
    while written < count {
        let chunk = (count - written).min(10_000);
        store
            .write(Utc::now(), |tx| {
                for i in 0..chunk {
                    tx.emit(&sale_event((written + i) as i64 + 1))?;
                }
                Ok::<_, filiale_store::StoreError>(())
            })
            .unwrap();
        written += chunk;
    }
    store
}

fn config(url: &str, batch: usize) -> NatsConfig {
    let mut config = NatsConfig::default().with_servers(url);
    config.relay.batch_size = batch;
    config.relay.poll_interval_ms = 5_000;
    config
}

/// The baseline: the same payloads and msg ids, published with the same number in flight,
/// straight from memory into a stream of the same kind.
async fn raw_publish(url: &str, rows: &[outbox::PendingEvent], window: usize) -> Duration {
    let client = async_nats::connect(url).await.unwrap();
    let js = jetstream::context::ContextBuilder::new()
        .max_ack_inflight(window * 2)
        .build(client);
    js.create_stream(jetstream::stream::Config {
        name: format!("RAW_{window}"),
        subjects: vec![format!("raw{window}.>")],
        storage: jetstream::stream::StorageType::File,
        duplicate_window: Duration::from_secs(3600),
        ..Default::default()
    })
    .await
    .unwrap();
    let started = Instant::now();
    for chunk in rows.chunks(window) {
        let mut acks = Vec::with_capacity(chunk.len());
        for row in chunk {
            let message = PublishMessage::build()
                .payload(bytes::Bytes::from(row.envelope.clone()))
                .message_id(row.event_id.as_str());
            acks.push(
                js.send_publish(format!("raw{window}.{}", row.subject), message)
                    .await
                    .unwrap(),
            );
        }
        for ack in futures_util::future::join_all(
            acks.into_iter().map(std::future::IntoFuture::into_future),
        )
        .await
        {
            ack.unwrap();
        }
    }
    started.elapsed()
}

async fn relay_drain(store: Arc<Store>, url: &str, batch: usize) -> Duration {
    let relay = Relay::new(store.clone(), config(url, batch));
    let started = Instant::now();
    let summary = relay.drain().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(store.read(outbox::status).unwrap().pending, 0);
    assert!(summary.published > 0);
    elapsed
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn rate(events: usize, elapsed: Duration) -> f64 {
    events as f64 / elapsed.as_secs_f64()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    println!("{}", filiale_benchkit::machine_line());
    let events: usize = std::env::var("EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let server = NatsServer::start();
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let mut table: Vec<(String, String)> = Vec::new();

    // 1. Draining a backlog, against the raw publish of the same payloads.
    for batch in [100usize, 1000] {
        let store = backlog(dir.path(), &format!("bench-{batch}"), events);
        let rows = store.read(|c| outbox::pending(c, events as i64)).unwrap();
        let raw = raw_publish(&url, &rows, batch).await;
        let relay = relay_drain(store, &url, batch).await;
        let (relay_rate, raw_rate) = (rate(events, relay), rate(events, raw));
        table.push((
            format!("relay drain, batch {batch} ({events} events)"),
            format!("{relay_rate:>10.0} events/s"),
        ));
        table.push((
            format!("raw async-nats publish, {batch} in flight"),
            format!("{raw_rate:>10.0} events/s"),
        ));
        table.push((
            format!("relay / raw, batch {batch} (goal >= 0.6)"),
            format!("{:>10.2}", relay_rate / raw_rate),
        ));
    }

    // 2. Head office applying everything in the stream (2 x events).
    let hq_dir = tempfile::tempdir().unwrap();
    let mut hq_config = filiale_hq::config::HqConfig::default().with_servers(&url);
    hq_config.consumer.batch_size = 500;
    let (_client, consumer) = filiale_hq::consume::connect(&hq_config).await.unwrap();
    let mut hq = filiale_hq::db::Database::open_sqlite(&hq_dir.path().join("hq.sqlite")).unwrap();
    let started = Instant::now();
    let mut applied = 0;
    loop {
        let report =
            filiale_hq::consume::pull_batch(&consumer, &mut hq, 500, Duration::from_millis(500))
                .await
                .unwrap();
        if report.messages == 0 {
            break;
        }
        applied += report.applied;
    }
    let elapsed = started.elapsed().saturating_sub(Duration::from_millis(500));
    assert_eq!(applied, 2 * events);
    table.push((
        format!("head office pull + apply + ack ({applied} events, batch 500)"),
        format!("{:>10.0} events/s (goal >= 10000)", rate(applied, elapsed)),
    ));

    // 3. Latency from a sale's commit to its PubAck, relay running and online.
    let store = Arc::new(Store::open(&dir.path().join("latency.sqlite"), "bench-latency").unwrap());
    store
        .write(Utc::now(), |tx| {
            let article = ArticleDraft {
                sku: "GF-10001".into(),
                name: "Gießkanne".into(),
                price: Cents::new(1299),
                vat_rate: Some(VatRate::Standard),
                ..ArticleDraft::default()
            }
            .validate()
            .unwrap();
            articles::upsert(tx, &article, Some(1_000_000))
        })
        .unwrap();
    let relay = Relay::new(store.clone(), config(&url, 100));
    let mut acked = relay.board().acked_seq();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(relay.run(async {
        let _ = stopped.await;
    }));
    let article = store
        .read(|c| articles::require(c, "GF-10001"))
        .unwrap()
        .article;
    let mut latencies = Vec::new();
    for i in 0..320 {
        let mut cart = Cart::new();
        cart.add(&article, Quantity::new(1).unwrap()).unwrap();
        store
            .write(Utc::now(), |tx| {
                sales::record_sale(tx, &cart, Tender::Card, None)
            })
            .unwrap();
        let committed = Instant::now();
        let seq = store.read(outbox::status).unwrap().last_store_seq.unwrap();
        acked.wait_for(|s| *s >= seq).await.unwrap();
        if i >= 20 {
            latencies.push(committed.elapsed()); // the first ones include connecting
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    stop.send(()).unwrap();
    running.await.unwrap().unwrap();
    latencies.sort();
    table.push((
        format!("sale commit -> PubAck, online ({} sales)", latencies.len()),
        format!(
            "p50 {:.2} ms, p99 {:.2} ms",
            percentile(&latencies, 0.5).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3
        ),
    ));

    let width = table
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    println!("\n{:<width$}  result", "measurement");
    println!("{}", "-".repeat(width + 40));
    for (k, v) in table {
        println!("{k:<width$}  {v}");
    }
}
