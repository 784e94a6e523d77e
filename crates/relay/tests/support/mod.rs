//! Test helpers: real nats-server processes, real store files, sales, and head office draining.

#![allow(dead_code)]

pub mod nats_server;

use chrono::Utc;
use filiale_domain::{ArticleDraft, Cart, Cents, Quantity, Tender, VatRate};
use filiale_relay::{BatchSettings, NatsConfig, Outcome, publish_batch};
use filiale_store::{Store, articles, outbox, sales};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub fn open_store(path: &Path, store_id: &str) -> Arc<Store> {
    Arc::new(Store::open(path, store_id).unwrap())
}

/// Creates `count` articles `A0000`, `A0001`, … with plenty of stock.
pub fn add_articles(store: &Store, count: usize) {
    store
        .write(Utc::now(), |tx| {
            for i in 0..count {
                let article = ArticleDraft {
                    sku: format!("A{i:04}"),
                    name: format!("Artikel {i}"),
                    price: Cents::new(199 + i as i64),
                    vat_rate: Some(if i % 2 == 0 {
                        VatRate::Standard
                    } else {
                        VatRate::Reduced
                    }),
                    reorder_point: Some(2),
                    ..ArticleDraft::default()
                }
                .validate()
                .unwrap();
                articles::upsert(tx, &article, Some(1_000_000))?;
            }
            Ok::<_, filiale_store::StoreError>(())
        })
        .unwrap();
}

/// Records a card sale of one unit of each given article; returns the highest store_seq written.
pub fn sell(store: &Store, skus: &[&str]) -> i64 {
    let mut cart = Cart::new();
    for sku in skus {
        let article = store.read(|c| articles::require(c, sku)).unwrap().article;
        cart.add(&article, Quantity::new(1).unwrap()).unwrap();
    }
    store
        .write(Utc::now(), |tx| {
            sales::record_sale(tx, &cart, Tender::Card, None)
        })
        .unwrap();
    last_seq(store)
}

pub fn last_seq(store: &Store) -> i64 {
    store
        .read(outbox::status)
        .unwrap()
        .last_store_seq
        .unwrap_or(0)
}

pub fn pending(store: &Store) -> i64 {
    store.read(outbox::status).unwrap().pending
}

/// Relay settings for tests: short timeouts and backoff so failures show quickly.
pub fn config(url: &str) -> NatsConfig {
    let mut config = NatsConfig::default().with_servers(url);
    config.relay.ack_timeout_ms = 2_000;
    config.relay.backoff_initial_ms = 50;
    config.relay.backoff_max_ms = 500;
    config.relay.poll_interval_ms = 1_000;
    config
}

pub fn batch(holder: &str) -> BatchSettings {
    BatchSettings {
        holder: holder.into(),
        batch_size: 100,
        max_attempts: 3,
        lease_ttl: Duration::from_secs(30),
    }
}

pub async fn jetstream(url: &str) -> async_nats::jetstream::Context {
    let client = async_nats::connect(url).await.unwrap();
    async_nats::jetstream::new(client)
}

/// Publishes batches until the outbox is empty; panics on anything else.
pub async fn drain(store: &Store, js: &async_nats::jetstream::Context, holder: &str) -> usize {
    let mut total = 0;
    loop {
        match publish_batch(store, js, &batch(holder), None, Utc::now())
            .await
            .unwrap()
        {
            Outcome::Published(n) => total += n,
            Outcome::Empty => return total,
            other => panic!("unexpected outcome {other:?}"),
        }
    }
}

/// Messages in the stream `ERP_EVENTS`.
pub async fn stream_messages(url: &str) -> u64 {
    stream_messages_in(&jetstream(url).await).await
}

pub async fn stream_messages_in(js: &async_nats::jetstream::Context) -> u64 {
    let mut stream = js.get_stream("ERP_EVENTS").await.unwrap();
    stream.info().await.unwrap().state.messages
}

/// Waits until the condition holds, or fails the test after `limit`.
pub async fn eventually(limit: Duration, what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Head office's database with everything in the stream applied.
pub async fn head_office(url: &str, path: &Path) -> filiale_hq::db::Database {
    let mut config = filiale_hq::config::HqConfig::default().with_servers(url);
    config.consumer.pull_wait_ms = 300;
    // A cluster that just lost a node may need a moment to elect new leaders.
    let deadline = Instant::now() + Duration::from_secs(30);
    let consumer = loop {
        match filiale_hq::consume::connect(&config).await {
            Ok((_client, consumer)) => break consumer,
            Err(error) if Instant::now() < deadline => {
                eprintln!("head office not ready yet: {error:#}");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(error) => panic!("head office cannot consume: {error:#}"),
        }
    };
    let mut db = filiale_hq::db::Database::open_sqlite(path).unwrap();
    loop {
        let report =
            filiale_hq::consume::pull_batch(&consumer, &mut db, 1000, Duration::from_millis(300))
                .await
                .unwrap();
        if report.messages == 0 {
            return db;
        }
    }
}

/// The store_seqs head office applied for `store_id`, in the order they stood in the stream, read
/// from head office's SQLite file at `path`.
pub fn applied_in_stream_order(path: &Path, store_id: &str) -> Vec<i64> {
    let db = rusqlite::Connection::open(path).unwrap();
    let mut stmt = db
        .prepare("SELECT store_seq FROM inbox WHERE store_id = ?1 ORDER BY stream_seq")
        .unwrap();
    stmt.query_map([store_id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}
