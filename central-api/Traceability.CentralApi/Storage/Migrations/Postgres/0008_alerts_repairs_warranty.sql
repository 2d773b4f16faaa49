-- Alerts the service desk lists and acknowledges: far fewer rows than units, so not partitioned (a Citus reference
-- table would do). kind is open-ended text (AlertKind.Known, checked by the application), so a new kind needs no
-- migration. One open alert per dedup key; an acknowledged one frees its key.
CREATE TABLE alerts (
    alert_id        uuid        NOT NULL PRIMARY KEY,
    kind            text        NOT NULL,
    status          text        NOT NULL CONSTRAINT alerts_status CHECK (status IN ('open', 'acknowledged')),
    gtin            text,
    serial          text,
    raised_at       timestamptz NOT NULL,
    summary         text        NOT NULL,
    evidence        jsonb       NOT NULL,
    dedup_key       text,
    acknowledged_by text,
    acknowledged_at timestamptz,
    ack_note        text
);
CREATE INDEX alerts_newest ON alerts (raised_at DESC, alert_id DESC);
CREATE INDEX alerts_status_newest ON alerts (status, raised_at DESC, alert_id DESC);
CREATE INDEX alerts_kind_newest ON alerts (kind, status, raised_at DESC, alert_id DESC);
CREATE INDEX alerts_unit ON alerts (gtin, serial);
CREATE UNIQUE INDEX alerts_open_dedup ON alerts (dedup_key) WHERE status = 'open';

-- Repairs and warranty corrections are per unit: keyed (gtin, serial, id) and hash-partitioned by serial like units,
-- so a unit's history is one partition (and would share the unit's Citus shard).
CREATE TABLE repairs (
    gtin           text        NOT NULL,
    serial         text        NOT NULL,
    repair_id      uuid        NOT NULL,
    fault          text        NOT NULL,
    parts          jsonb       NOT NULL,   -- [{partNumber, serial, description}]
    technician     text        NOT NULL,
    service_centre text        NOT NULL,
    received_at    timestamptz NOT NULL,
    completed_at   timestamptz,
    recorded_at    timestamptz NOT NULL,
    recorded_by    text        NOT NULL,
    CONSTRAINT repairs_pkey PRIMARY KEY (gtin, serial, repair_id)
) PARTITION BY HASH (serial);

-- Appended, never updated (the audit trail); the latest counts.
CREATE TABLE warranty_corrections (
    gtin           text        NOT NULL,
    serial         text        NOT NULL,
    correction_id  uuid        NOT NULL,
    invoice_date   date        NOT NULL,
    reason         text        NOT NULL,
    corrected_by   text        NOT NULL,
    corrected_at   timestamptz NOT NULL,
    previous_start date,
    previous_rule  text,
    CONSTRAINT warranty_corrections_pkey PRIMARY KEY (gtin, serial, correction_id)
) PARTITION BY HASH (serial);

DO $$
DECLARE
    t text;
    r integer;
BEGIN
    FOREACH t IN ARRAY ARRAY['repairs', 'warranty_corrections'] LOOP
        FOR r IN 0..15 LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 16, REMAINDER %s);',
                           t || '_p' || lpad(r::text, 2, '0'), t, r);
        END LOOP;
    END LOOP;
END $$;
