-- Product master data. company_prefix_length splits the GTIN for EPC URIs.
CREATE TABLE products (
    gtin                  text          NOT NULL PRIMARY KEY,
    company_prefix_length smallint      NOT NULL,
    model                 text          NOT NULL,
    name                  text          NOT NULL,
    list_price                  numeric(14,2),
    currency              text,
    warranty_months       integer       NOT NULL,
    return_days           integer       NOT NULL,
    exchange_days         integer       NOT NULL,
    updated_at            timestamptz   NOT NULL
);

-- Batches (lots) of a product.
CREATE TABLE batches (
    gtin            text        NOT NULL REFERENCES products (gtin),
    lot             text        NOT NULL,
    manufactured_on date,
    expiry          date,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (gtin, lot)
);
