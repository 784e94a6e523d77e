-- Filiale store database, version 1: articles, stock, sales, customers, leads, journal, outbox.

CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Gapless counters: store_seq, receipt_no, customer_no, purchase_order_no.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;

CREATE TABLE articles (
    sku                  TEXT PRIMARY KEY,
    ean                  TEXT UNIQUE,
    name                 TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    category             TEXT NOT NULL,
    unit                 TEXT NOT NULL,
    price_cents          INTEGER NOT NULL CHECK (price_cents >= 0),
    vat_rate             INTEGER NOT NULL CHECK (vat_rate IN (0, 7, 19)),
    purchase_price_cents INTEGER CHECK (purchase_price_cents >= 0),
    pack_size            INTEGER NOT NULL CHECK (pack_size >= 1),
    supplier             TEXT,
    lead_time_days       INTEGER NOT NULL CHECK (lead_time_days >= 0),
    reorder_point        INTEGER NOT NULL CHECK (reorder_point >= 0),
    on_hand              INTEGER NOT NULL DEFAULT 0,
    on_order             INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX articles_category ON articles (category);

CREATE TABLE stock_movements (
    id            INTEGER PRIMARY KEY,
    sku           TEXT NOT NULL REFERENCES articles (sku),
    kind          TEXT NOT NULL CHECK (kind IN ('receipt', 'sale', 'adjustment')),
    delta         INTEGER NOT NULL,
    on_hand_after INTEGER NOT NULL,
    reference     TEXT,
    occurred_at   TEXT NOT NULL
) STRICT;
CREATE INDEX stock_movements_sku ON stock_movements (sku, id);

CREATE TABLE customers (
    customer_no   TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT,
    phone         TEXT,
    street        TEXT,
    postal_code   TEXT,
    city          TEXT,
    customer_type TEXT NOT NULL,
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE leads (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    company     TEXT,
    email       TEXT,
    phone       TEXT,
    source      TEXT,
    interest    TEXT,
    notes       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('new', 'contacted', 'qualified', 'converted', 'lost')),
    customer_no TEXT REFERENCES customers (customer_no),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE sales (
    receipt_no     INTEGER PRIMARY KEY,
    completed_at   TEXT NOT NULL,
    total_cents    INTEGER NOT NULL CHECK (total_cents > 0),
    method         TEXT NOT NULL CHECK (method IN ('cash', 'card')),
    tendered_cents INTEGER,
    change_cents   INTEGER NOT NULL CHECK (change_cents >= 0),
    customer_no    TEXT REFERENCES customers (customer_no)
) STRICT;

CREATE TABLE sale_lines (
    receipt_no       INTEGER NOT NULL REFERENCES sales (receipt_no),
    line_no          INTEGER NOT NULL,
    sku              TEXT NOT NULL REFERENCES articles (sku),
    name             TEXT NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL,
    discount_cents   INTEGER NOT NULL,
    vat_rate         INTEGER NOT NULL,
    line_total_cents INTEGER NOT NULL,
    PRIMARY KEY (receipt_no, line_no)
) STRICT;

CREATE TABLE sale_vat (
    receipt_no  INTEGER NOT NULL REFERENCES sales (receipt_no),
    vat_rate    INTEGER NOT NULL,
    net_cents   INTEGER NOT NULL,
    vat_cents   INTEGER NOT NULL,
    gross_cents INTEGER NOT NULL,
    PRIMARY KEY (receipt_no, vat_rate)
) STRICT;

-- Units sold per article and day: the demand history reorder proposals are computed from.
-- Every sale adds to it; the demo store (and a migration from an older system) loads history into it.
CREATE TABLE daily_sales (
    sku           TEXT NOT NULL REFERENCES articles (sku),
    day           TEXT NOT NULL,
    quantity      INTEGER NOT NULL,
    revenue_cents INTEGER NOT NULL,
    PRIMARY KEY (sku, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE accounts (
    number        INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    debit_normal  INTEGER NOT NULL,
    balance_cents INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE journal_entries (
    id        INTEGER PRIMARY KEY,
    posted_at TEXT NOT NULL,
    text      TEXT NOT NULL,
    reference TEXT NOT NULL
) STRICT;

CREATE TABLE journal_lines (
    entry_id     INTEGER NOT NULL REFERENCES journal_entries (id),
    line_no      INTEGER NOT NULL,
    account      INTEGER NOT NULL REFERENCES accounts (number),
    debit_cents  INTEGER NOT NULL CHECK (debit_cents >= 0),
    credit_cents INTEGER NOT NULL CHECK (credit_cents >= 0),
    PRIMARY KEY (entry_id, line_no)
) STRICT;

-- The transactional outbox: one row per domain event, written in the transaction of its change.
CREATE TABLE outbox (
    store_seq    INTEGER PRIMARY KEY,
    event_id     TEXT NOT NULL UNIQUE,
    event_type   TEXT NOT NULL,
    domain       TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    subject      TEXT NOT NULL,
    envelope     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    published_at TEXT,
    stream_seq   INTEGER,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    dead_at      TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (store_seq) WHERE published_at IS NULL AND dead_at IS NULL;
