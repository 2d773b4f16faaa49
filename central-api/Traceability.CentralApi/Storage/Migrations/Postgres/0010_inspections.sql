-- Market inspectors' findings (docs/inspections.md). Few rows (people scanning in shops) read by id, by dealer and by
-- time, so not partitioned (like alerts; a Citus reference table would do): partitioning by serial would make every
-- read by id visit all partitions. dealer_regions: the dealer's authorized regions when the finding was made.
-- photo_*: what the finding says of its photo; the bytes are in inspection_photos, written in the same transaction.
CREATE TABLE inspections (
    inspection_id      uuid        NOT NULL PRIMARY KEY,
    inspected_at       timestamptz NOT NULL,
    inspector          text        NOT NULL,
    code               text        NOT NULL,
    code_status        text        NOT NULL,
    gtin               text        NOT NULL,
    serial             text        NOT NULL,
    finding            text        NOT NULL,
    store_region       text        NOT NULL,
    store_name         text        NOT NULL,
    dealer_id          text,
    dealer_regions     text[]      NOT NULL,
    shipment_id        uuid,
    diversion          boolean     NOT NULL,
    alert_id           uuid,
    photo_content_type text,
    photo_length       bigint,
    photo_sha256       text
);
CREATE INDEX inspections_newest ON inspections (inspected_at DESC, inspection_id DESC);
CREATE INDEX inspections_dealer ON inspections (dealer_id, inspected_at DESC, inspection_id DESC);
CREATE INDEX inspections_unit ON inspections (gtin, serial);

CREATE TABLE inspection_photos (
    inspection_id uuid  NOT NULL PRIMARY KEY REFERENCES inspections (inspection_id),
    content_type  text  NOT NULL,
    bytes         bytea NOT NULL
);
