-- Trade-in (docs/tradein.md). A quote prices one unit in its product's currency and keeps the whole answer (body, JSON)
-- so a later read shows exactly what was offered and why. Accepting writes the order, marks the quote accepted and sets
-- units.retired_at in one write transaction; the order's unique (gtin, serial) is the last guard that a unit is traded in
-- once. Money as decimal text (invariant culture), times as fixed-width UTC text.
CREATE TABLE tradein_quotes (
    quote_id    TEXT NOT NULL PRIMARY KEY,
    gtin        TEXT NOT NULL,
    serial      TEXT NOT NULL,
    condition   TEXT NOT NULL,
    value       TEXT NOT NULL,
    currency    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    body        TEXT NOT NULL,
    accepted_at TEXT,
    order_id    TEXT
) WITHOUT ROWID;
CREATE INDEX tradein_quotes_unit ON tradein_quotes (gtin, serial);

CREATE TABLE tradein_orders (
    order_id      TEXT NOT NULL PRIMARY KEY,
    quote_id      TEXT NOT NULL UNIQUE REFERENCES tradein_quotes (quote_id),
    gtin          TEXT NOT NULL,
    serial        TEXT NOT NULL,
    new_gtin      TEXT NOT NULL,
    new_price     TEXT NOT NULL,
    tradein_value TEXT NOT NULL,
    amount_due    TEXT NOT NULL,
    currency      TEXT NOT NULL,
    customer      TEXT NOT NULL,
    recycler_id   TEXT NOT NULL,
    region        TEXT NOT NULL,
    category      TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (gtin, serial)
) WITHOUT ROWID;
