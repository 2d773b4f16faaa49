using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Repairs;

/// <summary>The body of <c>POST /api/repairs</c>: the unit by <paramref name="Code"/> (a scanned GS1 code or Digital Link) or by GTIN and serial.</summary>
public sealed record RepairRequest(
    string? Code,
    string? Gtin,
    string? Serial,
    string? Fault,
    IReadOnlyList<RepairPartRequest?>? Parts,
    string? Technician,
    string? ReceivedAt,
    string? CompletedAt,
    string? ServiceCentre);

/// <summary>A replaced part in a request.</summary>
public sealed record RepairPartRequest(string? PartNumber, string? Serial, string? Description);

/// <summary>
/// A repair with its flags, computed when read from what central knows then: <paramref name="UnknownUnit"/> when central
/// never allocated the serial; <paramref name="OutOfWarranty"/> when no warranty covers the day the unit was received
/// (also when none can be established, as for an unknown unit).
/// </summary>
public sealed record RepairResponse(
    Guid Id,
    string Gtin,
    string Serial,
    string Fault,
    IReadOnlyList<RepairPart> Parts,
    string Technician,
    string ServiceCentre,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    bool UnknownUnit,
    bool OutOfWarranty,
    RepairWarranty? Warranty);

/// <summary>The warranty as judged for the day the unit was received.</summary>
public sealed record RepairWarranty(DateOnly Start, DateOnly End, WarrantyRule Rule, DateOnly JudgedOn);

/// <summary>A unit's repair history, oldest first.</summary>
public sealed record RepairHistoryResponse(string Gtin, string Serial, bool UnknownUnit, IReadOnlyList<RepairResponse> Repairs);
