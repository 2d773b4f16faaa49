-- The sales channel (docs/channel.md): dealers in a tree under the brand, and where each unit is in the channel.
-- dealers is small (not partitioned; a Citus reference table). path is the dealer's ancestry,
-- '/<level-1 id>/…/<own id>/', so "is X above or equal to Y" is a prefix test (COLLATE "C": byte-wise).
CREATE TABLE dealers (
    dealer_id  text        NOT NULL PRIMARY KEY,
    name       text        NOT NULL,
    parent_id  text        REFERENCES dealers (dealer_id),
    level      smallint    NOT NULL,
    path       text COLLATE "C" NOT NULL,
    regions    text[]      NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX dealers_parent ON dealers (parent_id);

-- A unit's place in the channel now, keyed and partitioned like units (hash of serial, 16 partitions), so a unit's
-- channel rows share a partition number with the unit. status: 1 in transit to dealer_id, 2 held by dealer_id,
-- 3 sold by dealer_id. from_dealer: who shipped it last (null: the brand).
CREATE TABLE channel_units (
    gtin        text        NOT NULL,
    serial      text        NOT NULL,
    status      smallint    NOT NULL,
    dealer_id   text        NOT NULL,
    from_dealer text,
    shipment_id uuid        NOT NULL,
    shipped_at  timestamptz NOT NULL,
    received_at timestamptz,
    sold_at     timestamptz,
    CONSTRAINT channel_units_pkey PRIMARY KEY (gtin, serial)
) PARTITION BY HASH (serial);

-- Every channel step of every unit, partitioned by serial too. step: 1 shipping, 2 receiving, 3 retail_selling;
-- event_key is the EPCIS event the step wrote (epcis_events). to_dealer is null for a sale.
CREATE TABLE channel_history (
    gtin        text        NOT NULL,
    serial      text        NOT NULL,
    event_key   text COLLATE "C" NOT NULL,
    step        smallint    NOT NULL,
    occurred_at timestamptz NOT NULL,
    from_dealer text,
    to_dealer   text,
    shipment_id uuid        NOT NULL,
    CONSTRAINT channel_history_pkey PRIMARY KEY (gtin, serial, event_key)
) PARTITION BY HASH (serial);

DO $$
DECLARE
    t text;
    r integer;
BEGIN
    FOREACH t IN ARRAY ARRAY['channel_units', 'channel_history'] LOOP
        FOR r IN 0..15 LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 16, REMAINDER %s);',
                           t || '_p' || lpad(r::text, 2, '0'), t, r);
        END LOOP;
    END LOOP;
END $$;
