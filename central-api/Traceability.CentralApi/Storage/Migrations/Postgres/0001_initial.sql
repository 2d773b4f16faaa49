-- Events as the lines stream them: each id once, each (line, sequence) once.
CREATE TABLE events (
    event_id    uuid        NOT NULL PRIMARY KEY,
    line_id     text        NOT NULL,
    sequence    bigint      NOT NULL,
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    gtin        text,
    serial      text,
    payload     jsonb       NOT NULL,
    received_at timestamptz NOT NULL,
    CONSTRAINT events_line_sequence UNIQUE (line_id, sequence)
);
CREATE INDEX events_unit ON events (gtin, serial) WHERE gtin IS NOT NULL;

-- Per line: highest contiguous sequence stored (the ack watermark) and highest seen; its row lock orders a line's batches.
CREATE TABLE line_progress (
    line_id      text   NOT NULL PRIMARY KEY,
    watermark    bigint NOT NULL,
    highest_seen bigint NOT NULL
);

-- Units keyed by (gtin, serial), ready to partition by serial hash: a serial belongs to one line only.
CREATE TABLE units (
    gtin            text        NOT NULL,
    serial          text        NOT NULL,
    line_id         text        NOT NULL,
    state           smallint    NOT NULL,
    allocated_at    timestamptz NOT NULL,
    commissioned_at timestamptz,
    PRIMARY KEY (gtin, serial)
);
