namespace Traceability.CentralApi.Inspections;

/// <summary>The body of <c>POST /api/inspections</c>.</summary>
/// <param name="Code">What the inspector's scanner read: a Digital Link URI or an element string.</param>
/// <param name="StoreRegion">The store's region code (e.g. CN-330100).</param>
/// <param name="StoreName">The store's name.</param>
/// <param name="Photo">An optional photo as evidence.</param>
public sealed record InspectionRequest(string? Code, string? StoreRegion, string? StoreName, InspectionPhotoRequest? Photo);

/// <summary>A photo in JSON: its declared type (image/jpeg or image/png) and its bytes in base64.</summary>
public sealed record InspectionPhotoRequest(string? ContentType, string? Data);

/// <summary>A unit named by a finding.</summary>
public sealed record InspectionUnit(string Gtin, string Serial);

/// <summary>The dealer the unit was last shipped to, and where it may sell (as when the finding was made).</summary>
public sealed record InspectionDealer(string DealerId, string? Name, IReadOnlyList<string> AuthorizedRegions);

/// <summary>What a finding keeps of its photo; <paramref name="Url"/> serves the bytes.</summary>
public sealed record InspectionPhotoResponse(string ContentType, long Length, string Sha256, string Url);

/// <summary>A finding as the API shows it.</summary>
public sealed record InspectionResponse(
    Guid Id,
    DateTimeOffset InspectedAt,
    string Inspector,
    InspectionUnit Unit,
    bool Genuine,
    string CodeStatus,
    string Finding,
    string StoreRegion,
    string StoreName,
    InspectionDealer? Dealer,
    Guid? ShipmentId,
    bool Diversion,
    Guid? AlertId,
    InspectionPhotoResponse? Photo)
{
    public static InspectionResponse From(InspectionRecord r, string? dealerName) => new(
        r.InspectionId,
        r.InspectedAt,
        r.Inspector,
        new InspectionUnit(r.Gtin, r.Serial),
        r.CodeStatus == Codes.CodeCheckStatus.Genuine,
        r.CodeStatus.ToString(),
        Storage.InspectionArguments.Stored(r.Finding),
        r.StoreRegion,
        r.StoreName,
        r.DealerId is null ? null : new InspectionDealer(r.DealerId, dealerName, r.DealerRegions),
        r.ShipmentId,
        r.Diversion,
        r.AlertId,
        r.Photo is { } p ? new InspectionPhotoResponse(p.ContentType, p.Length, p.Sha256, $"/api/inspections/{r.InspectionId:D}/photo") : null);
}

/// <summary>One page of <c>GET /api/inspections</c>: newest first, at most <c>limit</c>; <paramref name="NextPageToken"/> is null on the last page.</summary>
public sealed record InspectionListResponse(IReadOnlyList<InspectionResponse> Inspections, string? NextPageToken);
