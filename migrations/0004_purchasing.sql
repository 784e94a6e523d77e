-- Filiale store database, version 4: purchase orders created from approved reorder proposals.

CREATE TABLE purchase_orders (
    order_no    TEXT PRIMARY KEY,
    -- The reorder proposal (workflow thread) the order came from; one order per supplier and thread.
    thread_id   TEXT NOT NULL,
    supplier    TEXT NOT NULL,
    total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (thread_id, supplier)
) STRICT;

CREATE TABLE purchase_order_lines (
    order_no        TEXT NOT NULL REFERENCES purchase_orders (order_no),
    line_no         INTEGER NOT NULL,
    sku             TEXT NOT NULL REFERENCES articles (sku),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    unit_cost_cents INTEGER NOT NULL,
    PRIMARY KEY (order_no, line_no)
) STRICT;
