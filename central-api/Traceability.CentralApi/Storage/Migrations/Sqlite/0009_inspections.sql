-- Market inspectors' findings (docs/inspections.md). Few rows (people scanning in shops), read by id, by dealer and by
-- time. dealer_regions: JSON array, the dealer's authorized regions when the finding was made. photo_*: what the
-- finding says of its photo; the bytes are in inspection_photos, written in the same transaction.
CREATE TABLE inspections (
    inspection_id      TEXT    NOT NULL PRIMARY KEY,
    inspected_at       TEXT    NOT NULL,
    inspector          TEXT    NOT NULL,
    code               TEXT    NOT NULL,
    code_status        TEXT    NOT NULL,
    gtin               TEXT    NOT NULL,
    serial             TEXT    NOT NULL,
    finding            TEXT    NOT NULL,
    store_region       TEXT    NOT NULL,
    store_name         TEXT    NOT NULL,
    dealer_id          TEXT,
    dealer_regions     TEXT    NOT NULL,
    shipment_id        TEXT,
    diversion          INTEGER NOT NULL CHECK (diversion IN (0, 1)),
    alert_id           TEXT,
    photo_content_type TEXT,
    photo_length       INTEGER,
    photo_sha256       TEXT
) WITHOUT ROWID;
CREATE INDEX inspections_newest ON inspections (inspected_at DESC, inspection_id DESC);
CREATE INDEX inspections_dealer ON inspections (dealer_id, inspected_at DESC, inspection_id DESC);
CREATE INDEX inspections_unit ON inspections (gtin, serial);

CREATE TABLE inspection_photos (
    inspection_id TEXT NOT NULL PRIMARY KEY REFERENCES inspections (inspection_id),
    content_type  TEXT NOT NULL,
    bytes         BLOB NOT NULL
) WITHOUT ROWID;
