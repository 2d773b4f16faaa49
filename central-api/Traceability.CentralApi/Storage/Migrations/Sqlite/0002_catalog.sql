-- Product master data. company_prefix_length splits the GTIN for EPC URIs; list_price is decimal text (invariant culture).
CREATE TABLE products (
    gtin                  TEXT    NOT NULL PRIMARY KEY,
    company_prefix_length INTEGER NOT NULL,
    model                 TEXT    NOT NULL,
    name                  TEXT    NOT NULL,
    list_price                  TEXT,
    currency              TEXT,
    warranty_months       INTEGER NOT NULL,
    return_days           INTEGER NOT NULL,
    exchange_days         INTEGER NOT NULL,
    updated_at            TEXT    NOT NULL
) WITHOUT ROWID;

-- Batches (lots) of a product; dates as yyyy-MM-dd.
CREATE TABLE batches (
    gtin            TEXT NOT NULL REFERENCES products (gtin),
    lot             TEXT NOT NULL,
    manufactured_on TEXT,
    expiry          TEXT,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (gtin, lot)
) WITHOUT ROWID;
