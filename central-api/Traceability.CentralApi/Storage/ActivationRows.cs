using System.Data.Common;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>The rows of the shared <see cref="ActivationQueries"/>, read the same way from both stores.</summary>
internal static class ActivationRows
{
    /// <summary>An activation row (<see cref="ActivationQueries.Columns"/>) from ordinal <paramref name="first"/> on.</summary>
    public static ActivationRecord Activation(DbDataReader reader, int first) => new(
        reader.GetGuid(first + 2),
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.GetString(first + 3),
        reader.GetString(first + 4),
        reader.TextOrNull(first + 5),
        reader.Instant(first + 6),
        reader.Instant(first + 7),
        (ActivationConcerns)reader.GetInt16(first + 8),
        reader.GetBoolean(first + 9),
        reader.TextOrNull(first + 10));

    /// <summary>A row of <see cref="ActivationQueries.Subject"/> (or its batch form, after the row number) from ordinal <paramref name="first"/> on.</summary>
    public static ActivationSubject Subject(DbDataReader reader, int first)
    {
        var shipped = !reader.IsDBNull(first + 7);
        return new ActivationSubject(
            (SerialState)reader.GetInt16(first),
            reader.TextOrNull(first + 1),
            reader.InstantOrNull(first + 2),
            reader.TextOrNull(first + 3),
            reader.TextOrNull(first + 4),
            shipped ? ChannelRows.Dealer(reader, first + 7) : null,
            shipped ? reader.GetGuid(first + 5) : null,
            reader.InstantOrNull(first + 6));
    }

    /// <summary>A row of the activation report (<see cref="ActivationQueries.ByBatch"/> and the others).</summary>
    public static ActivationReportRow ReportRow(DbDataReader reader) =>
        new(reader.GetString(0), reader.TextOrNull(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));

    /// <summary>The unit's first activation (<see cref="ActivationQueries.First"/>), or null.</summary>
    public static async Task<ActivationRecord?> FirstAsync(ConnectionOpener open, string gtin, string serial, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(open, ActivationQueries.First, gtin, serial, 0, cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>Every activation of the unit, the first one and its history (<see cref="ActivationQueries.All"/>).</summary>
    public static async Task<IReadOnlyList<ActivationRecord>> AllAsync(ConnectionOpener open, string gtin, string serial, CancellationToken cancellationToken) =>
        await ReadAsync(open, ActivationQueries.All, gtin, serial, 1, cancellationToken).ConfigureAwait(false);

    private static async Task<List<ActivationRecord>> ReadAsync(
        ConnectionOpener open, string sql, string gtin, string serial, int first, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await open(cancellationToken).ConfigureAwait(false);
        await using var command = connection.UnitCommand(sql, gtin, serial);
        return await command.ReadAllAsync(reader => Activation(reader, first), cancellationToken).ConfigureAwait(false);
    }
}
