using Traceability.CentralApi.Codes;

namespace Traceability.CentralApi.Inspections;

/// <summary>What an inspection found, as stored, listed and counted.</summary>
public enum InspectionFinding
{
    /// <summary>A genuine unit, in a store inside its dealer's authorized regions.</summary>
    Authorized = 1,

    /// <summary>A genuine unit in a store outside every authorized region of the dealer it was last shipped to.</summary>
    Diversion = 2,

    /// <summary>A genuine signature on a serial central never allocated.</summary>
    UnknownSerial = 3,

    /// <summary>The code's DigSig is missing, forged or from a key central does not trust.</summary>
    CounterfeitSuspicion = 4,

    /// <summary>A genuine unit central knows that never left the brand (no shipment recorded).</summary>
    NotShipped = 5,
}

/// <summary>The photo an inspection keeps as evidence: its bytes live in their own table, this is what the finding says of them.</summary>
/// <param name="ContentType">image/jpeg or image/png, as the bytes' magic numbers say.</param>
/// <param name="Length">Bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes.</param>
public sealed record InspectionPhotoInfo(string ContentType, long Length, string Sha256);

/// <summary>A stored photo.</summary>
public sealed record InspectionPhoto(string ContentType, byte[] Bytes);

/// <summary>An inspector's finding.</summary>
/// <param name="InspectionId">A new id (UUID v7).</param>
/// <param name="InspectedAt">When central received the scan.</param>
/// <param name="Inspector">The API key's name.</param>
/// <param name="Code">The scanned text, as sent (trimmed).</param>
/// <param name="CodeStatus">Genuine, or why not (never Unreadable or NotAUnit: those are refused).</param>
/// <param name="Gtin">14 digits, as the code says.</param>
/// <param name="Serial">As the code says.</param>
/// <param name="Finding">What it amounts to.</param>
/// <param name="StoreRegion">The store's region, canonical.</param>
/// <param name="StoreName">The store's name.</param>
/// <param name="DealerId">The dealer the unit was last shipped to; null when there is none (or the code is not genuine).</param>
/// <param name="DealerRegions">That dealer's authorized regions at the time; empty without a dealer.</param>
/// <param name="ShipmentId">The shipment that took it there.</param>
/// <param name="Diversion">True when the store region is outside every authorized region of the dealer.</param>
/// <param name="AlertId">The alert the finding raised (or joined), once raised.</param>
/// <param name="Photo">The photo kept with it, if any.</param>
public sealed record InspectionRecord(
    Guid InspectionId,
    DateTimeOffset InspectedAt,
    string Inspector,
    string Code,
    CodeCheckStatus CodeStatus,
    string Gtin,
    string Serial,
    InspectionFinding Finding,
    string StoreRegion,
    string StoreName,
    string? DealerId,
    IReadOnlyList<string> DealerRegions,
    Guid? ShipmentId,
    bool Diversion,
    Guid? AlertId,
    InspectionPhotoInfo? Photo);

/// <summary>A listing of findings, newest first (inspected at, then id).</summary>
/// <param name="DealerId">Only findings naming this dealer, or all.</param>
/// <param name="From">Only findings at or after this instant.</param>
/// <param name="To">Only findings before this instant.</param>
/// <param name="Limit">At most this many (1 to 1,000).</param>
/// <param name="After">Start after this position (the last finding of the previous page), or from the newest.</param>
public sealed record InspectionQuery(string? DealerId, DateTimeOffset? From, DateTimeOffset? To, int Limit, InspectionPosition? After = null);

/// <summary>A position in the newest-first order of findings: (inspected at, id), both descending.</summary>
public sealed record InspectionPosition(DateTimeOffset InspectedAt, Guid InspectionId);

/// <summary>One page of findings.</summary>
/// <param name="Inspections">Newest first.</param>
/// <param name="Next">Where the next page starts, or null when this is the last.</param>
public sealed record InspectionPage(IReadOnlyList<InspectionRecord> Inspections, InspectionPosition? Next);

/// <summary>Inspection evidence against one dealer, for ranking dealers.</summary>
/// <param name="DealerId">The dealer the units had been shipped to.</param>
/// <param name="Inspections">Findings naming it.</param>
/// <param name="Diversions">Of those, diversions.</param>
/// <param name="LastInspectedAt">The newest finding naming it.</param>
public sealed record DealerInspectionCount(string DealerId, long Inspections, long Diversions, DateTimeOffset LastInspectedAt);
