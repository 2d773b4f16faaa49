using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Contracts.Line.V1;
using static Traceability.CentralApi.Tests.Epcis.EpcisTestClient;

namespace Traceability.CentralApi.Tests.Epcis;

/// <summary>Line events streamed over gRPC, read back as EPCIS 2.0 through <c>GET /epcis/events</c>.</summary>
public sealed class EpcisExportTests : IDisposable
{
    private const string Gtin = "09506000134352";           // a known product, company prefix 9506000 (7 digits)
    private const string UnknownGtin = "04012345123456";    // no product: exported as a Digital Link URI
    private const string Sscc = "095060001000000012";        // company prefix 9506000: derived from the product
    private const string ForeignSscc = "340123450000000017"; // company prefix 4012345: no product has it

    private readonly CentralApiFactory _factory = new();
    private readonly List<IDisposable> _others = [];

    public void Dispose()
    {
        foreach (var other in _others)
        {
            other.Dispose();
        }

        _factory.Dispose();
    }

    [Fact]
    public async Task A_streamed_line_exports_as_schema_valid_epcis_with_one_event_per_line_event()
    {
        var events = await StreamLineAsync();
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        var document = await QueryAsync(http, "?perPage=100");

        AssertSchemaValid(document);
        Assert.Equal("EPCISQueryDocument", Text(document["type"]));
        Assert.Equal("2.0", Text(document["schemaVersion"]));
        Assert.Equal("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", Text(document["@context"]![0]));
        var list = EventList(document);
        Assert.Equal(11, list.Count); // 10 exported line events, one of them twice (reissue); WorkOrderClosed gives none
        Assert.Equal(list.OrderBy(e => e["eventTime"]!.GetValue<string>(), StringComparer.Ordinal).Select(Id), list.Select(Id));
        Assert.All(events.Where(e => e.BodyCase != LineEvent.BodyOneofCase.WorkOrderClosed), e => Assert.Contains(list, x => Id(x) == $"urn:uuid:{e.EventId}"));

        // One event per page splits the reissue's two events across pages; neither may be lost or repeated.
        Assert.Equal(list.Select(Id), (await AllPagesAsync(http, "?perPage=1")).Select(Id));
    }

    [Fact]
    public async Task Commissioning_is_an_object_event_add_with_lot_and_expiry_and_sgtin_uris_split_at_the_company_prefix()
    {
        var events = await StreamLineAsync();
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        var e = await SingleAsync(http, events[0]);

        Assert.Equal("ObjectEvent", Text(e["type"]));
        Assert.Equal("ADD", Text(e["action"]));
        Assert.Equal("commissioning", Text(e["bizStep"]));
        Assert.Equal("active", Text(e["disposition"]));
        Assert.Equal(["urn:epc:id:sgtin:9506000.013435.S1"], e["epcList"]!.AsArray().Select(Text));
        Assert.Equal("L2026-11", Text(e["ilmd"]!["cbvmda:lotNumber"]));
        Assert.Equal("2029-11-30", Text(e["ilmd"]!["cbvmda:itemExpirationDate"])); // AI (17) 291100: day 00 is the month's end
        Assert.Equal("2026-11-25T08:00:01Z", Text(e["eventTime"]));
        Assert.Equal("+00:00", Text(e["eventTimeZoneOffset"]));
        Assert.Equal("line-2", Text(e["tr:line"]));
        Assert.NotNull(e["recordTime"]);
    }

    [Fact]
    public async Task Each_line_event_type_maps_to_its_cbv_business_step()
    {
        var events = await StreamLineAsync();
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        var rejected = await SingleAsync(http, events[2]);
        Assert.Equal(("ObjectEvent", "OBSERVE", "inspecting", "non_conformant"), Shape(rejected));
        Assert.Equal("misread", Text(rejected["tr:reason"]));

        var packed = await SingleAsync(http, events[3]);
        Assert.Equal(("AggregationEvent", "ADD", "packing", "in_progress"), Shape(packed));
        Assert.Equal("urn:epc:id:sscc:9506000.0100000001", Text(packed["parentID"]));
        Assert.Equal(["urn:epc:id:sgtin:9506000.013435.S1", "urn:epc:id:sgtin:9506000.013435.S2"], packed["childEPCs"]!.AsArray().Select(Text));

        var unpacked = await SingleAsync(http, events[4]);
        Assert.Equal(("AggregationEvent", "DELETE", "unpacking", null), Shape(unpacked));
        Assert.Equal(["urn:epc:id:sgtin:9506000.013435.S2"], unpacked["childEPCs"]!.AsArray().Select(Text));

        var decommissioned = await SingleAsync(http, events[5]);
        Assert.Equal(("ObjectEvent", "DELETE", "decommissioning", "inactive"), Shape(decommissioned));
        Assert.Equal("damaged", Text(decommissioned["tr:reason"]));

        var reprinted = await SingleAsync(http, events[7]);
        Assert.Equal(("ObjectEvent", "OBSERVE", "encoding", null), Shape(reprinted));
    }

    [Fact]
    public async Task A_reissued_label_is_the_old_identifier_decommissioned_and_the_new_one_commissioned()
    {
        var events = await StreamLineAsync();
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        var all = EventList(await QueryAsync(http, "?perPage=100"));

        var pair = all.Where(e => Text(e["eventTime"]) == "2026-11-25T08:00:07Z").ToList();

        Assert.Equal(2, pair.Count);
        Assert.Equal($"urn:uuid:{events[6].EventId}", Id(pair[0]));
        Assert.Equal(("ObjectEvent", "DELETE", "decommissioning", "inactive"), Shape(pair[0]));
        Assert.Equal(["urn:epc:id:sgtin:9506000.013435.S1"], pair[0]["epcList"]!.AsArray().Select(Text));
        Assert.Equal(("ObjectEvent", "ADD", "commissioning", "active"), Shape(pair[1]));
        Assert.Equal(["urn:epc:id:sgtin:9506000.013435.S4"], pair[1]["epcList"]!.AsArray().Select(Text));
        Assert.StartsWith("urn:uuid:", Id(pair[1]), StringComparison.Ordinal);
        Assert.NotEqual(Id(pair[0]), Id(pair[1]));
        Assert.Equal(Id(pair[1]), Id(EventList(await QueryAsync(http, "?perPage=100")).Single(e => Text(e["eventTime"]) == "2026-11-25T08:00:07Z" && Text(e["action"]) == "ADD")));
    }

    [Fact]
    public async Task Identifiers_without_known_company_prefix_are_exported_as_digital_link_uris()
    {
        var events = await StreamLineAsync();
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        var unknownProduct = await SingleAsync(http, events[8]);
        var pallet = await SingleAsync(http, events[10]);

        Assert.Equal(["https://id.gs1.org/01/04012345123456/21/X1"], unknownProduct["epcList"]!.AsArray().Select(Text));
        Assert.Equal("https://id.gs1.org/00/340123450000000017", Text(pallet["parentID"]));
        Assert.Equal(["urn:epc:id:sscc:9506000.0100000001"], pallet["childEPCs"]!.AsArray().Select(Text));
    }

    [Fact]
    public async Task Configuration_gives_the_sscc_prefix_length_and_the_plant_time_zone()
    {
        var events = await StreamLineAsync();
        var configured = _factory.WithWebHostBuilder(b => b
            .UseSetting("Epcis:SsccCompanyPrefixLength", "7")
            .UseSetting("Epcis:TimeZone", "Asia/Shanghai"));
        _others.Add(configured);
        using var http = configured.CreateClient().WithKey(CentralApiFactory.AdminKey);

        var pallet = await SingleAsync(http, events[10]);

        Assert.Equal("urn:epc:id:sscc:4012345.3000000001", Text(pallet["parentID"]));
        Assert.Equal("urn:epc:id:sscc:9506000.0100000001", Text(pallet["childEPCs"]![0])); // derived from the product first
        Assert.Equal("2026-11-25T16:00:11+08:00", Text(pallet["eventTime"]));
        Assert.Equal("+08:00", Text(pallet["eventTimeZoneOffset"]));
    }

    [Fact]
    public async Task A_line_event_is_found_by_its_event_id()
    {
        var events = await StreamLineAsync();
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        using var missing = await http.GetAsync(new Uri($"/epcis/events/urn:uuid:{Guid.NewGuid()}", UriKind.Relative));
        var document = JsonNode.Parse(await http.GetStringAsync(new Uri($"/epcis/events/urn%3Auuid%3A{events[3].EventId}", UriKind.Relative)))!;

        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        AssertSchemaValid(document);
        Assert.Equal($"urn:uuid:{events[3].EventId}", Id(Assert.Single(EventList(document))));
    }

    private static (string?, string?, string?, string?) Shape(JsonObject e) =>
        (Text(e["type"]), Text(e["action"]), Text(e["bizStep"]), Text(e["disposition"]));

    private static async Task<JsonObject> SingleAsync(HttpClient http, LineEvent e)
    {
        var document = await QueryAsync(http, "?perPage=100");
        return EventList(document).Single(x => Id(x) == $"urn:uuid:{e.EventId}");
    }

    // commission → reject → aggregate → disaggregate → decommission → reissue → reprint → unknown product → close → pallet
    private async Task<LineEvent[]> StreamLineAsync()
    {
        using (var http = _factory.HttpClient(CentralApiFactory.AdminKey))
        {
            using var created = await http.PostAsJsonAsync("/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One" });
            created.EnsureSuccessStatusCode();
        }

        LineEvent[] events =
        [
            Line(1, 1, e => e.UnitCommissioned = new UnitCommissioned { Unit = Unit(Gtin, "S1").Unit, Lot = "L2026-11", Expiry = "291100" }),
            Line(2, 2, e => e.UnitCommissioned = new UnitCommissioned { Unit = Unit(Gtin, "S2").Unit, Lot = "L2026-11", Expiry = "291100" }),
            Line(3, 3, e => e.UnitRejected = new UnitRejected { Unit = Unit(Gtin, "S3").Unit, Reason = "misread" }),
            Line(4, 4, e => e.Aggregated = new Aggregated { ParentSscc = Sscc, Children = { Unit(Gtin, "S1"), Unit(Gtin, "S2") } }),
            Line(5, 5, e => e.Disaggregated = new Disaggregated { ParentSscc = Sscc, Children = { Unit(Gtin, "S2") }, Reason = "rework" }),
            Line(6, 6, e => e.UnitDecommissioned = new UnitDecommissioned { Item = Unit(Gtin, "S2"), Reason = "damaged", OperatorId = "op-1" }),
            Line(7, 7, e => e.LabelReprinted = new LabelReprinted { Item = Unit(Gtin, "S1"), Reissued = true, NewItem = Unit(Gtin, "S4"), Reason = "smudged" }),
            Line(8, 8, e => e.LabelReprinted = new LabelReprinted { Item = Unit(Gtin, "S4"), Reason = "torn" }),
            Line(9, 9, e => e.UnitCommissioned = new UnitCommissioned { Unit = Unit(UnknownGtin, "X1").Unit, Lot = "L9" }),
            Line(10, 10, e => e.WorkOrderClosed = new WorkOrderClosed { Issued = 5, Printed = 5 }),
            Line(11, 11, e => e.Aggregated = new Aggregated { ParentSscc = ForeignSscc, Children = { Case(Sscc) } }),
        ];
        await StreamAsync(_factory, "line-2", events);
        return events;
    }
}
