-- Head office database (SQLite): the inbox of applied events and the projections built from them.
-- schema_postgres.sql is the same for PostgreSQL; keep the two alike.

-- One row per applied event. The primary key makes applying idempotent: a redelivered message or a
-- store re-publishing after the stream's duplicate window finds its row here and changes nothing.
CREATE TABLE IF NOT EXISTS inbox (
    store_id    TEXT NOT NULL,
    store_seq   INTEGER NOT NULL,
    event_id    TEXT NOT NULL,
    event_type  TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    stream_seq  INTEGER,
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (store_id, store_seq)
) STRICT, WITHOUT ROWID;

-- Messages that could not be read as events: kept for a person to look at, never redelivered.
CREATE TABLE IF NOT EXISTS poison (
    id          INTEGER PRIMARY KEY,
    stream_seq  INTEGER,
    subject     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    excerpt     TEXT NOT NULL,
    received_at TEXT NOT NULL
) STRICT;

-- Revenue per store, business day (Berlin time, YYYY-MM-DD) and VAT rate.
CREATE TABLE IF NOT EXISTS daily_revenue (
    store_id    TEXT NOT NULL,
    day         TEXT NOT NULL,
    vat_rate    INTEGER NOT NULL,
    net_cents   INTEGER NOT NULL,
    vat_cents   INTEGER NOT NULL,
    gross_cents INTEGER NOT NULL,
    PRIMARY KEY (store_id, day, vat_rate)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS daily_sales (
    store_id    TEXT NOT NULL,
    day         TEXT NOT NULL,
    receipts    INTEGER NOT NULL,
    total_cents INTEGER NOT NULL,
    PRIMARY KEY (store_id, day)
) STRICT, WITHOUT ROWID;

-- Articles and their stock per store; *_seq keep the newest fact when events arrive out of order.
CREATE TABLE IF NOT EXISTS stock (
    store_id      TEXT NOT NULL,
    sku           TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    price_cents   INTEGER,
    vat_rate      INTEGER,
    on_hand       INTEGER,
    reorder_point INTEGER,
    stock_seq     INTEGER NOT NULL DEFAULT 0,
    article_seq   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (store_id, sku)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS customers (
    store_id      TEXT NOT NULL,
    customer_no   TEXT NOT NULL,
    name          TEXT NOT NULL,
    customer_type TEXT NOT NULL,
    city          TEXT,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (store_id, customer_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS leads (
    store_id    TEXT NOT NULL,
    lead_id     INTEGER NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    customer_no TEXT,
    status_seq  INTEGER NOT NULL,
    PRIMARY KEY (store_id, lead_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS account_balances (
    store_id      TEXT NOT NULL,
    account       INTEGER NOT NULL,
    name          TEXT NOT NULL,
    balance_cents INTEGER NOT NULL,
    balance_seq   INTEGER NOT NULL,
    PRIMARY KEY (store_id, account)
) STRICT, WITHOUT ROWID;

-- The stores' daily closings (TillClosed): one row per store, till and Z number.
CREATE TABLE IF NOT EXISTS till_closings (
    store_id          TEXT NOT NULL,
    till_id           TEXT NOT NULL,
    z_no              INTEGER NOT NULL,
    business_day      TEXT NOT NULL,
    closed_by         TEXT NOT NULL,
    receipts          INTEGER NOT NULL,
    turnover_cents    INTEGER NOT NULL,
    expected_cents    INTEGER NOT NULL,
    counted_cents     INTEGER NOT NULL,
    difference_cents  INTEGER NOT NULL,
    float_next_cents  INTEGER NOT NULL,
    closed_at         TEXT NOT NULL,
    PRIMARY KEY (store_id, till_id, z_no)
) STRICT, WITHOUT ROWID;

-- The TSE's first and last signature counter of each closing (TillClosed since the TSE signs).
CREATE TABLE IF NOT EXISTS till_closing_tse (
    store_id                 TEXT NOT NULL,
    till_id                  TEXT NOT NULL,
    z_no                     INTEGER NOT NULL,
    first_signature_counter  INTEGER NOT NULL,
    last_signature_counter   INTEGER NOT NULL,
    PRIMARY KEY (store_id, till_id, z_no)
) STRICT, WITHOUT ROWID;
