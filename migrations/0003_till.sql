-- Filiale store database, version 3: the open cart of each till, so a cart survives a restart
-- and a second process (the background services) can mirror it to the customer display.

CREATE TABLE open_carts (
    terminal_id TEXT PRIMARY KEY,
    -- The cart as JSON (lines with prices as they were when scanned), and the attached customer.
    cart        TEXT NOT NULL,
    customer_no TEXT REFERENCES customers (customer_no),
    -- What the customer display shows: cart, payment_in_progress, change_due, sale_completed, idle.
    phase       TEXT NOT NULL,
    display     TEXT NOT NULL,
    version     INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
