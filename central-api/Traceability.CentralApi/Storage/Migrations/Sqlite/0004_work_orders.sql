-- Work orders central plans for lines (Planned → Released → Closed); a line closes one with a WorkOrderClosed event,
-- which names it in events.work_order_id.
CREATE TABLE work_orders (
    work_order_id    TEXT    NOT NULL PRIMARY KEY,
    line_id          TEXT    NOT NULL,
    gtin             TEXT    NOT NULL,
    lot              TEXT    NOT NULL,
    expiry           TEXT,
    quantity         INTEGER NOT NULL,
    units_per_case   INTEGER NOT NULL,
    cases_per_pallet INTEGER NOT NULL,
    model            TEXT    NOT NULL,
    state            TEXT    NOT NULL CONSTRAINT work_orders_state CHECK (state IN ('Planned', 'Released', 'Closed')),
    created_at       TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX work_orders_line ON work_orders (line_id, state);

-- The work order each event was produced under (events stored before have none).
ALTER TABLE events ADD COLUMN work_order_id TEXT;
