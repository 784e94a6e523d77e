//! Synchronisation with head office: the events waiting in the outbox, the dead letters and
//! their retry, and the relay that publishes them to NATS JetStream (once, or until stopped).

use super::UseCaseError;
use crate::App;
use crate::dto::{OutboxRow, OutboxStatus, SyncView};
use filiale_store::outbox;

/// Largest page a window may ask for at once.
const MAX_PAGE: i64 = 1000;

/// The store's outbox: what head office has not received yet, and the relay that sends it.
#[derive(Debug, Clone, Copy)]
pub struct Outbox<'a> {
    app: &'a App,
}

impl<'a> Outbox<'a> {
    pub(crate) fn new(app: &'a App) -> Outbox<'a> {
        Outbox { app }
    }

    /// Pending, published and dead events at a glance.
    pub fn status(&self) -> Result<OutboxStatus, UseCaseError> {
        Ok(self.app.store.read(outbox::status)?)
    }

    /// The latest `limit` events (or dead letters only), newest first.
    pub fn rows(&self, dead_only: bool, limit: i64) -> Result<Vec<OutboxRow>, UseCaseError> {
        Ok(self.app.store.read(|c| outbox::list(c, dead_only, limit))?)
    }

    /// The sync page: figures, the latest events and the dead letters.
    pub fn sync_view(&self, limit: i64) -> Result<SyncView, UseCaseError> {
        let limit = limit.clamp(1, MAX_PAGE);
        Ok(self.app.store.read(|c| {
            Ok(SyncView {
                status: outbox::status(c)?,
                recent: outbox::list(c, false, limit)?,
                dead: outbox::list(c, true, limit)?,
            })
        })?)
    }

    /// Puts a dead letter back in the queue for the relay.
    pub fn retry_dead_letter(&self, store_seq: i64) -> Result<(), UseCaseError> {
        Ok(self.app.store.retry_dead_letter(store_seq)?)
    }

    /// Publishes everything pending once and returns what happened.
    pub async fn relay_once(
        &self,
        nats: filiale_relay::NatsConfig,
    ) -> anyhow::Result<filiale_relay::DrainSummary> {
        let relay = filiale_relay::Relay::new(self.app.store.clone(), nats);
        relay.drain().await
    }

    /// Publishes the outbox as events arrive until `shutdown` completes.
    pub async fn relay_until(
        &self,
        nats: filiale_relay::NatsConfig,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        filiale_relay::run(self.app.store.clone(), nats, shutdown).await
    }
}
