using System.Security.Cryptography;
using Traceability.CentralApi.Codes;
using Traceability.CentralApi.Inspections;

namespace Traceability.CentralApi.Storage;

/// <summary>What both stores check before storing a finding, and the stored spelling of its enums.</summary>
internal static class InspectionArguments
{
    public const int MaxLimit = 1000;

    public static void Check(InspectionRecord inspection, byte[]? photo)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentException.ThrowIfNullOrWhiteSpace(inspection.Inspector);
        ArgumentException.ThrowIfNullOrWhiteSpace(inspection.Code);
        ArgumentException.ThrowIfNullOrWhiteSpace(inspection.Gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(inspection.Serial);
        ArgumentException.ThrowIfNullOrWhiteSpace(inspection.StoreRegion);
        ArgumentException.ThrowIfNullOrWhiteSpace(inspection.StoreName);
        ArgumentNullException.ThrowIfNull(inspection.DealerRegions);
        if (!Enum.IsDefined(inspection.Finding) || !Enum.IsDefined(inspection.CodeStatus))
        {
            throw new ArgumentException("The finding or code status is not one this build knows.", nameof(inspection));
        }

        if (inspection.DealerId is null && (inspection.DealerRegions.Count > 0 || inspection.Diversion))
        {
            throw new ArgumentException("Dealer regions and diversion need a dealer.", nameof(inspection));
        }

        if ((inspection.Photo is null) != (photo is null))
        {
            throw new ArgumentException("A photo needs its description and a description its photo.", nameof(photo));
        }

        if (inspection.Photo is { } info && (info.Length != photo!.Length || !string.Equals(info.Sha256, Sha256(photo), StringComparison.Ordinal)))
        {
            throw new ArgumentException("The photo's length or SHA-256 does not match its description.", nameof(photo));
        }
    }

    public static void Check(InspectionQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit, nameof(query));
    }

    /// <summary>A page from up to limit + 1 rows read: the extra row only says that there is a next page.</summary>
    public static InspectionPage Page(List<InspectionRecord> rows, int limit) =>
        new(rows, NewestFirstPaging.Trim(rows, limit, last => new InspectionPosition(last.InspectedAt, last.InspectionId)));

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Stored(InspectionFinding finding) => finding switch
    {
        InspectionFinding.Authorized => "authorized",
        InspectionFinding.Diversion => "diversion",
        InspectionFinding.UnknownSerial => "unknown_serial",
        InspectionFinding.CounterfeitSuspicion => "counterfeit_suspicion",
        _ => "not_shipped",
    };

    public static InspectionFinding Finding(string stored) => stored switch
    {
        "authorized" => InspectionFinding.Authorized,
        "diversion" => InspectionFinding.Diversion,
        "unknown_serial" => InspectionFinding.UnknownSerial,
        "counterfeit_suspicion" => InspectionFinding.CounterfeitSuspicion,
        "not_shipped" => InspectionFinding.NotShipped,
        _ => throw new InvalidOperationException($"Stored finding '{stored}' is not one this build knows."),
    };

    public static string Stored(CodeCheckStatus status) => status.ToString();

    public static CodeCheckStatus CodeStatus(string stored) => Enum.Parse<CodeCheckStatus>(stored);

    public static InspectionPhotoInfo? Photo(string? contentType, long? length, string? sha256) =>
        contentType is null ? null : new InspectionPhotoInfo(contentType, length!.Value, sha256!);
}
