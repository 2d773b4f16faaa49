namespace Traceability.CentralApi.Channel;

/// <summary>
/// <c>POST /api/dealers</c>: a dealer under the brand (level 1, no parent), under a distributor (level 2) or under a
/// dealer (level 3, a store), with the region codes it may sell in.
/// </summary>
public sealed record DealerRequest(string? Id, string? Name, string? ParentId, int? Level, IReadOnlyList<string?>? Regions);

/// <summary>A dealer as central keeps it; <c>LevelName</c> is distributor, dealer or store.</summary>
public sealed record DealerResponse(string Id, string Name, string? ParentId, int Level, string LevelName, IReadOnlyList<string> Regions, DateTimeOffset CreatedAt);

/// <summary><c>POST /api/shipments</c>: scanned codes (SSCCs or units) and the dealer they go to.</summary>
public sealed record ShipmentRequest(IReadOnlyList<string?>? Codes, string? ToDealerId);

/// <summary><c>POST /api/receipts</c>: scanned codes the calling dealer received.</summary>
public sealed record ReceiptRequest(IReadOnlyList<string?>? Codes);

/// <summary><c>POST /api/sales</c>: scanned codes the calling store sold, and when (RFC 3339 with offset).</summary>
public sealed record SaleRequest(IReadOnlyList<string?>? Codes, DateTimeOffset? SoldAt);

/// <summary>A recorded channel step.</summary>
/// <param name="Id">The shipment id (shipping) or the step's id (receiving, selling).</param>
/// <param name="Step">shipping, receiving or retail_selling (the CBV business step).</param>
/// <param name="FromDealerId">The sender (shipping; null: the brand) or the acting dealer.</param>
/// <param name="ToDealerId">The dealer a shipment goes to; null otherwise.</param>
/// <param name="UnitCount">Units that took the step (containers exploded at any depth).</param>
/// <param name="OccurredAt">When.</param>
/// <param name="EventId">The EPCIS eventID the step wrote (<c>GET /epcis/events/{eventID}</c>).</param>
public sealed record ChannelStepResponse(
    Guid Id, string Step, string? FromDealerId, string? ToDealerId, int UnitCount, DateTimeOffset OccurredAt, string EventId);
