//! The durable pull consumer: pull a batch, apply it in one transaction, then ack (or terminate poison).
//! When the database is unreachable (PostgreSQL restarting), nothing is pulled until it is back.

use crate::apply::{self, Incoming, Verdict};
use crate::config::{Consumer, HqConfig, Stream};
use crate::db::Database;
use anyhow::Context as _;
use async_nats::jetstream::{self, AckKind, consumer::PullConsumer};
use chrono::Utc;
use futures_util::StreamExt;
use futures_util::future::FusedFuture;
use std::future::Future;
use std::time::Duration;

/// What one pulled batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct BatchReport {
    pub messages: usize,
    pub applied: usize,
    pub duplicates: usize,
    pub poison: usize,
    /// Batches that failed (database or NATS away) and were retried; counted by [`run`].
    pub failed_batches: usize,
}

impl std::ops::AddAssign for BatchReport {
    fn add_assign(&mut self, other: BatchReport) {
        self.messages += other.messages;
        self.applied += other.applied;
        self.duplicates += other.duplicates;
        self.poison += other.poison;
        self.failed_batches += other.failed_batches;
    }
}

/// Finds the stream (creating it if nobody has) and the durable consumer (creating it if new).
pub async fn consumer(
    js: &jetstream::Context,
    stream: &Stream,
    consumer: &Consumer,
) -> anyhow::Result<PullConsumer> {
    let stream = js
        .get_or_create_stream(jetstream::stream::Config {
            name: stream.name.clone(),
            subjects: vec!["erp.>".into()],
            storage: jetstream::stream::StorageType::File,
            duplicate_window: Duration::from_secs(stream.duplicate_window_secs),
            num_replicas: stream.replicas.max(1),
            ..Default::default()
        })
        .await
        .with_context(|| format!("opening stream {}", stream.name))?;
    stream
        .get_or_create_consumer(
            &consumer.durable_name,
            jetstream::consumer::pull::Config {
                durable_name: Some(consumer.durable_name.clone()),
                ack_policy: jetstream::consumer::AckPolicy::Explicit,
                ack_wait: Duration::from_millis(consumer.ack_wait_ms),
                max_ack_pending: (consumer.batch_size.max(1) * 4) as i64,
                filter_subject: "erp.>".into(),
                ..Default::default()
            },
        )
        .await
        .with_context(|| format!("opening consumer {}", consumer.durable_name))
}

/// Connects with `config` and opens the consumer.
pub async fn connect(config: &HqConfig) -> anyhow::Result<(async_nats::Client, PullConsumer)> {
    let client = config.nats.connect().await?;
    let js = jetstream::new(client.clone());
    let consumer = consumer(&js, &config.stream, &config.consumer).await?;
    Ok((client, consumer))
}

/// Pulls up to `max` messages (waiting at most `wait` for the first), applies them in one
/// transaction, and only then acknowledges them. A crash anywhere before the commit applies
/// nothing; a crash after it leads to redelivery, which the inbox turns into duplicates.
pub async fn pull_batch(
    consumer: &PullConsumer,
    db: &mut Database,
    max: usize,
    wait: Duration,
) -> anyhow::Result<BatchReport> {
    db.reconnect()
        .await
        .with_context(|| format!("reconnecting to {}", db.backend_name()))?;
    let mut batch = consumer
        .batch()
        .max_messages(max.max(1))
        .expires(wait)
        .messages()
        .await
        .context("pulling from the consumer")?;
    let mut messages = Vec::with_capacity(max);
    while let Some(message) = batch.next().await {
        match message {
            Ok(message) => messages.push(message),
            Err(error) => tracing::warn!(%error, "pull ended early"),
        }
    }
    if messages.is_empty() {
        return Ok(BatchReport::default());
    }
    let incoming: Vec<Incoming<'_>> = messages
        .iter()
        .map(|m| Incoming {
            subject: m.subject.as_str(),
            payload: &m.payload,
            stream_seq: m.info().ok().map(|i| i.stream_sequence),
        })
        .collect();
    let verdicts = match apply::apply_batch(db, &incoming, Utc::now()).await {
        Ok(verdicts) => verdicts,
        Err(error) => {
            if let apply::ApplyError::Database(_) = error {
                // Nothing was committed: let the server redeliver soon rather than after the ack wait.
                for message in &messages {
                    let _ = message.ack_with(AckKind::Nak(Some(RETRY_DELAY))).await;
                }
            }
            return Err(error.into());
        }
    };
    filiale_failpoint::hit("hq.after_commit")?;
    let mut report = BatchReport {
        messages: messages.len(),
        ..BatchReport::default()
    };
    for (message, verdict) in messages.iter().zip(&verdicts) {
        let kind = match verdict {
            Verdict::Applied => {
                report.applied += 1;
                AckKind::Ack
            }
            Verdict::Duplicate => {
                report.duplicates += 1;
                AckKind::Ack
            }
            Verdict::Poison(reason) => {
                report.poison += 1;
                tracing::error!(subject = %message.subject, %reason, "unreadable message terminated");
                AckKind::Term
            }
        };
        message
            .ack_with(kind)
            .await
            .map_err(|e| anyhow::anyhow!("acknowledging: {e}"))?;
    }
    Ok(report)
}

/// How long a failed batch waits before it is tried again, at first; doubled up to [`MAX_RETRY_DELAY`].
const RETRY_DELAY: Duration = Duration::from_secs(1);
const MAX_RETRY_DELAY: Duration = Duration::from_secs(15);

/// Applies batches until `shutdown` completes; a batch in progress is finished first. A failing
/// batch (the database or NATS away) is retried with a growing pause; nothing is acknowledged
/// that was not committed, so nothing is lost while it waits.
pub async fn run(
    consumer: &PullConsumer,
    db: &mut Database,
    settings: &Consumer,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<BatchReport> {
    use futures_util::FutureExt;
    let shutdown = shutdown.fuse();
    tokio::pin!(shutdown);
    let mut total = BatchReport::default();
    let wait = Duration::from_millis(settings.pull_wait_ms);
    let mut delay = RETRY_DELAY;
    while !shutdown.is_terminated() && shutdown.as_mut().now_or_never().is_none() {
        match pull_batch(consumer, db, settings.batch_size, wait).await {
            Ok(report) => {
                if report.messages > 0 {
                    tracing::info!(?report, "applied a batch");
                }
                total += report;
                delay = RETRY_DELAY;
            }
            Err(error) => {
                total.failed_batches += 1;
                tracing::warn!(
                    error = format!("{error:#}"),
                    retry_in_ms = delay.as_millis() as u64,
                    "batch failed; retrying"
                );
                tokio::select! {
                    _ = &mut shutdown => {}
                    _ = tokio::time::sleep(delay) => {}
                }
                delay = (delay * 2).min(MAX_RETRY_DELAY);
            }
        }
    }
    Ok(total)
}
