using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.Line.V1;

namespace Traceability.CentralApi.Tests.Grpc;

/// <summary>Line events as a line sends them (the gRPC wire types), and a way to stream them to the hosted app.</summary>
internal static class WireEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    public static LineEvent Commissioned(long sequence, string gtin, string serial, string lot = "L2026-11", string expiry = "271231", string workOrder = "WO-9") =>
        Event(sequence, workOrder, e => e.UnitCommissioned = new UnitCommissioned { Unit = Unit(gtin, serial), Lot = lot, Expiry = expiry });

    public static LineEvent Aggregated(long sequence, string parentSscc, params ItemId[] children) =>
        Event(sequence, "WO-9", e =>
        {
            e.Aggregated = new Aggregated { ParentSscc = parentSscc };
            e.Aggregated.Children.AddRange(children);
        });

    public static LineEvent Decommissioned(long sequence, ItemId item, string reason) =>
        Event(sequence, "WO-9", e => e.UnitDecommissioned = new UnitDecommissioned { Item = item, Reason = reason });

    public static ItemId UnitItem(string gtin, string serial) => new() { Unit = Unit(gtin, serial) };

    public static ItemId CaseItem(string sscc) => new() { Sscc = sscc };

    public static async Task<EventAck> SendAsync(CentralApiFactory factory, string lineId, params LineEvent[] events)
    {
        using var call = factory.Client().StreamEvents();
        var batch = new LineEventBatch { LineId = lineId };
        batch.Events.AddRange(events);
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var ack = call.ResponseStream.Current;
        Assert.Empty(ack.Rejected);
        return ack;
    }

    public static async Task<IReadOnlyList<string>> AllocateAsync(CentralApiFactory factory, string lineId, string gtin, int count)
    {
        var reply = await factory.Client().AllocateSerialsAsync(new AllocateSerialsRequest { LineId = lineId, Gtin = gtin, Count = count });
        return reply.Block.Serials;
    }

    private static UnitId Unit(string gtin, string serial) => new() { Gtin = gtin, Serial = serial };

    private static LineEvent Event(long sequence, string workOrder, Action<LineEvent> body)
    {
        var e = new LineEvent
        {
            EventId = Guid.NewGuid().ToString(),
            Sequence = sequence,
            OccurredAt = Timestamp.FromDateTimeOffset(Start.AddSeconds(sequence)),
            WorkOrderId = workOrder,
        };
        body(e);
        return e;
    }
}
