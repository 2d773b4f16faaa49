-- Price watch (docs/pricewatch.md): listings imported from e-commerce platforms. listing_id is the listing's identity
-- (a hash of platform, store, GTIN, price, currency, time and serial), so a re-import inserts nothing. platform and store
-- are kept lower-case (they match case-insensitively). Amounts as decimal text without trailing zeros; times as
-- fixed-width UTC text. tier: under_15, under_30, below_cost or null. shipment_chain: JSON array of dealer ids, the
-- brand's shipment first. traced_dealer_id: the dealer a test-buy serial traced to.
CREATE TABLE price_listings (
    listing_id       TEXT    NOT NULL PRIMARY KEY,
    platform         TEXT    NOT NULL,
    store            TEXT    NOT NULL,
    sku              TEXT,
    gtin             TEXT    NOT NULL,
    price            TEXT    NOT NULL,
    currency         TEXT    NOT NULL,
    listed_at        TEXT    NOT NULL,
    serial           TEXT,
    imported_at      TEXT    NOT NULL,
    list_price       TEXT    NOT NULL,
    cost             TEXT    NOT NULL,
    tier             TEXT,
    authorized       INTEGER NOT NULL CHECK (authorized IN (0, 1)),
    store_dealer_id  TEXT,
    traced_dealer_id TEXT,
    shipment_chain   TEXT    NOT NULL,
    alert_id         TEXT
) WITHOUT ROWID;
CREATE INDEX price_listings_violations ON price_listings (listed_at DESC, listing_id DESC) WHERE tier IS NOT NULL OR authorized = 0;
CREATE INDEX price_listings_test_buys ON price_listings (traced_dealer_id) WHERE traced_dealer_id IS NOT NULL;
