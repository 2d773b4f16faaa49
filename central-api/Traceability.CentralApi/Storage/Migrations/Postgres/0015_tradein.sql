-- Trade-in (docs/tradein.md). A quote prices one unit in its product's currency and keeps the whole answer (body, JSON)
-- so a later read shows exactly what was offered and why (json, not jsonb: kept as written). Accepting runs in one transaction: the quote is claimed
-- (UPDATE … WHERE accepted_at IS NULL AND expires_at > now), the unit retired (UPDATE units … WHERE retired_at IS NULL,
-- which waits on a concurrent accept's row lock and then finds the unit retired) and the order inserted; the order's
-- unique (gtin, serial) is the last guard that a unit is traded in once. Few rows: not partitioned.
CREATE TABLE tradein_quotes (
    quote_id    uuid          NOT NULL PRIMARY KEY,
    gtin        text          NOT NULL,
    serial      text          NOT NULL,
    condition   text          NOT NULL,
    value       numeric(14,2) NOT NULL,
    currency    text          NOT NULL,
    created_at  timestamptz   NOT NULL,
    expires_at  timestamptz   NOT NULL,
    body        json          NOT NULL,
    accepted_at timestamptz,
    order_id    uuid
);
CREATE INDEX tradein_quotes_unit ON tradein_quotes (gtin, serial);

CREATE TABLE tradein_orders (
    order_id      uuid          NOT NULL PRIMARY KEY,
    quote_id      uuid          NOT NULL UNIQUE REFERENCES tradein_quotes (quote_id),
    gtin          text          NOT NULL,
    serial        text          NOT NULL,
    new_gtin      text          NOT NULL,
    new_price     numeric(14,2) NOT NULL,
    tradein_value numeric(14,2) NOT NULL,
    amount_due    numeric(14,2) NOT NULL,
    currency      text          NOT NULL,
    customer      text          NOT NULL,
    recycler_id   text          NOT NULL,
    region        text          NOT NULL,
    category      text          NOT NULL,
    created_at    timestamptz   NOT NULL,
    CONSTRAINT tradein_orders_unit UNIQUE (gtin, serial)
);
