using Npgsql;
using NpgsqlTypes;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// Puts a batch's distinct events into <c>batch_events</c>, a temporary table emptied at every commit, from which one
/// statement inserts them into the partitioned tables and the projections read them. Two ways in, the same table out:
/// binary COPY for large batches (no SQL parsing, no parameter arrays) and one <c>INSERT … SELECT FROM unnest(…)</c>
/// for small ones, where COPY's extra round trip costs more than it saves.
/// </summary>
/// <remarks>
/// The table lives as long as the physical connection (the store's data source does not reset connections it pools):
/// creating and dropping it per batch cost about 1 ms of catalog work per batch. <c>IF NOT EXISTS</c> makes the first
/// batch on a connection create it; <c>ON COMMIT DELETE ROWS</c> empties it, and only in transactions that touched it.
/// A change to its columns needs a new name, since connections of a running process keep the old shape.
/// </remarks>
internal static class PostgresEventStaging
{
    private const string CreateTable = """
        CREATE TEMP TABLE IF NOT EXISTS batch_events (
            event_id      uuid        NOT NULL PRIMARY KEY,
            sequence      bigint      NOT NULL,
            type          text        NOT NULL,
            occurred_at   timestamptz NOT NULL,
            gtin          text,
            serial        text,
            payload       jsonb       NOT NULL,
            partition_key text        NOT NULL,
            work_order_id text
        ) ON COMMIT DELETE ROWS;
        """;

    private const string Copy =
        "COPY batch_events (event_id, sequence, type, occurred_at, gtin, serial, payload, partition_key, work_order_id) FROM STDIN (FORMAT BINARY)";

    /// <summary>The batch's distinct events as rows, from the arrays <see cref="AddArrays"/> binds (payload as text).</summary>
    public const string SelectArrays = """
        SELECT * FROM unnest(@ids, @sequences, @types, @times, @gtins, @serials, @payloads, @keys, @workOrders)
            AS u(event_id, sequence, type, occurred_at, gtin, serial, payload, partition_key, work_order_id)
        """;

    private const string InsertUnnest = $"""
        INSERT INTO batch_events (event_id, sequence, type, occurred_at, gtin, serial, payload, partition_key, work_order_id)
        SELECT u.event_id, u.sequence, u.type, u.occurred_at, u.gtin, u.serial, u.payload::jsonb, u.partition_key, u.work_order_id
        FROM ({SelectArrays}) AS u;
        """;

    /// <summary>
    /// What to run before the batch's other statements, in the same round trip: the table (once per connection) and,
    /// unless <paramref name="useCopy"/>, the batch's rows by unnest. With COPY, <see cref="CopyAsync"/> follows.
    /// </summary>
    public static IEnumerable<NpgsqlBatchCommand> Commands(EventBatch batch, bool useCopy)
    {
        yield return new NpgsqlBatchCommand(CreateTable);
        if (!useCopy)
        {
            yield return UnnestCommand(batch);
        }
    }

    public static async Task CopyAsync(NpgsqlConnection connection, EventBatch batch, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
        foreach (var i in batch.Distinct)
        {
            var e = batch.Events[i];
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(e.EventId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(e.Type, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(EventBatch.Stored(e.OccurredAt).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteNullableAsync(importer, e.Gtin, cancellationToken);
            await WriteNullableAsync(importer, e.Serial, cancellationToken);
            await importer.WriteAsync(e.Payload, NpgsqlDbType.Jsonb, cancellationToken);
            await importer.WriteAsync(batch.PartitionKeys[i], NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, e.WorkOrderId, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static NpgsqlBatchCommand UnnestCommand(EventBatch batch)
    {
        var command = new NpgsqlBatchCommand(InsertUnnest);
        AddArrays(command.Parameters, batch);
        return command;
    }

    /// <summary>Binds the batch's distinct events as the arrays <see cref="SelectArrays"/> reads.</summary>
    public static void AddArrays(NpgsqlParameterCollection parameters, EventBatch batch)
    {
        var n = batch.Distinct.Count;
        var ids = new Guid[n];
        var sequences = new long[n];
        var types = new string[n];
        var times = new DateTime[n];
        var gtins = new string?[n];
        var serials = new string?[n];
        var payloads = new string[n];
        var keys = new string[n];
        var workOrders = new string?[n];
        for (var k = 0; k < n; k++)
        {
            var i = batch.Distinct[k];
            var e = batch.Events[i];
            ids[k] = e.EventId;
            sequences[k] = e.Sequence;
            types[k] = e.Type;
            times[k] = EventBatch.Stored(e.OccurredAt).UtcDateTime;
            gtins[k] = e.Gtin;
            serials[k] = e.Serial;
            payloads[k] = e.Payload;
            keys[k] = batch.PartitionKeys[i];
            workOrders[k] = e.WorkOrderId;
        }

        parameters.AddWithValue("ids", ids);
        parameters.AddWithValue("sequences", sequences);
        parameters.AddWithValue("types", types);
        parameters.Add(new NpgsqlParameter("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = times });
        parameters.Add(new NpgsqlParameter("gtins", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = gtins });
        parameters.Add(new NpgsqlParameter("serials", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = serials });
        parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = payloads });
        parameters.AddWithValue("keys", keys);
        parameters.Add(new NpgsqlParameter("workOrders", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = workOrders });
    }
}
