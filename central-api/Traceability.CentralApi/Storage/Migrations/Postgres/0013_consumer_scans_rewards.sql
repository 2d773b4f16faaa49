-- Consumer scans (docs/consumer-scan.md): every scan of a unit's Digital Link, and a per-unit counter with the last
-- placed scan, so a scan's checks read and write one row in one statement (no scan of scans). Both keyed and
-- partitioned like units (hash of serial, 16 partitions). day: the UTC date day_count counts.
-- reasons: the verdict's reason codes, comma-separated (empty: none).
CREATE TABLE consumer_scans (
    gtin       text        NOT NULL,
    serial     text        NOT NULL,
    scan_id    uuid        NOT NULL,
    scanned_at timestamptz NOT NULL,
    ip         text,
    region     text,
    verdict    text        NOT NULL,
    reasons    text        NOT NULL,
    CONSTRAINT consumer_scans_pkey PRIMARY KEY (gtin, serial, scan_id)
) PARTITION BY HASH (serial);

CREATE TABLE consumer_scan_counters (
    gtin        text        NOT NULL,
    serial      text        NOT NULL,
    total       bigint      NOT NULL,
    day         date        NOT NULL,
    day_count   integer     NOT NULL,
    last_region text,
    last_at     timestamptz,
    CONSTRAINT consumer_scan_counters_pkey PRIMARY KEY (gtin, serial)
) PARTITION BY HASH (serial);

DO $$
DECLARE
    t text;
    r integer;
BEGIN
    FOREACH t IN ARRAY ARRAY['consumer_scans', 'consumer_scan_counters'] LOOP
        FOR r IN 0..15 LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 16, REMAINDER %s);',
                           t || '_p' || lpad(r::text, 2, '0'), t, r);
        END LOOP;
    END LOOP;
END $$;

-- Scan rewards (docs/rewards.md): reward_claims holds the one claim a unit may have (its primary key makes it unique:
-- INSERT … ON CONFLICT DO NOTHING waits on a concurrent claim and then inserts nothing); reward_claim_attempts every
-- claim attempt, granted or refused, indexed for the per-account, device and IP rates.
CREATE TABLE reward_claims (
    gtin       text        NOT NULL,
    serial     text        NOT NULL,
    claim_id   uuid        NOT NULL,
    account_id text        NOT NULL,
    device_id  text        NOT NULL,
    ip         text,
    points     integer     NOT NULL,
    claimed_at timestamptz NOT NULL,
    CONSTRAINT reward_claims_pkey PRIMARY KEY (gtin, serial)
);

CREATE TABLE reward_claim_attempts (
    attempt_id   uuid        NOT NULL PRIMARY KEY,
    gtin         text        NOT NULL,
    serial       text        NOT NULL,
    account_id   text        NOT NULL,
    device_id    text        NOT NULL,
    ip           text,
    attempted_at timestamptz NOT NULL,
    outcome      text        NOT NULL
);

CREATE INDEX reward_claim_attempts_account ON reward_claim_attempts (account_id, attempted_at);
CREATE INDEX reward_claim_attempts_device ON reward_claim_attempts (device_id, attempted_at);
CREATE INDEX reward_claim_attempts_ip ON reward_claim_attempts (ip, attempted_at);
