using Npgsql;
using NpgsqlTypes;
using Traceability.CentralApi.Storage.Migrations;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// The central store on PostgreSQL (production). A batch is one statement per step over arrays
/// (<c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING RETURNING</c>), so a batch of any size costs a handful of
/// round trips. A line's batches are ordered by the row lock on its <c>line_progress</c> row.
/// </summary>
public sealed partial class PostgresCentralStore : ICentralStore, IProductCatalog
{
    private const string Database = "postgres";

    // pg_advisory_xact_lock key for migrations: "TRACEMIG" in ASCII, so it cannot collide with another app's small integers.
    private const long MigrationLockKey = 0x5452_4143_454D_4947;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="timeProvider">Clock for received and allocated times.</param>
    public PostgresCentralStore(string connectionString, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _time = timeProvider ?? TimeProvider.System;
    }

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
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var (watermark, highestSeen) = await LockProgressAsync(connection, tx, lineId, cancellationToken);

        var n = batch.Distinct.Count;
        var ids = new Guid[n];
        var sequences = new long[n];
        var types = new string[n];
        var times = new DateTime[n];
        var gtins = new string?[n];
        var serials = new string?[n];
        var payloads = new string[n];
        var indexById = new Dictionary<Guid, int>(n);
        for (var k = 0; k < n; k++)
        {
            var e = events[batch.Distinct[k]];
            ids[k] = e.EventId;
            sequences[k] = e.Sequence;
            types[k] = e.Type;
            times[k] = EventBatch.Stored(e.OccurredAt).UtcDateTime;
            gtins[k] = e.Gtin;
            serials[k] = e.Serial;
            payloads[k] = e.Payload;
            indexById.Add(e.EventId, batch.Distinct[k]);
        }

        var inserted = new HashSet<Guid>();
        await using (var insert = Command(connection, tx, """
            INSERT INTO events (event_id, line_id, sequence, type, occurred_at, gtin, serial, payload, received_at)
            SELECT u.event_id, @line, u.sequence, u.type, u.occurred_at, u.gtin, u.serial, u.payload::jsonb, @received
            FROM unnest(@ids, @sequences, @types, @times, @gtins, @serials, @payloads)
                AS u(event_id, sequence, type, occurred_at, gtin, serial, payload)
            ORDER BY u.event_id
            ON CONFLICT DO NOTHING
            RETURNING event_id;
            """))
        {
            insert.Parameters.AddWithValue("line", lineId);
            insert.Parameters.AddWithValue("received", _time.GetUtcNow().UtcDateTime);
            insert.Parameters.AddWithValue("ids", ids);
            insert.Parameters.AddWithValue("sequences", sequences);
            insert.Parameters.AddWithValue("types", types);
            insert.Parameters.Add(new NpgsqlParameter("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = times });
            insert.Parameters.Add(new NpgsqlParameter("gtins", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = gtins });
            insert.Parameters.Add(new NpgsqlParameter("serials", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = serials });
            insert.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = payloads });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetGuid(0));
            }
        }

        var notInserted = new List<int>();
        var insertedNext = false;
        foreach (var i in batch.Distinct)
        {
            var e = events[i];
            if (!inserted.Contains(e.EventId))
            {
                notInserted.Add(i);
                continue;
            }

            batch.Outcomes[i] = AppendOutcome.Stored;
            highestSeen = Math.Max(highestSeen, e.Sequence);
            insertedNext |= e.Sequence == watermark + 1;
        }

        if (notInserted.Count > 0)
        {
            await CheckDuplicatesAsync(connection, tx, batch, notInserted, cancellationToken);
        }

        if (inserted.Count > 0)
        {
            var stored = batch.Distinct.Select(i => events[i]).Where(e => inserted.Contains(e.EventId)).ToList();
            await ApplyProjectionsAsync(connection, tx, lineId, stored, cancellationToken);
        }

        // The watermark's successor is always missing after a commit, so only a batch that stored it can move it.
        if (insertedNext)
        {
            await using var next = Command(connection, tx, """
                SELECT MIN(e.sequence) FROM events e
                WHERE e.line_id = @line AND e.sequence > @w
                  AND NOT EXISTS (SELECT 1 FROM events n WHERE n.line_id = @line AND n.sequence = e.sequence + 1);
                """);
            next.Parameters.AddWithValue("line", lineId);
            next.Parameters.AddWithValue("w", watermark);
            watermark = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var save = Command(connection, tx, "UPDATE line_progress SET watermark = @w, highest_seen = @h WHERE line_id = @line;"))
        {
            save.Parameters.AddWithValue("line", lineId);
            save.Parameters.AddWithValue("w", watermark);
            save.Parameters.AddWithValue("h", highestSeen);
            await save.ExecuteNonQueryAsync(cancellationToken);
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

        List<SequenceRange> gaps;
        await using (var command = Command(connection, tx, """
            SELECT prev + 1, sequence - 1 FROM (
                SELECT sequence, LAG(sequence, 1, @w) OVER (ORDER BY sequence) AS prev
                FROM events WHERE line_id = @line AND sequence > @w) AS t
            WHERE sequence > prev + 1 ORDER BY sequence;
            """))
        {
            command.Parameters.AddWithValue("line", lineId);
            command.Parameters.AddWithValue("w", watermark);
            gaps = await StoreArguments.ReadGapsAsync(command, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new LineProgress(lineId, watermark, highestSeen, gaps);
    }

    public async Task<SerialAllocation> AllocateSerialBlockAsync(
        string gtin, string lineId, IReadOnlyList<string> candidateSerials, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckAllocation(gtin, lineId, candidateSerials);

        // Rows are inserted in key order: two blocks inserted in opposite orders would each wait on the other's
        // uncommitted keys and deadlock (40P01), which the concurrent allocation test hit.
        var won = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        await using (var insert = Command(connection, null, """
            INSERT INTO units (gtin, serial, line_id, state, allocated_at)
            SELECT @gtin, s, @line, @state, @at FROM unnest(@serials) AS s
            ORDER BY s
            ON CONFLICT DO NOTHING
            RETURNING serial;
            """))
        {
            insert.Parameters.AddWithValue("gtin", gtin);
            insert.Parameters.AddWithValue("line", lineId);
            insert.Parameters.AddWithValue("state", (short)SerialState.Allocated);
            insert.Parameters.AddWithValue("at", _time.GetUtcNow().UtcDateTime);
            insert.Parameters.AddWithValue("serials", candidateSerials.ToArray());
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                won.Add(reader.GetString(0));
            }
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

    public async Task<UnitRecord?> GetUnitAsync(string gtin, string serial, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT line_id, state, allocated_at, commissioned_at FROM units WHERE gtin = @gtin AND serial = @serial;
            """);
        command.Parameters.AddWithValue("gtin", gtin);
        command.Parameters.AddWithValue("serial", serial);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new UnitRecord(
            gtin,
            serial,
            reader.GetString(0),
            (SerialState)reader.GetInt16(1),
            new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero),
            reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(3), TimeSpan.Zero));
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task CheckDuplicatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, EventBatch batch, List<int> notInserted, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<Guid, (string LineId, LineEvent Event)>();
        await using (var byId = Command(connection, tx, """
            SELECT event_id, line_id, sequence, type, occurred_at, gtin, serial, payload::text FROM events WHERE event_id = ANY(@ids);
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
                    reader.GetString(7));
                stored.Add(e.EventId, (reader.GetString(1), e));
            }
        }

        foreach (var i in notInserted)
        {
            var e = batch.Events[i];
            if (stored.TryGetValue(e.EventId, out var copy))
            {
                batch.CheckStoredCopy(i, copy.LineId, copy.Event);
                batch.Outcomes[i] = AppendOutcome.Duplicate;
                continue;
            }

            throw batch.SequenceTaken(i, await SequenceHolderAsync(connection, tx, batch.LineId, e.Sequence, cancellationToken));
        }
    }

    private static async Task<Guid> SequenceHolderAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string lineId, long sequence, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, "SELECT event_id FROM events WHERE line_id = @line AND sequence = @seq;");
        command.Parameters.AddWithValue("line", lineId);
        command.Parameters.AddWithValue("seq", sequence);
        return (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<(long Watermark, long HighestSeen)> LockProgressAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string lineId, CancellationToken cancellationToken)
    {
        await using (var ensure = Command(connection, tx, """
            INSERT INTO line_progress (line_id, watermark, highest_seen) VALUES (@line, 0, 0) ON CONFLICT DO NOTHING;
            """))
        {
            ensure.Parameters.AddWithValue("line", lineId);
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var select = Command(connection, tx, "SELECT watermark, highest_seen FROM line_progress WHERE line_id = @line FOR UPDATE;");
        select.Parameters.AddWithValue("line", lineId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql) =>
        new(sql, connection, tx);

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
