-- Price watch (docs/pricewatch.md): listings imported from e-commerce platforms. listing_id is the listing's identity
-- (a hash of platform, store, GTIN, price, currency, time and serial), so a re-import inserts nothing. platform and store
-- are kept lower-case (they match case-insensitively). tier: under_15, under_30, below_cost or null. shipment_chain:
-- the dealer ids a test-buy unit was shipped to, the brand's shipment first. traced_dealer_id: the last of them.
CREATE TABLE price_listings (
    listing_id       text COLLATE "C" NOT NULL PRIMARY KEY,
    platform         text          NOT NULL,
    store            text          NOT NULL,
    sku              text,
    gtin             text          NOT NULL,
    price            numeric(19,4) NOT NULL,
    currency         text          NOT NULL,
    listed_at        timestamptz   NOT NULL,
    serial           text,
    imported_at      timestamptz   NOT NULL,
    list_price       numeric(19,4) NOT NULL,
    cost             numeric(19,4) NOT NULL,
    tier             text,
    authorized       boolean       NOT NULL,
    store_dealer_id  text,
    traced_dealer_id text,
    shipment_chain   text[]        NOT NULL,
    alert_id         uuid
);
CREATE INDEX price_listings_violations ON price_listings (listed_at DESC, listing_id DESC) WHERE tier IS NOT NULL OR NOT authorized;
CREATE INDEX price_listings_test_buys ON price_listings (traced_dealer_id) WHERE traced_dealer_id IS NOT NULL;
