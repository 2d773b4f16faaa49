-- AllocateSerials is idempotent by request_id: a retry (after a timeout, a restart, or through another central
-- process) gets the block the first call allocated. serials is a JSON array, in the order the line hands them out.
CREATE TABLE serial_requests (
    request_id   TEXT    NOT NULL PRIMARY KEY,
    line_id      TEXT    NOT NULL,
    gtin         TEXT    NOT NULL,
    count        INTEGER NOT NULL,
    block_id     TEXT    NOT NULL,
    serials      TEXT    NOT NULL,
    allocated_at TEXT    NOT NULL
) WITHOUT ROWID;
