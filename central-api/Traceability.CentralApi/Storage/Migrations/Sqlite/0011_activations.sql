-- Activation (docs/activation.md): a device at first boot posts its code, account, IP and time.
-- activations holds the FIRST activation of each unit (the primary key makes it unique; INSERT … ON CONFLICT DO
-- NOTHING inside the write transaction decides which request is first); every later one goes to activation_history
-- and never overwrites it. An unknown serial is recorded too, keyed by what the device sent.
-- flags: 1 unknown serial, 2 unshipped, 4 decommissioned, 8 retired, 16 region unknown (ActivationConcerns).
-- dealer_id: the dealer the unit was last shipped to when it was activated (null: none). Times as fixed-width UTC text.
CREATE TABLE activations (
    gtin          TEXT    NOT NULL,
    serial        TEXT    NOT NULL,
    activation_id TEXT    NOT NULL,
    account_id    TEXT    NOT NULL,
    ip            TEXT    NOT NULL,
    region        TEXT,
    activated_at  TEXT    NOT NULL,
    received_at   TEXT    NOT NULL,
    flags         INTEGER NOT NULL,
    diversion     INTEGER NOT NULL,
    dealer_id     TEXT,
    PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;

CREATE TABLE activation_history (
    gtin          TEXT    NOT NULL,
    serial        TEXT    NOT NULL,
    activation_id TEXT    NOT NULL,
    account_id    TEXT    NOT NULL,
    ip            TEXT    NOT NULL,
    region        TEXT,
    activated_at  TEXT    NOT NULL,
    received_at   TEXT    NOT NULL,
    flags         INTEGER NOT NULL,
    diversion     INTEGER NOT NULL,
    dealer_id     TEXT,
    PRIMARY KEY (gtin, serial, activation_id)
) WITHOUT ROWID;

-- A unit taken out of use for good after it reached a customer (trade-in sets it): central keeps the time.
ALTER TABLE units ADD COLUMN retired_at TEXT;
