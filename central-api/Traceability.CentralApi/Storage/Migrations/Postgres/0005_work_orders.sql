-- Work orders central plans for lines (Planned → Released → Closed); a line closes one with a WorkOrderClosed event,
-- which names it in events.work_order_id. Few rows: not partitioned (a Citus reference table would do).
CREATE TABLE work_orders (
    work_order_id    text        NOT NULL PRIMARY KEY,
    line_id          text        NOT NULL,
    gtin             text        NOT NULL,
    lot              text        NOT NULL,
    expiry           text,
    quantity         bigint      NOT NULL,
    units_per_case   integer     NOT NULL,
    cases_per_pallet integer     NOT NULL,
    model            text        NOT NULL,
    state            text        NOT NULL CONSTRAINT work_orders_state CHECK (state IN ('Planned', 'Released', 'Closed')),
    created_at       timestamptz NOT NULL
);
CREATE INDEX work_orders_line ON work_orders (line_id, state);

-- The work order each event was produced under (events stored before have none).
ALTER TABLE events ADD COLUMN work_order_id text;
