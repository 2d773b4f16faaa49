using System.Globalization;
using Microsoft.Data.Sqlite;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>Activations on SQLite: one writer, so "is there a first activation?" and the insert cannot interleave.</summary>
public sealed partial class SqliteCentralStore : IActivationStore
{
    private readonly Lock _activationGate = new();
    private List<PendingActivation> _pendingActivations = [];
    private bool _activationWriterRunning;

    public async Task<ActivationSubject?> GetActivationSubjectAsync(string gtin, string serial, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, ActivationQueries.Subject);
        command.Parameters.AddWithValue("@gtin", gtin);
        command.Parameters.AddWithValue("@serial", serial);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var shipped = !reader.IsDBNull(7);
        return new ActivationSubject(
            (SerialState)reader.GetInt32(0),
            Text(reader, 1),
            Instant(reader, 2),
            Text(reader, 3),
            Text(reader, 4),
            shipped ? ReadDealer(reader, 7) : null,
            shipped ? Guid.Parse(reader.GetString(5), CultureInfo.InvariantCulture) : null,
            Instant(reader, 6));
    }

    /// <summary>
    /// Group commit: SQLite has one writer and each commit waits for the disk (~1.4 ms here), so activations arriving
    /// while a commit runs are written together in the next transaction, in arrival order (a second activation of one
    /// unit in the same group still goes to history). Each caller's answer comes only after its group is durable.
    /// </summary>
    public async Task<bool> RecordActivationAsync(ActivationRecord activation, CancellationToken cancellationToken = default)
    {
        ActivationArguments.Check(activation);
        var pending = new PendingActivation(activation);
        bool follower;
        lock (_activationGate)
        {
            _pendingActivations.Add(pending);
            follower = _activationWriterRunning;
            _activationWriterRunning = true;
        }

        if (follower)
        {
            return await pending.Done.Task.WaitAsync(cancellationToken);
        }

        // This caller writes groups until none is waiting; the work is done for others too, so it is not cancelled.
        while (true)
        {
            List<PendingActivation> group;
            lock (_activationGate)
            {
                if (_pendingActivations.Count == 0)
                {
                    _activationWriterRunning = false;
                    break;
                }

                group = _pendingActivations;
                _pendingActivations = [];
            }

            await WriteActivationGroupAsync(group);
        }

        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteActivationGroupAsync(List<PendingActivation> group)
    {
        try
        {
            var firsts = await WriteActivationsAsync(group.Select(p => p.Activation), CancellationToken.None);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetResult(firsts[i]);
            }
        }
        catch (Exception) when (group.Count > 1)
        {
            // One bad activation must not fail its neighbours: write each on its own and answer each with its outcome.
            foreach (var pending in group)
            {
                try
                {
                    pending.Done.TrySetResult((await WriteActivationsAsync([pending.Activation], CancellationToken.None))[0]);
                }
                catch (Exception e)
                {
                    pending.Done.TrySetException(e);
                }
            }
        }
        catch (Exception e)
        {
            group[0].Done.TrySetException(e);
        }
    }

    private async Task<bool[]> WriteActivationsAsync(IEnumerable<ActivationRecord> activations, CancellationToken cancellationToken)
    {
        var list = activations.ToList();
        var firsts = new bool[list.Count];
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        await using var insert = Command(connection, tx, $"INSERT INTO activations ({ActivationQueries.Columns}) VALUES ({ActivationQueries.Values}) ON CONFLICT (gtin, serial) DO NOTHING;");
        await using var history = Command(connection, tx, $"INSERT INTO activation_history ({ActivationQueries.Columns}) VALUES ({ActivationQueries.Values});");
        for (var i = 0; i < list.Count; i++)
        {
            insert.Parameters.Clear();
            AddActivation(insert, list[i]);
            firsts[i] = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
            if (!firsts[i])
            {
                history.Parameters.Clear();
                AddActivation(history, list[i]);
                await history.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await tx.CommitAsync(cancellationToken);
        return firsts;
    }

    private sealed class PendingActivation(ActivationRecord activation)
    {
        public ActivationRecord Activation { get; } = activation;

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        await using var command = Command(connection, write.Transaction, ActivationQueries.Retire);
        command.Parameters.AddWithValue("@gtin", gtin);
        command.Parameters.AddWithValue("@serial", serial);
        command.Parameters.AddWithValue("@at", EventBatch.ToSqliteText(retiredAt));
        var found = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        await write.Transaction.CommitAsync(cancellationToken);
        return found;
    }

    public async Task<IReadOnlyList<ActivationReportRow>> GetActivationReportAsync(ActivationGrouping by, CancellationToken cancellationToken = default)
    {
        var sql = by switch
        {
            ActivationGrouping.Batch => ActivationQueries.ByBatch,
            ActivationGrouping.Dealer => ActivationQueries.ByDealer,
            ActivationGrouping.Region => ActivationQueries.ByRegion("CROSS JOIN json_each(d.regions) r", "r.value"),
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Not a grouping."),
        };
        await using var connection = await OpenAsync(cancellationToken);
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, ActivationQueries.DivertedByDealer);
        command.Parameters.AddWithValue("@dealer", dealerId);
        command.Parameters.AddWithValue("@limit", limit);
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        command.Parameters.AddWithValue("@gtin", gtin);
        command.Parameters.AddWithValue("@serial", serial);
        var records = new List<ActivationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(ReadActivation(reader, first));
        }

        return records;
    }

    private static void AddActivation(SqliteCommand command, ActivationRecord a)
    {
        command.Parameters.AddWithValue("@gtin", a.Gtin);
        command.Parameters.AddWithValue("@serial", a.Serial);
        command.Parameters.AddWithValue("@id", a.ActivationId.ToString("D"));
        command.Parameters.AddWithValue("@account", a.AccountId);
        command.Parameters.AddWithValue("@ip", a.IpAddress);
        command.Parameters.AddWithValue("@region", Db(a.Region));
        command.Parameters.AddWithValue("@activated", EventBatch.ToSqliteText(a.ActivatedAt));
        command.Parameters.AddWithValue("@received", EventBatch.ToSqliteText(a.ReceivedAt));
        command.Parameters.AddWithValue("@flags", (int)a.Flags);
        command.Parameters.AddWithValue("@diversion", a.Diversion ? 1 : 0);
        command.Parameters.AddWithValue("@dealer", Db(a.DealerId));
    }

    private static ActivationRecord ReadActivation(SqliteDataReader reader, int first) => new(
        Guid.Parse(reader.GetString(first + 2), CultureInfo.InvariantCulture),
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.GetString(first + 3),
        reader.GetString(first + 4),
        Text(reader, first + 5),
        EventBatch.FromSqliteText(reader.GetString(first + 6)),
        EventBatch.FromSqliteText(reader.GetString(first + 7)),
        (ActivationConcerns)reader.GetInt32(first + 8),
        reader.GetInt32(first + 9) != 0,
        Text(reader, first + 10));
}
