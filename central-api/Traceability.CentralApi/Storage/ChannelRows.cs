using System.Data.Common;

namespace Traceability.CentralApi.Storage;

/// <summary>The rows of the shared <see cref="ChannelQueries"/>, read the same way from both stores.</summary>
internal static class ChannelRows
{
    /// <summary>A dealer row (<see cref="ChannelQueries.DealerColumns"/>) from ordinal <paramref name="first"/> on.</summary>
    public static DealerRecord Dealer(DbDataReader reader, int first) => new(
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.TextOrNull(first + 2),
        (DealerLevel)reader.GetInt16(first + 3),
        reader.TextList(first + 4),
        reader.Instant(first + 5));

    /// <summary>A row of <see cref="ChannelQueries.State"/>.</summary>
    public static ChannelState State(DbDataReader reader, string gtin, string serial) => new(
        gtin,
        serial,
        (ChannelStatus)reader.GetInt16(0),
        Dealer(reader, 6),
        reader.TextOrNull(1),
        reader.GetGuid(2),
        reader.Instant(3),
        reader.InstantOrNull(4),
        reader.InstantOrNull(5));

    /// <summary>A row of <see cref="ChannelQueries.History"/>.</summary>
    public static ChannelHistoryEntry HistoryEntry(DbDataReader reader) => new(
        (ChannelStepKind)reader.GetInt16(0),
        reader.Instant(1),
        reader.TextOrNull(2),
        reader.TextOrNull(3),
        reader.GetGuid(4),
        reader.GetString(5));

    /// <summary>A row of the unit lists (<see cref="ChannelQueries.UnknownUnits"/>, <see cref="ChannelQueries.NotAvailable"/>).</summary>
    public static UnitKey Unit(DbDataReader reader) => new(reader.GetString(0), reader.GetString(1));
}
