using System.Data.Common;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// A unit's own columns as both stores select them for the hierarchy lookup and the scan subject (eleven columns from
/// <c>first</c>: line, state, created, commissioned, lot, expiry, work order, the unit that replaced it, the unit it
/// replaces).
/// </summary>
internal static class UnitDetailsRows
{
    public static UnitDetails Read(DbDataReader r, int first, string gtin, string serial) => new(
        gtin,
        serial,
        r.GetString(first),
        (SerialState)r.GetInt16(first + 1),
        r.Instant(first + 2),
        r.InstantOrNull(first + 3),
        r.TextOrNull(first + 4),
        r.TextOrNull(first + 5),
        r.TextOrNull(first + 6),
        r.IsDBNull(first + 7) ? null : new UnitKey(r.GetString(first + 7), r.GetString(first + 8)),
        r.IsDBNull(first + 9) ? null : new UnitKey(r.GetString(first + 9), r.GetString(first + 10)));

    /// <summary>The unit as central knows it (line, state, allocated, commissioned), or null when central never allocated it.</summary>
    public static async Task<UnitRecord?> RecordAsync(ConnectionOpener open, string gtin, string serial, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await open(cancellationToken).ConfigureAwait(false);
        return await connection.ReadUnitRowAsync(
            "SELECT line_id, state, allocated_at, commissioned_at FROM units WHERE gtin = @gtin AND serial = @serial;",
            gtin,
            serial,
            r => new UnitRecord(gtin, serial, r.GetString(0), (SerialState)r.GetInt16(1), r.Instant(2), r.InstantOrNull(3)),
            cancellationToken).ConfigureAwait(false);
    }
}
