using Npgsql;
using Traceability.CentralApi.Catalog;

namespace Traceability.CentralApi.Storage;

/// <summary>Products and batches on PostgreSQL.</summary>
public sealed partial class PostgresCentralStore
{
    public async Task<bool> UpsertProductAsync(Product product, CancellationToken cancellationToken = default)
    {
        CatalogArguments.Check(product);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        short? stored;
        await using (var read = Command(connection, tx, "SELECT company_prefix_length FROM products WHERE gtin = @gtin FOR UPDATE;"))
        {
            read.Parameters.AddWithValue("gtin", product.Gtin);
            stored = (short?)await read.ExecuteScalarAsync(cancellationToken);
        }

        if (stored is { } length && length != product.CompanyPrefixLength)
        {
            throw CatalogArguments.PrefixChanged(product, length);
        }

        // Two creators at once: ON CONFLICT keeps the first prefix length; the check below catches the second's.
        short kept;
        await using (var upsert = Command(connection, tx, """
            INSERT INTO products (gtin, company_prefix_length, model, name, list_price, currency, warranty_months, return_days, exchange_days, updated_at)
            VALUES (@gtin, @gcp, @model, @name, @list_price, @currency, @months, @return, @exchange, @at)
            ON CONFLICT (gtin) DO UPDATE SET model = excluded.model, name = excluded.name, list_price = excluded.list_price,
                currency = excluded.currency, warranty_months = excluded.warranty_months, return_days = excluded.return_days,
                exchange_days = excluded.exchange_days, updated_at = excluded.updated_at
            RETURNING company_prefix_length;
            """))
        {
            upsert.Parameters.AddWithValue("gtin", product.Gtin);
            upsert.Parameters.AddWithValue("gcp", (short)product.CompanyPrefixLength);
            upsert.Parameters.AddWithValue("model", product.Model);
            upsert.Parameters.AddWithValue("name", product.Name);
            upsert.Parameters.AddWithValue("list_price", (object?)product.ListPrice ?? DBNull.Value);
            upsert.Parameters.AddWithValue("currency", (object?)product.Currency ?? DBNull.Value);
            upsert.Parameters.AddWithValue("months", product.Warranty.WarrantyMonths);
            upsert.Parameters.AddWithValue("return", product.Warranty.ReturnDays);
            upsert.Parameters.AddWithValue("exchange", product.Warranty.ExchangeDays);
            upsert.Parameters.AddWithValue("at", _time.GetUtcNow().UtcDateTime);
            kept = (short)(await upsert.ExecuteScalarAsync(cancellationToken))!;
        }

        if (kept != product.CompanyPrefixLength)
        {
            throw CatalogArguments.PrefixChanged(product, kept);
        }

        await tx.CommitAsync(cancellationToken);
        return stored is null;
    }

    public async Task<Product?> GetProductAsync(string gtin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        var found = await GetProductsAsync([gtin], cancellationToken);
        return found.GetValueOrDefault(gtin);
    }

    public Task<IReadOnlyDictionary<string, Product>> GetProductsAsync(IReadOnlyCollection<string> gtins, CancellationToken cancellationToken = default) =>
        CatalogArguments.ReadProductsAsync(OpenReadAsync, gtins, "gtin = ANY(@gtins)", gtins?.ToArray() ?? [], cancellationToken);

    public async Task<bool> UpsertBatchAsync(Batch batch, CancellationToken cancellationToken = default)
    {
        CatalogArguments.Check(batch);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var upsert = Command(connection, null, """
            INSERT INTO batches (gtin, lot, manufactured_on, expiry, updated_at) VALUES (@gtin, @lot, @made, @expiry, @at)
            ON CONFLICT (gtin, lot) DO UPDATE SET manufactured_on = excluded.manufactured_on, expiry = excluded.expiry,
                updated_at = excluded.updated_at
            RETURNING (xmax = 0);
            """);
        upsert.Parameters.AddWithValue("gtin", batch.Gtin);
        upsert.Parameters.AddWithValue("lot", batch.Lot);
        upsert.Parameters.AddWithValue("made", (object?)batch.ManufacturedOn ?? DBNull.Value);
        upsert.Parameters.AddWithValue("expiry", (object?)batch.Expiry ?? DBNull.Value);
        upsert.Parameters.AddWithValue("at", _time.GetUtcNow().UtcDateTime);
        try
        {
            // xmax = 0 on the returned row: it was inserted, not updated.
            return (bool)(await upsert.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new KeyNotFoundException($"Product {batch.Gtin} is not known; create it before its batches.", e);
        }
    }

    public Task<Batch?> GetBatchAsync(string gtin, string lot, CancellationToken cancellationToken = default) =>
        CatalogArguments.ReadBatchAsync(OpenReadAsync, gtin, lot, cancellationToken);
}
