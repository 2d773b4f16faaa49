using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.CentralApi.Storage;
using Traceability.Contracts.Line.V1;
using LineEvent = Traceability.Contracts.Line.V1.LineEvent;

namespace Traceability.CentralApi.Tests.Grpc;

public sealed class LineSyncAuthTests : IDisposable
{
    private readonly CentralApiFactory _factory = new();

    public static TheoryData<string> Rpcs => ["AllocateSerials", "StreamEvents", "GetWorkOrders", "Heartbeat"];

    public void Dispose() => _factory.Dispose();

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task Without_a_key_every_rpc_is_unauthenticated(string rpc)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => CallAsync(rpc, apiKey: null, lineId: "line-1"));

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("X-Api-Key: missing", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task An_unknown_key_is_unauthenticated(string rpc)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => CallAsync(rpc, "not-a-configured-key-at-all", "line-1"));

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("X-Api-Key: not a key central knows", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task A_line_key_for_another_line_is_denied_naming_line_id(string rpc)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => CallAsync(rpc, CentralApiFactory.LineKey("line-2"), "line-1"));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.StartsWith("line_id: 'line-1' is not the line of this API key ('line-2')", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task A_dealer_key_is_denied(string rpc)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => CallAsync(rpc, CentralApiFactory.DealerKey, "line-1"));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("role Dealer", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_key_is_not_a_line_key()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => CallAsync("Heartbeat", CentralApiFactory.AdminKey, "line-1"));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task The_line_own_key_is_accepted(string rpc) =>
        await CallAsync(rpc, CentralApiFactory.LineKey("line-1"), "line-1");

    [Fact]
    public async Task A_batch_for_another_line_ends_the_stream_after_the_own_batches_are_stored()
    {
        using var call = _factory.Client("line-1").StreamEvents();
        await call.RequestStream.WriteAsync(Batch("line-1", 1));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(1, call.ResponseStream.Current.HighestContiguousSequence);

        await call.RequestStream.WriteAsync(Batch("line-2", 1));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("line_id", ex.Status.Detail, StringComparison.Ordinal);
        var store = (ICentralStore)_factory.Services.GetService(typeof(ICentralStore))!;
        Assert.Equal(0, (await store.GetLineProgressAsync("line-2")).HighestSeen);
        Assert.Equal(1, (await store.GetLineProgressAsync("line-1")).HighestSeen);
    }

    private async Task CallAsync(string rpc, string? apiKey, string lineId)
    {
        var client = new LineSync.LineSyncClient(_factory.Channel(apiKey));
        switch (rpc)
        {
            case "AllocateSerials":
                await client.AllocateSerialsAsync(new AllocateSerialsRequest
                {
                    LineId = lineId, Gtin = "09506000134352", Count = 1, RequestId = Guid.NewGuid().ToString(),
                });
                break;
            case "StreamEvents":
                using (var call = client.StreamEvents())
                {
                    try
                    {
                        await call.RequestStream.WriteAsync(Batch(lineId, 1));
                        await call.RequestStream.CompleteAsync();
                    }
                    catch (RpcException)
                    {
                        // A refusal can come back before the client has finished writing; the write then fails with
                        // Cancelled, and the server's status is what reading the response throws below.
                    }

                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                    }
                }

                break;
            case "GetWorkOrders":
                await client.GetWorkOrdersAsync(new GetWorkOrdersRequest { LineId = lineId });
                break;
            default:
                await client.HeartbeatAsync(new HeartbeatRequest { LineId = lineId, State = LineState.Running });
                break;
        }
    }

    private static LineEventBatch Batch(string lineId, long sequence)
    {
        var batch = new LineEventBatch { LineId = lineId };
        batch.Events.Add(new LineEvent
        {
            EventId = Guid.NewGuid().ToString(),
            Sequence = sequence,
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            UnitCommissioned = new UnitCommissioned { Unit = new UnitId { Gtin = "09506000134352", Serial = $"A{sequence}" }, Lot = "L1" },
        });
        return batch;
    }
}
