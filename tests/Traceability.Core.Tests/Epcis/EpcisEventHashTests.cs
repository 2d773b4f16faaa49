using System.Text.Json.Nodes;
using Traceability.Core.Epcis;

namespace Traceability.Core.Tests.Epcis;

public sealed class EpcisEventHashTests
{
    // The worked example of the CBV 2.0 event hash reference generator (github.com/RalphTro/epcis-event-hash-generator,
    // tests/examples/epcisDocWithSingleEvent.*): the event, its pre-hash string and its hash.
    private const string ReferenceEvent = """
        {
          "type": "ObjectEvent",
          "action": "OBSERVE",
          "bizStep": "shipping",
          "disposition": "in_transit",
          "epcList": ["urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"],
          "eventTime": "2022-02-16T20:33:31.116000-06:00",
          "eventTimeZoneOffset": "-06:00",
          "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
          "bizTransactionList": [{"type": "po", "bizTransaction": "http://transaction.acme.com/po/12345678"}]
        }
        """;

    private const string ReferencePreHash =
        "eventType=ObjectEventeventTime=2022-02-17T02:33:31.116ZeventTimeZoneOffset=-06:00"
        + "epcListepc=https://id.gs1.org/01/10614141073464/21/2017epc=https://id.gs1.org/01/10614141073464/21/2018"
        + "action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transit"
        + "readPointid=https://id.gs1.org/414/0614141073467/254/1234"
        + "bizTransactionListbizTransaction=http://transaction.acme.com/po/12345678type=https://ref.gs1.org/cbv/BTT-po";

    private const string ReferenceHash = "ni:///sha-256;3e0f2437f4cb5e8a1b832b769c0eed1bf3e1421f14061132e9800ded03f10182?ver=CBV2.0";

    [Fact]
    public void The_reference_generators_worked_example_gives_its_pre_hash_string_and_hash()
    {
        var e = Parse(ReferenceEvent);

        Assert.Equal(ReferencePreHash, EpcisEventHash.PreHashString(e));
        Assert.Equal(ReferenceHash, EpcisEventHash.Compute(e));
    }

    [Fact]
    public void Field_order_list_order_identifier_spelling_time_zone_and_ids_do_not_change_the_hash()
    {
        var respelled = Parse("""
            {
              "eventID": "urn:uuid:6f1c3a52-2a38-4c0e-9d0c-8a9e2b7a0c11",
              "recordTime": "2030-01-01T00:00:00Z",
              "bizTransactionList": [{"bizTransaction": " http://transaction.acme.com/po/12345678 ", "type": "urn:epcglobal:cbv:btt:po"}],
              "readPoint": {"id": "https://example.com/414/0614141073467/254/1234"},
              "eventTimeZoneOffset": "-06:00",
              "eventTime": "2022-02-17T02:33:31.1160Z",
              "epcList": ["https://id.gs1.org/01/10614141073464/21/2018", "urn:epc:id:sgtin:0614141.107346.2017"],
              "disposition": "https://ref.gs1.org/cbv/Disp-in_transit",
              "bizStep": "urn:epcglobal:cbv:bizstep:shipping",
              "action": "OBSERVE",
              "type": "ObjectEvent"
            }
            """);

        Assert.Equal(ReferenceHash, EpcisEventHash.Compute(respelled));
    }

    [Fact]
    public void Any_change_of_content_changes_the_hash()
    {
        var original = EpcisEventHash.Compute(Parse(ReferenceEvent));

        Assert.NotEqual(original, Changed(e => e["disposition"] = "in_progress"));
        Assert.NotEqual(original, Changed(e => e["eventTime"] = "2022-02-16T20:33:31.117-06:00"));
        Assert.NotEqual(original, Changed(e => e["epcList"]!.AsArray().RemoveAt(0)));
        Assert.NotEqual(original, Changed(e => e["example:note"] = "added"));
        Assert.NotEqual(original, Changed(e => e.Remove("readPoint")));

        static string Changed(Action<JsonObject> change)
        {
            var e = Parse(ReferenceEvent);
            change(e);
            return EpcisEventHash.Compute(e);
        }
    }

    [Fact]
    public void Timestamps_are_rounded_to_milliseconds_on_the_fourth_decimal()
    {
        Assert.Equal("2023-01-18T11:04:03.142Z", EpcisTime.ToHashForm("2023-01-18T11:04:03.1415Z"));
        Assert.Equal("2023-01-18T11:04:03.141Z", EpcisTime.ToHashForm("2023-01-18T11:04:03.14149999Z"));
        Assert.Equal("2023-01-18T11:04:04.000Z", EpcisTime.ToHashForm("2023-01-18T11:04:03.9995Z"));
        Assert.Equal("2023-01-18T10:04:03.000Z", EpcisTime.ToHashForm("2023-01-18T11:04:03+01:00"));
    }

    [Fact]
    public void Extensions_and_ilmd_use_their_namespace_from_the_context_and_are_sorted()
    {
        var e = Parse("""
            {
              "type": "ObjectEvent", "action": "ADD", "eventTime": "2026-11-25T08:00:00Z", "eventTimeZoneOffset": "+08:00",
              "epcList": [],
              "ilmd": {"cbvmda:lotNumber": "L1", "cbvmda:itemExpirationDate": "2029-11-30"},
              "ex:b": {"ex:y": "2", "ex:x": "1"},
              "ex:a": ["3", "1"],
              "ex:n": 2.50
            }
            """);

        var preHash = EpcisEventHash.PreHashString(e, JsonNode.Parse("""["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "http://ns.example.com/epcis/"}]"""));

        Assert.EndsWith(
            "action=ADD"
            + "ilmd{urn:epcglobal:cbv:mda}itemExpirationDate=2029-11-30{urn:epcglobal:cbv:mda}lotNumber=L1"
            + "{http://ns.example.com/epcis/}a=1{http://ns.example.com/epcis/}a=3"
            + "{http://ns.example.com/epcis/}b{http://ns.example.com/epcis/}x=1{http://ns.example.com/epcis/}y=2"
            + "{http://ns.example.com/epcis/}n=2.5",
            preHash);
    }

    [Fact]
    public void A_prefix_the_event_defines_itself_counts_as_well()
    {
        var e = Parse("""{"@context": [{"ex": "http://ns.example.com/x#"}], "type": "ObjectEvent", "action": "OBSERVE", "eventTime": "2026-11-25T08:00:00Z", "eventTimeZoneOffset": "+00:00", "epcList": [], "ex:f": "v"}""");

        Assert.EndsWith("{http://ns.example.com/x#}f=v", EpcisEventHash.PreHashString(e));
    }

    [Fact]
    public void Quantities_drop_trailing_zeros_and_aggregations_list_parent_then_children()
    {
        var e = Parse("""
            {
              "type": "AggregationEvent", "action": "ADD", "eventTime": "2026-11-25T08:00:00Z", "eventTimeZoneOffset": "+00:00",
              "parentID": "urn:epc:id:sscc:0614141.1234567890",
              "childEPCs": ["urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:id:sgtin:0614141.107346.2017"],
              "childQuantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 200.50, "uom": "KGM"}],
              "bizStep": "packing"
            }
            """);

        Assert.Equal(
            "eventType=AggregationEventeventTime=2026-11-25T08:00:00.000ZeventTimeZoneOffset=+00:00"
            + "parentID=https://id.gs1.org/00/106141412345678908"
            + "childEPCsepc=https://id.gs1.org/01/10614141073464/21/2017epc=https://id.gs1.org/01/10614141073464/21/2018"
            + "childQuantityListquantityElementepcClass=https://id.gs1.org/01/04012345123456/10/998877quantity=200.5uom=KGM"
            + "action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-packing",
            EpcisEventHash.PreHashString(e));
    }

    [Fact]
    public void An_event_without_a_time_cannot_be_hashed()
    {
        Assert.Throws<FormatException>(() => EpcisEventHash.Compute(Parse("""{"type": "ObjectEvent"}""")));
        Assert.Throws<FormatException>(() => EpcisEventHash.Compute(Parse("""{"type": "ObjectEvent", "eventTime": "yesterday"}""")));
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
