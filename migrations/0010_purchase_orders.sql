-- Filiale store database: open purchase orders and goods receipts against them.
--
-- An order is open until everything arrived (received), the rest was written off when the last
-- delivery was booked (received), or the manager cancelled it (cancelled). What arrived is in
-- goods_receipts / goods_receipt_lines (numbered WE-00001 by the counter goods_receipt_no); the
-- quantity still open of an order line is ordered minus received, never below zero.

ALTER TABLE purchase_orders ADD COLUMN state TEXT NOT NULL DEFAULT 'open'
    CHECK (state IN ('open', 'partly_received', 'received', 'cancelled'));
-- The day the delivery is expected: the order's day plus the longest lead time of its articles.
ALTER TABLE purchase_orders ADD COLUMN expected_on TEXT;
ALTER TABLE purchase_orders ADD COLUMN closed_at TEXT;
ALTER TABLE purchase_orders ADD COLUMN closed_by TEXT;

UPDATE purchase_orders SET expected_on = date(created_at, '+' || (
    SELECT COALESCE(MAX(a.lead_time_days), 0)
      FROM purchase_order_lines l JOIN articles a ON a.sku = l.sku
     WHERE l.order_no = purchase_orders.order_no) || ' days');

CREATE INDEX purchase_orders_state ON purchase_orders (state, order_no);

-- The supplier's own number for an article, printed on order documents (optional).
ALTER TABLE articles ADD COLUMN supplier_sku TEXT;

CREATE TABLE goods_receipts (
    receipt_no  TEXT PRIMARY KEY,
    order_no    TEXT NOT NULL REFERENCES purchase_orders (order_no),
    received_by TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL
) STRICT;
CREATE INDEX goods_receipts_order ON goods_receipts (order_no);

CREATE TABLE goods_receipt_lines (
    receipt_no      TEXT NOT NULL REFERENCES goods_receipts (receipt_no),
    line_no         INTEGER NOT NULL,
    sku             TEXT NOT NULL REFERENCES articles (sku),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    -- The purchase price on the delivery note, when it was given.
    unit_cost_cents INTEGER CHECK (unit_cost_cents >= 0),
    -- How much of it reduced the article's on-order quantity (the part that was still open).
    against_order   INTEGER NOT NULL CHECK (against_order >= 0 AND against_order <= quantity),
    PRIMARY KEY (receipt_no, line_no)
) STRICT;
CREATE INDEX goods_receipt_lines_sku ON goods_receipt_lines (sku);
