using System.Net;
using System.Net.Http.Json;
using Google.Protobuf.WellKnownTypes;
using Traceability.CentralApi.Observability;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Contracts.Line.V1;
using LineEvent = Traceability.Contracts.Line.V1.LineEvent;

namespace Traceability.CentralApi.Tests.Observability;

public sealed class LineProgressEndpointTests : IDisposable
{
    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_gap_is_visible_and_heals_when_the_missing_event_arrives()
    {
        await SendAsync(Commissioned(1), Commissioned(2), Commissioned(5), Commissioned(3));

        var withGap = await ProgressAsync(CentralApiFactory.ServiceDeskKey);
        Assert.Equal(("line-1", 3L, 5L, 1L), (withGap.LineId, withGap.Watermark, withGap.HighestSeen, withGap.Missing));
        Assert.Equal([new SequenceRangeResponse(4, 4)], withGap.Gaps);

        await SendAsync(Commissioned(4));

        var healed = await ProgressAsync(CentralApiFactory.AdminKey);
        Assert.Equal((5L, 5L, 0L), (healed.Watermark, healed.HighestSeen, healed.Missing));
        Assert.Empty(healed.Gaps);
    }

    [Fact]
    public async Task The_answer_is_camel_case_json()
    {
        await SendAsync(Commissioned(2));
        using var http = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);

        var json = await http.GetStringAsync(new Uri("/api/lines/line-1/progress", UriKind.Relative));

        Assert.Equal("""{"lineId":"line-1","watermark":0,"highestSeen":2,"missing":1,"gaps":[{"first":1,"last":1}]}""", json);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("line-key-line-1-0123456789", HttpStatusCode.Forbidden)] // CentralApiFactory.LineKey("line-1")
    [InlineData(CentralApiFactory.InspectorKey, HttpStatusCode.Forbidden)]
    [InlineData(CentralApiFactory.ServiceDeskKey, HttpStatusCode.OK)]
    [InlineData(CentralApiFactory.AdminKey, HttpStatusCode.OK)]
    public async Task Progress_is_for_the_service_desk_and_admins(string? key, HttpStatusCode expected)
    {
        using var http = _factory.HttpClient(key);

        using var response = await http.GetAsync(new Uri("/api/lines/line-1/progress", UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
    }

    private async Task<LineProgressResponse> ProgressAsync(string key)
    {
        using var http = _factory.HttpClient(key);
        return (await http.GetFromJsonAsync<LineProgressResponse>(new Uri("/api/lines/line-1/progress", UriKind.Relative)))!;
    }

    private async Task SendAsync(params LineEvent[] events)
    {
        using var call = _factory.Client("line-1").StreamEvents();
        var batch = new LineEventBatch { LineId = "line-1" };
        batch.Events.AddRange(events);
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }

    private static LineEvent Commissioned(long sequence) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        Sequence = sequence,
        OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddSeconds(sequence)),
        UnitCommissioned = new UnitCommissioned { Unit = new UnitId { Gtin = "09506000134352", Serial = $"P{sequence}" }, Lot = "L1" },
    };
}
