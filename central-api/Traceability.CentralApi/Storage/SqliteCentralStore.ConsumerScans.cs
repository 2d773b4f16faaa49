using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Traceability.CentralApi.Storage;

/// <summary>Consumer scans and scan rewards on SQLite: one writer, so the counter read and its update cannot interleave.</summary>
public sealed partial class SqliteCentralStore : IConsumerScanStore, IRewardStore
{

    // As for activations: reads cost CPU here, not round trips, so two read batches may use both cores.
    private const int ScanReaders = 2;
    private const string ScanCounterUpsert = """
        INSERT INTO consumer_scan_counters (gtin, serial, total, day, day_count, last_region, last_at)
        VALUES (@gtin, @serial, 1, @day, 1, @region, CASE WHEN @region IS NULL THEN NULL ELSE @at END)
        ON CONFLICT (gtin, serial) DO UPDATE SET
            total = total + 1,
            day_count = CASE WHEN day = excluded.day THEN day_count + 1 ELSE 1 END,
            day = excluded.day,
            last_at = CASE WHEN excluded.last_region IS NULL THEN last_at ELSE excluded.last_at END,
            last_region = COALESCE(excluded.last_region, last_region);
        """;

    private const string ScanInsert = """
        INSERT INTO consumer_scans (gtin, serial, scan_id, scanned_at, ip, region, verdict, reasons)
        VALUES (@gtin, @serial, @id, @at, @ip, @region, @verdict, @reasons);
        """;

    // A scan's subject, then the unit's containers: one command, prepared once per connection.
    private static readonly string ScanSubjectStatements = ScanQueries.SubjectSqlite + HierarchyQueries.UnitChain;

    private static readonly (string, SqliteType)[] ScanParameters =
    [
        ("@gtin", SqliteType.Text), ("@serial", SqliteType.Text), ("@id", SqliteType.Text), ("@at", SqliteType.Text),
        ("@ip", SqliteType.Text), ("@region", SqliteType.Text), ("@verdict", SqliteType.Text), ("@reasons", SqliteType.Text),
    ];

    private static readonly (string, SqliteType)[] CounterParameters =
        [("@gtin", SqliteType.Text), ("@serial", SqliteType.Text), ("@at", SqliteType.Text), ("@region", SqliteType.Text), ("@day", SqliteType.Text)];

    private readonly UnitRequestBatches<ScanSubject, ConsumerScanRecord> _scans;

    public Task<ScanCounter?> GetScanCounterAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        ScanRows.CounterAsync(OpenReadAsync, gtin, serial, cancellationToken);

    /// <summary>The two reads on one SQLite connection (in process: there is no round trip to save).</summary>
    public async Task<ScanSubjectState> GetScanSubjectStateAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        new(await GetChannelStateAsync(gtin, serial, cancellationToken), await GetScanCounterAsync(gtin, serial, cancellationToken));

    /// <summary>
    /// Batched (<see cref="RequestBatcher{TItem, TResult}"/>): the subject reads of scans arriving while a batch is read
    /// go together in the next one, on one connection in one read transaction with one prepared statement pair
    /// (<see cref="ScanQueries.SubjectSqlite"/> and the unit's containers), instead of a connection, a compile and a
    /// snapshot for each of six reads per scan.
    /// </summary>
    public Task<ScanSubject?> GetScanSubjectAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        _scans.GetSubjectAsync(gtin, serial, cancellationToken);

    /// <summary>Reads the subjects of <paramref name="units"/> in one batch when they fit in one; each succeeds or fails on its own.</summary>
    internal IReadOnlyList<Task<ScanSubject?>> ReadScanSubjectsTogether(IReadOnlyList<(string Gtin, string Serial)> units) =>
        _scans.ReadSubjectsTogether(units);

    private async Task<ScanSubject?[]> ReadScanSubjectsAsync(IReadOnlyList<(string Gtin, string Serial)> units, CancellationToken cancellationToken)
    {
        var subjects = new ScanSubject?[units.Count];
        await using (var lease = await _prepared.RentAsync(cancellationToken))
        {
            // One read transaction: every subject of the batch comes from one snapshot, as the parts of each one must.
            await using var tx = lease.Connection.BeginTransaction(deferred: true);
            var command = lease.Prepared(ScanSubjectStatements, tx, ("@gtin", SqliteType.Text), ("@serial", SqliteType.Text));
            for (var i = 0; i < subjects.Length; i++)
            {
                subjects[i] = await ReadScanSubjectAsync(command, units[i].Gtin, units[i].Serial, cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            lease.Keep();
        }

        return subjects;
    }

    private static async Task<ScanSubject?> ReadScanSubjectAsync(SqliteCommand command, string gtin, string serial, CancellationToken cancellationToken)
    {
        (command.Parameters[0].Value, command.Parameters[1].Value) = (gtin, serial);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var (unit, state, warranty) = ScanRows.Subject(reader, 0, gtin, serial);
        await reader.NextResultAsync(cancellationToken);
        return new ScanSubject(new UnitHierarchy(unit, await HierarchyRows.ContainersAsync(reader, cancellationToken)), state, warranty);
    }

    /// <summary>
    /// Group commit (<see cref="RequestBatcher{TItem, TResult}"/>): SQLite has one writer and each commit waits for the
    /// disk, so scans arriving while a group is written go together in the next transaction, in arrival order. Each
    /// caller's answer comes after its group is durable; one scan that fails fails no other.
    /// </summary>
    public Task RecordScanAsync(ConsumerScanRecord scan, CancellationToken cancellationToken = default) =>
        _scans.RecordAsync(scan, cancellationToken);

    /// <summary>Records <paramref name="scans"/> in one group when they fit in one; each succeeds or fails on its own.</summary>
    internal IReadOnlyList<Task<bool>> RecordScansTogether(IReadOnlyList<ConsumerScanRecord> scans) =>
        _scans.RecordTogether(scans);

    private async Task<bool[]> WriteScansAsync(IReadOnlyList<ConsumerScanRecord> scans, CancellationToken cancellationToken)
    {
        await using (var lease = await _prepared.RentAsync(cancellationToken))
        {
            await using var write = await BeginWriteAsync(lease.Connection, cancellationToken);
            var tx = write.Transaction;
            var insert = lease.Prepared(ScanInsert, tx, ScanParameters);
            var upsert = lease.Prepared(ScanCounterUpsert, tx, CounterParameters);
            foreach (var scan in scans)
            {
                var (at, region) = (EventBatch.ToSqliteText(scan.ScannedAt), Db(scan.Region));
                var p = insert.Parameters;
                (p[0].Value, p[1].Value, p[2].Value, p[3].Value) = (scan.Gtin, scan.Serial, scan.ScanId.ToString("D"), at);
                (p[4].Value, p[5].Value, p[6].Value, p[7].Value) = (Db(scan.IpAddress), region, scan.Verdict, string.Join(',', scan.Reasons));
                await insert.ExecuteNonQueryAsync(cancellationToken);
                p = upsert.Parameters;
                (p[0].Value, p[1].Value, p[2].Value, p[3].Value) = (scan.Gtin, scan.Serial, at, region);
                p[4].Value = scan.ScannedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            lease.Keep();
        }

        return new bool[scans.Count];
    }

    public Task<IReadOnlyList<ConsumerScanRecord>> ListScansAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        ScanRows.ScansAsync(OpenReadAsync, gtin, serial, cancellationToken);

    public async Task<ClaimRates> GetClaimRatesAsync(string accountId, string deviceId, string? ipAddress, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT (SELECT count(*) FROM reward_claim_attempts WHERE account_id = @account AND attempted_at >= @since),
                   (SELECT count(*) FROM reward_claim_attempts WHERE device_id = @device AND attempted_at >= @since),
                   (SELECT count(*) FROM reward_claim_attempts WHERE ip = @ip AND attempted_at >= @since);
            """);
        command.Parameters.AddWithValue("@account", accountId);
        command.Parameters.AddWithValue("@device", deviceId);
        command.Parameters.AddWithValue("@ip", Db(ipAddress));
        command.Parameters.AddWithValue("@since", EventBatch.ToSqliteText(since));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ClaimRates(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async Task<bool> RecordClaimAttemptAsync(ClaimAttempt attempt, RewardClaim? claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        var won = false;
        if (claim is not null)
        {
            await using var insert = Command(connection, tx, """
                INSERT INTO reward_claims (gtin, serial, claim_id, account_id, device_id, ip, points, claimed_at)
                VALUES (@gtin, @serial, @id, @account, @device, @ip, @points, @at) ON CONFLICT (gtin, serial) DO NOTHING;
                """);
            var p = insert.Parameters;
            p.AddWithValue("@gtin", claim.Gtin);
            p.AddWithValue("@serial", claim.Serial);
            p.AddWithValue("@id", claim.ClaimId.ToString("D"));
            p.AddWithValue("@account", claim.AccountId);
            p.AddWithValue("@device", claim.DeviceId);
            p.AddWithValue("@ip", Db(claim.IpAddress));
            p.AddWithValue("@points", claim.Points);
            p.AddWithValue("@at", EventBatch.ToSqliteText(claim.ClaimedAt));
            won = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }

        await using (var log = Command(connection, tx, """
            INSERT INTO reward_claim_attempts (attempt_id, gtin, serial, account_id, device_id, ip, attempted_at, outcome)
            VALUES (@id, @gtin, @serial, @account, @device, @ip, @at, @outcome);
            """))
        {
            var p = log.Parameters;
            p.AddWithValue("@id", attempt.AttemptId.ToString("D"));
            p.AddWithValue("@gtin", attempt.Gtin);
            p.AddWithValue("@serial", attempt.Serial);
            p.AddWithValue("@account", attempt.AccountId);
            p.AddWithValue("@device", attempt.DeviceId);
            p.AddWithValue("@ip", Db(attempt.IpAddress));
            p.AddWithValue("@at", EventBatch.ToSqliteText(attempt.AttemptedAt));
            p.AddWithValue("@outcome", claim is not null && !won ? "already_claimed" : attempt.Outcome);
            await log.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return won;
    }

    public Task<RewardClaim?> GetClaimAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        ScanRows.ClaimAsync(OpenReadAsync, gtin, serial, cancellationToken);
}
