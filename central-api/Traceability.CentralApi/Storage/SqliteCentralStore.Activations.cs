using Microsoft.Data.Sqlite;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// Activations on SQLite: one writer, so "is there a first activation?" and the insert cannot interleave. Requests are
/// batched (<see cref="RequestBatcher{TItem, TResult}"/>): the subject reads arriving together run on one connection
/// with one prepared statement, and the writes arriving together go in one transaction, one fsync.
/// </summary>
public sealed partial class SqliteCentralStore : IActivationStore
{
    // Reads cost no round trip here, only CPU (B-tree pages copied from the OS cache): two read batches at once may use
    // both cores, as the unbatched reads could (no difference measured on the shared machine: docs/benchmarks.md);
    // batching them still saves a connection open and a statement compile per read.
    private const int ActivationReaders = 2;
    private const string ActivationInsert = $"INSERT INTO activations ({ActivationQueries.Columns}) VALUES ({ActivationQueries.Values}) ON CONFLICT (gtin, serial) DO NOTHING;";
    private const string ActivationHistoryInsert = $"INSERT INTO activation_history ({ActivationQueries.Columns}) VALUES ({ActivationQueries.Values});";

    // The parameters of ActivationQueries.Values, in that order.
    private static readonly (string, SqliteType)[] ActivationParameters =
    [
        ("@gtin", SqliteType.Text), ("@serial", SqliteType.Text), ("@id", SqliteType.Text), ("@account", SqliteType.Text),
        ("@ip", SqliteType.Text), ("@region", SqliteType.Text), ("@activated", SqliteType.Text), ("@received", SqliteType.Text),
        ("@flags", SqliteType.Integer), ("@diversion", SqliteType.Integer), ("@dealer", SqliteType.Text),
    ];

    private readonly UnitRequestBatches<ActivationSubject, ActivationRecord> _activations;

    public Task<ActivationSubject?> GetActivationSubjectAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        _activations.GetSubjectAsync(gtin, serial, cancellationToken);

    /// <summary>
    /// Group commit: SQLite has one writer and each commit waits for the disk (~1.4 ms here), so activations arriving
    /// while a commit runs are written together in the next transaction, in arrival order (a second activation of one
    /// unit in the same group still goes to history). Each caller's answer comes only after its group is durable.
    /// </summary>
    public Task<bool> RecordActivationAsync(ActivationRecord activation, CancellationToken cancellationToken = default) =>
        _activations.RecordAsync(activation, cancellationToken);

    /// <summary>Records <paramref name="activations"/> in one batch when they fit in one; each succeeds or fails on its own.</summary>
    internal IReadOnlyList<Task<bool>> RecordActivationsTogether(IReadOnlyList<ActivationRecord> activations) =>
        _activations.RecordTogether(activations);

    private async Task<ActivationSubject?[]> ReadActivationSubjectsAsync(IReadOnlyList<(string Gtin, string Serial)> units, CancellationToken cancellationToken)
    {
        var subjects = new ActivationSubject?[units.Count];
        await using (var lease = await _prepared.RentAsync(cancellationToken))
        {
            await using var tx = lease.Connection.BeginTransaction(deferred: true);
            var command = lease.Prepared(ActivationQueries.Subject, tx, ("@gtin", SqliteType.Text), ("@serial", SqliteType.Text));
            for (var i = 0; i < subjects.Length; i++)
            {
                (command.Parameters[0].Value, command.Parameters[1].Value) = units[i];
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    continue;
                }

                subjects[i] = ActivationRows.Subject(reader, 0);
            }

            await tx.CommitAsync(cancellationToken);
            lease.Keep();
        }

        return subjects;
    }

    private async Task<bool[]> WriteActivationsAsync(IReadOnlyList<ActivationRecord> activations, CancellationToken cancellationToken)
    {
        var firsts = new bool[activations.Count];
        await using (var lease = await _prepared.RentAsync(cancellationToken))
        {
            await using var write = await BeginWriteAsync(lease.Connection, cancellationToken);
            var tx = write.Transaction;
            var insert = lease.Prepared(ActivationInsert, tx, ActivationParameters);
            SqliteCommand? history = null;
            for (var i = 0; i < activations.Count; i++)
            {
                SetActivation(insert.Parameters, activations[i]);
                firsts[i] = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
                if (!firsts[i])
                {
                    history ??= lease.Prepared(ActivationHistoryInsert, tx, ActivationParameters);
                    SetActivation(history.Parameters, activations[i]);
                    await history.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await tx.CommitAsync(cancellationToken);
            lease.Keep();
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
        return await command.ReadAllAsync(ActivationRows.ReportRow, cancellationToken);
    }

    public async Task<IReadOnlyList<ActivationRecord>> ListDivertedActivationsAsync(string dealerId, int limit, CancellationToken cancellationToken = default)
    {
        PriceWatchArguments.CheckDealerListing(dealerId, limit);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, ActivationQueries.DivertedByDealer);
        command.Parameters.AddWithValue("@dealer", dealerId);
        command.Parameters.AddWithValue("@limit", limit);
        return await command.ReadAllAsync(static reader => ActivationRows.Activation(reader, 0), cancellationToken);
    }


    private static void SetActivation(SqliteParameterCollection values, ActivationRecord a)
    {
        values[0].Value = a.Gtin;
        values[1].Value = a.Serial;
        values[2].Value = a.ActivationId.ToString("D");
        values[3].Value = a.AccountId;
        values[4].Value = a.IpAddress;
        values[5].Value = Db(a.Region);
        values[6].Value = EventBatch.ToSqliteText(a.ActivatedAt);
        values[7].Value = EventBatch.ToSqliteText(a.ReceivedAt);
        values[8].Value = (int)a.Flags;
        values[9].Value = a.Diversion ? 1 : 0;
        values[10].Value = Db(a.DealerId);
    }
}
