-- Filiale store database, version 2: the relay's lease, so that one relay at a time publishes the outbox.

-- At most one row: who publishes now, and until when the claim holds unless renewed.
CREATE TABLE relay_lease (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
