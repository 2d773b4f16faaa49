-- Units carry their batch, work order, packing parent and label reissues. Every projected field keeps the version of
-- the event that set it (EventVersion: occurred_at text, 19-digit sequence, line id; it sorts byte by byte, hence
-- COLLATE "C"), so events arriving out of order or replayed end in the same rows.
ALTER TABLE units
    ADD COLUMN lot                text,
    ADD COLUMN expiry             text,                  -- YYMMDD as printed in AI (17)
    ADD COLUMN work_order_id      text,
    ADD COLUMN state_version      text COLLATE "C",
    ADD COLUMN commission_version text COLLATE "C",
    ADD COLUMN parent_sscc        text,                  -- the parent register: last container to take the unit (null: taken out)
    ADD COLUMN parent_version     text COLLATE "C",
    ADD COLUMN entered_version    text COLLATE "C",      -- null: same as parent_version
    ADD COLUMN replaced_by_gtin   text,                  -- a reissued label: the serial now on the unit
    ADD COLUMN replaced_by_serial text,
    ADD COLUMN replaced_version   text COLLATE "C",
    ADD COLUMN replaces_gtin      text,
    ADD COLUMN replaces_serial    text;

-- Cases and pallets, keyed by SSCC (partitions by SSCC hash). A container exists once an event names it; packed_*
-- come from its first packing.
CREATE TABLE containers (
    sscc             text        NOT NULL PRIMARY KEY,
    line_id          text,
    packed_at        timestamptz,
    packed_version   text COLLATE "C",
    state            smallint    NOT NULL,
    state_version    text COLLATE "C",
    parent_sscc      text,
    parent_version   text COLLATE "C",
    entered_version  text COLLATE "C",
    emptied_version  text COLLATE "C",   -- last "emptied" (disaggregated without children): members that entered before are out
    replaced_by      text,
    replaced_version text COLLATE "C",
    replaces         text
);

-- The hierarchy downwards, keyed by the parent (units and containers keep their parent upwards), so both directions
-- stay single-index lookups when units partition by serial and this table by parent SSCC. gtin is '' for a container
-- member, whose id is its SSCC.
CREATE TABLE container_members (
    parent_sscc     text NOT NULL,
    gtin            text NOT NULL,
    id              text NOT NULL,
    entered_version text COLLATE "C" NOT NULL,
    PRIMARY KEY (parent_sscc, gtin, id)
);

-- Units commissioned before this migration: their commissioning version and batch, from the stored events.
UPDATE units u SET commission_version = f.version, state_version = f.version, lot = f.lot, expiry = f.expiry, work_order_id = f.work_order_id
FROM (
    SELECT DISTINCT ON (gtin, serial, line_id) gtin, serial, line_id,
           to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || lpad(sequence::text, 19, '0') || line_id AS version,
           NULLIF(payload->>'lot', '') AS lot, NULLIF(payload->>'expiry', '') AS expiry, NULLIF(payload->>'workOrderId', '') AS work_order_id
    FROM events
    WHERE type = 'Commissioned' AND gtin IS NOT NULL
    ORDER BY gtin, serial, line_id, occurred_at, sequence) AS f
WHERE u.gtin = f.gtin AND u.serial = f.serial AND u.line_id = f.line_id AND u.commissioned_at IS NOT NULL;
