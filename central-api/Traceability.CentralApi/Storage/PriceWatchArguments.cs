using System.Globalization;

namespace Traceability.CentralApi.Storage;

/// <summary>What both stores check before storing a listing, and the stored spelling of tiers and amounts.</summary>
internal static class PriceWatchArguments
{
    public const int MaxLimit = 1000;

    public static void Check(IReadOnlyList<PriceListing> listings)
    {
        ArgumentNullException.ThrowIfNull(listings);
        foreach (var listing in listings)
        {
            ArgumentNullException.ThrowIfNull(listing, nameof(listings));
            ArgumentException.ThrowIfNullOrWhiteSpace(listing.ListingId, nameof(listings));
            ArgumentException.ThrowIfNullOrWhiteSpace(listing.Platform, nameof(listings));
            ArgumentException.ThrowIfNullOrWhiteSpace(listing.Store, nameof(listings));
            ArgumentException.ThrowIfNullOrWhiteSpace(listing.Gtin, nameof(listings));
            ArgumentException.ThrowIfNullOrWhiteSpace(listing.Currency, nameof(listings));
            ArgumentNullException.ThrowIfNull(listing.ShipmentChain, nameof(listings));
            if (listing.Tier is { } tier && !Enum.IsDefined(tier))
            {
                throw new ArgumentException($"Tier {tier} is not one this build knows.", nameof(listings));
            }

            if (listing.Authorized != (listing.StoreDealerId is not null))
            {
                throw new ArgumentException("An authorized store names its dealer; an unauthorized one names none.", nameof(listings));
            }
        }
    }

    public static void Check(ViolationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit, nameof(query));
    }

    /// <summary>A per-dealer evidence listing: a dealer id and a limit of 1 to <see cref="MaxLimit"/>.</summary>
    public static void CheckDealerListing(string dealerId, int limit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dealerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
    }

    /// <summary>Platform and store names compare case-insensitively: both are kept, and matched, in this form.</summary>
    public static string Key(string name) => name.Trim().ToLowerInvariant();

    public static string? Stored(PriceTier? tier) => tier switch
    {
        null => null,
        PriceTier.Under15 => "under_15",
        PriceTier.Under30 => "under_30",
        _ => "below_cost",
    };

    public static PriceTier? Tier(string? stored) => stored switch
    {
        null => null,
        "under_15" => PriceTier.Under15,
        "under_30" => PriceTier.Under30,
        "below_cost" => PriceTier.BelowCost,
        _ => throw new InvalidOperationException($"Stored tier '{stored}' is not one this build knows."),
    };

    /// <summary>An amount without trailing zeros ("199", "99.5"): what SQLite stores and what both stores read back.</summary>
    public static string Text(decimal amount) => Normal(amount).ToString(CultureInfo.InvariantCulture);

    public static decimal Amount(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static decimal Normal(decimal amount) => amount / 1.000000000000000000000000000000000m;
}
