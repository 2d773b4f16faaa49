using Npgsql;
using NpgsqlTypes;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// Consumer scans and scan rewards on PostgreSQL. A scan's write is one statement: the scan row and the counter upsert
/// (atomic increments on the unit's one counter row). A reward claim's uniqueness is the primary key of reward_claims:
/// INSERT … ON CONFLICT DO NOTHING waits on a concurrent insert of the same unit and then inserts nothing.
/// </summary>
public sealed partial class PostgresCentralStore : IConsumerScanStore, IRewardStore
{
    private const string RecordScan = """
        WITH scan AS (
            INSERT INTO consumer_scans (gtin, serial, scan_id, scanned_at, ip, region, verdict, reasons)
            VALUES (@gtin, @serial, @id, @at, @ip, @region, @verdict, @reasons)
        )
        INSERT INTO consumer_scan_counters AS c (gtin, serial, total, day, day_count, last_region, last_at)
        VALUES (@gtin, @serial, 1, @day, 1, @region, CASE WHEN @region::text IS NULL THEN NULL ELSE @at END)
        ON CONFLICT (gtin, serial) DO UPDATE SET
            total = c.total + 1,
            day_count = CASE WHEN c.day = excluded.day THEN c.day_count + 1 ELSE 1 END,
            day = excluded.day,
            last_at = CASE WHEN excluded.last_region IS NULL THEN c.last_at ELSE excluded.last_at END,
            last_region = COALESCE(excluded.last_region, c.last_region);
        """;

    private const string RecordClaim = """
        WITH claim AS (
            INSERT INTO reward_claims (gtin, serial, claim_id, account_id, device_id, ip, points, claimed_at)
            SELECT @gtin, @serial, @claim_id, @account, @device, @ip, @points, @at WHERE @claim
            ON CONFLICT (gtin, serial) DO NOTHING RETURNING 1
        ), attempt AS (
            INSERT INTO reward_claim_attempts (attempt_id, gtin, serial, account_id, device_id, ip, attempted_at, outcome)
            SELECT @attempt_id, @gtin, @serial, @account, @device, @ip, @at,
                   CASE WHEN @claim AND NOT EXISTS (SELECT 1 FROM claim) THEN 'already_claimed' ELSE @outcome END
        )
        SELECT EXISTS (SELECT 1 FROM claim);
        """;

    private readonly UnitRequestBatches<ScanSubject, ConsumerScanRecord> _scans;

    public Task<ScanCounter?> GetScanCounterAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        ScanRows.CounterAsync(OpenReadAsync, gtin, serial, cancellationToken);

    /// <summary>Both reads in one round trip (a batch: one snapshot).</summary>
    public async Task<ScanSubjectState> GetScanSubjectStateAsync(string gtin, string serial, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { Statement(ChannelQueries.State), Statement(ScanRows.CounterQuery) } };
        for (var i = 0; i < batch.BatchCommands.Count; i++)
        {
            batch.BatchCommands[i].Parameters.AddWithValue("gtin", gtin);
            batch.BatchCommands[i].Parameters.AddWithValue("serial", serial);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var channel = await reader.ReadAsync(cancellationToken) ? ChannelRows.State(reader, 0, gtin, serial) : null;
        await reader.NextResultAsync(cancellationToken);
        var counter = await reader.ReadAsync(cancellationToken) ? ScanRows.Counter(reader, 0) : null;
        return new ScanSubjectState(channel, counter);
    }

    /// <summary>
    /// Batched (<see cref="RequestBatcher{TItem, TResult}"/>): the subject reads of scans arriving while a batch is read
    /// go together in the next one, two statements over arrays in one round trip (<see cref="ScanQueries"/>), so the
    /// round trip and the executor start-up of the generic plans over partitioned tables are paid once per batch.
    /// </summary>
    public Task<ScanSubject?> GetScanSubjectAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        _scans.GetSubjectAsync(gtin, serial, cancellationToken);

    /// <summary>Reads the subjects of <paramref name="units"/> in one batch when they fit in one; each succeeds or fails on its own.</summary>
    internal IReadOnlyList<Task<ScanSubject?>> ReadScanSubjectsTogether(IReadOnlyList<(string Gtin, string Serial)> units) =>
        _scans.ReadSubjectsTogether(units);

    private async Task<ScanSubject?[]> ReadScanSubjectsAsync(IReadOnlyList<(string Gtin, string Serial)> units, CancellationToken cancellationToken)
    {
        var gtins = new string[units.Count];
        var serials = new string[units.Count];
        for (var i = 0; i < units.Count; i++)
        {
            (gtins[i], serials[i]) = units[i];
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);

        // Both statements in one implicit transaction (a batch), so they read one snapshot.
        var one = units.Count == 1;
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Statement(one ? ScanQueries.SubjectPostgres : ScanQueries.SubjectsPostgres),
                Statement(one ? ScanQueries.ChainPostgres : ScanQueries.ChainsPostgres),
            },
        };
        for (var s = 0; s < batch.BatchCommands.Count; s++)
        {
            var p = batch.BatchCommands[s].Parameters;
            if (one)
            {
                p.AddWithValue("gtin", gtins[0]);
                p.AddWithValue("serial", serials[0]);
            }
            else
            {
                p.Add(new NpgsqlParameter<string[]>("gtins", gtins));
                p.Add(new NpgsqlParameter<string[]>("serials", serials));
            }
        }

        var found = new (UnitDetails Unit, ScanSubjectState State, WarrantyReads Warranty)?[units.Count];
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var i = (int)reader.GetInt64(0) - 1;
            var (gtin, serial) = (gtins[i], serials[i]);
            found[i] = ScanRows.Subject(reader, 1, gtin, serial);
        }

        var chains = new List<ContainerRecord>?[units.Count];
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var i = (int)reader.GetInt64(0) - 1;
            (chains[i] ??= []).Add(HierarchyRows.Container(reader, 1));
        }

        var subjects = new ScanSubject?[units.Count];
        for (var i = 0; i < units.Count; i++)
        {
            if (found[i] is { } f)
            {
                subjects[i] = new ScanSubject(new UnitHierarchy(f.Unit, chains[i] ?? []), f.State, f.Warranty);
            }
        }

        return subjects;
    }

    /// <summary>
    /// Group commit (<see cref="RequestBatcher{TItem, TResult}"/>): scans arriving while a group is written go together
    /// in the next one, one statement per scan in one round trip and one transaction, so the round trip and the commit
    /// are paid once per group. (One statement over arrays for a whole group cost PostgreSQL less per scan in large
    /// groups but more in small ones, and did not sustain more scans/s: docs/benchmarks.md.) Each caller's answer comes
    /// after its group is durable; one scan that fails fails no other.
    /// </summary>
    public Task RecordScanAsync(ConsumerScanRecord scan, CancellationToken cancellationToken = default) =>
        _scans.RecordAsync(scan, cancellationToken);

    /// <summary>Records <paramref name="scans"/> in one group when they fit in one; each succeeds or fails on its own.</summary>
    internal IReadOnlyList<Task<bool>> RecordScansTogether(IReadOnlyList<ConsumerScanRecord> scans) =>
        _scans.RecordTogether(scans);

    private async Task<bool[]> WriteScansAsync(IReadOnlyList<ConsumerScanRecord> scans, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);

        // A batch without a transaction of its own runs as one implicit transaction: all of it commits, or none.
        await using var batch = new NpgsqlBatch(connection);
        foreach (var scan in scans)
        {
            batch.BatchCommands.Add(ScanStatement(scan));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return new bool[scans.Count];
    }

    private static NpgsqlBatchCommand ScanStatement(ConsumerScanRecord scan)
    {
        var statement = new NpgsqlBatchCommand(RecordScan);
        var p = statement.Parameters;
        p.AddWithValue("gtin", scan.Gtin);
        p.AddWithValue("serial", scan.Serial);
        p.AddWithValue("id", scan.ScanId);
        p.AddWithValue("at", scan.ScannedAt.UtcDateTime);
        p.Add(new NpgsqlParameter("ip", NpgsqlDbType.Text) { Value = (object?)scan.IpAddress ?? DBNull.Value });
        p.Add(new NpgsqlParameter("region", NpgsqlDbType.Text) { Value = (object?)scan.Region ?? DBNull.Value });
        p.AddWithValue("verdict", scan.Verdict);
        p.AddWithValue("reasons", string.Join(',', scan.Reasons));
        p.AddWithValue("day", DateOnly.FromDateTime(scan.ScannedAt.UtcDateTime));
        return statement;
    }

    public Task<IReadOnlyList<ConsumerScanRecord>> ListScansAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        ScanRows.ScansAsync(OpenReadAsync, gtin, serial, cancellationToken);

    public async Task<ClaimRates> GetClaimRatesAsync(string accountId, string deviceId, string? ipAddress, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT (SELECT count(*) FROM reward_claim_attempts WHERE account_id = @account AND attempted_at >= @since),
                   (SELECT count(*) FROM reward_claim_attempts WHERE device_id = @device AND attempted_at >= @since),
                   (SELECT count(*) FROM reward_claim_attempts WHERE ip = @ip AND attempted_at >= @since);
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("device", deviceId);
        command.Parameters.Add(new NpgsqlParameter("ip", NpgsqlDbType.Text) { Value = (object?)ipAddress ?? DBNull.Value });
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ClaimRates(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async Task<bool> RecordClaimAttemptAsync(ClaimAttempt attempt, RewardClaim? claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, RecordClaim);
        var p = command.Parameters;
        p.AddWithValue("gtin", attempt.Gtin);
        p.AddWithValue("serial", attempt.Serial);
        p.AddWithValue("attempt_id", attempt.AttemptId);
        p.AddWithValue("claim_id", claim?.ClaimId ?? Guid.Empty);
        p.AddWithValue("account", attempt.AccountId);
        p.AddWithValue("device", attempt.DeviceId);
        p.Add(new NpgsqlParameter("ip", NpgsqlDbType.Text) { Value = (object?)attempt.IpAddress ?? DBNull.Value });
        p.AddWithValue("points", claim?.Points ?? 0);
        p.AddWithValue("at", (claim?.ClaimedAt ?? attempt.AttemptedAt).UtcDateTime);
        p.AddWithValue("claim", claim is not null);
        p.AddWithValue("outcome", attempt.Outcome);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task<RewardClaim?> GetClaimAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        ScanRows.ClaimAsync(OpenReadAsync, gtin, serial, cancellationToken);
}
