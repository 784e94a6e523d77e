//! The relay's long-running loop: connect, provision the stream, publish batches, wake on commits,
//! back off on failures, clean up old rows, and stop gracefully.

use crate::backoff::Backoff;
use crate::config::NatsConfig;
use crate::connect::{self, ConnectFailure};
use crate::lease;
use crate::publish::{self, BatchSettings, Outcome, Pipeline, RelayError};
use crate::status::StatusBoard;
use crate::stream;
use anyhow::Context as _;
use async_nats::jetstream;
use chrono::Utc;
use filiale_store::Store;
use futures_util::FutureExt;
use futures_util::future::FusedFuture;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// How often published rows past their retention are removed.
const CLEANUP_EVERY: Duration = Duration::from_secs(600);

/// A relay for one store database. Create it once per process; [`Relay::run`] publishes until shutdown.
#[derive(Debug)]
pub struct Relay {
    store: Arc<Store>,
    config: NatsConfig,
    board: StatusBoard,
    /// Woken by the store after every commit that wrote outbox rows; holds a permit if nobody waits.
    wake: Arc<Notify>,
    holder: String,
}

/// What [`Relay::drain`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DrainSummary {
    pub published: usize,
    pub dead_lettered: usize,
    pub batches: usize,
}

impl Relay {
    /// Prepares a relay for `store`, and asks the store to wake it after commits.
    pub fn new(store: Arc<Store>, config: NatsConfig) -> Relay {
        let wake = Arc::new(Notify::new());
        let woken = wake.clone();
        store.on_outbox_commit(Arc::new(move |_seq| woken.notify_one()));
        let holder = crate::holder::new_holder_id();
        Relay {
            store,
            config,
            board: StatusBoard::default(),
            wake,
            holder,
        }
    }

    /// The live status handle for the UI.
    pub fn board(&self) -> StatusBoard {
        self.board.clone()
    }

    /// This relay's lease holder id.
    pub fn holder(&self) -> &str {
        &self.holder
    }

    pub fn batch_settings(&self) -> BatchSettings {
        BatchSettings {
            holder: self.holder.clone(),
            batch_size: self.config.relay.batch_size,
            max_attempts: self.config.relay.max_attempts,
            lease_ttl: self.config.relay.lease_ttl(),
        }
    }

    /// Connects and returns the JetStream context the relay publishes with.
    pub async fn connect(
        &self,
    ) -> Result<(async_nats::Client, jetstream::Context), ConnectFailure> {
        let store_id = self.store.store_id();
        let client = connect::connect(
            &self.config,
            &format!("filiale-relay {store_id}"),
            Some(&format!("_INBOX.{store_id}")),
            Some(self.board.clone()),
        )
        .await?;
        self.board
            .set_connected(true, Some(client.server_info().host.clone()));
        let js = jetstream::context::ContextBuilder::new()
            .timeout(self.config.relay.ack_timeout())
            .max_ack_inflight(self.config.relay.batch_size.max(1) * 2)
            .build(client.clone());
        Ok((client, js))
    }

    /// Publishes until the outbox is empty once (`filiale relay --once`). Stops at the first
    /// transient failure with an error saying why; permanent failures end as dead letters.
    ///
    /// When another relay holds the lease, waits for it to finish (or for its lease to run out)
    /// for up to the lease time, then publishes; a relay that crashed on this machine is taken
    /// over at once.
    pub async fn drain(&self) -> anyhow::Result<DrainSummary> {
        let lease_ttl = self.config.relay.lease_ttl();
        let lease_poll = (lease_ttl / 20).clamp(Duration::from_millis(50), Duration::from_secs(1));
        let longest_wait = lease_ttl + lease_poll;
        let mut waiting_since: Option<Instant> = None;
        let (client, js) = self.connect().await?;
        stream::ensure_stream(&js, &self.config.stream).await?;
        let mut pipeline = Pipeline::new(
            self.store.clone(),
            self.batch_settings(),
            Some(self.board.clone()),
        );
        let mut summary = DrainSummary::default();
        let result = loop {
            let outcome = pipeline.step(&js, Utc::now()).await;
            summary.batches += 1;
            if !matches!(outcome, Ok(Outcome::NotLeaseHolder { .. })) {
                waiting_since = None;
            }
            match outcome {
                Ok(Outcome::Published(n)) => summary.published += n,
                Ok(Outcome::Empty) => break Ok(summary),
                Ok(Outcome::Failed {
                    published,
                    dead_lettered,
                    transient,
                    error,
                }) => {
                    summary.published += published;
                    summary.dead_lettered += dead_lettered;
                    if transient {
                        break Err(anyhow::anyhow!("publishing stopped: {error}"));
                    }
                }
                Ok(Outcome::NotLeaseHolder { holder }) => {
                    let since = *waiting_since.get_or_insert_with(|| {
                        tracing::info!(%holder, "another relay is publishing; waiting for it to finish");
                        Instant::now()
                    });
                    if since.elapsed() >= longest_wait {
                        let secs = since.elapsed().as_secs();
                        break Err(anyhow::anyhow!(
                            "ein anderes Relay ({holder}) überträgt nach {secs} s Warten noch immer die Ereignisse dieser Filiale / \
                             another relay ({holder}) is still publishing this store's outbox after waiting {secs} s"
                        ));
                    }
                    summary.batches -= 1;
                    tokio::time::sleep(lease_poll).await;
                }
                Err(error) => break Err(error.into()),
            }
        };
        let settled = pipeline.settle().await;
        let result = result.and_then(|summary| settled.map(|()| summary).map_err(Into::into));
        lease::release(&self.store, &self.holder).context("releasing the relay lease")?;
        client.flush().await.ok();
        result
    }

    /// Publishes until `shutdown` completes. Transient failures are retried forever with backoff;
    /// a batch in flight is always finished (acks awaited, rows marked) before stopping.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> anyhow::Result<()> {
        let settings = &self.config.relay;
        let mut backoff = Backoff::new(
            Duration::from_millis(settings.backoff_initial_ms),
            Duration::from_millis(settings.backoff_max_ms),
        );
        let shutdown = shutdown.fuse();
        tokio::pin!(shutdown);
        let mut last_cleanup: Option<Instant> = None;

        while !shutdown.is_terminated() {
            let (client, js) = tokio::select! {
                _ = &mut shutdown => break,
                connected = self.connect() => match connected {
                    Ok(pair) => pair,
                    Err(failure) => {
                        tracing::warn!(%failure, "relay cannot connect to NATS");
                        self.board.set_connected(false, None);
                        self.board.set_error(failure.to_string());
                        pause(&mut shutdown, backoff.next_wait()).await;
                        continue;
                    }
                },
            };
            if let Err(error) = stream::ensure_stream(&js, &self.config.stream).await {
                tracing::warn!(%error, "relay cannot use the stream");
                self.board.set_error(error.to_string());
                pause(&mut shutdown, backoff.next_wait()).await;
                continue;
            }
            self.board.clear_error();
            self.publish_until_stopped(
                &js,
                &client,
                &mut backoff,
                &mut last_cleanup,
                shutdown.as_mut(),
            )
            .await?;
            client.flush().await.ok();
        }
        lease::release(&self.store, &self.holder).context("releasing the relay lease")?;
        self.board.set_publishing(false);
        Ok(())
    }

    async fn publish_until_stopped<S: FusedFuture<Output = ()>>(
        &self,
        js: &jetstream::Context,
        client: &async_nats::Client,
        backoff: &mut Backoff,
        last_cleanup: &mut Option<Instant>,
        mut shutdown: std::pin::Pin<&mut S>,
    ) -> Result<(), RelayError> {
        let config = &self.config.relay;
        let mut pipeline = Pipeline::new(
            self.store.clone(),
            self.batch_settings(),
            Some(self.board.clone()),
        );
        loop {
            if shutdown.is_terminated() || shutdown.as_mut().now_or_never().is_some() {
                return pipeline.settle().await;
            }
            if client.connection_state() != async_nats::connection::State::Connected {
                pipeline.settle().await?;
                // Publishing into a disconnected client only queues messages in memory; wait instead.
                self.board.set_connected(false, None);
                pause(&mut shutdown, backoff.next_wait()).await;
                continue;
            }
            let now = Utc::now();
            if last_cleanup.is_none_or(|at| at.elapsed() >= CLEANUP_EVERY) {
                let removed = publish::remove_expired(&self.store, config.retention_days, now)?;
                if removed > 0 {
                    tracing::info!(removed, "removed published outbox rows past retention");
                }
                *last_cleanup = Some(Instant::now());
            }
            match pipeline.step(js, now).await? {
                Outcome::Published(_) => {
                    self.board.set_publishing(true);
                    self.board.clear_error();
                    backoff.reset();
                }
                Outcome::Empty => {
                    self.board.set_publishing(true);
                    backoff.reset();
                    tokio::select! {
                        _ = &mut shutdown => {}
                        _ = self.wake.notified() => {}
                        _ = tokio::time::sleep(config.poll_interval()) => {}
                    }
                }
                Outcome::NotLeaseHolder { holder } => {
                    self.board.set_publishing(false);
                    tracing::debug!(%holder, "another relay publishes this outbox");
                    pause(&mut shutdown, config.lease_ttl() / 3).await;
                }
                Outcome::Failed {
                    error, transient, ..
                } => {
                    tracing::warn!(%error, transient, "relay batch failed");
                    self.board.set_error(error);
                    pause(&mut shutdown, backoff.next_wait()).await;
                }
            }
        }
    }
}

/// Sleeps for `wait`, or less if shutdown comes first.
async fn pause<S: FusedFuture<Output = ()>>(shutdown: &mut std::pin::Pin<&mut S>, wait: Duration) {
    tokio::select! {
        _ = shutdown.as_mut() => {}
        _ = tokio::time::sleep(wait) => {}
    }
}

/// Runs a relay for `store` until `shutdown` completes (`filiale serve`, the desktop app).
pub async fn run(
    store: Arc<Store>,
    config: NatsConfig,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    Relay::new(store, config).run(shutdown).await
}
