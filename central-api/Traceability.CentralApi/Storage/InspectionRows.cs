using System.Data.Common;
using Traceability.CentralApi.Inspections;

namespace Traceability.CentralApi.Storage;

/// <summary>The inspection rows as both stores select them.</summary>
internal static class InspectionRows
{
    /// <summary>The columns of an inspection, in the order <see cref="Read"/> expects.</summary>
    public const string Columns = """
        inspection_id, inspected_at, inspector, code, code_status, gtin, serial, finding, store_region, store_name,
        dealer_id, dealer_regions, shipment_id, diversion, alert_id, photo_content_type, photo_length, photo_sha256
        """;

    public static InspectionRecord Read(DbDataReader r) => new(
        r.GetGuid(0),
        r.Instant(1),
        r.GetString(2),
        r.GetString(3),
        InspectionArguments.CodeStatus(r.GetString(4)),
        r.GetString(5),
        r.GetString(6),
        InspectionArguments.Finding(r.GetString(7)),
        r.GetString(8),
        r.GetString(9),
        r.TextOrNull(10),
        r.TextList(11),
        r.GuidOrNull(12),
        r.GetBoolean(13),
        r.GuidOrNull(14),
        InspectionArguments.Photo(r.TextOrNull(15), r.IsDBNull(16) ? null : r.GetInt64(16), r.TextOrNull(17)));

    /// <summary>A photo row: its content type, then its bytes.</summary>
    public static InspectionPhoto Photo(DbDataReader r) => new(r.GetString(0), r.GetFieldValue<byte[]>(1));

    /// <summary>A count by dealer: the dealer, inspections, diversions, the last inspection.</summary>
    public static DealerInspectionCount DealerCount(DbDataReader r) => new(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.Instant(3));
}
