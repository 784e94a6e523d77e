//! Provisioning the `ERP_EVENTS` stream: create or update it where the credentials allow, else use it as is.

use crate::config::{STREAM_SUBJECTS, StreamSettings};
use async_nats::jetstream::{self, stream};
use std::time::Duration;

/// What [`ensure_stream`] found or did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provisioned {
    Created,
    Updated,
    /// The stream exists with the wanted settings, or an operator owns it and we may not change it.
    Existing,
}

#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error("stream {0} does not exist and could not be created: {1}")]
    Missing(String, String),
    #[error("cannot reach JetStream: {0}")]
    Unavailable(String),
}

/// The stream definition the relay wants.
pub fn desired(settings: &StreamSettings) -> stream::Config {
    stream::Config {
        name: settings.name.clone(),
        subjects: vec![STREAM_SUBJECTS.to_owned()],
        storage: stream::StorageType::File,
        duplicate_window: Duration::from_secs(settings.duplicate_window_secs),
        num_replicas: settings.replicas.max(1),
        ..Default::default()
    }
}

/// Makes sure the stream exists. An existing stream whose settings differ is updated when
/// `provision` is on and the server lets us; a refusal is logged, and the existing stream is used.
pub async fn ensure_stream(
    js: &jetstream::Context,
    settings: &StreamSettings,
) -> Result<Provisioned, StreamError> {
    let want = desired(settings);
    match js.get_stream(&settings.name).await {
        Ok(existing) => {
            let have = &existing.cached_info().config;
            let differs = have.duplicate_window != want.duplicate_window
                || have.num_replicas != want.num_replicas
                || !have.subjects.iter().any(|s| s == STREAM_SUBJECTS);
            if !differs || !settings.provision {
                return Ok(Provisioned::Existing);
            }
            let mut update = have.clone();
            update.duplicate_window = want.duplicate_window;
            update.num_replicas = want.num_replicas;
            if !update.subjects.iter().any(|s| s == STREAM_SUBJECTS) {
                update.subjects.push(STREAM_SUBJECTS.to_owned());
            }
            match js.update_stream(&update).await {
                Ok(_) => Ok(Provisioned::Updated),
                Err(error) => {
                    tracing::warn!(%error, stream = %settings.name, "cannot update the stream's settings; using it as it is");
                    Ok(Provisioned::Existing)
                }
            }
        }
        Err(error) if is_not_found(&error) => {
            if !settings.provision {
                return Err(StreamError::Missing(
                    settings.name.clone(),
                    "provisioning is switched off".into(),
                ));
            }
            js.create_stream(want)
                .await
                .map(|_| Provisioned::Created)
                .map_err(|e| StreamError::Missing(settings.name.clone(), e.to_string()))
        }
        Err(error) => Err(StreamError::Unavailable(error.to_string())),
    }
}

fn is_not_found(error: &jetstream::context::GetStreamError) -> bool {
    matches!(
        error.kind(),
        jetstream::context::GetStreamErrorKind::JetStream(e)
            if e.error_code() == jetstream::ErrorCode::STREAM_NOT_FOUND
    )
}
