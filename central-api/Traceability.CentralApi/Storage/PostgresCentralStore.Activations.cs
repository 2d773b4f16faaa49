using Npgsql;
using NpgsqlTypes;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// Activations on PostgreSQL, batched (<see cref="RequestBatcher{TItem, TResult}"/>): the subject reads arriving while
/// a read is in flight go together in one statement, and the writes likewise in one statement and one commit
/// (<see cref="ActivationQueries.RecordPostgres"/>: its first-activation insert waits on a concurrent one for the same
/// unit, from this process or another, and files the loser as history). Per batch that is one round trip, one executor
/// start-up (a generic plan over 16-partition tables locks every partition and index when it starts) and one fsync
/// instead of one per request; and at most one read and one write connection are busy with activations at a time.
/// </summary>
public sealed partial class PostgresCentralStore : IActivationStore
{
    private readonly UnitRequestBatches<ActivationSubject, ActivationRecord> _activations;

    public Task<ActivationSubject?> GetActivationSubjectAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        _activations.GetSubjectAsync(gtin, serial, cancellationToken);

    public Task<bool> RecordActivationAsync(ActivationRecord activation, CancellationToken cancellationToken = default) =>
        _activations.RecordAsync(activation, cancellationToken);

    /// <summary>Records <paramref name="activations"/> in one batch when they fit in one; each succeeds or fails on its own.</summary>
    internal IReadOnlyList<Task<bool>> RecordActivationsTogether(IReadOnlyList<ActivationRecord> activations) =>
        _activations.RecordTogether(activations);

    private async Task<ActivationSubject?[]> ReadActivationSubjectsAsync(IReadOnlyList<(string Gtin, string Serial)> units, CancellationToken cancellationToken)
    {
        var gtins = new string[units.Count];
        var serials = new string[units.Count];
        for (var i = 0; i < units.Count; i++)
        {
            (gtins[i], serials[i]) = units[i];
        }

        var subjects = new ActivationSubject?[units.Count];
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, ActivationQueries.SubjectsPostgres);
        command.Parameters.Add(new NpgsqlParameter<string[]>("gtins", gtins));
        command.Parameters.Add(new NpgsqlParameter<string[]>("serials", serials));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            subjects[reader.GetInt64(0) - 1] = ActivationRows.Subject(reader, 1);
        }

        return subjects;
    }

    private async Task<bool[]> WriteActivationsAsync(IReadOnlyList<ActivationRecord> activations, CancellationToken cancellationToken)
    {
        var n = activations.Count;
        var gtins = new string[n];
        var serials = new string[n];
        var ids = new Guid[n];
        var accounts = new string[n];
        var ips = new string[n];
        var regions = new string?[n];
        var activated = new DateTime[n];
        var received = new DateTime[n];
        var flags = new short[n];
        var diversions = new bool[n];
        var dealers = new string?[n];
        var candidates = new bool[n];
        var units = new HashSet<(string, string)>(n);
        for (var i = 0; i < n; i++)
        {
            var a = activations[i];
            (gtins[i], serials[i], ids[i], accounts[i], ips[i], regions[i]) = (a.Gtin, a.Serial, a.ActivationId, a.AccountId, a.IpAddress, a.Region);
            (activated[i], received[i], flags[i], diversions[i], dealers[i]) = (a.ActivatedAt.UtcDateTime, a.ReceivedAt.UtcDateTime, (short)a.Flags, a.Diversion, a.DealerId);

            // The first of a unit in the batch (arrival order) may become its first activation; the others are history.
            candidates[i] = units.Add((a.Gtin, a.Serial));
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, ActivationQueries.RecordPostgres);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string[]>("gtins", gtins));
        p.Add(new NpgsqlParameter<string[]>("serials", serials));
        p.Add(new NpgsqlParameter<Guid[]>("ids", ids));
        p.Add(new NpgsqlParameter<string[]>("accounts", accounts));
        p.Add(new NpgsqlParameter<string[]>("ips", ips));
        p.Add(new NpgsqlParameter<string?[]>("regions", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = regions });
        p.Add(new NpgsqlParameter<DateTime[]>("activated", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = activated });
        p.Add(new NpgsqlParameter<DateTime[]>("received", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = received });
        p.Add(new NpgsqlParameter<short[]>("flags", flags));
        p.Add(new NpgsqlParameter<bool[]>("diversions", diversions));
        p.Add(new NpgsqlParameter<string?[]>("dealers", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = dealers });
        p.Add(new NpgsqlParameter<bool[]>("candidates", candidates));
        var inserted = new HashSet<(string, string)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var firsts = new bool[n];
        for (var i = 0; i < n; i++)
        {
            firsts[i] = candidates[i] && inserted.Contains((gtins[i], serials[i]));
        }

        return firsts;
    }

    public Task<ActivationRecord?> GetFirstActivationAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        ActivationRows.FirstAsync(OpenReadAsync, gtin, serial, cancellationToken);

    public Task<IReadOnlyList<ActivationRecord>> ListActivationsAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        ActivationRows.AllAsync(OpenReadAsync, gtin, serial, cancellationToken);

    public async Task<bool> RetireUnitAsync(string gtin, string serial, DateTimeOffset retiredAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, ActivationQueries.Retire);
        command.Parameters.AddWithValue("gtin", gtin);
        command.Parameters.AddWithValue("serial", serial);
        command.Parameters.AddWithValue("at", retiredAt.UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<ActivationReportRow>> GetActivationReportAsync(ActivationGrouping by, CancellationToken cancellationToken = default)
    {
        var sql = by switch
        {
            ActivationGrouping.Batch => ActivationQueries.ByBatch,
            ActivationGrouping.Dealer => ActivationQueries.ByDealer,
            ActivationGrouping.Region => ActivationQueries.ByRegion("CROSS JOIN LATERAL unnest(d.regions) AS r(region)", "r.region"),
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Not a grouping."),
        };
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        return await command.ReadAllAsync(ActivationRows.ReportRow, cancellationToken);
    }

    public async Task<IReadOnlyList<ActivationRecord>> ListDivertedActivationsAsync(string dealerId, int limit, CancellationToken cancellationToken = default)
    {
        PriceWatchArguments.CheckDealerListing(dealerId, limit);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, ActivationQueries.DivertedByDealer);
        command.Parameters.AddWithValue("dealer", dealerId);
        command.Parameters.AddWithValue("limit", limit);
        return await command.ReadAllAsync(static reader => ActivationRows.Activation(reader, 0), cancellationToken);
    }

}
