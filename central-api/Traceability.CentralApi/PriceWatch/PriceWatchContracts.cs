namespace Traceability.CentralApi.PriceWatch;

/// <summary>What <c>POST /api/pricewatch/listings</c> answers.</summary>
/// <param name="Received">Rows in the body.</param>
/// <param name="Stored">Listings stored by this import.</param>
/// <param name="Duplicates">Listings stored before (by an earlier import or earlier in this body): not stored again.</param>
/// <param name="Violations">Listings of this body that are violations.</param>
/// <param name="Listings">One per row, in the body's order.</param>
public sealed record ListingImportResponse(int Received, int Stored, int Duplicates, int Violations, IReadOnlyList<ListingResult> Listings);

/// <summary>What the import found for one row.</summary>
/// <param name="Row">The row (JSON: position from 1; CSV: record number, the header being 1).</param>
/// <param name="ListingId">The listing's identity.</param>
/// <param name="Duplicate">True when it was stored before and not stored again.</param>
/// <param name="Gtin">The product.</param>
/// <param name="Price">The listed price.</param>
/// <param name="Currency">Its currency.</param>
/// <param name="ListPrice">The floor.</param>
/// <param name="Cost">The product's cost.</param>
/// <param name="Tier">under_15, under_30, below_cost, or null.</param>
/// <param name="Authorized">True when the store is mapped to an existing dealer.</param>
/// <param name="StoreDealerId">That dealer, or null.</param>
/// <param name="Violation">A tier, or an unauthorized store.</param>
/// <param name="AlertId">The price_violation alert (new listings that are violations).</param>
/// <param name="TestBuy">The test buy, when the row carried a serial.</param>
public sealed record ListingResult(
    int Row, string ListingId, bool Duplicate, string Gtin, decimal Price, string Currency, decimal ListPrice, decimal Cost,
    string? Tier, bool Authorized, string? StoreDealerId, bool Violation, Guid? AlertId, TestBuyResult? TestBuy);

/// <summary>Where a test-buy unit came from.</summary>
/// <param name="Serial">The unit's serial.</param>
/// <param name="Traced">True when central found the unit shipped into the channel.</param>
/// <param name="DealerId">The last dealer the unit was shipped to: the dealer the diversion is held against.</param>
/// <param name="DealerName">Its name.</param>
/// <param name="Chain">The shipments from the brand to that dealer, oldest first.</param>
public sealed record TestBuyResult(string Serial, bool Traced, string? DealerId, string? DealerName, IReadOnlyList<ChainStep> Chain);

/// <summary>One shipment on a test-buy unit's way.</summary>
/// <param name="FromDealerId">The sender; null for the brand.</param>
/// <param name="ToDealerId">The dealer it went to.</param>
/// <param name="ShipmentId">The shipment.</param>
/// <param name="ShippedAt">When.</param>
public sealed record ChainStep(string? FromDealerId, string ToDealerId, Guid ShipmentId, DateTimeOffset ShippedAt);

/// <summary>One violation of <c>GET /api/pricewatch/violations</c>.</summary>
public sealed record ViolationResponse(
    string ListingId, string Platform, string Store, string? Sku, string Gtin, decimal Price, string Currency, DateTimeOffset ListedAt,
    decimal ListPrice, decimal Cost, string? Tier, bool Authorized, string? StoreDealerId, string? Serial, string? TracedDealerId,
    IReadOnlyList<string> ShipmentChain, Guid? AlertId, DateTimeOffset ImportedAt);

/// <summary>A page of violations, newest first; <paramref name="NextPageToken"/> continues it (null: last page).</summary>
public sealed record ViolationListResponse(IReadOnlyList<ViolationResponse> Violations, string? NextPageToken);

/// <summary>One dealer of the diversion ranking.</summary>
/// <param name="DealerId">The dealer.</param>
/// <param name="Name">Its name, or null when central has no such dealer.</param>
/// <param name="OutOfRegionActivations">Units first activated outside its regions.</param>
/// <param name="InspectionDiversions">Inspector findings of its units in the wrong region.</param>
/// <param name="TestBuys">Test-buy units traced to it.</param>
/// <param name="Score">The weighted sum (PriceWatch weights).</param>
public sealed record DealerRankingEntry(
    string DealerId, string? Name, long OutOfRegionActivations, long InspectionDiversions, long TestBuys, long Score);

/// <summary>The ranking: highest score first, then the dealer id; with the weights used.</summary>
public sealed record DealerRankingResponse(int ActivationWeight, int InspectionWeight, int TestBuyWeight, IReadOnlyList<DealerRankingEntry> Dealers);
