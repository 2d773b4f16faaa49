using Npgsql;
using NpgsqlTypes;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// Activations on PostgreSQL. An activation is one statement in one round trip: the first-activation insert waits on a
/// concurrent one for the same unit (its primary key) and, when it inserted nothing, the history insert files it.
/// </summary>
public sealed partial class PostgresCentralStore : IActivationStore
{
    private const string RecordActivation = $"""
        WITH first AS (
            INSERT INTO activations ({ActivationQueries.Columns}) VALUES ({ActivationQueries.Values})
            ON CONFLICT (gtin, serial) DO NOTHING RETURNING 1
        ), later AS (
            INSERT INTO activation_history ({ActivationQueries.Columns})
            SELECT {ActivationQueries.Values} WHERE NOT EXISTS (SELECT 1 FROM first) RETURNING 1
        )
        SELECT EXISTS (SELECT 1 FROM first);
        """;

    public async Task<ActivationSubject?> GetActivationSubjectAsync(string gtin, string serial, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, ActivationQueries.SubjectPostgres);
        command.Parameters.AddWithValue("gtin", gtin);
        command.Parameters.AddWithValue("serial", serial);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var shipped = !reader.IsDBNull(7);
        return new ActivationSubject(
            (SerialState)reader.GetInt16(0),
            Text(reader, 1),
            Instant(reader, 2),
            Text(reader, 3),
            Text(reader, 4),
            shipped ? ReadDealer(reader, 7) : null,
            shipped ? reader.GetGuid(5) : null,
            Instant(reader, 6));
    }

    public async Task<bool> RecordActivationAsync(ActivationRecord activation, CancellationToken cancellationToken = default)
    {
        ActivationArguments.Check(activation);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, RecordActivation);
        var p = command.Parameters;
        p.AddWithValue("gtin", activation.Gtin);
        p.AddWithValue("serial", activation.Serial);
        p.AddWithValue("id", activation.ActivationId);
        p.AddWithValue("account", activation.AccountId);
        p.AddWithValue("ip", activation.IpAddress);
        p.Add(new NpgsqlParameter("region", NpgsqlDbType.Text) { Value = (object?)activation.Region ?? DBNull.Value });
        p.AddWithValue("activated", activation.ActivatedAt.UtcDateTime);
        p.AddWithValue("received", activation.ReceivedAt.UtcDateTime);
        p.AddWithValue("flags", (short)activation.Flags);
        p.AddWithValue("diversion", activation.Diversion);
        p.Add(new NpgsqlParameter("dealer", NpgsqlDbType.Text) { Value = (object?)activation.DealerId ?? DBNull.Value });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<ActivationRecord?> GetFirstActivationAsync(string gtin, string serial, CancellationToken cancellationToken = default)
    {
        var found = await ReadActivationsAsync(ActivationQueries.First, gtin, serial, 0, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<IReadOnlyList<ActivationRecord>> ListActivationsAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        await ReadActivationsAsync(ActivationQueries.All, gtin, serial, 1, cancellationToken);

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
        var rows = new List<ActivationReportRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ActivationReportRow(reader.GetString(0), Text(reader, 1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<ActivationRecord>> ListDivertedActivationsAsync(string dealerId, int limit, CancellationToken cancellationToken = default)
    {
        PriceWatchArguments.CheckDealerListing(dealerId, limit);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, ActivationQueries.DivertedByDealer);
        command.Parameters.AddWithValue("dealer", dealerId);
        command.Parameters.AddWithValue("limit", limit);
        var records = new List<ActivationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(ReadActivation(reader, 0));
        }

        return records;
    }

    private async Task<List<ActivationRecord>> ReadActivationsAsync(string sql, string gtin, string serial, int first, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        command.Parameters.AddWithValue("gtin", gtin);
        command.Parameters.AddWithValue("serial", serial);
        var records = new List<ActivationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(ReadActivation(reader, first));
        }

        return records;
    }

    private static ActivationRecord ReadActivation(NpgsqlDataReader reader, int first) => new(
        reader.GetGuid(first + 2),
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.GetString(first + 3),
        reader.GetString(first + 4),
        Text(reader, first + 5),
        Instant(reader, first + 6)!.Value,
        Instant(reader, first + 7)!.Value,
        (ActivationConcerns)reader.GetInt16(first + 8),
        reader.GetBoolean(first + 9),
        Text(reader, first + 10));
}
