using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Traceability.CentralApi.Tests.Storage;
using Traceability.Contracts.Line.V1;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Tests.Scale;

/// <summary>
/// Two real central-api processes over one fresh PostgreSQL database, as behind a load balancer: they migrate at once,
/// lines switch from one to the other mid-stream and replay, and serial blocks are asked of both at the same time.
/// </summary>
public sealed class TwoCentralProcessesTests : IAsyncLifetime
{
    private const string Gtin = "09506000134352";
    private const int Lines = 6;
    private const int BlocksPerLine = 3;
    private const int BlockSize = 500;
    private const int EventsPerLine = BlocksPerLine * BlockSize;
    private const int BatchSize = 100;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    private string _database = "";

    public async Task InitializeAsync() => _database = await TestDatabases.CreatePostgresDatabaseAsync();

    public async Task DisposeAsync() => await TestDatabases.DropPostgresDatabaseAsync(_database);

    [Fact]
    public async Task Two_processes_store_every_event_once_with_exact_watermarks_and_never_give_a_serial_twice()
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Postgres",
            ["Storage__ConnectionString"] = TestDatabases.Postgres(_database),
        };
        await using var a = CentralProcess.Start(settings);
        await using var b = CentralProcess.Start(settings);
        await Task.WhenAll(a.WaitUntilServingAsync(StartLimit), b.WaitUntilServingAsync(StartLimit));

        var lines = await Task.WhenAll(Enumerable.Range(0, Lines).Select(i =>
            RunLineAsync($"line-{i}", i % 2 == 0 ? a : b, i % 2 == 0 ? b : a)));

        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (lineId, blocks) in lines)
        {
            foreach (var serial in blocks.SelectMany(block => block.Serials))
            {
                Assert.True(owner.TryAdd(serial, lineId), $"serial {serial} was given to {owner.GetValueOrDefault(serial)} and {lineId}");
            }

            foreach (var central in new[] { a, b })
            {
                var heartbeat = await central.Client(lineId).HeartbeatAsync(new HeartbeatRequest { LineId = lineId });
                Assert.Equal(EventsPerLine, heartbeat.HighestContiguousSequence);
            }

            // A late retry of the first request, to either process, still gets the first answer.
            var retried = await b.Client(lineId).AllocateSerialsAsync(Request(lineId, 0));
            Assert.Equal(blocks[0], retried.Block);
        }

        await AssertDatabaseAsync(owner);
    }

    private static async Task<(string LineId, List<SerialBlock> Blocks)> RunLineAsync(string lineId, CentralProcess first, CentralProcess second)
    {
        // Each block is asked of both processes at once with one request id: both must answer the same block.
        var blocks = new List<SerialBlock>();
        for (var k = 0; k < BlocksPerLine; k++)
        {
            var answers = await Task.WhenAll(
                first.Client(lineId).AllocateSerialsAsync(Request(lineId, k)).ResponseAsync,
                second.Client(lineId).AllocateSerialsAsync(Request(lineId, k)).ResponseAsync);
            Assert.Equal(answers[0].Block, answers[1].Block);
            blocks.Add(answers[0].Block);
        }

        var serials = blocks.SelectMany(block => block.Serials).ToList();
        var batches = serials
            .Select((serial, i) => Commissioned(i + 1, serial))
            .Chunk(BatchSize)
            .Select(events => Batch(lineId, events))
            .ToArray();

        // The first batches go to one process; then the line switches to the other and replays the last three, while
        // its old stream (still open, as a connection drains behind a load balancer) goes on delivering: both
        // processes store new events of the line at the same time, out of order, with replays and an event repeated
        // inside a batch.
        using var oldStream = first.Client(lineId).StreamEvents();
        var oldAcks = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            oldAcks.Add(await SendAsync(oldStream, batches[i]));
        }

        using var newStream = second.Client(lineId).StreamEvents();
        var newAcks = new List<long>();
        var switched = Task.Run(async () =>
        {
            foreach (var i in new[] { 5, 6, 7, 9, 11, 14, 13 })
            {
                newAcks.Add(await SendAsync(newStream, batches[i]));
            }
        });
        var draining = Task.Run(async () =>
        {
            foreach (var i in new[] { 3, 8, 10, 12 })
            {
                oldAcks.Add(await SendAsync(oldStream, batches[i]));
            }

            var repeated = batches[7].Clone();
            repeated.Events.Add(batches[7].Events[0].Clone());
            oldAcks.Add(await SendAsync(oldStream, repeated));
        });
        await Task.WhenAll(switched, draining);
        await oldStream.RequestStream.CompleteAsync();
        await newStream.RequestStream.CompleteAsync();

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i * BatchSize), oldAcks.Take(8));
        Assert.Equal(oldAcks.Order(), oldAcks);
        Assert.Equal(newAcks.Order(), newAcks);
        Assert.True(newAcks[0] >= 8 * BatchSize, $"{lineId}: the new process acknowledged {newAcks[0]}, below what the old one had");
        Assert.Equal(EventsPerLine, Math.Max(oldAcks[^1], newAcks[^1]));
        return (lineId, blocks);
    }

    private async Task AssertDatabaseAsync(Dictionary<string, string> owner)
    {
        await using var connection = new NpgsqlConnection(TestDatabases.Postgres(_database));
        await connection.OpenAsync();
        await using (var counts = new NpgsqlCommand("""
            SELECT p.line_id, p.watermark, p.highest_seen,
                   (SELECT count(*) FROM event_ids k WHERE k.line_id = p.line_id),
                   (SELECT count(*) FROM line_sequences s WHERE s.line_id = p.line_id),
                   (SELECT count(*) FROM events e WHERE e.line_id = p.line_id)
            FROM line_progress p ORDER BY p.line_id;
            """, connection))
        {
            await using var reader = await counts.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                var line = reader.GetString(0);
                Assert.Equal(
                    (line, (long)EventsPerLine, (long)EventsPerLine, (long)EventsPerLine, (long)EventsPerLine, (long)EventsPerLine),
                    (line, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
            }

            Assert.Equal(Lines, rows);
        }

        await using var units = new NpgsqlCommand("SELECT serial, line_id, state FROM units WHERE gtin = @gtin;", connection);
        units.Parameters.AddWithValue("gtin", Gtin);
        await using var unitReader = await units.ExecuteReaderAsync();
        var seen = 0;
        while (await unitReader.ReadAsync())
        {
            seen++;
            var serial = unitReader.GetString(0);
            Assert.True(owner.TryGetValue(serial, out var line), $"serial {serial} is allocated but in no block that was handed out");
            Assert.Equal((line, SerialState.Commissioned), (unitReader.GetString(1), (SerialState)unitReader.GetInt16(2)));
        }

        Assert.Equal(Lines * EventsPerLine, seen);
    }

    private static AllocateSerialsRequest Request(string lineId, int block) =>
        new() { LineId = lineId, Gtin = Gtin, Count = BlockSize, RequestId = $"{lineId}/block-{block}" };

    private static async Task<long> SendAsync(AsyncDuplexStreamingCall<LineEventBatch, EventAck> call, LineEventBatch batch)
    {
        await call.RequestStream.WriteAsync(batch);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Empty(call.ResponseStream.Current.Rejected);
        return call.ResponseStream.Current.HighestContiguousSequence;
    }

    private static LineEventBatch Batch(string lineId, IEnumerable<LineEvent> events)
    {
        var batch = new LineEventBatch { LineId = lineId };
        batch.Events.AddRange(events);
        return batch;
    }

    private static LineEvent Commissioned(long sequence, string serial) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        Sequence = sequence,
        OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero).AddMilliseconds(sequence * 250)),
        WorkOrderId = "WO-1",
        UnitCommissioned = new UnitCommissioned { Unit = new UnitId { Gtin = Gtin, Serial = serial }, Lot = "LOT-7", Expiry = "271231" },
    };
}
