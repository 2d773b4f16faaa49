using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Traceability.Core.Epcis;

namespace Traceability.Core.Tests.Epcis;

public sealed class EpcisJsonTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Epcis", "EPCIS-JSON-Schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static readonly DateTimeOffset At = new(2026, 11, 25, 16, 0, 0, 123, TimeSpan.FromHours(8));

    private static readonly ObjectEvent Commissioning = new()
    {
        EventId = "urn:uuid:0b3f5d4e-8a64-4f57-9a57-3d7f0f4f2a11",
        EventTime = At,
        EventTimeZoneOffset = "+08:00",
        RecordTime = At.AddSeconds(2),
        Action = EpcisAction.Add,
        EpcList = ["urn:epc:id:sgtin:9506000.013435.S1"],
        BizStep = "commissioning",
        Disposition = "urn:epcglobal:cbv:disp:active",
        ReadPoint = "urn:epc:id:sgln:9506000.00001.0",
        BizTransactions = [new BizTransaction("urn:epcglobal:cbv:bt:9506000000001:WO-7", "prodorder")],
        Ilmd = new Dictionary<string, JsonNode?> { ["cbvmda:lotNumber"] = "L2026-11", ["cbvmda:itemExpirationDate"] = "2029-11-30" },
        Extensions = new Dictionary<string, JsonNode?> { ["tr:line"] = "line-1" },
    };

    private static readonly AggregationEvent Packing = new()
    {
        EventTime = At,
        EventTimeZoneOffset = "+08:00",
        Action = EpcisAction.Add,
        ParentId = "urn:epc:id:sscc:9506000.1000000001",
        ChildEpcs = ["urn:epc:id:sgtin:9506000.013435.S1", "https://id.gs1.org/01/09506000134352/21/S2"],
        ChildQuantityList = [new QuantityElement("urn:epc:class:lgtin:4012345.012345.998877", 200.5m, "KGM")],
        BizStep = "packing",
        Sources = [new SourceDestination("owning_party", "urn:epc:id:pgln:9506000.00000")],
    };

    [Fact]
    public void Written_events_in_a_document_pass_the_gs1_schema()
    {
        var document = EpcisDocuments.Document(
            [EpcisJson.Write(Commissioning), EpcisJson.Write(Packing)], At, new JsonObject { ["tr"] = "https://traceability.invalid/epcis/" });

        AssertValid(document);
        Assert.Equal("2.0", document["schemaVersion"]!.GetValue<string>());
        Assert.Equal(EpcisContext.Uri, document["@context"]![0]!.GetValue<string>());
    }

    [Fact]
    public void A_written_query_document_passes_the_gs1_schema()
    {
        var document = EpcisDocuments.QueryDocument([EpcisJson.Write(Packing)], At);

        AssertValid(document);
        Assert.Equal("SimpleEventQuery", document["epcisBody"]!["queryResults"]!["queryName"]!.GetValue<string>());
        Assert.Single(EpcisDocuments.Read(document).Events);
    }

    [Fact]
    public void The_writer_uses_bare_cbv_names_and_epcis_time_formats()
    {
        var json = EpcisJson.Write(Commissioning);

        Assert.Equal("active", json["disposition"]!.GetValue<string>());
        Assert.Equal("prodorder", json["bizTransactionList"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("2026-11-25T16:00:00.123+08:00", json["eventTime"]!.GetValue<string>());
        Assert.Equal("ADD", json["action"]!.GetValue<string>());
    }

    [Fact]
    public void Read_gives_back_what_was_written()
    {
        var read = Assert.IsType<ObjectEvent>(EpcisJson.Read(EpcisJson.Write(Commissioning)));

        Assert.Equal(Commissioning.EventId, read.EventId);
        Assert.Equal(Commissioning.EventTime, read.EventTime);
        Assert.Equal(Commissioning.RecordTime, read.RecordTime);
        Assert.Equal(Commissioning.EpcList, read.EpcList);
        Assert.Equal("active", read.Disposition);
        Assert.Equal(Commissioning.BizTransactions[0] with { Type = "prodorder" }, read.BizTransactions[0]);
        Assert.Equal("L2026-11", read.Ilmd["cbvmda:lotNumber"]!.GetValue<string>());
        Assert.Equal("line-1", read.Extensions["tr:line"]!.GetValue<string>());

        var packing = Assert.IsType<AggregationEvent>(EpcisJson.Read(EpcisJson.Write(Packing)));
        Assert.Equal(Packing.ParentId, packing.ParentId);
        Assert.Equal(Packing.ChildEpcs, packing.ChildEpcs);
        Assert.Equal(Packing.ChildQuantityList, packing.ChildQuantityList);
        Assert.Equal(Packing.Sources, packing.Sources);
    }

    [Fact]
    public void Fields_the_model_does_not_know_survive_a_round_trip()
    {
        var captured = JsonNode.Parse("""
            {
              "type": "TransformationEvent", "eventTime": "2013-06-08T14:58:56.591Z", "eventTimeZoneOffset": "+02:00",
              "inputEPCList": ["urn:epc:id:sgtin:4012345.011122.25"], "transformationID": "urn:epc:id:gdti:4012345.55555.1234",
              "bizStep": "commissioning", "example:myField": {"example:nested": [1, 2]},
              "errorDeclaration": {"declarationTime": "2013-06-09T00:00:00Z", "reason": "incorrect_data"}
            }
            """)!.AsObject();

        var read = EpcisJson.Read(captured);
        var written = EpcisJson.Write(read);

        Assert.Equal("TransformationEvent", Assert.IsType<OtherEvent>(read).Type);
        Assert.True(JsonNode.DeepEquals(captured, written), written.ToJsonString());
    }

    [Fact]
    public void Reading_names_the_field_that_is_wrong()
    {
        var noTime = JsonNode.Parse("""{"type": "ObjectEvent", "eventTimeZoneOffset": "+00:00", "action": "ADD"}""")!.AsObject();
        var badAction = JsonNode.Parse("""{"type": "ObjectEvent", "eventTime": "2026-01-01T00:00:00Z", "eventTimeZoneOffset": "+00:00", "action": "MOVE"}""")!.AsObject();

        Assert.StartsWith("eventTime", Assert.Throws<FormatException>(() => EpcisJson.Read(noTime)).Message, StringComparison.Ordinal);
        Assert.StartsWith("action", Assert.Throws<FormatException>(() => EpcisJson.Read(badAction)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_epcs_of_an_event_are_indexed_by_canonical_key_and_role()
    {
        var epcs = EpcisEpcs.Of(EpcisJson.Write(Packing));

        Assert.Contains(new EpcReference("https://id.gs1.org/00/195060000000000012", EpcRole.Parent), epcs);
        Assert.Contains(new EpcReference("https://id.gs1.org/01/09506000134352/21/S1", EpcRole.Child), epcs);
        Assert.Contains(new EpcReference("https://id.gs1.org/01/09506000134352/21/S2", EpcRole.Child), epcs);
        Assert.Contains(new EpcReference("https://id.gs1.org/01/04012345123456/10/998877", EpcRole.Class), epcs);
        Assert.Equal(4, epcs.Count);
    }

    private static void AssertValid(JsonObject document)
    {
        using var parsed = JsonDocument.Parse(document.ToJsonString());
        var result = Schema.Value.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(result.IsValid, document.ToJsonString());
    }
}
