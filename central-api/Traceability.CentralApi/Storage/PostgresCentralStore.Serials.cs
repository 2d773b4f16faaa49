using Npgsql;

namespace Traceability.CentralApi.Storage;

public sealed partial class PostgresCentralStore
{
    public async Task<SerialBlockRecord> AllocateSerialRequestAsync(
        SerialBlockRequest request, Func<int, IReadOnlyList<string>> drawCandidates, CancellationToken cancellationToken = default)
    {
        SerialRequests.Check(request, drawCandidates);
        var at = EventBatch.Stored(_time.GetUtcNow()).UtcDateTime;
        var blockId = Guid.NewGuid();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        // The request row first: a concurrent call with the same id waits here on the key until this transaction
        // ends, then finds the finished block (or, if this one rolled back, inserts its own).
        await using (var claim = Command(connection, tx, """
            INSERT INTO serial_requests (request_id, line_id, gtin, count, block_id, serials, allocated_at)
            VALUES (@request, @line, @gtin, @count, @block, '{}', @at)
            ON CONFLICT (request_id) DO NOTHING;
            """))
        {
            claim.Parameters.AddWithValue("request", request.RequestId);
            claim.Parameters.AddWithValue("line", request.LineId);
            claim.Parameters.AddWithValue("gtin", request.Gtin);
            claim.Parameters.AddWithValue("count", request.Count);
            claim.Parameters.AddWithValue("block", blockId);
            claim.Parameters.AddWithValue("at", at);
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                var stored = await ReadSerialRequestAsync(connection, tx, request.RequestId, cancellationToken);
                await tx.CommitAsync(cancellationToken);
                return SerialRequests.Same(request, stored);
            }
        }

        var serials = await SerialRequests.DrawAsync(
            request,
            drawCandidates,
            async candidates => await InsertUnitsAsync(connection, tx, request.Gtin, request.LineId, candidates, at, cancellationToken));

        await using (var save = Command(connection, tx, "UPDATE serial_requests SET serials = @serials WHERE request_id = @request;"))
        {
            save.Parameters.AddWithValue("request", request.RequestId);
            save.Parameters.AddWithValue("serials", serials.ToArray());
            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new SerialBlockRecord(request.RequestId, blockId, request.LineId, request.Gtin, serials, new DateTimeOffset(at, TimeSpan.Zero));
    }

    private static async Task<SerialBlockRecord> ReadSerialRequestAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string requestId, CancellationToken cancellationToken)
    {
        await using var read = Command(connection, tx, """
            SELECT line_id, gtin, block_id, serials, allocated_at FROM serial_requests WHERE request_id = @request;
            """);
        read.Parameters.AddWithValue("request", requestId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Request '{requestId}' conflicted on insert but cannot be read.");
        }

        return new SerialBlockRecord(
            requestId,
            reader.GetGuid(2),
            reader.GetString(0),
            reader.GetString(1),
            reader.GetFieldValue<string[]>(3),
            new DateTimeOffset(reader.GetFieldValue<DateTime>(4), TimeSpan.Zero));
    }
}
