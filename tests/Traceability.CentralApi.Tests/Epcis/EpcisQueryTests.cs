using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Contracts.Line.V1;
using static Traceability.CentralApi.Tests.Epcis.EpcisTestClient;

namespace Traceability.CentralApi.Tests.Epcis;

/// <summary><c>GET /epcis/events</c> over captured and exported line events together.</summary>
public sealed class EpcisQueryTests : IDisposable
{
    private const string Gtin = "09506000134352";
    private const string Sscc = "095060001000000012";

    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Paging_walks_both_sources_in_one_order_without_gaps_or_repeats_at_every_page_size()
    {
        var ids = await SeedAsync();
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        var whole = EventList(await QueryAsync(http, "?perPage=1000")).Select(Id).ToList();

        Assert.Equal(ids, whole);
        foreach (var perPage in new[] { 1, 2, 3, 5, 7 })
        {
            Assert.Equal(whole, (await AllPagesAsync(http, $"?perPage={perPage}")).Select(Id));
        }
    }

    [Fact]
    public async Task Paging_with_a_filter_that_drops_line_events_after_export_still_pages_exactly()
    {
        var ids = await SeedAsync();
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        // S1 is named by its commissioning, the captured shipment and receipt, the packing (child) and the late event.
        var expected = EventList(await QueryAsync(http, "?perPage=1000&MATCH_epc=urn:epc:id:sgtin:9506000.013435.S1")).Select(Id).ToList();

        Assert.Equal([ids[0], ids[1], ids[4], ids[5], ids[7]], expected);
        Assert.Equal(expected, (await AllPagesAsync(http, "?perPage=1&MATCH_epc=https://id.gs1.org/01/09506000134352/21/S1")).Select(Id));
    }

    [Fact]
    public async Task Each_query_parameter_filters_both_sources()
    {
        var ids = await SeedAsync();
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        async Task<List<string>> Ids(string query) => EventList(await QueryAsync(http, query)).Select(Id).ToList();

        Assert.Equal([ids[5]], await Ids("?eventType=AggregationEvent"));
        Assert.Equal([ids[0], ids[2], ids[6], ids[7]], await Ids("?EQ_bizStep=commissioning"));
        Assert.Equal([ids[0], ids[2], ids[6], ids[7]], await Ids("?EQ_bizStep=https://ref.gs1.org/cbv/BizStep-commissioning"));
        Assert.Equal([ids[0], ids[1], ids[2], ids[6], ids[7]], await Ids("?EQ_bizStep=urn:epcglobal:cbv:bizstep:commissioning%7Cshipping"));
        Assert.Equal([ids[2], ids[3]], await Ids("?GE_eventTime=2026-11-25T08:00:02Z&LT_eventTime=2026-11-25T16:00:04%2B08:00"));
        Assert.Equal([ids[5]], await Ids($"?MATCH_parentID=urn:epc:id:sscc:9506000.0100000001"));
        Assert.Equal([ids[5]], await Ids($"?MATCH_anyEPC=https://example.com/00/{Sscc}"));
        Assert.Empty(await Ids($"?MATCH_epc=https://id.gs1.org/00/{Sscc}"));
        Assert.Equal([ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[7]], await Ids("?MATCH_epc=urn:epc:idpat:sgtin:9506000.013435.*"));
        Assert.Equal([ids[6]], await Ids("?MATCH_epcClass=urn:epc:class:lgtin:9506000.013435.L7"));
        Assert.Equal([ids[0], ids[7]], await Ids("?eventType=ObjectEvent&EQ_bizStep=commissioning&MATCH_epc=urn:epc:id:sgtin:9506000.013435.S1"));
    }

    [Fact]
    public async Task A_line_event_behind_line_events_the_filter_drops_is_not_skipped_for_earlier_captured_ones()
    {
        // Regression: with perPage 1, both reprints (read for EQ_bizStep=commissioning, dropped after export as
        // "encoding") filled the line read, and the captured event at :04 was paged first, skipping the commissioning at :03.
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        (await http.PostAsJsonAsync("/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One" })).Dispose();
        LineEvent[] line =
        [
            Line(1, 1, e => e.LabelReprinted = new LabelReprinted { Item = Unit(Gtin, "S1"), Reason = "torn" }),
            Line(2, 2, e => e.LabelReprinted = new LabelReprinted { Item = Unit(Gtin, "S1"), Reason = "torn" }),
            Line(3, 3, e => e.UnitCommissioned = new UnitCommissioned { Unit = Unit(Gtin, "S2").Unit }),
        ];
        await StreamAsync(_factory, "line-1", line);
        var document = JsonNode.Parse("""
            {
              "@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
              "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-11-25T09:00:00Z",
              "epcisBody": { "eventList": [
                { "type": "ObjectEvent", "eventID": "urn:example:c4", "eventTime": "2026-11-25T08:00:04Z", "eventTimeZoneOffset": "+00:00",
                  "action": "ADD", "bizStep": "commissioning", "epcList": ["urn:epc:id:sgtin:9506000.013435.C4"] },
                { "type": "ObjectEvent", "eventID": "urn:example:c5", "eventTime": "2026-11-25T08:00:05Z", "eventTimeZoneOffset": "+00:00",
                  "action": "ADD", "bizStep": "commissioning", "epcList": ["urn:epc:id:sgtin:9506000.013435.C5"] }
              ] }
            }
            """)!;
        (await CaptureAsync(http, document.ToJsonString())).Dispose();

        var paged = await AllPagesAsync(http, "?perPage=1&EQ_bizStep=commissioning");

        Assert.Equal([$"urn:uuid:{line[2].EventId}", "urn:example:c4", "urn:example:c5"], paged.Select(Id));
    }

    [Theory]
    [InlineData("?perPage=0", "perPage")]
    [InlineData("?perPage=abc", "perPage")]
    [InlineData("?GE_eventTime=yesterday", "GE_eventTime")]
    [InlineData("?MATCH_epc=urn:epc:idpat:sscc:9506000.*", "MATCH_epc")]
    [InlineData("?EQ_disposition=active", "EQ_disposition")]
    [InlineData("?nextPageToken=AAAA", "nextPageToken")]
    public async Task A_bad_query_parameter_is_named_in_a_problem(string query, string parameter)
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        using var response = await http.GetAsync(new Uri("/epcis/events" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("epcisException:QueryParameterException", Text(problem["type"]));
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task A_page_token_only_works_with_the_query_that_made_it_and_cannot_be_altered()
    {
        await SeedAsync();
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        using var first = await http.GetAsync(new Uri("/epcis/events?perPage=2&eventType=ObjectEvent", UriKind.Relative));
        var link = Assert.Single(first.Headers.GetValues("Link"));
        var token = Uri.UnescapeDataString(link[(link.IndexOf("nextPageToken=", StringComparison.Ordinal) + 14)..link.IndexOf('>', StringComparison.Ordinal)]);
        var altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        using var sameQuery = await http.GetAsync(new Uri($"/epcis/events?perPage=5&eventType=ObjectEvent&nextPageToken={token}", UriKind.Relative));
        using var otherQuery = await http.GetAsync(new Uri($"/epcis/events?perPage=2&nextPageToken={token}", UriKind.Relative));
        using var tampered = await http.GetAsync(new Uri($"/epcis/events?perPage=2&eventType=ObjectEvent&nextPageToken={altered}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, sameQuery.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherQuery.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
    }

    [Fact]
    public async Task An_empty_repository_answers_an_empty_query_document_without_a_next_link()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        using var response = await http.GetAsync(new Uri("/epcis/events", UriKind.Relative));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Link"));
        Assert.Empty(EventList(document));
        AssertSchemaValid(document);
    }

    // Line events and captured events interleaved in time, with a tie between the two sources at 08:00:04:
    //   0 line commission S1 (:01)   1 captured shipping of S1 (:01.5)   2 line commission S2 (:02)
    //   3 line reject S3 (:03)       4 captured receipt of S1 (:04, "urn:example" sorts before "urn:uuid")
    //   5 line pack S1+S2 (:04)      6 captured lot commissioning (:05, no eventID: keyed by its hash)
    //   7 captured late commissioning of S1 (:09)
    private async Task<List<string>> SeedAsync()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        (await http.PostAsJsonAsync("/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One" })).Dispose();
        LineEvent[] line =
        [
            Line(1, 1, e => e.UnitCommissioned = new UnitCommissioned { Unit = Unit(Gtin, "S1").Unit, Lot = "L7" }),
            Line(2, 2, e => e.UnitCommissioned = new UnitCommissioned { Unit = Unit(Gtin, "S2").Unit, Lot = "L7" }),
            Line(3, 3, e => e.UnitRejected = new UnitRejected { Unit = Unit(Gtin, "S3").Unit, Reason = "no-read" }),
            Line(4, 4, e => e.Aggregated = new Aggregated { ParentSscc = Sscc, Children = { Unit(Gtin, "S1"), Unit(Gtin, "S2") } }),
        ];
        await StreamAsync(_factory, "line-1", line);

        var document = JsonNode.Parse($$"""
            {
              "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
              "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-11-25T09:00:00Z",
              "epcisBody": { "eventList": [
                { "type": "ObjectEvent", "eventID": "urn:example:ship-1", "eventTime": "2026-11-25T08:00:01.5Z", "eventTimeZoneOffset": "+00:00",
                  "action": "OBSERVE", "bizStep": "shipping", "epcList": ["https://id.gs1.org/01/{{Gtin}}/21/S1"] },
                { "type": "ObjectEvent", "eventID": "urn:example:receive-1", "eventTime": "2026-11-25T16:00:04+08:00", "eventTimeZoneOffset": "+08:00",
                  "action": "OBSERVE", "bizStep": "receiving", "epcList": ["urn:epc:id:sgtin:9506000.013435.S1"] },
                { "type": "ObjectEvent", "eventTime": "2026-11-25T08:00:05Z", "eventTimeZoneOffset": "+00:00",
                  "action": "ADD", "bizStep": "commissioning", "quantityList": [{"epcClass": "urn:epc:class:lgtin:9506000.013435.L7", "quantity": 12}] },
                { "type": "ObjectEvent", "eventID": "urn:example:late-1", "eventTime": "2026-11-25T08:00:09Z", "eventTimeZoneOffset": "+00:00",
                  "action": "ADD", "bizStep": "commissioning", "epcList": ["urn:epc:id:sgtin:9506000.013435.S1"] }
              ] }
            }
            """)!;
        var hash = Core.Epcis.EpcisEventHash.Compute(document["epcisBody"]!["eventList"]![2]!.AsObject(), document["@context"]);
        using var captured = await CaptureAsync(http, document.ToJsonString());
        Assert.True(captured.StatusCode == HttpStatusCode.Accepted, await captured.Content.ReadAsStringAsync());

        string L(int i) => $"urn:uuid:{line[i].EventId}";
        return [L(0), "urn:example:ship-1", L(1), L(2), "urn:example:receive-1", L(3), hash, "urn:example:late-1"];
    }
}
