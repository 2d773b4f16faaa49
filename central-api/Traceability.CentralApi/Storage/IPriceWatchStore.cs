namespace Traceability.CentralApi.Storage;

/// <summary>
/// Price watch: listings imported from e-commerce platforms, their violations, and the per-dealer diversion evidence the
/// ranking merges (docs/pricewatch.md). Implemented by each central store over its own database.
/// </summary>
public interface IPriceWatchStore
{
    /// <summary>
    /// Stores the listings in one transaction; a listing whose <see cref="PriceListing.ListingId"/> is stored already is
    /// left as it is (its identity is its content, so a re-import stores nothing twice).
    /// </summary>
    /// <returns>The ids of the listings this call stored.</returns>
    Task<IReadOnlySet<string>> AddListingsAsync(IReadOnlyList<PriceListing> listings, CancellationToken cancellationToken = default);

    /// <summary>Records the alert a listing raised; false when there is no such listing.</summary>
    Task<bool> SetListingAlertAsync(string listingId, Guid alertId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Listings that are violations (a price tier, or a store not authorized) matching the query, newest first
    /// (listed at, then id, descending), after <see cref="ViolationQuery.After"/>.
    /// </summary>
    Task<IReadOnlyList<PriceListing>> ListViolationsAsync(ViolationQuery query, CancellationToken cancellationToken = default);

    /// <summary>Per dealer, the distinct units test buys traced to it, in one grouped query (most first, then dealer id).</summary>
    Task<IReadOnlyList<DealerEvidenceCount>> CountTestBuysByDealerAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Per dealer, the units whose first activation was out of that dealer's regions (a diversion), in one grouped query
    /// (most first, then dealer id).
    /// </summary>
    Task<IReadOnlyList<DealerEvidenceCount>> CountDivertedActivationsByDealerAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Listings whose test-buy unit was traced to <paramref name="dealerId"/> (the listings behind
    /// <see cref="CountTestBuysByDealerAsync"/>), newest listed first (then id, descending), at most <paramref name="limit"/>
    /// (1 to 1,000).
    /// </summary>
    Task<IReadOnlyList<PriceListing>> ListTestBuysAsync(string dealerId, int limit, CancellationToken cancellationToken = default);
}

/// <summary>How far under the floor a price is; the most severe that applies.</summary>
public enum PriceTier
{
    /// <summary>More than 15 % under the list price.</summary>
    Under15 = 1,

    /// <summary>More than 30 % under the list price.</summary>
    Under30 = 2,

    /// <summary>Under the product's cost.</summary>
    BelowCost = 3,
}

/// <summary>One imported listing as stored, with what the import found.</summary>
/// <param name="ListingId">Its identity: a hash of platform, store, GTIN, price, currency, time and serial (docs/pricewatch.md).</param>
/// <param name="Platform">The platform, e.g. "tmall".</param>
/// <param name="Store">The store's name on the platform.</param>
/// <param name="Sku">The SKU the listing named, or null when it named the GTIN.</param>
/// <param name="Gtin">The product, 14 digits.</param>
/// <param name="Price">The listed price.</param>
/// <param name="Currency">ISO 4217 code of the price (the product's).</param>
/// <param name="ListedAt">When the listing was seen at that price.</param>
/// <param name="Serial">The serial of a unit bought in a test buy, or null.</param>
/// <param name="ImportedAt">When central imported it.</param>
/// <param name="ListPrice">The floor: the product's list price at import.</param>
/// <param name="Cost">The product's cost at import.</param>
/// <param name="Tier">How far under the floor, or null when not under a tier.</param>
/// <param name="Authorized">True when the store is mapped to an existing dealer.</param>
/// <param name="StoreDealerId">The dealer the store is mapped to, or null.</param>
/// <param name="TracedDealerId">A test buy: the last dealer the unit was shipped to; null without a serial or when it never left the brand.</param>
/// <param name="ShipmentChain">A test buy: the dealers the unit was shipped to from the brand, in order (empty otherwise).</param>
/// <param name="AlertId">The price_violation alert it raised, or null.</param>
public sealed record PriceListing(
    string ListingId,
    string Platform,
    string Store,
    string? Sku,
    string Gtin,
    decimal Price,
    string Currency,
    DateTimeOffset ListedAt,
    string? Serial,
    DateTimeOffset ImportedAt,
    decimal ListPrice,
    decimal Cost,
    PriceTier? Tier,
    bool Authorized,
    string? StoreDealerId,
    string? TracedDealerId,
    IReadOnlyList<string> ShipmentChain,
    Guid? AlertId)
{
    /// <summary>A price under a tier, or a store not authorized.</summary>
    public bool IsViolation => Tier is not null || !Authorized;
}

/// <summary>A position in the violation listing: the last listing of a page.</summary>
public sealed record ListingPosition(DateTimeOffset ListedAt, string ListingId);

/// <summary>Which violations to list.</summary>
/// <param name="Platform">Only this platform (case-insensitive), or all.</param>
/// <param name="Store">Only this store (case-insensitive), or all.</param>
/// <param name="Tier">Only this tier, or all.</param>
/// <param name="From">Listed at or after, or null.</param>
/// <param name="To">Listed before, or null.</param>
/// <param name="After">Continue after this listing, or null for the first page.</param>
/// <param name="Limit">At most this many, 1 to 1000.</param>
public sealed record ViolationQuery(
    string? Platform, string? Store, PriceTier? Tier, DateTimeOffset? From, DateTimeOffset? To, ListingPosition? After, int Limit);

/// <summary>How much evidence of one kind names a dealer.</summary>
public sealed record DealerEvidenceCount(string DealerId, long Count);
