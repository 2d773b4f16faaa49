-- Scale-out: every large table is hash-partitioned (16 partitions) on a key that Citus could distribute by as well.
-- PostgreSQL wants each unique constraint of a partitioned table to contain its partition key, so the two global
-- uniqueness rules of events live in their own narrow tables, each partitioned by the key it guards:
--   event_ids      event id, once in the whole system      PARTITION BY HASH (event_id)
--   line_sequences (line, sequence), once per line          PARTITION BY HASH (line_id)
--   events         the bodies, placed by partition_key      PARTITION BY HASH (partition_key)
--   units          (gtin, serial)                           PARTITION BY HASH (serial)
-- partition_key is the unit's serial, so a unit and its events share a partition number (and would share a Citus
-- shard); an event about no unit is placed by the SSCC it is about (an aggregation's parent, a decommissioned or
-- reprinted case), or else by its own event id. The rows of 0001 are carried over, not dropped.

ALTER TABLE events RENAME TO events_0001;
ALTER INDEX events_pkey RENAME TO events_0001_pkey;
ALTER INDEX events_line_sequence RENAME TO events_0001_line_sequence;
ALTER INDEX events_unit RENAME TO events_0001_unit;
ALTER TABLE units RENAME TO units_0001;
ALTER INDEX units_pkey RENAME TO units_0001_pkey;

CREATE TABLE event_ids (
    event_id      uuid   NOT NULL,
    line_id       text   NOT NULL,
    sequence      bigint NOT NULL,
    partition_key text   NOT NULL,
    CONSTRAINT event_ids_pkey PRIMARY KEY (event_id)
) PARTITION BY HASH (event_id);

CREATE TABLE line_sequences (
    line_id  text   NOT NULL,
    sequence bigint NOT NULL,
    event_id uuid   NOT NULL,
    CONSTRAINT line_sequences_pkey PRIMARY KEY (line_id, sequence)
) PARTITION BY HASH (line_id);

CREATE TABLE events (
    partition_key text        NOT NULL,
    event_id      uuid        NOT NULL,
    line_id       text        NOT NULL,
    sequence      bigint      NOT NULL,
    type          text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    gtin          text,
    serial        text,
    payload       jsonb       NOT NULL,
    received_at   timestamptz NOT NULL,
    CONSTRAINT events_pkey PRIMARY KEY (partition_key, event_id)
) PARTITION BY HASH (partition_key);

CREATE TABLE units (
    gtin            text        NOT NULL,
    serial          text        NOT NULL,
    line_id         text        NOT NULL,
    state           smallint    NOT NULL,
    allocated_at    timestamptz NOT NULL,
    commissioned_at timestamptz,
    CONSTRAINT units_pkey PRIMARY KEY (gtin, serial)
) PARTITION BY HASH (serial);

DO $$
DECLARE
    t text;
    r integer;
BEGIN
    FOREACH t IN ARRAY ARRAY['event_ids', 'line_sequences', 'events', 'units'] LOOP
        FOR r IN 0..15 LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 16, REMAINDER %s);',
                           t || '_p' || lpad(r::text, 2, '0'), t, r);
        END LOOP;
    END LOOP;
END $$;

-- The same rule as EventBatch.PartitionKey in the application.
INSERT INTO events (partition_key, event_id, line_id, sequence, type, occurred_at, gtin, serial, payload, received_at)
SELECT COALESCE(
           serial,
           CASE WHEN jsonb_typeof(payload -> 'parentSscc') = 'string' THEN NULLIF(payload ->> 'parentSscc', '') END,
           CASE WHEN jsonb_typeof(payload -> 'item' -> 'sscc') = 'string' THEN NULLIF(payload -> 'item' ->> 'sscc', '') END,
           event_id::text),
       event_id, line_id, sequence, type, occurred_at, gtin, serial, payload, received_at
FROM events_0001;

INSERT INTO event_ids (event_id, line_id, sequence, partition_key)
SELECT event_id, line_id, sequence, partition_key FROM events;

INSERT INTO line_sequences (line_id, sequence, event_id)
SELECT line_id, sequence, event_id FROM events;

INSERT INTO units (gtin, serial, line_id, state, allocated_at, commissioned_at)
SELECT gtin, serial, line_id, state, allocated_at, commissioned_at FROM units_0001;

DROP TABLE events_0001;
DROP TABLE units_0001;
