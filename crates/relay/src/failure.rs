//! Which publish failures are worth waiting out and which can never succeed, decided in one
//! place. Waiting ones are retried with backoff for as long as it takes; only the others count
//! towards a dead letter.

use async_nats::jetstream::context::{PublishError, PublishErrorKind};
use async_nats::jetstream::{self, ErrorCode};

/// What a failed publish means for its event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureClass {
    /// The server or the way to it is busy, full, electing a leader or gone for now: the same
    /// event will go through later. Never makes a dead letter.
    Transient,
    /// The event can never be stored as it is (too large, a subject this store may not publish
    /// on, a stream whose settings refuse it): after `max_attempts` it becomes a dead letter.
    Permanent,
}

/// JetStream error codes that no amount of waiting cures, for this event on this stream.
const NEVER_SUCCEEDS: [ErrorCode; 5] = [
    // The stream's `max_msg_size` is smaller than the event.
    ErrorCode::STREAM_MESSAGE_EXCEEDS_MAXIMUM,
    // An expectation in the headers the stream does not meet (expected stream, sequence).
    ErrorCode::STREAM_NOT_MATCH,
    ErrorCode::STREAM_SEQUENCE_NOT_MATCH,
    // The stream's settings refuse the message (e.g. headers it does not allow).
    ErrorCode::STREAM_INVALID_CONFIG,
    ErrorCode::BAD_REQUEST,
];

/// Classifies one failed publish. `subject_denied` says the server reported a permissions
/// violation for the event's subject on this connection: the publish itself then only times out,
/// so the client's error alone cannot tell.
///
/// Transient: timeouts, a lost connection, no responders (the stream is being created, moved or
/// its leader elected), too many acks pending, and every JetStream error that waiting can cure —
/// insufficient resources, account or storage limits reached, a full stream, leader changes, a
/// cluster that is not ready, and codes this relay does not know. Permanent: a payload over the
/// server's or the stream's maximum, a subject the store may not publish on or that is not a
/// valid subject, and stream settings that refuse the message.
pub fn classify(error: &PublishError, subject_denied: bool) -> FailureClass {
    if subject_denied {
        return FailureClass::Permanent;
    }
    match error.kind() {
        PublishErrorKind::MaxPayloadExceeded
        | PublishErrorKind::WrongLastMessageId
        | PublishErrorKind::WrongLastSequence => FailureClass::Permanent,
        PublishErrorKind::TimedOut
        | PublishErrorKind::BrokenPipe
        | PublishErrorKind::MaxAckPending
        | PublishErrorKind::StreamNotFound => FailureClass::Transient,
        PublishErrorKind::Other => classify_source(std::error::Error::source(error)),
    }
}

/// `Other` covers both the server's JetStream errors and the client's own failures; the source
/// says which.
fn classify_source(source: Option<&(dyn std::error::Error + 'static)>) -> FailureClass {
    let Some(source) = source else {
        return FailureClass::Transient;
    };
    if let Some(server) = source.downcast_ref::<jetstream::Error>() {
        return if NEVER_SUCCEEDS.contains(&server.error_code()) {
            FailureClass::Permanent
        } else {
            FailureClass::Transient
        };
    }
    if source.downcast_ref::<async_nats::SubjectError>().is_some() {
        return FailureClass::Permanent;
    }
    // The client's channel to its connection task closed, an unreadable acknowledgement: both
    // pass with a new connection.
    FailureClass::Transient
}

/// The subject of a `Permissions Violation for Publish to "…"` the server sent, if `text` is one.
pub fn denied_publish_subject(text: &str) -> Option<&str> {
    const MARKER: &str = "permissions violation for publish to ";
    let lowered = text.to_ascii_lowercase();
    let at = lowered.find(MARKER)? + MARKER.len();
    let rest = text.get(at..)?.trim().trim_start_matches(['"', '\'']);
    let subject = rest.split(['"', '\'', ' ']).next()?;
    (!subject.is_empty()).then_some(subject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use FailureClass::{Permanent, Transient};

    fn server_error(err_code: u64, description: &str) -> jetstream::Error {
        serde_json::from_value(serde_json::json!({
            "code": 503,
            "err_code": err_code,
            "description": description,
        }))
        .unwrap()
    }

    #[test]
    fn each_kind_of_failure_is_classified_as_the_server_means_it() {
        let from_server = |code: ErrorCode, description: &str| {
            PublishError::with_source(PublishErrorKind::Other, server_error(code.0, description))
        };
        let cases: Vec<(&str, PublishError, bool, FailureClass)> = vec![
            (
                "ack timeout",
                PublishError::new(PublishErrorKind::TimedOut),
                false,
                Transient,
            ),
            (
                "connection lost",
                PublishError::new(PublishErrorKind::BrokenPipe),
                false,
                Transient,
            ),
            (
                "no responders",
                PublishError::new(PublishErrorKind::StreamNotFound),
                false,
                Transient,
            ),
            (
                "too many acks pending",
                PublishError::new(PublishErrorKind::MaxAckPending),
                false,
                Transient,
            ),
            (
                "insufficient resources",
                from_server(ErrorCode::INSUFFICIENT_RESOURCES, "insufficient resources"),
                false,
                Transient,
            ),
            (
                "account limits",
                from_server(
                    ErrorCode::ACCOUNT_RESOURCES_EXCEEDED,
                    "resource limits exceeded for account",
                ),
                false,
                Transient,
            ),
            (
                "storage limits",
                from_server(
                    ErrorCode::STORAGE_RESOURCES_EXCEEDED,
                    "insufficient storage resources available",
                ),
                false,
                Transient,
            ),
            (
                "memory limits",
                from_server(
                    ErrorCode::MEMORY_RESOURCES_EXCEEDED,
                    "insufficient memory resources available",
                ),
                false,
                Transient,
            ),
            (
                "stream full",
                from_server(ErrorCode::STREAM_STORE_FAILED, "maximum bytes exceeded"),
                false,
                Transient,
            ),
            (
                "leader change",
                from_server(
                    ErrorCode::CLUSTER_NOT_LEADER,
                    "JetStream not in clustered mode",
                ),
                false,
                Transient,
            ),
            (
                "stream unavailable",
                from_server(
                    ErrorCode::CLUSTER_NOT_AVAILABLE,
                    "JetStream system temporarily unavailable",
                ),
                false,
                Transient,
            ),
            (
                "cluster not ready",
                from_server(
                    ErrorCode::CLUSTER_NOT_ACTIVE,
                    "JetStream not in clustered mode",
                ),
                false,
                Transient,
            ),
            (
                "no quorum",
                from_server(ErrorCode::CLUSTER_INCOMPLETE, "incomplete results"),
                false,
                Transient,
            ),
            (
                "raft",
                from_server(ErrorCode::RAFT_GENERAL, "raft error"),
                false,
                Transient,
            ),
            (
                "JetStream off for now",
                from_server(ErrorCode::JETSTREAM_NOT_ENABLED, "JetStream not enabled"),
                false,
                Transient,
            ),
            (
                "a code we do not know",
                from_server(ErrorCode(19999), "something new"),
                false,
                Transient,
            ),
            (
                "client channel closed",
                PublishError::with_source(PublishErrorKind::Other, std::io::Error::other("closed")),
                false,
                Transient,
            ),
            (
                "nothing said",
                PublishError::new(PublishErrorKind::Other),
                false,
                Transient,
            ),
            (
                "payload over max_payload",
                PublishError::new(PublishErrorKind::MaxPayloadExceeded),
                false,
                Permanent,
            ),
            (
                "larger than the stream allows",
                from_server(
                    ErrorCode::STREAM_MESSAGE_EXCEEDS_MAXIMUM,
                    "message size exceeds maximum allowed",
                ),
                false,
                Permanent,
            ),
            (
                "stream settings refuse it",
                from_server(ErrorCode::STREAM_INVALID_CONFIG, "invalid stream config"),
                false,
                Permanent,
            ),
            (
                "expected stream differs",
                from_server(
                    ErrorCode::STREAM_NOT_MATCH,
                    "expected stream does not match",
                ),
                false,
                Permanent,
            ),
            (
                "bad request",
                from_server(ErrorCode::BAD_REQUEST, "bad request"),
                false,
                Permanent,
            ),
            (
                "invalid subject",
                PublishError::with_source(
                    PublishErrorKind::Other,
                    async_nats::SubjectError::InvalidFormat,
                ),
                false,
                Permanent,
            ),
            (
                "wrong last sequence",
                PublishError::new(PublishErrorKind::WrongLastSequence),
                false,
                Permanent,
            ),
            (
                "permissions violation",
                PublishError::new(PublishErrorKind::TimedOut),
                true,
                Permanent,
            ),
        ];
        for (what, error, denied, expected) in cases {
            assert_eq!(classify(&error, denied), expected, "{what}: {error}");
        }
    }

    #[test]
    fn the_denied_subject_is_read_from_the_servers_words() {
        assert_eq!(
            denied_publish_subject(
                r#"nats: Permissions Violation for Publish to "erp.store-002.sales.SaleCompleted""#
            ),
            Some("erp.store-002.sales.SaleCompleted")
        );
        assert_eq!(
            denied_publish_subject("permissions violation for publish to 'erp.x.y'"),
            Some("erp.x.y")
        );
        assert_eq!(
            denied_publish_subject(r#"Permissions Violation for Subscription to "_INBOX.x""#),
            None
        );
        assert_eq!(denied_publish_subject("authorization violation"), None);
    }
}
