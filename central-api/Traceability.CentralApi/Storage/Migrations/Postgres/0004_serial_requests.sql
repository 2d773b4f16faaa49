-- AllocateSerials is idempotent by request_id: a retry (after a timeout, a restart, or through another central
-- process) gets the block the first call allocated. The row is inserted before the serials are drawn, so a concurrent
-- retry waits on its key and then reads the finished block.
CREATE TABLE serial_requests (
    request_id   text        NOT NULL PRIMARY KEY,
    line_id      text        NOT NULL,
    gtin         text        NOT NULL,
    count        integer     NOT NULL,
    block_id     uuid        NOT NULL,
    serials      text[]      NOT NULL,
    allocated_at timestamptz NOT NULL
);
