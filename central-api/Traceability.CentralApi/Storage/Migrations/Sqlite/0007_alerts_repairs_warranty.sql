-- Alerts the service desk lists and acknowledges. kind is open-ended text (AlertKind.Known, checked by the
-- application), so a new kind needs no migration. One open alert per dedup key; an acknowledged one frees its key.
CREATE TABLE alerts (
    alert_id        TEXT NOT NULL PRIMARY KEY,
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'acknowledged')),
    gtin            TEXT,
    serial          TEXT,
    raised_at       TEXT NOT NULL,
    summary         TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    dedup_key       TEXT,
    acknowledged_by TEXT,
    acknowledged_at TEXT,
    ack_note        TEXT
) WITHOUT ROWID;
CREATE INDEX alerts_newest ON alerts (raised_at DESC, alert_id DESC);
CREATE INDEX alerts_status ON alerts (status, raised_at DESC, alert_id DESC);
CREATE INDEX alerts_kind ON alerts (kind, status, raised_at DESC, alert_id DESC);
CREATE INDEX alerts_unit ON alerts (gtin, serial);
CREATE UNIQUE INDEX alerts_open_dedup ON alerts (dedup_key) WHERE status = 'open';

-- Repairs by service centres, keyed by the unit first. parts: JSON array of {partNumber, serial, description}.
CREATE TABLE repairs (
    gtin           TEXT NOT NULL,
    serial         TEXT NOT NULL,
    repair_id      TEXT NOT NULL,
    fault          TEXT NOT NULL,
    parts          TEXT NOT NULL,
    technician     TEXT NOT NULL,
    service_centre TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    completed_at   TEXT,
    recorded_at    TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    PRIMARY KEY (gtin, serial, repair_id)
) WITHOUT ROWID;

-- Warranty start corrections from invoices: appended, never updated (the audit trail); the latest counts.
CREATE TABLE warranty_corrections (
    gtin           TEXT NOT NULL,
    serial         TEXT NOT NULL,
    correction_id  TEXT NOT NULL,
    invoice_date   TEXT NOT NULL,    -- yyyy-MM-dd
    reason         TEXT NOT NULL,
    corrected_by   TEXT NOT NULL,
    corrected_at   TEXT NOT NULL,
    previous_start TEXT,
    previous_rule  TEXT,
    PRIMARY KEY (gtin, serial, correction_id)
) WITHOUT ROWID;
