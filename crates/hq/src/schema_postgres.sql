-- Head office database (PostgreSQL): the same tables as schema.sql, in PostgreSQL's types.

-- One row per applied event. The primary key makes applying idempotent: a redelivered message or a
-- store re-publishing after the stream's duplicate window finds its row here and changes nothing.
CREATE TABLE IF NOT EXISTS inbox (
    store_id    TEXT NOT NULL,
    store_seq   BIGINT NOT NULL,
    event_id    TEXT NOT NULL,
    event_type  TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    stream_seq  BIGINT,
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (store_id, store_seq)
);

-- Messages that could not be read as events: kept for a person to look at, never redelivered.
CREATE TABLE IF NOT EXISTS poison (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_seq  BIGINT,
    subject     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    excerpt     TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- Revenue per store, business day (Berlin time, YYYY-MM-DD) and VAT rate.
CREATE TABLE IF NOT EXISTS daily_revenue (
    store_id    TEXT NOT NULL,
    day         TEXT NOT NULL,
    vat_rate    BIGINT NOT NULL,
    net_cents   BIGINT NOT NULL,
    vat_cents   BIGINT NOT NULL,
    gross_cents BIGINT NOT NULL,
    PRIMARY KEY (store_id, day, vat_rate)
);

CREATE TABLE IF NOT EXISTS daily_sales (
    store_id    TEXT NOT NULL,
    day         TEXT NOT NULL,
    receipts    BIGINT NOT NULL,
    total_cents BIGINT NOT NULL,
    PRIMARY KEY (store_id, day)
);

-- Articles and their stock per store; *_seq keep the newest fact when events arrive out of order.
CREATE TABLE IF NOT EXISTS stock (
    store_id      TEXT NOT NULL,
    sku           TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    price_cents   BIGINT,
    vat_rate      BIGINT,
    on_hand       BIGINT,
    reorder_point BIGINT,
    stock_seq     BIGINT NOT NULL DEFAULT 0,
    article_seq   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (store_id, sku)
);

CREATE TABLE IF NOT EXISTS customers (
    store_id      TEXT NOT NULL,
    customer_no   TEXT NOT NULL,
    name          TEXT NOT NULL,
    customer_type TEXT NOT NULL,
    city          TEXT,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (store_id, customer_no)
);

CREATE TABLE IF NOT EXISTS leads (
    store_id    TEXT NOT NULL,
    lead_id     BIGINT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    customer_no TEXT,
    status_seq  BIGINT NOT NULL,
    PRIMARY KEY (store_id, lead_id)
);

CREATE TABLE IF NOT EXISTS account_balances (
    store_id      TEXT NOT NULL,
    account       BIGINT NOT NULL,
    name          TEXT NOT NULL,
    balance_cents BIGINT NOT NULL,
    balance_seq   BIGINT NOT NULL,
    PRIMARY KEY (store_id, account)
);

-- The stores' daily closings (TillClosed): one row per store, till and Z number.
CREATE TABLE IF NOT EXISTS till_closings (
    store_id          TEXT NOT NULL,
    till_id           TEXT NOT NULL,
    z_no              BIGINT NOT NULL,
    business_day      TEXT NOT NULL,
    closed_by         TEXT NOT NULL,
    receipts          BIGINT NOT NULL,
    turnover_cents    BIGINT NOT NULL,
    expected_cents    BIGINT NOT NULL,
    counted_cents     BIGINT NOT NULL,
    difference_cents  BIGINT NOT NULL,
    float_next_cents  BIGINT NOT NULL,
    closed_at         TEXT NOT NULL,
    PRIMARY KEY (store_id, till_id, z_no)
);

-- The TSE's first and last signature counter of each closing (TillClosed since the TSE signs).
CREATE TABLE IF NOT EXISTS till_closing_tse (
    store_id                 TEXT NOT NULL,
    till_id                  TEXT NOT NULL,
    z_no                     BIGINT NOT NULL,
    first_signature_counter  BIGINT NOT NULL,
    last_signature_counter   BIGINT NOT NULL,
    PRIMARY KEY (store_id, till_id, z_no)
);
