using System.Data.Common;

namespace Traceability.CentralApi.Storage;

/// <summary>The price watch rows as both stores select them.</summary>
internal static class PriceListingRows
{
    /// <summary>The columns of a listing, in the order <see cref="Read"/> expects.</summary>
    public const string Columns = """
        listing_id, platform, store, sku, gtin, price, currency, listed_at, serial, imported_at, list_price, cost, tier,
        authorized, store_dealer_id, traced_dealer_id, shipment_chain, alert_id
        """;

    public static PriceListing Read(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.TextOrNull(3),
        r.GetString(4),
        PriceWatchArguments.Normal(r.Amount(5)),
        r.GetString(6),
        r.Instant(7),
        r.TextOrNull(8),
        r.Instant(9),
        PriceWatchArguments.Normal(r.Amount(10)),
        PriceWatchArguments.Normal(r.Amount(11)),
        PriceWatchArguments.Tier(r.TextOrNull(12)),
        r.GetBoolean(13),
        r.TextOrNull(14),
        r.TextOrNull(15),
        r.TextList(16),
        r.GuidOrNull(17));

    /// <summary>A row of a count by dealer: the dealer, then the count.</summary>
    public static DealerEvidenceCount DealerCount(DbDataReader r) => new(r.GetString(0), r.GetInt64(1));
}
