using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Contracts.Line.V1;
using LineEvent = Traceability.Contracts.Line.V1.LineEvent;

namespace Traceability.CentralApi.Tests.Observability;

public sealed class MetricsTests : IDisposable
{
    // Meters are process-wide and other tests' hosts stream too: a line of its own keeps these counts this test's.
    private readonly string _line = $"metrics-{Guid.NewGuid():N}";
    private readonly CentralApiFactory _factory;

    public MetricsTests()
    {
        _factory = new CentralApiFactory();
        _factory.Lines.Add(_line);
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Metrics_count_stored_duplicate_and_rejected_events_per_line()
    {
        var bad = Commissioned(4);
        bad.UnitCommissioned.Unit.Gtin = "09506000134353";
        await SendAsync(Commissioned(1), Commissioned(2), Commissioned(3), bad);
        await SendAsync(Commissioned(2, sameAsBefore: true));

        var metrics = await ScrapeAsync();

        Assert.Equal(3, Value(metrics, "traceability_events_stored_total"));
        Assert.Equal(1, Value(metrics, "traceability_events_duplicates_total"));
        Assert.Equal(1, Value(metrics, "traceability_events_rejected_total"));
    }

    [Fact]
    public async Task The_gap_gauge_shows_missing_sequences_and_heals()
    {
        await SendAsync(Commissioned(1), Commissioned(4), Commissioned(6));
        Assert.Equal(3, Value(await ScrapeAsync(), "traceability_line_sequence_gaps"));

        await SendAsync(Commissioned(3), Commissioned(7));
        Assert.Equal(2, Value(await ScrapeAsync(), "traceability_line_sequence_gaps"));

        await SendAsync(Commissioned(5), Commissioned(2));
        Assert.Equal(0, Value(await ScrapeAsync(), "traceability_line_sequence_gaps"));
    }

    [Fact]
    public async Task Allocated_serials_are_counted_per_line()
    {
        await _factory.Client(_line).AllocateSerialsAsync(new AllocateSerialsRequest
        {
            LineId = _line, Gtin = "09506000134352", Count = 25, RequestId = Guid.NewGuid().ToString(),
        });

        Assert.Equal(25, Value(await ScrapeAsync(), "traceability_serials_allocated_total"));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(CentralApiFactory.ServiceDeskKey, HttpStatusCode.Forbidden)]
    public async Task Metrics_need_an_admin_key(string? key, HttpStatusCode expected)
    {
        using var http = _factory.HttpClient(key);

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
    }

    private async Task<string> ScrapeAsync()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    // One sample of the metric for this test's line: name{...line_id="…"...} value
    private long Value(string metrics, string name)
    {
        var pattern = $@"^{Regex.Escape(name)}\{{[^}}]*line_id=""{Regex.Escape(_line)}""[^}}]*\}} (\S+)";
        var match = Regex.Match(metrics, pattern, RegexOptions.Multiline);
        Assert.True(match.Success, $"no {name} for {_line} in:\n{metrics}");
        return (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private readonly Dictionary<long, string> _eventIds = [];

    private async Task SendAsync(params LineEvent[] events)
    {
        using var call = _factory.Client(_line).StreamEvents();
        var batch = new LineEventBatch { LineId = _line };
        batch.Events.AddRange(events);
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }

    private LineEvent Commissioned(long sequence, bool sameAsBefore = false)
    {
        if (!sameAsBefore)
        {
            _eventIds[sequence] = Guid.NewGuid().ToString();
        }

        return new LineEvent
        {
            EventId = _eventIds[sequence],
            Sequence = sequence,
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddSeconds(sequence)),
            UnitCommissioned = new UnitCommissioned { Unit = new UnitId { Gtin = "09506000134352", Serial = $"M{sequence}" }, Lot = "L1" },
        };
    }
}
