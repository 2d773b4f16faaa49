using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Storage.Migrations;
using Traceability.CentralApi.Storage.Projections;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// The central store in one SQLite file (the default for a single site). WAL, so readers never wait for the writer;
/// every write transaction starts IMMEDIATE, so concurrent writers queue on the busy timeout instead of deadlocking.
/// The log is checkpointed off the write path (<see cref="SqliteCheckpointer"/>), not inside a commit.
/// </summary>
/// <remarks>
/// <c>synchronous=FULL</c>, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and what central
/// acknowledges lets a line delete its outbox, so an acknowledged event must survive a power cut. Batching makes the
/// cost one fsync per batch, not per event.
/// </remarks>
public sealed partial class SqliteCentralStore : ICentralStore, IProductCatalog
{
    private const string Database = "sqlite";
    private readonly string _connectionString;
    private readonly TimeProvider _time;

    // SQLite has one writer. Writers of this process queue here instead of in SQLite's busy handler, which sleeps
    // with backoff (up to 100 ms a try) and left four lines streaming at once slower than one.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteCheckpointer _checkpointer;

    // The batched request paths (activations, scans) run on connections that keep their statements prepared.
    private readonly SqlitePreparedConnections _prepared;

    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming the file (<c>Data Source=central.db</c>).</param>
    /// <param name="timeProvider">Clock for received and allocated times.</param>
    public SqliteCentralStore(string connectionString, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        _connectionString = builder.ToString();
        _time = timeProvider ?? TimeProvider.System;
        _prepared = new SqlitePreparedConnections(OpenAsync);
        _activations = new(ReadActivationSubjectsAsync, ActivationReaders, WriteActivationsAsync, ActivationArguments.Check);
        _scans = new(ReadScanSubjectsAsync, ScanReaders, WriteScansAsync, static _ => { });
        _checkpointer = new SqliteCheckpointer(_connectionString);
    }

    /// <summary>Checkpoints of the write-ahead log run so far (off the write path; see <see cref="SqliteCheckpointer"/>).</summary>
    internal long Checkpoints => _checkpointer.Checkpoints;

    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        await ExecuteAsync(connection, tx, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at TEXT    NOT NULL
            );
            """, cancellationToken);
        var applied = await Migration.ApplyPendingAsync(connection, tx, Database, EventBatch.ToSqliteText(_time.GetUtcNow()), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return applied;
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await StoreHealth.CheckAsync(connection, Database, cancellationToken);
    }

    public async Task<AppendResult> AppendEventsAsync(string lineId, IReadOnlyList<LineEvent> events, CancellationToken cancellationToken = default)
    {
        var batch = EventBatch.Prepare(lineId, events);

        // Read before the writer's turn (it parses every body): SQLite has one writer, and what is done while holding
        // it is throughput lost for every line. Rebuilt inside only if some events turn out to be duplicates.
        var plan = ProjectionPlan.From(lineId, batch.Distinct.Select(i => events[i]));
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        var (watermark, highestSeen) = await ReadProgressAsync(connection, tx, lineId, cancellationToken);
        var received = EventBatch.ToSqliteText(_time.GetUtcNow());

        await using var insert = Command(connection, tx, """
            INSERT INTO events (event_id, line_id, sequence, type, occurred_at, gtin, serial, payload, received_at, work_order_id)
            VALUES ($id, $line, $seq, $type, $at, $gtin, $serial, $payload, $received, $workOrder)
            ON CONFLICT DO NOTHING;
            """);
        var pId = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$line", lineId);
        var pSeq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var pType = insert.Parameters.Add("$type", SqliteType.Text);
        var pAt = insert.Parameters.Add("$at", SqliteType.Text);
        var pGtin = insert.Parameters.Add("$gtin", SqliteType.Text);
        var pSerial = insert.Parameters.Add("$serial", SqliteType.Text);
        var pPayload = insert.Parameters.Add("$payload", SqliteType.Text);
        var pWorkOrder = insert.Parameters.Add("$workOrder", SqliteType.Text);
        insert.Parameters.AddWithValue("$received", received);
        insert.Prepare();

        var notInserted = new List<int>();
        var inserted = new List<LineEvent>(batch.Distinct.Count);
        var insertedNext = false;
        foreach (var i in batch.Distinct)
        {
            var e = events[i];
            pId.Value = e.EventId.ToString("D");
            pSeq.Value = e.Sequence;
            pType.Value = e.Type;
            pAt.Value = EventBatch.ToSqliteText(e.OccurredAt);
            pGtin.Value = (object?)e.Gtin ?? DBNull.Value;
            pSerial.Value = (object?)e.Serial ?? DBNull.Value;
            pPayload.Value = e.Payload;
            pWorkOrder.Value = (object?)e.WorkOrderId ?? DBNull.Value;
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                notInserted.Add(i);
                continue;
            }

            batch.Outcomes[i] = AppendOutcome.Stored;
            highestSeen = Math.Max(highestSeen, e.Sequence);
            insertedNext |= e.Sequence == watermark + 1;
            inserted.Add(e);
        }

        if (notInserted.Count > 0)
        {
            await CheckDuplicatesAsync(connection, tx, batch, notInserted, cancellationToken);
        }

        if (inserted.Count > 0)
        {
            var stored = inserted.Count == batch.Distinct.Count ? plan : ProjectionPlan.From(lineId, inserted);
            await ApplyProjectionsAsync(connection, tx, lineId, stored, inserted, cancellationToken);
        }

        // The watermark's successor is always missing after a commit, so only a batch that stored it can move it.
        if (insertedNext)
        {
            await using var next = Command(connection, tx, """
                SELECT MIN(e.sequence) FROM events e
                WHERE e.line_id = $line AND e.sequence > $w
                  AND NOT EXISTS (SELECT 1 FROM events n WHERE n.line_id = $line AND n.sequence = e.sequence + 1);
                """);
            next.Parameters.AddWithValue("$line", lineId);
            next.Parameters.AddWithValue("$w", watermark);
            watermark = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var save = Command(connection, tx, """
            INSERT INTO line_progress (line_id, watermark, highest_seen) VALUES ($line, $w, $h)
            ON CONFLICT (line_id) DO UPDATE SET watermark = excluded.watermark, highest_seen = excluded.highest_seen;
            """))
        {
            save.Parameters.AddWithValue("$line", lineId);
            save.Parameters.AddWithValue("$w", watermark);
            save.Parameters.AddWithValue("$h", highestSeen);
            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return batch.Result(watermark);
    }

    public async Task<LineProgress> GetLineProgressAsync(string lineId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lineId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = connection.BeginTransaction(deferred: true);
        var (watermark, highestSeen) = await ReadProgressAsync(connection, tx, lineId, cancellationToken);
        var gaps = await StoreArguments.ReadGapsAsync(connection, tx, "events", lineId, watermark, cancellationToken);

        await tx.CommitAsync(cancellationToken);
        return new LineProgress(lineId, watermark, highestSeen, gaps);
    }

    public async Task<SerialAllocation> AllocateSerialBlockAsync(
        string gtin, string lineId, IReadOnlyList<string> candidateSerials, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckAllocation(gtin, lineId, candidateSerials);
        var allocated = new List<string>(candidateSerials.Count);
        var taken = new List<string>();
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        await using var insert = Command(connection, tx, """
            INSERT INTO units (gtin, serial, line_id, state, allocated_at) VALUES ($gtin, $serial, $line, $state, $at)
            ON CONFLICT DO NOTHING;
            """);
        insert.Parameters.AddWithValue("$gtin", gtin);
        insert.Parameters.AddWithValue("$line", lineId);
        insert.Parameters.AddWithValue("$state", (int)SerialState.Allocated);
        insert.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(_time.GetUtcNow()));
        var pSerial = insert.Parameters.Add("$serial", SqliteType.Text);
        insert.Prepare();
        foreach (var serial in candidateSerials)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(serial, nameof(candidateSerials));
            pSerial.Value = serial;
            (await insert.ExecuteNonQueryAsync(cancellationToken) == 1 ? allocated : taken).Add(serial);
        }

        await tx.CommitAsync(cancellationToken);
        return new SerialAllocation(allocated, taken);
    }

    public Task<UnitRecord?> GetUnitAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        UnitDetailsRows.RecordAsync(OpenReadAsync, gtin, serial, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _checkpointer.DisposeAsync();
        await _prepared.DisposeAsync();
        _writeGate.Dispose();

        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        await using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static async Task CheckDuplicatesAsync(
        SqliteConnection connection, SqliteTransaction tx, EventBatch batch, List<int> notInserted, CancellationToken cancellationToken)
    {
        await using var byId = Command(connection, tx, """
            SELECT line_id, sequence, type, occurred_at, gtin, serial, payload, work_order_id FROM events WHERE event_id = $id;
            """);
        var pId = byId.Parameters.Add("$id", SqliteType.Text);
        byId.Prepare();
        await using var bySequence = Command(connection, tx, "SELECT event_id FROM events WHERE line_id = $line AND sequence = $seq;");
        bySequence.Parameters.AddWithValue("$line", batch.LineId);
        var pSeq = bySequence.Parameters.Add("$seq", SqliteType.Integer);
        bySequence.Prepare();
        foreach (var i in notInserted)
        {
            var e = batch.Events[i];
            pId.Value = e.EventId.ToString("D");
            await using (var reader = await byId.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    var stored = new LineEvent(
                        e.EventId,
                        reader.GetInt64(1),
                        reader.GetString(2),
                        EventBatch.FromSqliteText(reader.GetString(3)),
                        reader.IsDBNull(4) ? null : reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.GetString(6))
                    {
                        WorkOrderId = reader.IsDBNull(7) ? null : reader.GetString(7),
                    };
                    batch.CheckStoredCopy(i, reader.GetString(0), stored);
                    batch.Outcomes[i] = AppendOutcome.Duplicate;
                    continue;
                }
            }

            pSeq.Value = e.Sequence;
            var holder = (string)(await bySequence.ExecuteScalarAsync(cancellationToken))!;
            throw batch.SequenceTaken(i, Guid.Parse(holder, CultureInfo.InvariantCulture));
        }
    }

    private static async Task<(long Watermark, long HighestSeen)> ReadProgressAsync(
        SqliteConnection connection, SqliteTransaction tx, string lineId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, "SELECT watermark, highest_seen FROM line_progress WHERE line_id = $line;");
        command.Parameters.AddWithValue("$line", lineId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    /// <summary>Takes this process's write turn, then begins an IMMEDIATE transaction (SQLite's write lock, across processes).</summary>
    private async Task<WriteTransaction> BeginWriteAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return new WriteTransaction(connection.BeginTransaction(deferred: false), _writeGate);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    /// <summary>A write transaction that gives the write turn back when disposed (after commit or rollback).</summary>
    private sealed class WriteTransaction(SqliteTransaction transaction, SemaphoreSlim gate) : IAsyncDisposable
    {
        public SqliteTransaction Transaction { get; } = transaction;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Transaction.DisposeAsync();
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=0;", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<DbConnection> OpenReadAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
