using System.Net;
using System.Text.Json.Nodes;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Tests.Grpc;
using static Traceability.CentralApi.Tests.Epcis.EpcisTestClient;

namespace Traceability.CentralApi.Tests.Epcis;

/// <summary><c>POST /epcis/capture</c> and <c>GET /epcis/capture/{id}</c>.</summary>
public sealed class EpcisCaptureTests : IDisposable
{
    private static readonly string[] Examples = ["Example_9.6.1-ObjectEvent.jsonld", "Example_9.6.2-ObjectEvent.jsonld", "Example_9.6.3-AggregationEvent.jsonld"];

    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_gs1_example_documents_are_captured_and_a_second_capture_stores_nothing_again()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        var jobs = new List<JsonObject>();
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var example in Examples)
            {
                using var response = await CaptureAsync(http, Example(example));
                Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{example}, round {round}: {await response.Content.ReadAsStringAsync()}");
                Assert.Equal("2.0.0", Assert.Single(response.Headers.GetValues("GS1-EPCIS-Version")));
                var job = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                Assert.Equal($"/epcis/capture/{Text(job["captureID"])}", response.Headers.Location?.OriginalString);
                jobs.Add(job);
            }
        }

        Assert.Equal([2, 1, 1, 0, 0, 0], jobs.Select(j => j["storedCount"]!.GetValue<int>()));
        Assert.Equal([0, 0, 0, 2, 1, 1], jobs.Select(j => j["duplicateCount"]!.GetValue<int>()));
        var events = await AllPagesAsync(http, "?perPage=2");
        Assert.Equal(4, events.Count);
        Assert.Equal(
            ["ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0",
             "ni:///sha-256;00e1e6eba3a7cc6125be4793a631f0af50f8322e0ab5f2c0bab994a11cec1d79?ver=CBV2.0",
             "ni:///sha-256;87b5f18a69993f0052046d4687dfacdf48f7c988cfabda2819688c86b4066a49?ver=CBV2.0",
             "ni:///sha-256;a98f08ae6ac4de3482054314d637c07010b448d3802dccb028a06aafcc6a4b10?ver=CBV2.0"],
            events.Select(Id));
    }

    [Fact]
    public async Task A_captured_event_keeps_its_extension_fields_and_their_namespace()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        (await CaptureAsync(http, Example("Example_9.6.1-ObjectEvent.jsonld"))).Dispose();

        var document = await QueryAsync(http, "?EQ_bizStep=receiving");
        var e = Assert.Single(EventList(document));

        AssertSchemaValid(document);
        Assert.Equal("Example of a vendor/user extension", Text(e["example:myField"]));
        Assert.Equal("http://ns.example.com/epcis/", Text(e["@context"]![0]!["example"]));
        Assert.Equal("2005-04-04T20:33:31.116-06:00", Text(e["eventTime"]));
        Assert.NotNull(e["recordTime"]);
    }

    [Fact]
    public async Task The_capture_job_can_be_read_back()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        using var response = await CaptureAsync(http, Example("Example_9.6.2-ObjectEvent.jsonld"));

        var job = JsonNode.Parse(await http.GetStringAsync(response.Headers.Location))!;
        using var unknown = await http.GetAsync(new Uri($"/epcis/capture/{Guid.NewGuid()}", UriKind.Relative));

        Assert.False(job["running"]!.GetValue<bool>());
        Assert.True(job["success"]!.GetValue<bool>());
        Assert.Equal(1, job["eventCount"]!.GetValue<int>());
        Assert.Empty(job["errors"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task An_event_without_an_event_id_is_keyed_by_its_event_hash_and_stored_once()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        var document = JsonNode.Parse(Example("Example_9.6.2-ObjectEvent.jsonld"))!;
        document["epcisBody"]!["eventList"]![0]!.AsObject().Remove("eventID");
        var hash = Core.Epcis.EpcisEventHash.Compute(document["epcisBody"]!["eventList"]![0]!.AsObject(), document["@context"]);

        (await CaptureAsync(http, document.ToJsonString())).Dispose();
        using var again = await CaptureAsync(http, document.ToJsonString());

        Assert.Equal(1, JsonNode.Parse(await again.Content.ReadAsStringAsync())!["duplicateCount"]!.GetValue<int>());
        var stored = JsonNode.Parse(await http.GetStringAsync(new Uri("/epcis/events/" + Uri.EscapeDataString(hash), UriKind.Relative)))!;
        Assert.Equal(hash, Id(Assert.Single(EventList(stored))));
    }

    [Fact]
    public async Task An_invalid_document_is_refused_with_json_pointers_and_nothing_of_it_is_stored()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        var document = JsonNode.Parse(Example("Example_9.6.1-ObjectEvent.jsonld"))!;
        var first = document["epcisBody"]!["eventList"]![0]!.AsObject();
        first["action"] = "JUMP";
        first["epcList"]!.AsArray().Add("not a uri");
        document["epcisBody"]!["eventList"]![1]!.AsObject().Remove("eventTime");
        document["epcisBody"]!["eventList"]![1]!["unknownField"] = 1;

        using var response = await CaptureAsync(http, document.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("epcisException:ValidationException", Text(problem["type"]));
        var pointers = problem["errors"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(
            ["/epcisBody/eventList/0/action", "/epcisBody/eventList/0/epcList/2", "/epcisBody/eventList/1", "/epcisBody/eventList/1/unknownField"],
            pointers);
        Assert.Contains("eventTime", problem["errors"]!["/epcisBody/eventList/1"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await CapturedAsync());
    }

    [Fact]
    public async Task A_blank_node_document_id_is_accepted_but_a_blank_node_event_id_is_not()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        var document = JsonNode.Parse(Example("Example_9.6.2-ObjectEvent.jsonld"))!;
        document["epcisBody"]!["eventList"]![0]!["eventID"] = "_:event1";
        var badDocumentId = JsonNode.Parse(Example("Example_9.6.2-ObjectEvent.jsonld"))!;
        badDocumentId["id"] = "_: spaced";

        using var blankEvent = await CaptureAsync(http, document.ToJsonString());
        using var blankSpaced = await CaptureAsync(http, badDocumentId.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, blankEvent.StatusCode);
        Assert.Contains("/epcisBody/eventList/0/eventID", await blankEvent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, blankSpaced.StatusCode);
        Assert.Contains("\"/id\"", await blankSpaced.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await CapturedAsync());
    }

    [Fact]
    public async Task Reusing_an_event_id_for_other_content_is_a_conflict_and_stores_nothing()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        (await CaptureAsync(http, Example("Example_9.6.2-ObjectEvent.jsonld"))).Dispose();
        var changed = JsonNode.Parse(Example("Example_9.6.1-ObjectEvent.jsonld"))!;
        changed["epcisBody"]!["eventList"]![1]!["eventID"] = "ni:///sha-256;a98f08ae6ac4de3482054314d637c07010b448d3802dccb028a06aafcc6a4b10?ver=CBV2.0";

        using var response = await CaptureAsync(http, changed.ToJsonString());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(["ni:///sha-256;a98f08ae6ac4de3482054314d637c07010b448d3802dccb028a06aafcc6a4b10?ver=CBV2.0"], problem["eventIDs"]!.AsArray().Select(Text));
        Assert.Single(await CapturedAsync()); // the first event of the refused document was not stored either
    }

    [Fact]
    public async Task The_same_event_with_other_field_order_spacing_and_epc_spelling_is_a_duplicate()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        (await CaptureAsync(http, Example("Example_9.6.3-AggregationEvent.jsonld"))).Dispose();
        var respelled = JsonNode.Parse(Example("Example_9.6.3-AggregationEvent.jsonld"))!;
        var e = respelled["epcisBody"]!["eventList"]![0]!.AsObject();
        e["childEPCs"] = new JsonArray("https://id.gs1.org/01/10614141073464/21/2018", "urn:epc:id:sgtin:0614141.107346.2017");
        e["eventTime"] = "2013-06-08T16:58:56.591+02:00";

        using var response = await CaptureAsync(http, respelled.ToJsonString(), "application/json");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["duplicateCount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("text/plain", "{}", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json", "{not json", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "[1, 2]", HttpStatusCode.BadRequest)]
    public async Task What_is_not_an_epcis_json_document_is_refused(string mediaType, string body, HttpStatusCode status)
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        using var response = await CaptureAsync(http, body, mediaType);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_single_event_posted_to_capture_is_refused()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        var single = JsonNode.Parse(Example("Example_9.6.2-ObjectEvent.jsonld"))!["epcisBody"]!["eventList"]![0]!.AsObject();
        single["@context"] = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
        single.Remove("example:myField");

        using var response = await CaptureAsync(http, single.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"/type\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<CapturedEpcisEvent>> CapturedAsync()
    {
        var store = (IEpcisStore)_factory.Services.GetService(typeof(IEpcisStore))!;
        return await store.QueryCapturedAsync(new CapturedEventQuery(null, null, [], null, null, null, 100));
    }
}
