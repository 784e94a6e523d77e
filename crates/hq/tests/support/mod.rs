//! Head office test helpers: a real nats-server (the relay's launcher) and a real PostgreSQL
//! ([`postgres_server`]), the head office database on either backend ([`TestDb`],
//! [`on_both_backends!`]), events built from domain types, raw publishing, and draining the consumer.

#![allow(dead_code)]

#[path = "../../../relay/tests/support/nats_server.rs"]
pub mod nats_server;
pub mod postgres_server;

use filiale_hq::db::Database;
use postgres_server::PostgresServer;

use async_nats::jetstream;
use chrono::Utc;
use filiale_domain::events::{RefundedLine, SoldLine, VatLine};
use filiale_domain::{Cents, DomainEvent, EventEnvelope, VatRate};
use filiale_hq::config::HqConfig;
use filiale_hq::consume::{self, BatchReport};
use std::time::Duration;

pub fn sale(receipt_no: i64, gross: i64) -> DomainEvent {
    sale_with_net(receipt_no, gross, gross * 100 / 119)
}

/// A card sale of one line at 19 % VAT with the given gross and net amounts.
pub fn sale_with_net(receipt_no: i64, gross: i64, net: i64) -> DomainEvent {
    DomainEvent::SaleCompleted {
        receipt_no,
        total_cents: Cents::new(gross),
        method: "card".into(),
        change_cents: Cents::ZERO,
        customer_no: None,
        lines: vec![SoldLine {
            sku: "GF-1".into(),
            quantity: 1,
            unit_price_cents: Cents::new(gross),
            discount_cents: Cents::ZERO,
            line_total_cents: Cents::new(gross),
            vat_rate: VatRate::Standard,
        }],
        vat: vec![VatLine {
            rate: VatRate::Standard,
            net_cents: Cents::new(net),
            vat_cents: Cents::new(gross - net),
            gross_cents: Cents::new(gross),
        }],
    }
}

/// A refund of `gross` cents (19 % VAT) from receipt `receipt_no`.
pub fn refund(refund_no: i64, receipt_no: i64, gross: i64) -> DomainEvent {
    let net = gross * 100 / 119;
    DomainEvent::SaleRefunded {
        refund_no,
        receipt_no,
        kind: "refund".into(),
        total_cents: Cents::new(gross),
        method: "card".into(),
        lines: vec![RefundedLine {
            sku: "GF-1".into(),
            quantity: 1,
            amount_cents: Cents::new(gross),
            vat_rate: VatRate::Standard,
        }],
        vat: vec![VatLine {
            rate: VatRate::Standard,
            net_cents: Cents::new(net),
            vat_cents: Cents::new(gross - net),
            gross_cents: Cents::new(gross),
        }],
        authorized_by: "Filialleitung".into(),
    }
}

pub fn envelope(store: &str, seq: i64, event: &DomainEvent) -> EventEnvelope {
    envelope_at(store, seq, event, Utc::now())
}

/// An envelope of an event that happened at `at`.
pub fn envelope_at(
    store: &str,
    seq: i64,
    event: &DomainEvent,
    at: chrono::DateTime<Utc>,
) -> EventEnvelope {
    EventEnvelope::new(uuid::Uuid::now_v7(), store, seq, at, event)
}

pub async fn jetstream(url: &str) -> jetstream::Context {
    jetstream::new(async_nats::connect(url).await.unwrap())
}

/// Publishes an envelope on its subject with its event id as `Nats-Msg-Id`.
pub async fn publish(js: &jetstream::Context, envelope: &EventEnvelope) {
    publish_with_id(js, envelope, &envelope.event_id.to_string()).await;
}

pub async fn publish_with_id(js: &jetstream::Context, envelope: &EventEnvelope, msg_id: &str) {
    let message = jetstream::message::PublishMessage::build()
        .payload(serde_json::to_vec(envelope).unwrap().into())
        .message_id(msg_id);
    js.send_publish(envelope.subject(), message)
        .await
        .unwrap()
        .await
        .unwrap();
}

pub fn config(url: &str) -> HqConfig {
    let mut config = HqConfig::default().with_servers(url);
    config.consumer.ack_wait_ms = 1_000;
    config.consumer.pull_wait_ms = 300;
    config
}

/// Pulls until a pull returns nothing; returns the summed report.
pub async fn drain(
    consumer: &async_nats::jetstream::consumer::PullConsumer,
    db: &mut Database,
) -> BatchReport {
    let mut total = BatchReport::default();
    loop {
        let report = consume::pull_batch(consumer, db, 100, Duration::from_millis(300))
            .await
            .unwrap();
        if report.messages == 0 {
            return total;
        }
        total += report;
    }
}

/// The two databases head office runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh head office database on `backend`, with what keeps it alive (its folder, its server).
pub struct TestDb {
    pub db: Database,
    pub backend: Backend,
    /// For SQLite, the file; for PostgreSQL, the folder of the server.
    dir: tempfile::TempDir,
    pub server: Option<PostgresServer>,
}

impl TestDb {
    pub async fn open(backend: Backend) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        match backend {
            Backend::Sqlite => TestDb {
                db: Database::open_sqlite(&dir.path().join("hq.sqlite")).unwrap(),
                backend,
                dir,
                server: None,
            },
            Backend::Postgres => {
                let server = tokio::task::spawn_blocking(PostgresServer::start)
                    .await
                    .unwrap();
                TestDb {
                    db: Database::connect_postgres(&server.url()).await.unwrap(),
                    backend,
                    dir,
                    server: Some(server),
                }
            }
        }
    }

    /// What `--database` would be given to reach this database.
    pub fn location(&self) -> String {
        match &self.server {
            Some(server) => server.url(),
            None => self.dir.path().join("hq.sqlite").display().to_string(),
        }
    }

    /// A second connection to the same database (as another process would have).
    pub async fn connect_again(&self) -> Database {
        match &self.server {
            Some(server) => Database::connect_postgres(&server.url()).await.unwrap(),
            None => Database::open_sqlite(&self.dir.path().join("hq.sqlite")).unwrap(),
        }
    }
}

/// Turns `async fn scenario(backend: Backend)` functions into two tests each, `scenario::sqlite`
/// and `scenario::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),+ $(,)?) => {$(
        mod $scenario {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$scenario(super::support::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$scenario(super::support::Backend::Postgres).await
            }
        }
    )+};
}
