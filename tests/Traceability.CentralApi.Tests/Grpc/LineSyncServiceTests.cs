using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Traceability.CentralApi.Storage;
using Traceability.Contracts.Line.V1;
using LineEvent = Traceability.Contracts.Line.V1.LineEvent;

namespace Traceability.CentralApi.Tests.Grpc;

public sealed class LineSyncServiceTests : IDisposable
{
    private const string Gtin = "09506000134352";
    private const string Sscc = "106141411234567897";
    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_batch_is_acknowledged_with_the_watermark()
    {
        var ack = await SendAsync("line-1", Commissioned(1), Commissioned(2), Commissioned(3));

        Assert.Equal(3, ack.HighestContiguousSequence);
        Assert.Empty(ack.Rejected);
    }

    [Fact]
    public async Task A_resent_batch_stores_nothing_again_and_keeps_the_watermark()
    {
        var batch = new[] { Commissioned(1), Commissioned(2) };
        var first = await SendAsync("line-1", batch);
        var again = await SendAsync("line-1", batch);

        Assert.Equal(2, first.HighestContiguousSequence);
        Assert.Equal(2, again.HighestContiguousSequence);
        Assert.Empty(again.Rejected);
        var progress = await Store().GetLineProgressAsync("line-1");
        Assert.Equal(2, progress.HighestSeen);
    }

    [Fact]
    public async Task Out_of_order_events_with_a_gap_stop_the_watermark_at_the_gap()
    {
        var ack = await SendAsync("line-1", Commissioned(3), Commissioned(1), Commissioned(5), Commissioned(2));

        Assert.Equal(3, ack.HighestContiguousSequence);
        var progress = await Store().GetLineProgressAsync("line-1");
        Assert.Equal([new SequenceRange(4, 4)], progress.Gaps);
    }

    [Fact]
    public async Task A_malformed_event_is_rejected_with_its_field_while_the_others_are_stored()
    {
        var bad = Commissioned(2);
        bad.UnitCommissioned.Unit.Gtin = "09506000134353"; // wrong check digit
        var badSerial = Commissioned(3);
        badSerial.UnitCommissioned.Unit.Serial = "has space";
        var noId = Commissioned(4);
        noId.EventId = "not-a-uuid";

        var ack = await SendAsync("line-1", Commissioned(1), bad, badSerial, noId, Commissioned(5));

        Assert.Equal(1, ack.HighestContiguousSequence);
        Assert.Collection(
            ack.Rejected,
            r => Assert.Equal((bad.EventId, 2L, "unit_commissioned.unit.gtin"), (r.EventId, r.Sequence, r.Field)),
            r => Assert.Equal((badSerial.EventId, 3L, "unit_commissioned.unit.serial"), (r.EventId, r.Sequence, r.Field)),
            r => Assert.Equal(("not-a-uuid", 4L, "event_id"), (r.EventId, r.Sequence, r.Field)));
        var progress = await Store().GetLineProgressAsync("line-1");
        Assert.Equal(5, progress.HighestSeen);
    }

    [Fact]
    public async Task Each_batch_on_one_stream_gets_its_own_ack_with_the_watermark_so_far()
    {
        using var call = _factory.Client().StreamEvents();
        var acks = new List<long>();
        foreach (var batch in new[] { new[] { Commissioned(1), Commissioned(2) }, [Commissioned(4)], [Commissioned(3)] })
        {
            var message = new LineEventBatch { LineId = "line-1" };
            message.Events.AddRange(batch);
            await call.RequestStream.WriteAsync(message);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            acks.Add(call.ResponseStream.Current.HighestContiguousSequence);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal([2L, 2L, 4L], acks);
    }

    [Fact]
    public async Task Identifiers_inside_items_and_children_are_checked_and_named()
    {
        var decommissioned = Event(1, e => e.UnitDecommissioned = new UnitDecommissioned
        {
            Item = new ItemId { Unit = new UnitId { Gtin = Gtin, Serial = "" } },
            Reason = "damaged",
        });
        var aggregated = Event(2, e =>
        {
            e.Aggregated = new Aggregated { ParentSscc = Sscc };
            e.Aggregated.Children.Add(new ItemId { Unit = new UnitId { Gtin = Gtin, Serial = "S1" } });
            e.Aggregated.Children.Add(new ItemId { Sscc = "106141411234567890" });
        });
        var good = Event(3, e =>
        {
            e.Aggregated = new Aggregated { ParentSscc = Sscc };
            e.Aggregated.Children.Add(new ItemId { Unit = new UnitId { Gtin = Gtin, Serial = "S1" } });
        });

        var ack = await SendAsync("line-1", decommissioned, aggregated, good);

        Assert.Equal(
            ["unit_decommissioned.item.unit.serial", "aggregated.children[1].sscc"],
            ack.Rejected.Select(r => r.Field));
        Assert.Equal(3, (await Store().GetLineProgressAsync("line-1")).HighestSeen);
    }

    [Fact]
    public async Task An_event_without_a_body_is_rejected_naming_the_body()
    {
        var empty = new LineEvent { EventId = Guid.NewGuid().ToString(), Sequence = 1, OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };

        var ack = await SendAsync("line-1", empty);

        Assert.Equal("body", Assert.Single(ack.Rejected).Field);
        Assert.Equal(0, ack.HighestContiguousSequence);
    }

    [Fact]
    public async Task A_conflicting_duplicate_fails_the_stream_with_failed_precondition_naming_the_event()
    {
        var original = Commissioned(1);
        await SendAsync("line-1", original);
        var conflicting = original.Clone();
        conflicting.UnitCommissioned.Lot = "another lot";

        var ex = await Assert.ThrowsAsync<RpcException>(() => SendAsync("line-1", conflicting));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains(original.EventId, ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allocation_for_two_lines_at_once_never_overlaps()
    {
        var lines = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? "line-a" : "line-b");
        var tasks = lines.Select(line => _factory.Client(line).AllocateSerialsAsync(new AllocateSerialsRequest
        {
            LineId = line,
            Gtin = Gtin,
            Count = 500,
            RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync).ToList();
        var blocks = await Task.WhenAll(tasks);

        var all = blocks.SelectMany(b => b.Block.Serials).ToList();
        Assert.All(blocks, b => Assert.Equal(500, b.Block.Serials.Count));
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        var unit = await Store().GetUnitAsync(Gtin, blocks[1].Block.Serials[0]);
        Assert.Equal("line-b", unit?.LineId);
    }

    [Fact]
    public async Task The_same_request_id_returns_the_same_block_even_after_a_restart()
    {
        var request = new AllocateSerialsRequest { LineId = "line-1", Gtin = Gtin, Count = 20, RequestId = "line-1/block-7" };
        var first = (await _factory.Client().AllocateSerialsAsync(request)).Block;
        var again = (await _factory.Client().AllocateSerialsAsync(request)).Block;
        var fresh = (await _factory.Client().AllocateSerialsAsync(new AllocateSerialsRequest(request) { RequestId = "line-1/block-8" })).Block;

        using var restarted = _factory.WithWebHostBuilder(_ => { });
        using var http = new HttpClient(restarted.Server.CreateHandler()) { BaseAddress = restarted.Server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", CentralApiFactory.LineKey("line-1"));
        using var channel = GrpcChannel.ForAddress(restarted.Server.BaseAddress, new GrpcChannelOptions { HttpClient = http });
        var afterRestart = (await new LineSync.LineSyncClient(channel).AllocateSerialsAsync(request)).Block;

        Assert.Equal(20, first.Serials.Count);
        Assert.Equal(first, again);
        Assert.Equal(first, afterRestart);
        Assert.NotEqual(first.BlockId, fresh.BlockId);
        Assert.Empty(first.Serials.Intersect(fresh.Serials));
    }

    [Fact]
    public async Task A_request_id_reused_with_another_count_fails_with_failed_precondition_naming_request_id()
    {
        var request = new AllocateSerialsRequest { LineId = "line-1", Gtin = Gtin, Count = 20, RequestId = "line-1/block-9" };
        await _factory.Client().AllocateSerialsAsync(request);

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await _factory.Client().AllocateSerialsAsync(new AllocateSerialsRequest(request) { Count = 21 }));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.StartsWith("request_id 'line-1/block-9'", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_returns_server_time_and_the_line_watermark()
    {
        await SendAsync("line-1", Commissioned(1), Commissioned(2));

        var reply = await _factory.Client().HeartbeatAsync(new HeartbeatRequest { LineId = "line-1", State = LineState.Running });

        Assert.Equal(2, reply.HighestContiguousSequence);
        Assert.InRange(reply.ServerTime.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Healthz_returns_200()
    {
        using var http = _factory.CreateClient();

        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private ICentralStore Store() => (ICentralStore)_factory.Services.GetService(typeof(ICentralStore))!;

    private async Task<EventAck> SendAsync(string lineId, params LineEvent[] events)
    {
        using var call = _factory.Client(lineId).StreamEvents();
        var batch = new LineEventBatch { LineId = lineId };
        batch.Events.AddRange(events);
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var ack = call.ResponseStream.Current;
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        return ack;
    }

    private static LineEvent Event(long sequence, Action<LineEvent> body)
    {
        var e = new LineEvent
        {
            EventId = Guid.NewGuid().ToString(),
            Sequence = sequence,
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddSeconds(sequence)),
        };
        body(e);
        return e;
    }

    private static LineEvent Commissioned(long sequence) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        Sequence = sequence,
        OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddSeconds(sequence)),
        WorkOrderId = "WO-1",
        UnitCommissioned = new UnitCommissioned
        {
            Unit = new UnitId { Gtin = Gtin, Serial = $"S{sequence:D6}" },
            Lot = "L1",
        },
    };
}
