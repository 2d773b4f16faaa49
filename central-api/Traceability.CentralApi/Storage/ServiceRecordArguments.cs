using System.Text.Json;
using Traceability.CentralApi.Repairs;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Storage;

/// <summary>Argument checks and the parts' JSON form, shared by the stores.</summary>
internal static class ServiceRecordArguments
{
    private static readonly JsonSerializerOptions PartsJson = new(JsonSerializerDefaults.Web);

    public static void Check(RepairRecord repair)
    {
        ArgumentNullException.ThrowIfNull(repair);
        ArgumentException.ThrowIfNullOrWhiteSpace(repair.Gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(repair.Serial);
        ArgumentException.ThrowIfNullOrWhiteSpace(repair.Fault);
        ArgumentException.ThrowIfNullOrWhiteSpace(repair.Technician);
        ArgumentException.ThrowIfNullOrWhiteSpace(repair.ServiceCentre);
        ArgumentException.ThrowIfNullOrWhiteSpace(repair.RecordedBy);
        ArgumentNullException.ThrowIfNull(repair.Parts);
        if (repair.Parts.Any(p => p is null || string.IsNullOrWhiteSpace(p.PartNumber)))
        {
            throw new ArgumentException("Every part needs a part number.", nameof(repair));
        }
    }

    public static void Check(WarrantyCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(correction);
        ArgumentException.ThrowIfNullOrWhiteSpace(correction.Gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(correction.Serial);
        ArgumentException.ThrowIfNullOrWhiteSpace(correction.Reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(correction.CorrectedBy);
        if ((correction.PreviousStart is null) != (correction.PreviousRule is null))
        {
            throw new ArgumentException("A previous start comes with the rule that decided it.", nameof(correction));
        }
    }

    public static string PartsToJson(IReadOnlyList<RepairPart> parts) => JsonSerializer.Serialize(parts, PartsJson);

    public static IReadOnlyList<RepairPart> PartsFromJson(string json) =>
        JsonSerializer.Deserialize<List<RepairPart>>(json, PartsJson) ?? [];
}
