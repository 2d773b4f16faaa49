namespace Traceability.CentralApi.Repairs;

/// <summary>A part fitted during a repair.</summary>
/// <param name="PartNumber">The part's number in the brand's parts list.</param>
/// <param name="Serial">The part's own serial, when it has one (batteries, boards).</param>
/// <param name="Description">Free text.</param>
public sealed record RepairPart(string PartNumber, string? Serial = null, string? Description = null);

/// <summary>One repair of one unit, as a service centre recorded it.</summary>
/// <param name="RepairId">Assigned by central (time-ordered).</param>
/// <param name="Gtin">The unit's GTIN, 14 digits.</param>
/// <param name="Serial">The unit's serial.</param>
/// <param name="Fault">What was wrong.</param>
/// <param name="Parts">Parts replaced, in the order given.</param>
/// <param name="Technician">Who repaired it.</param>
/// <param name="ServiceCentre">Where.</param>
/// <param name="ReceivedAt">When the unit came in: the day warranty is judged for.</param>
/// <param name="CompletedAt">When the repair was finished, if it is.</param>
/// <param name="RecordedAt">When central stored the record.</param>
/// <param name="RecordedBy">The API key that recorded it.</param>
public sealed record RepairRecord(
    Guid RepairId,
    string Gtin,
    string Serial,
    string Fault,
    IReadOnlyList<RepairPart> Parts,
    string Technician,
    string ServiceCentre,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset RecordedAt,
    string RecordedBy);
