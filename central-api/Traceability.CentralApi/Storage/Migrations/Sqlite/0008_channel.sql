-- The sales channel (docs/channel.md): dealers in a tree under the brand, and where each unit is in the channel.
-- path is the dealer's ancestry, '/<level-1 id>/…/<own id>/', so "is X above or equal to Y" is a prefix test.
-- regions is a JSON array of region codes (canonical form).
CREATE TABLE dealers (
    dealer_id  TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    parent_id  TEXT    REFERENCES dealers (dealer_id),
    level      INTEGER NOT NULL,
    path       TEXT    NOT NULL,
    regions    TEXT    NOT NULL,
    created_at TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX dealers_parent ON dealers (parent_id);

-- A unit's place in the channel now (one row per unit that ever left the brand), keyed like units.
-- status: 1 in transit to dealer_id, 2 held by dealer_id, 3 sold by dealer_id. from_dealer: who shipped it last
-- (null: the brand). Times as fixed-width UTC text.
CREATE TABLE channel_units (
    gtin        TEXT    NOT NULL,
    serial      TEXT    NOT NULL,
    status      INTEGER NOT NULL,
    dealer_id   TEXT    NOT NULL,
    from_dealer TEXT,
    shipment_id TEXT    NOT NULL,
    shipped_at  TEXT    NOT NULL,
    received_at TEXT,
    sold_at     TEXT,
    PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;
CREATE INDEX channel_units_dealer ON channel_units (dealer_id, status);

-- Every channel step of every unit. step: 1 shipping, 2 receiving, 3 retail_selling; event_key is the EPCIS event
-- the step wrote (epcis_events). to_dealer is null for a sale.
CREATE TABLE channel_history (
    gtin        TEXT    NOT NULL,
    serial      TEXT    NOT NULL,
    event_key   TEXT    NOT NULL,
    step        INTEGER NOT NULL,
    occurred_at TEXT    NOT NULL,
    from_dealer TEXT,
    to_dealer   TEXT,
    shipment_id TEXT    NOT NULL,
    PRIMARY KEY (gtin, serial, event_key)
) WITHOUT ROWID;
