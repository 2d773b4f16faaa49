using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Traceability.CentralApi.Storage;

public sealed partial class SqliteCentralStore : IPriceWatchStore
{
    public async Task<IReadOnlySet<string>> AddListingsAsync(IReadOnlyList<PriceListing> listings, CancellationToken cancellationToken = default)
    {
        PriceWatchArguments.Check(listings);
        var added = new HashSet<string>(StringComparer.Ordinal);
        if (listings.Count == 0)
        {
            return added;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        await using var insert = Command(connection, write.Transaction, $"""
            INSERT INTO price_listings ({PriceListingRows.Columns})
            VALUES ($id, $platform, $store, $sku, $gtin, $price, $currency, $listed, $serial, $imported, $list, $cost, $tier,
                    $authorized, $storeDealer, $traced, $chain, $alert)
            ON CONFLICT DO NOTHING;
            """);
        foreach (var listing in listings)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$id", listing.ListingId);
            insert.Parameters.AddWithValue("$platform", PriceWatchArguments.Key(listing.Platform));
            insert.Parameters.AddWithValue("$store", PriceWatchArguments.Key(listing.Store));
            insert.Parameters.AddWithValue("$sku", (object?)listing.Sku ?? DBNull.Value);
            insert.Parameters.AddWithValue("$gtin", listing.Gtin);
            insert.Parameters.AddWithValue("$price", PriceWatchArguments.Text(listing.Price));
            insert.Parameters.AddWithValue("$currency", listing.Currency);
            insert.Parameters.AddWithValue("$listed", EventBatch.ToSqliteText(listing.ListedAt));
            insert.Parameters.AddWithValue("$serial", (object?)listing.Serial ?? DBNull.Value);
            insert.Parameters.AddWithValue("$imported", EventBatch.ToSqliteText(listing.ImportedAt));
            insert.Parameters.AddWithValue("$list", PriceWatchArguments.Text(listing.ListPrice));
            insert.Parameters.AddWithValue("$cost", PriceWatchArguments.Text(listing.Cost));
            insert.Parameters.AddWithValue("$tier", (object?)PriceWatchArguments.Stored(listing.Tier) ?? DBNull.Value);
            insert.Parameters.AddWithValue("$authorized", listing.Authorized ? 1 : 0);
            insert.Parameters.AddWithValue("$storeDealer", (object?)listing.StoreDealerId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$traced", (object?)listing.TracedDealerId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$chain", JsonSerializer.Serialize(listing.ShipmentChain));
            insert.Parameters.AddWithValue("$alert", (object?)listing.AlertId?.ToString("D") ?? DBNull.Value);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                added.Add(listing.ListingId);
            }
        }

        await write.Transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<bool> SetListingAlertAsync(string listingId, Guid alertId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        await using var update = Command(connection, write.Transaction, "UPDATE price_listings SET alert_id = $alert WHERE listing_id = $id;");
        update.Parameters.AddWithValue("$alert", alertId.ToString("D"));
        update.Parameters.AddWithValue("$id", listingId);
        var updated = await update.ExecuteNonQueryAsync(cancellationToken);
        await write.Transaction.CommitAsync(cancellationToken);
        return updated == 1;
    }

    public async Task<IReadOnlyList<PriceListing>> ListViolationsAsync(ViolationQuery query, CancellationToken cancellationToken = default)
    {
        PriceWatchArguments.Check(query);
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {PriceListingRows.Columns} FROM price_listings
            WHERE (tier IS NOT NULL OR authorized = 0)
              AND ($platform IS NULL OR platform = $platform) AND ($store IS NULL OR store = $store) AND ($tier IS NULL OR tier = $tier)
              AND ($from IS NULL OR listed_at >= $from) AND ($to IS NULL OR listed_at < $to)
              AND ($afterAt IS NULL OR listed_at < $afterAt OR (listed_at = $afterAt AND listing_id < $afterId))
            ORDER BY listed_at DESC, listing_id DESC
            LIMIT $limit;
            """);
        select.Parameters.AddWithValue("$platform", query.Platform is { } p ? PriceWatchArguments.Key(p) : DBNull.Value);
        select.Parameters.AddWithValue("$store", query.Store is { } s ? PriceWatchArguments.Key(s) : DBNull.Value);
        select.Parameters.AddWithValue("$tier", (object?)PriceWatchArguments.Stored(query.Tier) ?? DBNull.Value);
        select.Parameters.AddWithValue("$from", query.From is { } from ? EventBatch.ToSqliteText(from) : DBNull.Value);
        select.Parameters.AddWithValue("$to", query.To is { } to ? EventBatch.ToSqliteText(to) : DBNull.Value);
        select.Parameters.AddWithValue("$afterAt", query.After is { } a ? EventBatch.ToSqliteText(a.ListedAt) : DBNull.Value);
        select.Parameters.AddWithValue("$afterId", (object?)query.After?.ListingId ?? DBNull.Value);
        select.Parameters.AddWithValue("$limit", query.Limit);
        return await select.ReadAllAsync(PriceListingRows.Read, cancellationToken);
    }

    public Task<IReadOnlyList<DealerEvidenceCount>> CountTestBuysByDealerAsync(CancellationToken cancellationToken = default) =>
        CountByDealerAsync("""
            SELECT traced_dealer_id, COUNT(DISTINCT gtin || '/' || serial) AS n FROM price_listings
            WHERE traced_dealer_id IS NOT NULL
            GROUP BY traced_dealer_id
            ORDER BY n DESC, traced_dealer_id;
            """, cancellationToken);

    public Task<IReadOnlyList<DealerEvidenceCount>> CountDivertedActivationsByDealerAsync(CancellationToken cancellationToken = default) =>
        CountByDealerAsync("""
            SELECT dealer_id, COUNT(*) AS n FROM activations
            WHERE diversion AND dealer_id IS NOT NULL
            GROUP BY dealer_id
            ORDER BY n DESC, dealer_id;
            """, cancellationToken);

    public async Task<IReadOnlyList<PriceListing>> ListTestBuysAsync(string dealerId, int limit, CancellationToken cancellationToken = default)
    {
        PriceWatchArguments.CheckDealerListing(dealerId, limit);
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {PriceListingRows.Columns} FROM price_listings
            WHERE traced_dealer_id = $dealer
            ORDER BY listed_at DESC, listing_id DESC
            LIMIT $limit;
            """);
        select.Parameters.AddWithValue("$dealer", dealerId);
        select.Parameters.AddWithValue("$limit", limit);
        return await select.ReadAllAsync(PriceListingRows.Read, cancellationToken);
    }

    private async Task<IReadOnlyList<DealerEvidenceCount>> CountByDealerAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, sql);
        return await select.ReadAllAsync(PriceListingRows.DealerCount, cancellationToken);
    }
}
