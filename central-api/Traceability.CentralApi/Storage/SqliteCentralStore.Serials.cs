using System.Text.Json;
using Microsoft.Data.Sqlite;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

public sealed partial class SqliteCentralStore
{
    public async Task<SerialBlockRecord> AllocateSerialRequestAsync(
        SerialBlockRequest request, Func<int, IReadOnlyList<string>> drawCandidates, CancellationToken cancellationToken = default)
    {
        SerialRequests.Check(request, drawCandidates);
        var at = EventBatch.Stored(_time.GetUtcNow());
        await using var connection = await OpenAsync(cancellationToken);

        // IMMEDIATE: the writer lock is held from here, so a concurrent call with the same id (any process) waits and
        // then finds the block this one records.
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        await using (var read = Command(connection, tx, """
            SELECT line_id, gtin, block_id, serials, allocated_at FROM serial_requests WHERE request_id = $request;
            """))
        {
            read.Parameters.AddWithValue("$request", request.RequestId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var stored = new SerialBlockRecord(
                    request.RequestId,
                    Guid.Parse(reader.GetString(2)),
                    reader.GetString(0),
                    reader.GetString(1),
                    JsonSerializer.Deserialize<string[]>(reader.GetString(3))!,
                    EventBatch.FromSqliteText(reader.GetString(4)));
                return SerialRequests.Same(request, stored);
            }
        }

        await using var insert = Command(connection, tx, """
            INSERT INTO units (gtin, serial, line_id, state, allocated_at) VALUES ($gtin, $serial, $line, $state, $at)
            ON CONFLICT DO NOTHING;
            """);
        insert.Parameters.AddWithValue("$gtin", request.Gtin);
        insert.Parameters.AddWithValue("$line", request.LineId);
        insert.Parameters.AddWithValue("$state", (int)SerialState.Allocated);
        insert.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(at));
        var pSerial = insert.Parameters.Add("$serial", SqliteType.Text);
        insert.Prepare();
        var serials = await SerialRequests.DrawAsync(request, drawCandidates, async candidates =>
        {
            var won = new List<string>(candidates.Count);
            foreach (var serial in candidates)
            {
                pSerial.Value = serial;
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    won.Add(serial);
                }
            }

            return won;
        });

        var block = new SerialBlockRecord(request.RequestId, Guid.NewGuid(), request.LineId, request.Gtin, serials, at);
        await using (var save = Command(connection, tx, """
            INSERT INTO serial_requests (request_id, line_id, gtin, count, block_id, serials, allocated_at)
            VALUES ($request, $line, $gtin, $count, $block, $serials, $at);
            """))
        {
            save.Parameters.AddWithValue("$request", request.RequestId);
            save.Parameters.AddWithValue("$line", request.LineId);
            save.Parameters.AddWithValue("$gtin", request.Gtin);
            save.Parameters.AddWithValue("$count", request.Count);
            save.Parameters.AddWithValue("$block", block.BlockId.ToString("D"));
            save.Parameters.AddWithValue("$serials", JsonSerializer.Serialize(serials));
            save.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(at));
            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return block;
    }
}
