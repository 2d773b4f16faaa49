using Npgsql;
using NpgsqlTypes;

namespace Traceability.CentralApi.Storage;

public sealed partial class PostgresCentralStore : IPriceWatchStore
{
    public async Task<IReadOnlySet<string>> AddListingsAsync(IReadOnlyList<PriceListing> listings, CancellationToken cancellationToken = default)
    {
        PriceWatchArguments.Check(listings);
        var added = new HashSet<string>(StringComparer.Ordinal);
        if (listings.Count == 0)
        {
            return added;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var listing in listings)
        {
            await using var insert = Command(connection, tx, $"""
                INSERT INTO price_listings ({PriceListingRows.Columns})
                VALUES (@id, @platform, @store, @sku, @gtin, @price, @currency, @listed, @serial, @imported, @list, @cost, @tier,
                        @authorized, @storeDealer, @traced, @chain, @alert)
                ON CONFLICT DO NOTHING;
                """);
            insert.Parameters.AddWithValue("id", listing.ListingId);
            insert.Parameters.AddWithValue("platform", PriceWatchArguments.Key(listing.Platform));
            insert.Parameters.AddWithValue("store", PriceWatchArguments.Key(listing.Store));
            insert.Parameters.Add(new NpgsqlParameter<string?>("sku", NpgsqlDbType.Text) { TypedValue = listing.Sku });
            insert.Parameters.AddWithValue("gtin", listing.Gtin);
            insert.Parameters.AddWithValue("price", listing.Price);
            insert.Parameters.AddWithValue("currency", listing.Currency);
            insert.Parameters.AddWithValue("listed", EventBatch.Stored(listing.ListedAt).UtcDateTime);
            insert.Parameters.Add(new NpgsqlParameter<string?>("serial", NpgsqlDbType.Text) { TypedValue = listing.Serial });
            insert.Parameters.AddWithValue("imported", EventBatch.Stored(listing.ImportedAt).UtcDateTime);
            insert.Parameters.AddWithValue("list", listing.ListPrice);
            insert.Parameters.AddWithValue("cost", listing.Cost);
            insert.Parameters.Add(new NpgsqlParameter<string?>("tier", NpgsqlDbType.Text) { TypedValue = PriceWatchArguments.Stored(listing.Tier) });
            insert.Parameters.AddWithValue("authorized", listing.Authorized);
            insert.Parameters.Add(new NpgsqlParameter<string?>("storeDealer", NpgsqlDbType.Text) { TypedValue = listing.StoreDealerId });
            insert.Parameters.Add(new NpgsqlParameter<string?>("traced", NpgsqlDbType.Text) { TypedValue = listing.TracedDealerId });
            insert.Parameters.AddWithValue("chain", listing.ShipmentChain.ToArray());
            insert.Parameters.Add(new NpgsqlParameter<Guid?>("alert", NpgsqlDbType.Uuid) { TypedValue = listing.AlertId });
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                added.Add(listing.ListingId);
            }
        }

        await tx.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<bool> SetListingAlertAsync(string listingId, Guid alertId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var update = Command(connection, null, "UPDATE price_listings SET alert_id = @alert WHERE listing_id = @id;");
        update.Parameters.AddWithValue("alert", alertId);
        update.Parameters.AddWithValue("id", listingId);
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<PriceListing>> ListViolationsAsync(ViolationQuery query, CancellationToken cancellationToken = default)
    {
        PriceWatchArguments.Check(query);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {PriceListingRows.Columns} FROM price_listings
            WHERE (tier IS NOT NULL OR NOT authorized)
              AND (@platform::text IS NULL OR platform = @platform::text)
              AND (@store::text IS NULL OR store = @store::text)
              AND (@tier::text IS NULL OR tier = @tier::text)
              AND (@from::timestamptz IS NULL OR listed_at >= @from::timestamptz)
              AND (@to::timestamptz IS NULL OR listed_at < @to::timestamptz)
              AND (@afterAt::timestamptz IS NULL OR (listed_at, listing_id) < (@afterAt::timestamptz, @afterId::text COLLATE "C"))
            ORDER BY listed_at DESC, listing_id DESC
            LIMIT @limit;
            """);
        select.Parameters.Add(new NpgsqlParameter<string?>("platform", NpgsqlDbType.Text) { TypedValue = query.Platform is { } p ? PriceWatchArguments.Key(p) : null });
        select.Parameters.Add(new NpgsqlParameter<string?>("store", NpgsqlDbType.Text) { TypedValue = query.Store is { } s ? PriceWatchArguments.Key(s) : null });
        select.Parameters.Add(new NpgsqlParameter<string?>("tier", NpgsqlDbType.Text) { TypedValue = PriceWatchArguments.Stored(query.Tier) });
        select.Parameters.Add(new NpgsqlParameter<DateTime?>("from", NpgsqlDbType.TimestampTz) { TypedValue = query.From is { } f ? EventBatch.Stored(f).UtcDateTime : null });
        select.Parameters.Add(new NpgsqlParameter<DateTime?>("to", NpgsqlDbType.TimestampTz) { TypedValue = query.To is { } t ? EventBatch.Stored(t).UtcDateTime : null });
        select.Parameters.Add(new NpgsqlParameter<DateTime?>("afterAt", NpgsqlDbType.TimestampTz) { TypedValue = query.After is { } a ? EventBatch.Stored(a.ListedAt).UtcDateTime : null });
        select.Parameters.Add(new NpgsqlParameter<string?>("afterId", NpgsqlDbType.Text) { TypedValue = query.After?.ListingId });
        select.Parameters.AddWithValue("limit", query.Limit);
        return await select.ReadAllAsync(PriceListingRows.Read, cancellationToken);
    }

    public Task<IReadOnlyList<DealerEvidenceCount>> CountTestBuysByDealerAsync(CancellationToken cancellationToken = default) =>
        CountByDealerAsync("""
            SELECT traced_dealer_id, COUNT(DISTINCT (gtin, serial)) AS n FROM price_listings
            WHERE traced_dealer_id IS NOT NULL
            GROUP BY traced_dealer_id
            ORDER BY n DESC, traced_dealer_id COLLATE "C";
            """, cancellationToken);

    public Task<IReadOnlyList<DealerEvidenceCount>> CountDivertedActivationsByDealerAsync(CancellationToken cancellationToken = default) =>
        CountByDealerAsync("""
            SELECT dealer_id, COUNT(*) AS n FROM activations
            WHERE diversion AND dealer_id IS NOT NULL
            GROUP BY dealer_id
            ORDER BY n DESC, dealer_id COLLATE "C";
            """, cancellationToken);

    public async Task<IReadOnlyList<PriceListing>> ListTestBuysAsync(string dealerId, int limit, CancellationToken cancellationToken = default)
    {
        PriceWatchArguments.CheckDealerListing(dealerId, limit);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {PriceListingRows.Columns} FROM price_listings
            WHERE traced_dealer_id = @dealer
            ORDER BY listed_at DESC, listing_id DESC
            LIMIT @limit;
            """);
        select.Parameters.AddWithValue("dealer", dealerId);
        select.Parameters.AddWithValue("limit", limit);
        return await select.ReadAllAsync(PriceListingRows.Read, cancellationToken);
    }

    private async Task<IReadOnlyList<DealerEvidenceCount>> CountByDealerAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, sql);
        return await select.ReadAllAsync(PriceListingRows.DealerCount, cancellationToken);
    }
}
