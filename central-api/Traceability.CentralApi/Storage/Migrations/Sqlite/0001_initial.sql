-- Events as the lines stream them: each id once, each (line, sequence) once.
CREATE TABLE events (
    event_id    TEXT    NOT NULL PRIMARY KEY,
    line_id     TEXT    NOT NULL,
    sequence    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    occurred_at TEXT    NOT NULL,
    gtin        TEXT,
    serial      TEXT,
    payload     TEXT    NOT NULL,
    received_at TEXT    NOT NULL,
    CONSTRAINT events_line_sequence UNIQUE (line_id, sequence)
);
CREATE INDEX events_unit ON events (gtin, serial) WHERE gtin IS NOT NULL;

-- Per line: highest contiguous sequence stored (the ack watermark) and highest seen.
CREATE TABLE line_progress (
    line_id      TEXT    NOT NULL PRIMARY KEY,
    watermark    INTEGER NOT NULL,
    highest_seen INTEGER NOT NULL
);

-- Units keyed by (gtin, serial): a serial belongs to one line only.
CREATE TABLE units (
    gtin            TEXT    NOT NULL,
    serial          TEXT    NOT NULL,
    line_id         TEXT    NOT NULL,
    state           INTEGER NOT NULL,
    allocated_at    TEXT    NOT NULL,
    commissioned_at TEXT,
    PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;
