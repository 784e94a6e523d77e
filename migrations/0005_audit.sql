-- Filiale store database, version 5: staff with roles, refunds by reversal, the audit log, and
-- tamper evidence (append-only triggers and a hash chain over the books).

-- Cashiers and managers with their argon2 PIN hashes and lockout state (filiale_workflow::pins
-- creates the same table in databases without migrations).
CREATE TABLE IF NOT EXISTS staff (
    name            TEXT PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
    pin_hash        TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- Manager PINs of earlier versions become staff with the role manager.
CREATE TABLE IF NOT EXISTS workflow_manager_pins (
    manager         TEXT PRIMARY KEY,
    pin_hash        TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    updated_at      TEXT NOT NULL
);
INSERT OR IGNORE INTO staff (name, role, pin_hash, failed_attempts, locked_until, created_at, updated_at)
    SELECT manager, 'manager', pin_hash, failed_attempts, locked_until, updated_at, updated_at
      FROM workflow_manager_pins;
DROP TABLE workflow_manager_pins;

-- Stock may now also come back from a customer ('return').
CREATE TABLE stock_movements_v5 (
    id            INTEGER PRIMARY KEY,
    sku           TEXT NOT NULL REFERENCES articles (sku),
    kind          TEXT NOT NULL CHECK (kind IN ('receipt', 'sale', 'adjustment', 'return')),
    delta         INTEGER NOT NULL,
    on_hand_after INTEGER NOT NULL,
    reference     TEXT,
    occurred_at   TEXT NOT NULL
) STRICT;
INSERT INTO stock_movements_v5 (id, sku, kind, delta, on_hand_after, reference, occurred_at)
    SELECT id, sku, kind, delta, on_hand_after, reference, occurred_at FROM stock_movements;
DROP TABLE stock_movements;
ALTER TABLE stock_movements_v5 RENAME TO stock_movements;
CREATE INDEX stock_movements_sku ON stock_movements (sku, id);

-- A refund (or the void of a whole receipt) is its own document with its own gapless number
-- (counter refund_no); it reverses lines of one sale. Amounts are positive: what goes back.
CREATE TABLE refunds (
    refund_no     INTEGER PRIMARY KEY,
    receipt_no    INTEGER NOT NULL REFERENCES sales (receipt_no),
    kind          TEXT NOT NULL CHECK (kind IN ('void', 'refund')),
    refunded_at   TEXT NOT NULL,
    total_cents   INTEGER NOT NULL CHECK (total_cents >= 0),
    method        TEXT NOT NULL CHECK (method IN ('cash', 'card')),
    authorized_by TEXT NOT NULL,
    terminal      TEXT NOT NULL,
    reason        TEXT NOT NULL
) STRICT;
CREATE INDEX refunds_receipt ON refunds (receipt_no);

CREATE TABLE refund_lines (
    refund_no    INTEGER NOT NULL REFERENCES refunds (refund_no),
    line_no      INTEGER NOT NULL,
    sale_line_no INTEGER NOT NULL,
    sku          TEXT NOT NULL REFERENCES articles (sku),
    name         TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    vat_rate     INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    PRIMARY KEY (refund_no, line_no)
) STRICT;

CREATE TABLE refund_vat (
    refund_no   INTEGER NOT NULL REFERENCES refunds (refund_no),
    vat_rate    INTEGER NOT NULL,
    net_cents   INTEGER NOT NULL,
    vat_cents   INTEGER NOT NULL,
    gross_cents INTEGER NOT NULL,
    PRIMARY KEY (refund_no, vat_rate)
) STRICT;

-- Who did what: authorisations granted and refused, refunds, voids, discounts, price overrides,
-- reorder decisions, staff changes. Never a PIN.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    terminal    TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'denied')),
    subject     TEXT NOT NULL,
    details     TEXT NOT NULL
) STRICT;

-- The hash chain: one link per sealed record (sale, refund, journal entry, audit entry) in commit
-- order. content_hash = sha256 of the record's canonical content; hash = sha256 over the previous
-- link's hash, the record's kind and id, and content_hash. `filiale audit verify` recomputes both.
CREATE TABLE hash_chain (
    position     INTEGER PRIMARY KEY,
    record_kind  TEXT NOT NULL CHECK (record_kind IN ('sale', 'refund', 'journal_entry', 'audit')),
    record_id    INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    sealed_at    TEXT NOT NULL,
    UNIQUE (record_kind, record_id)
) STRICT;

-- Append-only: what is booked stays booked; a correction is a new record (a refund, a reversing
-- journal entry). The books, the audit log and the chain refuse UPDATE and DELETE.
CREATE TRIGGER sales_no_update BEFORE UPDATE ON sales
BEGIN SELECT RAISE(ABORT, 'sales are append-only: correct a sale by a refund'); END;
CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales
BEGIN SELECT RAISE(ABORT, 'sales are append-only: correct a sale by a refund'); END;
CREATE TRIGGER sale_lines_no_update BEFORE UPDATE ON sale_lines
BEGIN SELECT RAISE(ABORT, 'sale lines are append-only: correct a sale by a refund'); END;
CREATE TRIGGER sale_lines_no_delete BEFORE DELETE ON sale_lines
BEGIN SELECT RAISE(ABORT, 'sale lines are append-only: correct a sale by a refund'); END;
CREATE TRIGGER sale_vat_no_update BEFORE UPDATE ON sale_vat
BEGIN SELECT RAISE(ABORT, 'sale VAT rows are append-only: correct a sale by a refund'); END;
CREATE TRIGGER sale_vat_no_delete BEFORE DELETE ON sale_vat
BEGIN SELECT RAISE(ABORT, 'sale VAT rows are append-only: correct a sale by a refund'); END;
CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'posted journal entries are append-only: post a reversal'); END;
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'posted journal entries are append-only: post a reversal'); END;
CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'posted journal lines are append-only: post a reversal'); END;
CREATE TRIGGER journal_lines_no_delete BEFORE DELETE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'posted journal lines are append-only: post a reversal'); END;
CREATE TRIGGER refunds_no_update BEFORE UPDATE ON refunds
BEGIN SELECT RAISE(ABORT, 'refunds are append-only'); END;
CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds
BEGIN SELECT RAISE(ABORT, 'refunds are append-only'); END;
CREATE TRIGGER refund_lines_no_update BEFORE UPDATE ON refund_lines
BEGIN SELECT RAISE(ABORT, 'refund lines are append-only'); END;
CREATE TRIGGER refund_lines_no_delete BEFORE DELETE ON refund_lines
BEGIN SELECT RAISE(ABORT, 'refund lines are append-only'); END;
CREATE TRIGGER refund_vat_no_update BEFORE UPDATE ON refund_vat
BEGIN SELECT RAISE(ABORT, 'refund VAT rows are append-only'); END;
CREATE TRIGGER refund_vat_no_delete BEFORE DELETE ON refund_vat
BEGIN SELECT RAISE(ABORT, 'refund VAT rows are append-only'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER hash_chain_no_update BEFORE UPDATE ON hash_chain
BEGIN SELECT RAISE(ABORT, 'the hash chain is append-only'); END;
CREATE TRIGGER hash_chain_no_delete BEFORE DELETE ON hash_chain
BEGIN SELECT RAISE(ABORT, 'the hash chain is append-only'); END;
