using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Json.Schema;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Contracts.Line.V1;

namespace Traceability.CentralApi.Tests.Epcis;

/// <summary>What the EPCIS tests do over HTTP and gRPC: stream line events, capture documents, query pages, check the schema.</summary>
internal static class EpcisTestClient
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Epcis", "EPCIS-JSON-Schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    public static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Epcis", "Examples", name));

    /// <summary>Fails unless <paramref name="document"/> is valid against GS1's EPCIS 2.0 schema (JsonSchema.Net, formats checked).</summary>
    public static void AssertSchemaValid(JsonNode document)
    {
        using var parsed = JsonDocument.Parse(document.ToJsonString());
        var result = Schema.Value.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true });
        Assert.True(result.IsValid, "Not valid EPCIS 2.0: " + document.ToJsonString());
    }

    public static async Task StreamAsync(CentralApiFactory factory, string lineId, params LineEvent[] events)
    {
        using var call = factory.Client(lineId).StreamEvents();
        var batch = new LineEventBatch { LineId = lineId };
        batch.Events.AddRange(events);
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Empty(call.ResponseStream.Current.Rejected);
        Assert.Equal(events.Max(e => e.Sequence), call.ResponseStream.Current.HighestContiguousSequence);
    }

    public static LineEvent Line(long sequence, double seconds, Action<LineEvent> body)
    {
        var e = new LineEvent
        {
            EventId = Guid.NewGuid().ToString(),
            Sequence = sequence,
            OccurredAt = Timestamp.FromDateTimeOffset(T0.AddSeconds(seconds)),
            WorkOrderId = "WO-1",
        };
        body(e);
        return e;
    }

    public static ItemId Unit(string gtin, string serial) => new() { Unit = new UnitId { Gtin = gtin, Serial = serial } };

    public static ItemId Case(string sscc) => new() { Sscc = sscc };

    public static async Task<HttpResponseMessage> CaptureAsync(HttpClient http, string document, string mediaType = "application/ld+json")
    {
        using var content = new StringContent(document, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await http.PostAsync(new Uri("/epcis/capture", UriKind.Relative), content);
    }

    public static async Task<JsonObject> QueryAsync(HttpClient http, string query)
    {
        using var response = await http.GetAsync(new Uri("/epcis/events" + query, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Every page of a query, following the Link headers; each page is checked against the schema.</summary>
    public static async Task<List<JsonObject>> AllPagesAsync(HttpClient http, string query)
    {
        var events = new List<JsonObject>();
        var next = new Uri("/epcis/events" + query, UriKind.Relative);
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 1000, "The Link headers never end.");
            using var response = await http.GetAsync(next);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            AssertSchemaValid(document);
            events.AddRange(EventList(document));
            if (!response.Headers.TryGetValues("Link", out var links))
            {
                return events;
            }

            var link = Assert.Single(links);
            Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
            next = new Uri(link[1..link.IndexOf('>', StringComparison.Ordinal)]);
        }
    }

    public static List<JsonObject> EventList(JsonNode document) =>
        [.. document["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]!.AsArray().Select(e => e!.AsObject())];

    public static string Id(JsonObject e) => e["eventID"]!.GetValue<string>();

    public static string? Text(JsonNode? node) => node?.GetValue<string>();
}
