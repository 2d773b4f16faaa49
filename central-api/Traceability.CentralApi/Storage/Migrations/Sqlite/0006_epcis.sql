-- EPCIS events captured from partners, each stored once under its key: its eventID, or its CBV event hash when it
-- came without one. content_hash (the CBV hash) tells a resent event from a conflicting reuse of its eventID.
-- Times as fixed-width UTC text (yyyy-MM-ddTHH:mm:ss.ffffffZ), so text order is time order.
CREATE TABLE epcis_events (
    event_key    TEXT NOT NULL PRIMARY KEY,
    event_type   TEXT NOT NULL,
    event_time   TEXT NOT NULL,
    record_time  TEXT NOT NULL,
    biz_step     TEXT,
    content_hash TEXT NOT NULL,
    capture_id   TEXT NOT NULL,
    event_json   TEXT NOT NULL
) WITHOUT ROWID;
-- Query order and paging keyset.
CREATE INDEX epcis_events_time ON epcis_events (event_time, event_key);

-- The identifiers each captured event names, by canonical key (constrained canonical GS1 Digital Link URI) and role
-- (1 epcList, 2 parentID, 3 childEPCs, 4 inputEPCList, 5 outputEPCList, 6 quantity classes), for MATCH_* queries.
CREATE TABLE epcis_event_epcs (
    epc_key   TEXT    NOT NULL,
    role      INTEGER NOT NULL,
    event_key TEXT    NOT NULL REFERENCES epcis_events (event_key),
    PRIMARY KEY (epc_key, role, event_key)
) WITHOUT ROWID;

-- Capture jobs (POST /epcis/capture). Only finished, successful jobs exist: capture is synchronous and all-or-nothing.
CREATE TABLE epcis_captures (
    capture_id      TEXT    NOT NULL PRIMARY KEY,
    created_at      TEXT    NOT NULL,
    event_count     INTEGER NOT NULL,
    stored_count    INTEGER NOT NULL,
    duplicate_count INTEGER NOT NULL
) WITHOUT ROWID;
