-- Filiale store database, version 6: the store's policy texts (returns, payment, plant guarantee,
-- ...). They are the source of the search index's policies collection, so rebuilding the search
-- index never loses them. Idempotent (IF NOT EXISTS): the search use case also ensures the table
-- on a database whose migration runner does not know this file yet.

CREATE TABLE IF NOT EXISTS policies (
    -- The file stem it was imported from: letters, digits, '-' and '_', lower case.
    policy_id   TEXT PRIMARY KEY,
    text        TEXT NOT NULL CHECK (length(text) > 0),
    imported_at TEXT NOT NULL
) STRICT;
