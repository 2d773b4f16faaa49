-- Activation (docs/activation.md): a device at first boot posts its code, account, IP and time.
-- activations holds the FIRST activation of each unit: its primary key makes it unique, and the activation statement
-- (INSERT … ON CONFLICT DO NOTHING, then the history insert when nothing was inserted, in one statement) waits on a
-- concurrent first insert and then files the loser as history. Every later activation goes to activation_history
-- and never overwrites the first. Both are keyed and partitioned like units (hash of serial, 16 partitions).
-- flags: 1 unknown serial, 2 unshipped, 4 decommissioned, 8 retired, 16 region unknown (ActivationConcerns).
-- dealer_id: the dealer the unit was last shipped to when it was activated (null: none).
CREATE TABLE activations (
    gtin          text        NOT NULL,
    serial        text        NOT NULL,
    activation_id uuid        NOT NULL,
    account_id    text        NOT NULL,
    ip            text        NOT NULL,
    region        text,
    activated_at  timestamptz NOT NULL,
    received_at   timestamptz NOT NULL,
    flags         smallint    NOT NULL,
    diversion     boolean     NOT NULL,
    dealer_id     text,
    CONSTRAINT activations_pkey PRIMARY KEY (gtin, serial)
) PARTITION BY HASH (serial);

CREATE TABLE activation_history (
    gtin          text        NOT NULL,
    serial        text        NOT NULL,
    activation_id uuid        NOT NULL,
    account_id    text        NOT NULL,
    ip            text        NOT NULL,
    region        text,
    activated_at  timestamptz NOT NULL,
    received_at   timestamptz NOT NULL,
    flags         smallint    NOT NULL,
    diversion     boolean     NOT NULL,
    dealer_id     text,
    CONSTRAINT activation_history_pkey PRIMARY KEY (gtin, serial, activation_id)
) PARTITION BY HASH (serial);

DO $$
DECLARE
    t text;
    r integer;
BEGIN
    FOREACH t IN ARRAY ARRAY['activations', 'activation_history'] LOOP
        FOR r IN 0..15 LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 16, REMAINDER %s);',
                           t || '_p' || lpad(r::text, 2, '0'), t, r);
        END LOOP;
    END LOOP;
END $$;

-- A unit taken out of use for good after it reached a customer (trade-in sets it): central keeps the time.
ALTER TABLE units ADD COLUMN retired_at timestamptz;
