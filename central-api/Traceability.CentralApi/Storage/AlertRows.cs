using System.Data.Common;
using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Storage;

/// <summary>The alert rows as both stores select them.</summary>
internal static class AlertRows
{
    /// <summary>A row of the stores' alert columns (id, kind, status, gtin, serial, raised, summary, evidence, dedup key, acknowledgement).</summary>
    public static AlertRecord Read(DbDataReader reader) => new(
        reader.GetGuid(0),
        AlertKind.FromStored(reader.GetString(1)),
        AlertArguments.Status(reader.GetString(2)),
        reader.TextOrNull(3),
        reader.TextOrNull(4),
        reader.Instant(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.TextOrNull(8),
        reader.TextOrNull(9),
        reader.InstantOrNull(10),
        reader.TextOrNull(11));

    /// <summary>A row of the open alerts counted by kind (kind, count).</summary>
    public static AlertKindCount KindCount(DbDataReader reader) => new(AlertKind.FromStored(reader.GetString(0)), reader.GetInt64(1));
}
