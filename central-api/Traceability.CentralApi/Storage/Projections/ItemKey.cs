using System.Globalization;

namespace Traceability.CentralApi.Storage.Projections;

/// <summary>A unit (GTIN + serial) or a container (SSCC, with an empty GTIN): what the packing hierarchy links.</summary>
internal readonly record struct ItemKey(string Gtin, string Id)
{
    public bool IsContainer => Gtin.Length == 0;

    public static ItemKey Unit(string gtin, string serial) => new(gtin, serial);

    public static ItemKey Container(string sscc) => new("", sscc);

    public override string ToString() => IsContainer ? $"(00){Id}" : $"(01){Gtin}(21){Id}";
}

/// <summary>
/// The order in which projections take effect: occurred_at (UTC, microseconds), then the line's sequence, then the line
/// id. A total order over all events, so a projection that keeps the newest version ends the same whichever event
/// arrives first. Stored as text that sorts in that order byte by byte (fixed-width time and sequence, line id last).
/// </summary>
internal static class EventVersion
{
    public static string Of(LineEvent e, string lineId) =>
        EventBatch.ToSqliteText(e.OccurredAt) + e.Sequence.ToString("D19", CultureInfo.InvariantCulture) + lineId;

    public static int Compare(string? a, string? b) => string.CompareOrdinal(a, b);

    public static bool IsNewer(string candidate, string? current) => current is null || Compare(candidate, current) > 0;
}
