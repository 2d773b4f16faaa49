-- Units carry their batch, work order, packing parent and label reissues. Every projected field keeps the version of
-- the event that set it (EventVersion: occurred_at text, 19-digit sequence, line id; it sorts byte by byte), so events
-- arriving out of order or replayed end in the same rows.
ALTER TABLE units ADD COLUMN lot TEXT;
ALTER TABLE units ADD COLUMN expiry TEXT;              -- YYMMDD as printed in AI (17)
ALTER TABLE units ADD COLUMN work_order_id TEXT;
ALTER TABLE units ADD COLUMN state_version TEXT;
ALTER TABLE units ADD COLUMN commission_version TEXT;
ALTER TABLE units ADD COLUMN parent_sscc TEXT;          -- the parent register: last container to take the unit (null: taken out)
ALTER TABLE units ADD COLUMN parent_version TEXT;
ALTER TABLE units ADD COLUMN entered_version TEXT;      -- null: same as parent_version
ALTER TABLE units ADD COLUMN replaced_by_gtin TEXT;     -- a reissued label: the serial now on the unit
ALTER TABLE units ADD COLUMN replaced_by_serial TEXT;
ALTER TABLE units ADD COLUMN replaced_version TEXT;
ALTER TABLE units ADD COLUMN replaces_gtin TEXT;
ALTER TABLE units ADD COLUMN replaces_serial TEXT;

-- Cases and pallets, keyed by SSCC. A container exists once an event names it; packed_* come from its first packing.
CREATE TABLE containers (
    sscc             TEXT    NOT NULL PRIMARY KEY,
    line_id          TEXT,
    packed_at        TEXT,
    packed_version   TEXT,
    state            INTEGER NOT NULL,
    state_version    TEXT,
    parent_sscc      TEXT,
    parent_version   TEXT,
    entered_version  TEXT,
    emptied_version  TEXT,    -- last "emptied" (disaggregated without children): members that entered before are out
    replaced_by      TEXT,
    replaced_version TEXT,
    replaces         TEXT
) WITHOUT ROWID;

-- The hierarchy downwards, keyed by the parent (units and containers keep their parent upwards). gtin is '' for a
-- container member, whose id is its SSCC.
CREATE TABLE container_members (
    parent_sscc     TEXT NOT NULL,
    gtin            TEXT NOT NULL,
    id              TEXT NOT NULL,
    entered_version TEXT NOT NULL,
    PRIMARY KEY (parent_sscc, gtin, id)
) WITHOUT ROWID;

-- Units commissioned before this migration: their commissioning version and batch, from the stored events.
UPDATE units SET (commission_version, lot, expiry, work_order_id) = (
    SELECT e.occurred_at || printf('%019d', e.sequence) || e.line_id,
           json_extract(e.payload, '$.lot'), json_extract(e.payload, '$.expiry'), json_extract(e.payload, '$.workOrderId')
    FROM events e
    WHERE e.type = 'Commissioned' AND e.gtin = units.gtin AND e.serial = units.serial AND e.line_id = units.line_id
    ORDER BY e.occurred_at, e.sequence LIMIT 1)
WHERE commissioned_at IS NOT NULL;
UPDATE units SET state_version = commission_version WHERE commission_version IS NOT NULL;
