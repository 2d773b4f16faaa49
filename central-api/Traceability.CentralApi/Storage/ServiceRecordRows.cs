using System.Data.Common;
using Traceability.CentralApi.Repairs;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Storage;

/// <summary>The repair and warranty correction rows of one unit as both stores select them.</summary>
internal static class ServiceRecordRows
{
    /// <summary>
    /// A repair: repair_id, fault, parts (JSON text), technician, service_centre, received_at, completed_at, recorded_at,
    /// recorded_by.
    /// </summary>
    public static RepairRecord Repair(DbDataReader reader, string gtin, string serial) => new(
        reader.GetGuid(0),
        gtin,
        serial,
        reader.GetString(1),
        ServiceRecordArguments.PartsFromJson(reader.GetString(2)),
        reader.GetString(3),
        reader.GetString(4),
        reader.Instant(5),
        reader.InstantOrNull(6),
        reader.Instant(7),
        reader.GetString(8));

    /// <summary>A correction: correction_id, invoice_date, reason, corrected_by, corrected_at, previous_start, previous_rule.</summary>
    public static WarrantyCorrection Correction(DbDataReader reader, string gtin, string serial) => new(
        reader.GetGuid(0),
        gtin,
        serial,
        reader.Date(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.Instant(4),
        reader.DateOrNull(5),
        reader.IsDBNull(6) ? null : Enum.Parse<WarrantyRule>(reader.GetString(6)));
}
