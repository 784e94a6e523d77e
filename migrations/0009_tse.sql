-- Filiale store database: what the TSE (KassenSichV) said about every business case of a till —
-- the signature of its transaction, or the outage during which it was made without one.

-- The TSEs that have signed here, as the receipts and the DSFinV-K export (tse.csv) name them.
CREATE TABLE tse_devices (
    id                  INTEGER PRIMARY KEY,
    -- Hex of SHA-256 over the public key.
    serial_number       TEXT NOT NULL UNIQUE,
    -- Uncompressed SEC1 point, base64.
    public_key          TEXT NOT NULL,
    signature_algorithm TEXT NOT NULL,
    -- unixTime or utcTime.
    time_format         TEXT NOT NULL,
    certified           INTEGER NOT NULL CHECK (certified IN (0, 1)),
    description         TEXT NOT NULL,
    first_used_at       TEXT NOT NULL
) STRICT;

-- A time during which a till's TSE did not answer: from the first business case it could not
-- sign to the first one (or the background retry) it answered again. At most one open per till.
CREATE TABLE tse_outages (
    id          INTEGER PRIMARY KEY,
    till_id     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    -- Why the TSE could not be reached, in German and English.
    reason      TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX tse_outages_one_open ON tse_outages (till_id) WHERE ended_at IS NULL;
CREATE TRIGGER tse_outages_end_once BEFORE UPDATE ON tse_outages
WHEN OLD.ended_at IS NOT NULL OR NEW.ended_at IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.till_id IS NOT OLD.till_id
  OR NEW.started_at IS NOT OLD.started_at OR NEW.reason IS NOT OLD.reason
BEGIN SELECT RAISE(ABORT, 'a TSE outage only ends, once'); END;
CREATE TRIGGER tse_outages_no_delete BEFORE DELETE ON tse_outages
BEGIN SELECT RAISE(ABORT, 'TSE outages are never deleted'); END;

-- One row per business case, written in the business case's own transaction: either the TSE's
-- signed transaction (number, counters, log times, signature) or the outage it was made in.
CREATE TABLE tse_transactions (
    id                      INTEGER PRIMARY KEY,
    till_id                 TEXT NOT NULL,
    record_kind             TEXT NOT NULL CHECK (record_kind IN ('sale', 'refund', 'cash_movement',
                                                                 'till_opening', 'till_closing')),
    -- receipt_no, refund_no, cash_movements.id, till_sessions.id (the opening with its float)
    -- or till_closings.id.
    record_id               INTEGER NOT NULL,
    -- Kassenbeleg-V1 or SonstigerVorgang, and the process data as signed.
    process_type            TEXT NOT NULL,
    process_data            TEXT NOT NULL,
    client_id               TEXT NOT NULL,
    device_id               INTEGER REFERENCES tse_devices (id),
    transaction_number      INTEGER,
    start_signature_counter INTEGER,
    signature_counter       INTEGER,
    -- TSE log times, seconds since 1970 (UTC).
    start_time              INTEGER,
    end_time                INTEGER,
    -- Plain r || s, base64.
    signature               TEXT,
    outage_id               INTEGER REFERENCES tse_outages (id),
    recorded_at             TEXT NOT NULL,
    UNIQUE (record_kind, record_id),
    CHECK ((signature IS NOT NULL AND device_id IS NOT NULL AND transaction_number IS NOT NULL
            AND start_signature_counter IS NOT NULL AND signature_counter IS NOT NULL
            AND start_time IS NOT NULL AND end_time IS NOT NULL AND outage_id IS NULL)
        OR (signature IS NULL AND outage_id IS NOT NULL AND signature_counter IS NULL))
) STRICT;
CREATE UNIQUE INDEX tse_transactions_counter ON tse_transactions (device_id, signature_counter)
    WHERE signature_counter IS NOT NULL;
CREATE INDEX tse_transactions_till ON tse_transactions (till_id, id);
CREATE TRIGGER tse_transactions_no_update BEFORE UPDATE ON tse_transactions
BEGIN SELECT RAISE(ABORT, 'TSE records are append-only'); END;
CREATE TRIGGER tse_transactions_no_delete BEFORE DELETE ON tse_transactions
BEGIN SELECT RAISE(ABORT, 'TSE records are append-only'); END;
