-- EPCIS events captured from partners, each stored once under its key: its eventID, or its CBV event hash when it
-- came without one. content_hash (the CBV hash) tells a resent event from a conflicting reuse of its eventID.
-- Keys compare byte-wise (COLLATE "C") so that paging orders them as the application and SQLite do. event_json is
-- json, not jsonb: the event is given back as it was sent.
CREATE TABLE epcis_events (
    event_key    text COLLATE "C" NOT NULL PRIMARY KEY,
    event_type   text        NOT NULL,
    event_time   timestamptz NOT NULL,
    record_time  timestamptz NOT NULL,
    biz_step     text,
    content_hash text        NOT NULL,
    capture_id   uuid        NOT NULL,
    event_json   json        NOT NULL
);
-- Query order and paging keyset.
CREATE INDEX epcis_events_time ON epcis_events (event_time, event_key);

-- The identifiers each captured event names, by canonical key (constrained canonical GS1 Digital Link URI) and role
-- (1 epcList, 2 parentID, 3 childEPCs, 4 inputEPCList, 5 outputEPCList, 6 quantity classes), for MATCH_* queries.
CREATE TABLE epcis_event_epcs (
    epc_key   text COLLATE "C" NOT NULL,
    role      smallint NOT NULL,
    event_key text COLLATE "C" NOT NULL REFERENCES epcis_events (event_key),
    PRIMARY KEY (epc_key, role, event_key)
);

-- Capture jobs (POST /epcis/capture). Only finished, successful jobs exist: capture is synchronous and all-or-nothing.
CREATE TABLE epcis_captures (
    capture_id      uuid        NOT NULL PRIMARY KEY,
    created_at      timestamptz NOT NULL,
    event_count     integer     NOT NULL,
    stored_count    integer     NOT NULL,
    duplicate_count integer     NOT NULL
);
