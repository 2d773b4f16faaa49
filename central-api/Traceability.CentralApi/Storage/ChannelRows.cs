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

    /// <summary>
    /// A row of <see cref="ChannelQueries.State"/> (its dealer joined after six columns of its own) from ordinal
    /// <paramref name="first"/> on.
    /// </summary>
    public static ChannelState State(DbDataReader reader, int first, string gtin, string serial) => new(
        gtin,
        serial,
        (ChannelStatus)reader.GetInt16(first),
        Dealer(reader, first + 6),
        reader.TextOrNull(first + 1),
        reader.GetGuid(first + 2),
        reader.Instant(first + 3),
        reader.InstantOrNull(first + 4),
        reader.InstantOrNull(first + 5));

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

    /// <summary>The unit's channel state (<see cref="ChannelQueries.State"/>), or null when the brand never shipped it.</summary>
    public static async Task<ChannelState?> StateAsync(ConnectionOpener open, string gtin, string serial, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await open(cancellationToken).ConfigureAwait(false);
        return await connection.ReadUnitRowAsync(ChannelQueries.State, gtin, serial, reader => State(reader, 0, gtin, serial), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The unit's channel history (<see cref="ChannelQueries.History"/>).</summary>
    public static async Task<IReadOnlyList<ChannelHistoryEntry>> HistoryAsync(ConnectionOpener open, string gtin, string serial, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await open(cancellationToken).ConfigureAwait(false);
        await using var command = connection.UnitCommand(ChannelQueries.History, gtin, serial);
        return await command.ReadAllAsync(HistoryEntry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the unit was shipped to the dealer or a dealer below it (<see cref="ChannelQueries.ShippedWithin"/>).</summary>
    public static async Task<bool> ShippedWithinAsync(ConnectionOpener open, string dealerId, string gtin, string serial, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dealerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await open(cancellationToken).ConfigureAwait(false);
        await using var command = connection.UnitCommand(ChannelQueries.ShippedWithin, gtin, serial).With("dealer", dealerId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
