-- Filiale store database: tills and their sessions, cash movements and the daily closings
-- (Z-reports), and which till, session and cashier made each sale and refund.

-- A till session: from the opening with a counted float to the closing. At most one open session
-- per till. Once closed, a session never changes again.
CREATE TABLE till_sessions (
    id              INTEGER PRIMARY KEY,
    till_id         TEXT NOT NULL,
    -- Per till, gapless (counter till_session:<till>).
    session_no      INTEGER NOT NULL,
    -- The Europe/Berlin date of the opening, YYYY-MM-DD.
    business_day    TEXT NOT NULL,
    opened_at       TEXT NOT NULL,
    opened_by       TEXT NOT NULL,
    float_cents     INTEGER NOT NULL CHECK (float_cents >= 0),
    -- The float counted by denomination as JSON ({"5000": 2, ...}), NULL when given as a sum.
    float_count     TEXT,
    -- Who sells now (a second cashier may take over).
    cashier         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    closed_at       TEXT,
    closed_by       TEXT,
    UNIQUE (till_id, session_no)
) STRICT;
CREATE UNIQUE INDEX till_sessions_one_open ON till_sessions (till_id) WHERE state = 'open';

CREATE TRIGGER till_sessions_closed_stay_closed BEFORE UPDATE ON till_sessions
WHEN OLD.state = 'closed'
  OR NEW.id IS NOT OLD.id OR NEW.till_id IS NOT OLD.till_id OR NEW.session_no IS NOT OLD.session_no
  OR NEW.business_day IS NOT OLD.business_day OR NEW.opened_at IS NOT OLD.opened_at
  OR NEW.opened_by IS NOT OLD.opened_by OR NEW.float_cents IS NOT OLD.float_cents
  OR NEW.float_count IS NOT OLD.float_count
BEGIN SELECT RAISE(ABORT, 'a till session changes only its cashier and, once, its closing'); END;
CREATE TRIGGER till_sessions_no_delete BEFORE DELETE ON till_sessions
BEGIN SELECT RAISE(ABORT, 'till sessions are never deleted'); END;

-- Cash in or out of the drawer outside a sale, with its reason from a fixed list.
CREATE TABLE cash_movements (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES till_sessions (id),
    till_id       TEXT NOT NULL,
    direction     TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    reason        TEXT NOT NULL CHECK (reason IN ('wechselgeld', 'bankeinzahlung', 'privatentnahme',
                                                  'ausgabe_mit_beleg', 'einlage')),
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    cashier       TEXT NOT NULL,
    approved_by   TEXT,
    note          TEXT NOT NULL DEFAULT '',
    recorded_at   TEXT NOT NULL,
    journal_entry INTEGER NOT NULL REFERENCES journal_entries (id)
) STRICT;
CREATE INDEX cash_movements_session ON cash_movements (session_id, id);

-- The daily closing (Z-report): numbered gapless per till (counter z_report:<till>), one per
-- session, with every figure, the count by denomination and the difference.
CREATE TABLE till_closings (
    id                 INTEGER PRIMARY KEY,
    till_id            TEXT NOT NULL,
    z_no               INTEGER NOT NULL,
    session_id         INTEGER NOT NULL UNIQUE REFERENCES till_sessions (id),
    business_day       TEXT NOT NULL,
    closed_at          TEXT NOT NULL,
    closed_by          TEXT NOT NULL,
    float_cents        INTEGER NOT NULL,
    turnover_cents     INTEGER NOT NULL,
    refunds_cents      INTEGER NOT NULL,
    discounts_cents    INTEGER NOT NULL,
    cash_in_cents      INTEGER NOT NULL,
    cash_out_cents     INTEGER NOT NULL,
    expected_cents     INTEGER NOT NULL,
    counted_cents      INTEGER NOT NULL CHECK (counted_cents >= 0),
    difference_cents   INTEGER NOT NULL,
    float_next_cents   INTEGER NOT NULL CHECK (float_next_cents >= 0),
    first_receipt      INTEGER,
    last_receipt       INTEGER,
    -- The count by denomination as JSON ({"5000": 2, ...}), NULL when only a sum was given.
    count              TEXT,
    -- Every figure of the Z-report (TillFigures) as JSON.
    figures            TEXT NOT NULL,
    -- The posting of the difference, NULL when the drawer was exact.
    journal_entry      INTEGER REFERENCES journal_entries (id),
    UNIQUE (till_id, z_no)
) STRICT;

CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements
BEGIN SELECT RAISE(ABORT, 'cash movements are append-only: record a movement the other way'); END;
CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements
BEGIN SELECT RAISE(ABORT, 'cash movements are append-only: record a movement the other way'); END;
CREATE TRIGGER till_closings_no_update BEFORE UPDATE ON till_closings
BEGIN SELECT RAISE(ABORT, 'a closing (Z-report) can never change'); END;
CREATE TRIGGER till_closings_no_delete BEFORE DELETE ON till_closings
BEGIN SELECT RAISE(ABORT, 'a closing (Z-report) can never change'); END;

-- Which till, session and cashier made a sale or refund (NULL for those written before).
ALTER TABLE sales ADD COLUMN till_id TEXT;
ALTER TABLE sales ADD COLUMN till_session_id INTEGER REFERENCES till_sessions (id);
ALTER TABLE sales ADD COLUMN cashier TEXT;
CREATE INDEX sales_till_session ON sales (till_session_id);
ALTER TABLE refunds ADD COLUMN till_session_id INTEGER REFERENCES till_sessions (id);
ALTER TABLE refunds ADD COLUMN cashier TEXT;
CREATE INDEX refunds_till_session ON refunds (till_session_id);

-- The hash chain now also seals cash movements and closings.
CREATE TABLE hash_chain_v10 (
    position     INTEGER PRIMARY KEY,
    record_kind  TEXT NOT NULL CHECK (record_kind IN ('sale', 'refund', 'journal_entry', 'audit',
                                                      'cash_movement', 'till_closing')),
    record_id    INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    sealed_at    TEXT NOT NULL,
    UNIQUE (record_kind, record_id)
) STRICT;
INSERT INTO hash_chain_v10 SELECT * FROM hash_chain;
DROP TRIGGER hash_chain_no_update;
DROP TRIGGER hash_chain_no_delete;
DROP TABLE hash_chain;
ALTER TABLE hash_chain_v10 RENAME TO hash_chain;
CREATE TRIGGER hash_chain_no_update BEFORE UPDATE ON hash_chain
BEGIN SELECT RAISE(ABORT, 'the hash chain is append-only'); END;
CREATE TRIGGER hash_chain_no_delete BEFORE DELETE ON hash_chain
BEGIN SELECT RAISE(ABORT, 'the hash chain is append-only'); END;

-- The accounts a till's cash movements and differences post to (SKR03).
INSERT OR IGNORE INTO accounts (number, name, debit_normal) VALUES
    (1800, 'Privatentnahmen', 1),
    (1890, 'Privateinlagen', 0),
    (4980, 'Sonstiger Betriebsbedarf', 1),
    (4900, 'Sonstige betriebliche Aufwendungen (Kassenfehlbetrag)', 1),
    (2700, 'Sonstige Erträge (Kassenüberschuss)', 0);
