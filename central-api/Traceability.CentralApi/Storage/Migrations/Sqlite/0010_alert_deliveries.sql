-- The outbox of alert deliveries to webhooks: one row per (alert, webhook), written in the alert's transaction.
-- webhook_host is for people; the URL and secret stay in configuration. A pending row is due at next_attempt_at and
-- free when lease_until is null or past; lease_owner is the claim that reserved it.
CREATE TABLE alert_deliveries (
    delivery_id     TEXT    NOT NULL PRIMARY KEY,
    alert_id        TEXT    NOT NULL REFERENCES alerts (alert_id),
    webhook_id      TEXT    NOT NULL,
    webhook_host    TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'abandoned')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT    NOT NULL,
    next_attempt_at TEXT,
    last_attempt_at TEXT,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    TEXT,
    lease_owner     TEXT,
    lease_until     TEXT,
    UNIQUE (alert_id, webhook_id)
) WITHOUT ROWID;
CREATE INDEX alert_deliveries_due ON alert_deliveries (webhook_id, next_attempt_at) WHERE state = 'pending';
CREATE INDEX alert_deliveries_state ON alert_deliveries (state, delivery_id DESC);
