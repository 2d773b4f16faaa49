using System.Data.Common;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Storage;

/// <summary>Consumer scan and reward rows, read the same way from both stores, and the reads whose SQL both share.</summary>
internal static class ScanRows
{
    public const string CounterQuery = "SELECT total, day, day_count, last_region, last_at FROM consumer_scan_counters WHERE gtin = @gtin AND serial = @serial;";

    private const string ScansQuery = """
        SELECT scan_id, scanned_at, ip, region, verdict, reasons FROM consumer_scans
        WHERE gtin = @gtin AND serial = @serial ORDER BY scanned_at, scan_id;
        """;

    private const string ClaimQuery = "SELECT claim_id, account_id, device_id, ip, points, claimed_at FROM reward_claims WHERE gtin = @gtin AND serial = @serial;";

    /// <summary>A scan counter row (total, day, day count, last region, last at) from ordinal <paramref name="first"/> on.</summary>
    public static ScanCounter Counter(DbDataReader reader, int first) => new(
        reader.GetInt64(first),
        reader.Date(first + 1),
        reader.GetInt32(first + 2),
        reader.TextOrNull(first + 3),
        reader.InstantOrNull(first + 4));

    /// <summary>
    /// A scan subject row from ordinal <paramref name="first"/> on: the unit (11 columns, <see cref="UnitDetailsRows"/>),
    /// its channel state and dealer (12, null when never shipped), its scan counter (5), the invoice date of its last
    /// warranty correction, the brand's first shipment, the last retail sale and its first activation.
    /// </summary>
    public static (UnitDetails Unit, ScanSubjectState State, WarrantyReads Warranty) Subject(DbDataReader reader, int first, string gtin, string serial)
    {
        var unit = UnitDetailsRows.Read(reader, first, gtin, serial);
        var channel = reader.IsDBNull(first + 17) ? null : ChannelRows.State(reader, first + 11, gtin, serial);
        var counter = reader.IsDBNull(first + 23) ? null : Counter(reader, first + 23);
        var warranty = new WarrantyReads(
            reader.DateOrNull(first + 28),
            reader.InstantOrNull(first + 29),
            reader.InstantOrNull(first + 30),
            reader.IsDBNull(first + 31) ? null : ActivationRows.Activation(reader, first + 31));
        return (unit, new ScanSubjectState(channel, counter), warranty);
    }

    public static IReadOnlyList<string> SplitReasons(string text) => text.Length == 0 ? [] : text.Split(',');

    /// <summary>The unit's scan counter, or null when it was never scanned.</summary>
    public static async Task<ScanCounter?> CounterAsync(ConnectionOpener open, string gtin, string serial, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken).ConfigureAwait(false);
        return await connection.ReadUnitRowAsync(CounterQuery, gtin, serial, static reader => Counter(reader, 0), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The unit's scans, oldest first.</summary>
    public static async Task<IReadOnlyList<ConsumerScanRecord>> ScansAsync(ConnectionOpener open, string gtin, string serial, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken).ConfigureAwait(false);
        await using var command = connection.UnitCommand(ScansQuery, gtin, serial);
        return await command.ReadAllAsync(
            reader => new ConsumerScanRecord(
                reader.GetGuid(0), gtin, serial, reader.Instant(1), reader.TextOrNull(2), reader.TextOrNull(3), reader.GetString(4), SplitReasons(reader.GetString(5))),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The unit's granted reward, or null.</summary>
    public static async Task<RewardClaim?> ClaimAsync(ConnectionOpener open, string gtin, string serial, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken).ConfigureAwait(false);
        return await connection.ReadUnitRowAsync(
            ClaimQuery,
            gtin,
            serial,
            reader => new RewardClaim(
                reader.GetGuid(0), gtin, serial, reader.GetString(1), reader.GetString(2), reader.TextOrNull(3), reader.GetInt32(4), reader.Instant(5)),
            cancellationToken).ConfigureAwait(false);
    }
}
