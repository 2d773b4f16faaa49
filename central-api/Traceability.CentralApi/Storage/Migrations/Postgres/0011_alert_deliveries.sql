-- The outbox of alert deliveries to webhooks: one row per (alert, webhook), written in the alert's transaction.
-- webhook_host is for people; the URL and secret stay in configuration. A pending row is due at next_attempt_at and
-- free when lease_until is null or past; lease_owner is the claim that reserved it (claimed FOR UPDATE SKIP LOCKED).
CREATE TABLE alert_deliveries (
    delivery_id     uuid        NOT NULL PRIMARY KEY,
    alert_id        uuid        NOT NULL REFERENCES alerts (alert_id),
    webhook_id      text        NOT NULL,
    webhook_host    text        NOT NULL,
    state           text        NOT NULL CONSTRAINT alert_deliveries_state CHECK (state IN ('pending', 'delivered', 'failed', 'abandoned')),
    attempts        integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    last_status     integer,
    last_error      text,
    delivered_at    timestamptz,
    lease_owner     uuid,
    lease_until     timestamptz,
    CONSTRAINT alert_deliveries_alert_webhook UNIQUE (alert_id, webhook_id)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (webhook_id, next_attempt_at) WHERE state = 'pending';
CREATE INDEX alert_deliveries_state_newest ON alert_deliveries (state, delivery_id DESC);
CREATE INDEX alert_deliveries_newest ON alert_deliveries (delivery_id DESC);
