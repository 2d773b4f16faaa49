using System.Globalization;
using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Catalog;

namespace Traceability.CentralApi.Storage;

/// <summary>Products and batches on SQLite.</summary>
public sealed partial class SqliteCentralStore
{
    private const string DateFormat = StoredValues.SqliteDateFormat;

    public async Task<bool> UpsertProductAsync(Product product, CancellationToken cancellationToken = default)
    {
        CatalogArguments.Check(product);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = connection.BeginTransaction(deferred: false);
        long? stored;
        await using (var read = Command(connection, tx, "SELECT company_prefix_length FROM products WHERE gtin = $gtin;"))
        {
            read.Parameters.AddWithValue("$gtin", product.Gtin);
            stored = (long?)await read.ExecuteScalarAsync(cancellationToken);
        }

        if (stored is { } length && length != product.CompanyPrefixLength)
        {
            throw CatalogArguments.PrefixChanged(product, (int)length);
        }

        await using (var upsert = Command(connection, tx, """
            INSERT INTO products (gtin, company_prefix_length, model, name, list_price, currency, warranty_months, return_days, exchange_days, updated_at)
            VALUES ($gtin, $gcp, $model, $name, $list_price, $currency, $months, $return, $exchange, $at)
            ON CONFLICT (gtin) DO UPDATE SET model = excluded.model, name = excluded.name, list_price = excluded.list_price,
                currency = excluded.currency, warranty_months = excluded.warranty_months, return_days = excluded.return_days,
                exchange_days = excluded.exchange_days, updated_at = excluded.updated_at;
            """))
        {
            upsert.Parameters.AddWithValue("$gtin", product.Gtin);
            upsert.Parameters.AddWithValue("$gcp", product.CompanyPrefixLength);
            upsert.Parameters.AddWithValue("$model", product.Model);
            upsert.Parameters.AddWithValue("$name", product.Name);
            upsert.Parameters.AddWithValue("$list_price", (object?)product.ListPrice?.ToString(CultureInfo.InvariantCulture) ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$currency", (object?)product.Currency ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$months", product.Warranty.WarrantyMonths);
            upsert.Parameters.AddWithValue("$return", product.Warranty.ReturnDays);
            upsert.Parameters.AddWithValue("$exchange", product.Warranty.ExchangeDays);
            upsert.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(_time.GetUtcNow()));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
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
        CatalogArguments.ReadProductsAsync(OpenReadAsync, gtins, "gtin IN (SELECT value FROM json_each(@gtins))", System.Text.Json.JsonSerializer.Serialize(gtins), cancellationToken);

    public async Task<bool> UpsertBatchAsync(Batch batch, CancellationToken cancellationToken = default)
    {
        CatalogArguments.Check(batch);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = connection.BeginTransaction(deferred: false);
        await using (var product = Command(connection, tx, "SELECT 1 FROM products WHERE gtin = $gtin;"))
        {
            product.Parameters.AddWithValue("$gtin", batch.Gtin);
            if (await product.ExecuteScalarAsync(cancellationToken) is null)
            {
                throw new KeyNotFoundException($"Product {batch.Gtin} is not known; create it before its batches.");
            }
        }

        bool created;
        await using (var exists = Command(connection, tx, "SELECT 1 FROM batches WHERE gtin = $gtin AND lot = $lot;"))
        {
            exists.Parameters.AddWithValue("$gtin", batch.Gtin);
            exists.Parameters.AddWithValue("$lot", batch.Lot);
            created = await exists.ExecuteScalarAsync(cancellationToken) is null;
        }

        await using (var upsert = Command(connection, tx, """
            INSERT INTO batches (gtin, lot, manufactured_on, expiry, updated_at) VALUES ($gtin, $lot, $made, $expiry, $at)
            ON CONFLICT (gtin, lot) DO UPDATE SET manufactured_on = excluded.manufactured_on, expiry = excluded.expiry,
                updated_at = excluded.updated_at;
            """))
        {
            upsert.Parameters.AddWithValue("$gtin", batch.Gtin);
            upsert.Parameters.AddWithValue("$lot", batch.Lot);
            upsert.Parameters.AddWithValue("$made", (object?)batch.ManufacturedOn?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$expiry", (object?)batch.Expiry?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(_time.GetUtcNow()));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return created;
    }

    public Task<Batch?> GetBatchAsync(string gtin, string lot, CancellationToken cancellationToken = default) =>
        CatalogArguments.ReadBatchAsync(OpenReadAsync, gtin, lot, cancellationToken);
}
