-- Room on each units page for the rows' commissioned versions, so commissioning (the bulk of ingest) is a HOT update:
-- the new row version stays on its page and no index entry is written. An allocated unit is ~84 bytes on the page,
-- a commissioned one ~250 (lot, expiry, work order, two versions), and a batch commissions the units of a page in
-- one transaction (serials are allocated in blocks, in key order), so the page must hold both versions of all of them
-- at once: 30 % full at allocation. Once committed, the old versions are pruned and the page ends about as full as
-- if the units had been inserted commissioned. Measured on this machine (docs/benchmarks.md, session 5): 94 % of
-- commissionings HOT instead of ~0 %, ~7 → ~4 µs of PostgreSQL CPU per commissioning. Applies to pages written
-- from now on; existing pages keep their layout.
DO $$
BEGIN
    FOR r IN 0..15 LOOP
        EXECUTE format('ALTER TABLE %I SET (fillfactor = 30);', 'units_p' || lpad(r::text, 2, '0'));
    END LOOP;
END $$;
