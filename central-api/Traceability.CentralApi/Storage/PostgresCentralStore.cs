using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Traceability.CentralApi.Storage.Migrations;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// The central store on PostgreSQL (production). Tables are hash-partitioned by serial (see migration 0002 and
/// docs/central-storage.md). A batch of new sequences is inserted from its arrays by plain INSERTs in one statement;
/// any other batch (or one that turns out to repeat an id) is staged (<see cref="PostgresEventStaging"/>: binary COPY
/// when large, unnest when small), then inserted by one statement (<c>INSERT … SELECT … ON CONFLICT DO NOTHING
/// RETURNING</c>), so a batch of any size costs a handful of round trips. A line's batches are ordered by the row lock
/// on its <c>line_progress</c> row.
/// </summary>
public sealed partial class PostgresCentralStore : ICentralStore, IProductCatalog
{
    private const string Database = "postgres";

    // pg_advisory_xact_lock key for migrations: "TRACEMIG" in ASCII, so it cannot collide with another app's small integers.
    private const long MigrationLockKey = 0x5452_4143_454D_4947;

    /// <summary>Batches with at least this many distinct events are staged by binary COPY, smaller ones by unnest (docs/benchmarks.md: neither measured faster from 10 to 5,000 events; unnest costs fewer round trips, COPY no parameter arrays).</summary>
    internal const int DefaultCopyThreshold = 1000;

    /// <summary>For the rest of the append transaction: plans that reach large tables through their keys (see <see cref="InsertStagedAsync"/>).</summary>
    private const string IndexDrivenPlansOnly = "SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="timeProvider">Clock for received and allocated times.</param>
    public PostgresCentralStore(string connectionString, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // No reset (DISCARD ALL) when a pooled connection is returned: it would drop the batch_events staging table
        // that each connection keeps (PostgresEventStaging). The store sets no other session state.
        // Statements are prepared once per connection (planning over 16 partitions per table cost small batches more
        // than executing them). That is safe because no append statement has a plan that depends on table sizes: the
        // insert has no join, and projections run with index-driven plans only (ApplyProjectionsAsync).
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        // …and planned once: left to choose, PostgreSQL keeps re-planning statements over partitioned tables, whose
        // generic plans look dearer (partitions are pruned when they run, not when they are planned).
        builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c plan_cache_mode=force_generic_plan".Trim();

        _dataSource = builder.Build();
        _time = timeProvider ?? TimeProvider.System;
        _activations = new(ReadActivationSubjectsAsync, readers: 1, WriteActivationsAsync, ActivationArguments.Check);
        _scans = new(ReadScanSubjectsAsync, readers: 1, WriteScansAsync, static _ => { });
    }

    /// <summary>The batch size from which <see cref="AppendEventsAsync"/> stages by COPY; benchmarks move it to compare the two ways.</summary>
    internal int CopyThreshold { get; init; } = DefaultCopyThreshold;

    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        // Two processes starting at once: the second waits here and then finds nothing left to do.
        await using (var lockCommand = Command(connection, tx, "SELECT pg_advisory_xact_lock(@key);"))
        {
            lockCommand.Parameters.AddWithValue("key", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, tx, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL
            );
            """, cancellationToken);
        var applied = await Migration.ApplyPendingAsync(connection, tx, Database, _time.GetUtcNow().UtcDateTime, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return applied;
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await StoreHealth.CheckAsync(connection, Database, cancellationToken);
    }

    public async Task<AppendResult> AppendEventsAsync(string lineId, IReadOnlyList<LineEvent> events, CancellationToken cancellationToken = default)
    {
        var batch = EventBatch.Prepare(lineId, events);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await AppendAsync(connection, batch, tryFresh: true, cancellationToken)
            ?? await AppendAsync(connection, batch, tryFresh: false, cancellationToken)
            ?? throw new InvalidOperationException("The general append path does not give up.");
    }

    /// <summary>
    /// One attempt in one transaction. With <paramref name="tryFresh"/>, a batch whose sequences all lie above the
    /// line's highest stored one (a line streaming new events: the bulk of ingest) is inserted by plain INSERTs
    /// (<see cref="InsertFreshAsync"/>); a unique violation there means some id was stored before after all, and the
    /// attempt returns null, rolled back, for the general path. Any other batch (replays, gaps healing) takes the
    /// general path at once: staged, then <c>ON CONFLICT DO NOTHING</c>, duplicates compared with their stored copies.
    /// </summary>
    private async Task<AppendResult?> AppendAsync(NpgsqlConnection connection, EventBatch batch, bool tryFresh, CancellationToken cancellationToken)
    {
        var lineId = batch.LineId;
        var events = batch.Events;
        var useCopy = batch.Distinct.Count >= CopyThreshold;
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        // Round trips dominate small batches: locking the line and staging a small batch go together.
        var (watermark, highestSeen) = await LockProgressAsync(
            connection, tx, lineId, tryFresh ? [] : PostgresEventStaging.Commands(batch, useCopy), cancellationToken);
        HashSet<Guid> inserted;
        if (tryFresh && batch.Distinct.TrueForAll(i => events[i].Sequence > highestSeen))
        {
            try
            {
                inserted = await InsertFreshAsync(connection, tx, batch, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected)
            {
                return null;
            }
        }
        else
        {
            if (tryFresh)
            {
                await using var stage = new NpgsqlBatch(connection, tx);
                foreach (var command in PostgresEventStaging.Commands(batch, useCopy))
                {
                    stage.BatchCommands.Add(command);
                }

                await stage.ExecuteNonQueryAsync(cancellationToken);
            }

            if (useCopy)
            {
                await PostgresEventStaging.CopyAsync(connection, batch, cancellationToken);
            }

            inserted = await InsertStagedAsync(connection, tx, batch, cancellationToken);
        }

        var insertedNext = false;
        foreach (var i in batch.Distinct)
        {
            var e = events[i];
            if (inserted.Contains(e.EventId))
            {
                batch.Outcomes[i] = AppendOutcome.Stored;
                highestSeen = Math.Max(highestSeen, e.Sequence);
                insertedNext |= e.Sequence == watermark + 1;
            }
        }

        if (inserted.Count > 0)
        {
            var stored = batch.Distinct.Select(i => events[i]).Where(e => inserted.Contains(e.EventId)).ToList();
            await ApplyProjectionsAsync(connection, tx, lineId, stored, cancellationToken);
        }

        // The watermark's successor is always missing after a commit, so only a batch that stored it can move it. The
        // stored sequences above it, in order, are contiguous while sequence - row number stays equal to the old
        // watermark: one range scan of the index over what lies above the watermark (an anti-join against the line's
        // other sequences read the whole line for every batch).
        await using (var save = Command(connection, tx, """
            UPDATE line_progress SET highest_seen = @h, watermark = CASE WHEN NOT @moved THEN @w ELSE (
                SELECT @w + count(*) FROM (
                    SELECT sequence - row_number() OVER (ORDER BY sequence) AS offset_from_watermark
                    FROM line_sequences WHERE line_id = @line AND sequence > @w) AS above
                WHERE offset_from_watermark = @w) END
            WHERE line_id = @line
            RETURNING watermark;
            """))
        {
            save.Parameters.AddWithValue("line", lineId);
            save.Parameters.AddWithValue("w", watermark);
            save.Parameters.AddWithValue("h", highestSeen);
            save.Parameters.AddWithValue("moved", insertedNext);
            watermark = (long)(await save.ExecuteScalarAsync(cancellationToken))!;
        }

        await tx.CommitAsync(cancellationToken);
        return batch.Result(watermark);
    }

    public async Task<LineProgress> GetLineProgressAsync(string lineId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lineId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        long watermark = 0, highestSeen = 0;
        await using (var progress = Command(connection, tx, "SELECT watermark, highest_seen FROM line_progress WHERE line_id = @line;"))
        {
            progress.Parameters.AddWithValue("line", lineId);
            await using var reader = await progress.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                watermark = reader.GetInt64(0);
                highestSeen = reader.GetInt64(1);
            }
        }

        var gaps = await StoreArguments.ReadGapsAsync(connection, tx, "line_sequences", lineId, watermark, cancellationToken);

        await tx.CommitAsync(cancellationToken);
        return new LineProgress(lineId, watermark, highestSeen, gaps);
    }

    public async Task<SerialAllocation> AllocateSerialBlockAsync(
        string gtin, string lineId, IReadOnlyList<string> candidateSerials, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckAllocation(gtin, lineId, candidateSerials);

        HashSet<string> won;
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        {
            won = await InsertUnitsAsync(connection, null, gtin, lineId, candidateSerials, _time.GetUtcNow().UtcDateTime, cancellationToken);
        }

        var allocated = new List<string>(won.Count);
        var taken = new List<string>();
        foreach (var serial in candidateSerials)
        {
            // A serial repeated in the request is allocated once; its repeats count as taken.
            (won.Remove(serial) ? allocated : taken).Add(serial);
        }

        return new SerialAllocation(allocated, taken);
    }

    /// <summary>Inserts the candidates as units allocated to the line, skipping taken ones; returns those inserted.</summary>
    private static async Task<HashSet<string>> InsertUnitsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, string gtin, string lineId, IReadOnlyList<string> candidates, DateTime at, CancellationToken cancellationToken)
    {
        // Rows are inserted in key order: two blocks inserted in opposite orders would each wait on the other's
        // uncommitted keys and deadlock (40P01), which the concurrent allocation test hit.
        var won = new HashSet<string>(StringComparer.Ordinal);
        await using var insert = Command(connection, tx, """
            INSERT INTO units (gtin, serial, line_id, state, allocated_at)
            SELECT @gtin, s, @line, @state, @at FROM unnest(@serials) AS s
            ORDER BY s
            ON CONFLICT DO NOTHING
            RETURNING serial;
            """);
        insert.Parameters.AddWithValue("gtin", gtin);
        insert.Parameters.AddWithValue("line", lineId);
        insert.Parameters.AddWithValue("state", (short)SerialState.Allocated);
        insert.Parameters.AddWithValue("at", at);
        insert.Parameters.AddWithValue("serials", candidates as string[] ?? [.. candidates]);
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            won.Add(reader.GetString(0));
        }

        return won;
    }

    public Task<UnitRecord?> GetUnitAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        UnitDetailsRows.RecordAsync(OpenReadAsync, gtin, serial, cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>
    /// A batch of new sequences: ids, sequences and bodies by plain INSERTs from the batch's arrays, in one statement,
    /// with no staging table and no <c>ON CONFLICT</c> (speculative insertion cost ~1.5 µs of PostgreSQL CPU per row
    /// and table, the staging table ~3 µs per event: docs/benchmarks.md, session 5). The primary keys still guard every
    /// rule: an id stored before, or a sequence taken, fails the statement with a unique violation and the caller
    /// starts over on the general path, which says which it was. Returns the ids, all stored.
    /// </summary>
    private async Task<HashSet<Guid>> InsertFreshAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, EventBatch batch, CancellationToken cancellationToken)
    {
        await using var commands = new NpgsqlBatch(connection, tx);
        var insert = new NpgsqlBatchCommand($"""
            WITH b AS ({PostgresEventStaging.SelectArrays}),
            ids AS (
                INSERT INTO event_ids (event_id, line_id, sequence, partition_key)
                SELECT event_id, @line, sequence, partition_key FROM b),
            sequences AS (
                INSERT INTO line_sequences (line_id, sequence, event_id)
                SELECT @line, sequence, event_id FROM b)
            INSERT INTO events (partition_key, event_id, line_id, sequence, type, occurred_at, gtin, serial, payload, received_at, work_order_id)
            SELECT partition_key, event_id, @line, sequence, type, occurred_at, gtin, serial, payload::jsonb, @received, work_order_id FROM b;
            """);
        PostgresEventStaging.AddArrays(insert.Parameters, batch);
        insert.Parameters.AddWithValue("line", batch.LineId);
        insert.Parameters.AddWithValue("received", _time.GetUtcNow().UtcDateTime);
        commands.BatchCommands.Add(insert);
        // The same guard as after the general insert (InsertStagedAsync), in the same round trip.
        foreach (var setting in IndexDrivenPlansOnly.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            commands.BatchCommands.Add(new NpgsqlBatchCommand(setting));
        }

        await commands.ExecuteNonQueryAsync(cancellationToken);
        var ids = new HashSet<Guid>(batch.Distinct.Count);
        foreach (var i in batch.Distinct)
        {
            ids.Add(batch.Events[i].EventId);
        }

        return ids;
    }

    /// <summary>
    /// Inserts the staged batch in one statement: ids into <c>event_ids</c>, the new ids' (line, sequence) into
    /// <c>line_sequences</c>, bodies into <c>events</c>. Returns the ids stored now; the rest are checked as duplicates,
    /// and a sequence held by another id refuses the batch.
    /// </summary>
    private async Task<HashSet<Guid>> InsertStagedAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, EventBatch batch, CancellationToken cancellationToken)
    {
        // No joins: with the staging table's row estimate unknown (and plans prepared once per connection), a join
        // the planner misjudges turns quadratic in the batch size. Bodies go in unconditionally: a duplicate's body is
        // already there under the same key (its key derives from what makes it the same event), and a batch that
        // stored an id without its sequence, or whose duplicate differs, is refused and rolled back.
        var inserted = new HashSet<Guid>();
        var sequenced = new HashSet<Guid>();
        await using (var insert = Command(connection, tx, """
            WITH ids AS (
                INSERT INTO event_ids (event_id, line_id, sequence, partition_key)
                SELECT event_id, @line, sequence, partition_key FROM batch_events ORDER BY event_id
                ON CONFLICT DO NOTHING
                RETURNING event_id, sequence),
            sequences AS (
                INSERT INTO line_sequences (line_id, sequence, event_id)
                SELECT @line, sequence, event_id FROM ids
                ON CONFLICT DO NOTHING
                RETURNING event_id),
            bodies AS (
                INSERT INTO events (partition_key, event_id, line_id, sequence, type, occurred_at, gtin, serial, payload, received_at, work_order_id)
                SELECT partition_key, event_id, @line, sequence, type, occurred_at, gtin, serial, payload, @received, work_order_id
                FROM batch_events
                ON CONFLICT DO NOTHING)
            SELECT event_id, false FROM ids UNION ALL SELECT event_id, true FROM sequences;
            """))
        {
            insert.Parameters.AddWithValue("line", batch.LineId);
            insert.Parameters.AddWithValue("received", _time.GetUtcNow().UtcDateTime);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                (reader.GetBoolean(1) ? sequenced : inserted).Add(reader.GetGuid(0));
            }
        }

        // What follows (duplicate checks, projections, the watermark) joins the batch to large tables and must reach
        // them through their keys whatever the statistics say. Plans are prepared once per pooled connection (generic,
        // see the constructor), so a plan made while units were few (a fresh database: EXPLAIN showed a hash join over
        // a sequential scan of every units partition) would be kept after the table had grown, and each batch would
        // read all units. For the rest of this transaction only index-driven nested loops are left to the planner. Not
        // before the insert above: forced onto batch_events' key, its scan cost ~0.2 ms per event.
        await ExecuteAsync(connection, tx, IndexDrivenPlansOnly, cancellationToken);

        Guid? sequenceTaken = inserted.Count == sequenced.Count ? null : inserted.First(id => !sequenced.Contains(id));
        if (sequenceTaken is { } orphan)
        {
            var index = batch.Distinct.First(i => batch.Events[i].EventId == orphan);
            throw batch.SequenceTaken(index, await SequenceHolderAsync(connection, tx, batch.LineId, batch.Events[index].Sequence, cancellationToken));
        }

        var notInserted = batch.Distinct.Where(i => !inserted.Contains(batch.Events[i].EventId)).ToList();
        if (notInserted.Count > 0)
        {
            await CheckDuplicatesAsync(connection, tx, batch, notInserted, cancellationToken);
        }

        return inserted;
    }

    private static async Task CheckDuplicatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, EventBatch batch, List<int> notInserted, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<Guid, (string LineId, LineEvent Event)>();
        await using (var byId = Command(connection, tx, """
            SELECT e.event_id, e.line_id, e.sequence, e.type, e.occurred_at, e.gtin, e.serial, e.payload::text, e.work_order_id
            FROM event_ids k JOIN events e ON e.partition_key = k.partition_key AND e.event_id = k.event_id
            WHERE k.event_id = ANY(@ids);
            """))
        {
            byId.Parameters.AddWithValue("ids", notInserted.Select(i => batch.Events[i].EventId).ToArray());
            await using var reader = await byId.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var e = new LineEvent(
                    reader.GetGuid(0),
                    reader.GetInt64(2),
                    reader.GetString(3),
                    new DateTimeOffset(reader.GetFieldValue<DateTime>(4), TimeSpan.Zero),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetString(7))
                {
                    WorkOrderId = reader.IsDBNull(8) ? null : reader.GetString(8),
                };
                stored.Add(e.EventId, (reader.GetString(1), e));
            }
        }

        foreach (var i in notInserted)
        {
            var e = batch.Events[i];
            var copy = stored[e.EventId];
            batch.CheckStoredCopy(i, copy.LineId, copy.Event);
            batch.Outcomes[i] = AppendOutcome.Duplicate;
        }
    }

    private static async Task<Guid> SequenceHolderAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string lineId, long sequence, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, "SELECT event_id FROM line_sequences WHERE line_id = @line AND sequence = @seq;");
        command.Parameters.AddWithValue("line", lineId);
        command.Parameters.AddWithValue("seq", sequence);
        return (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Creates the line's progress row if need be and locks it, after running <paramref name="first"/> in the same round trip.</summary>
    private static async Task<(long Watermark, long HighestSeen)> LockProgressAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string lineId, IEnumerable<NpgsqlBatchCommand> first, CancellationToken cancellationToken)
    {
        await using var commands = new NpgsqlBatch(connection, tx);
        foreach (var command in first)
        {
            commands.BatchCommands.Add(command);
        }

        var ensure = new NpgsqlBatchCommand("INSERT INTO line_progress (line_id, watermark, highest_seen) VALUES (@line, 0, 0) ON CONFLICT DO NOTHING;");
        ensure.Parameters.AddWithValue("line", lineId);
        commands.BatchCommands.Add(ensure);
        var select = new NpgsqlBatchCommand("SELECT watermark, highest_seen FROM line_progress WHERE line_id = @line FOR UPDATE;");
        select.Parameters.AddWithValue("line", lineId);
        commands.BatchCommands.Add(select);
        await using var reader = await commands.ExecuteReaderAsync(cancellationToken);
        while (reader.FieldCount == 0 && await reader.NextResultAsync(cancellationToken))
        {
            // the commands before the SELECT return no rows
        }

        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"The progress row of line '{lineId}' vanished.");
        }

        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<DbConnection> OpenReadAsync(CancellationToken cancellationToken) => await _dataSource.OpenConnectionAsync(cancellationToken);

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql) =>
        new(sql, connection, tx);

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
