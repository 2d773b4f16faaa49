-- Consumer scans (docs/consumer-scan.md): every scan of a unit's Digital Link, and a per-unit counter with the last
-- placed scan, so the checks of a scan read and write one row (no scan of scans). day: the UTC date of day_count.
-- reasons: the verdict's reason codes, comma-separated (empty: none). Times as fixed-width UTC text.
CREATE TABLE consumer_scans (
    gtin       TEXT NOT NULL,
    serial     TEXT NOT NULL,
    scan_id    TEXT NOT NULL,
    scanned_at TEXT NOT NULL,
    ip         TEXT,
    region     TEXT,
    verdict    TEXT NOT NULL,
    reasons    TEXT NOT NULL,
    PRIMARY KEY (gtin, serial, scan_id)
) WITHOUT ROWID;

CREATE TABLE consumer_scan_counters (
    gtin        TEXT    NOT NULL,
    serial      TEXT    NOT NULL,
    total       INTEGER NOT NULL,
    day         TEXT    NOT NULL,
    day_count   INTEGER NOT NULL,
    last_region TEXT,
    last_at     TEXT,
    PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;

-- Scan rewards (docs/rewards.md): reward_claims holds the one claim a unit may have (its primary key makes it unique);
-- reward_claim_attempts every claim attempt, granted or refused, indexed for the per-account, device and IP rates.
CREATE TABLE reward_claims (
    gtin       TEXT    NOT NULL,
    serial     TEXT    NOT NULL,
    claim_id   TEXT    NOT NULL,
    account_id TEXT    NOT NULL,
    device_id  TEXT    NOT NULL,
    ip         TEXT,
    points     INTEGER NOT NULL,
    claimed_at TEXT    NOT NULL,
    PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;

CREATE TABLE reward_claim_attempts (
    attempt_id   TEXT NOT NULL PRIMARY KEY,
    gtin         TEXT NOT NULL,
    serial       TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    ip           TEXT,
    attempted_at TEXT NOT NULL,
    outcome      TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX reward_claim_attempts_account ON reward_claim_attempts (account_id, attempted_at);
CREATE INDEX reward_claim_attempts_device ON reward_claim_attempts (device_id, attempted_at);
CREATE INDEX reward_claim_attempts_ip ON reward_claim_attempts (ip, attempted_at);
