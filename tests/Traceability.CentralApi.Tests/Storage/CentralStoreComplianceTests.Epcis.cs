using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.Storage;
using Traceability.Core.Epcis;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>Captured EPCIS events and the line-event read side of the export, the same on every database.</summary>
public abstract partial class CentralStoreComplianceTests
{
    private const string UnitKey = "https://id.gs1.org/01/09506000134352/21/S1";
    private const string CaseKey = "https://id.gs1.org/00/095060001000000012";
    private static readonly DateTimeOffset CapturedAt = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private IEpcisStore Epcis => (IEpcisStore)Store;

    [Fact]
    public async Task A_captured_event_is_stored_once_and_a_resent_capture_adds_nothing()
    {
        var events = new[] { Captured("urn:uuid:00000000-0000-4000-8000-000000000001", CapturedAt), Captured("ni:///sha-256;aa?ver=CBV2.0", CapturedAt.AddSeconds(1)) };
        var first = new EpcisCapture(Guid.NewGuid(), CapturedAt.AddMinutes(1), events);
        var again = new EpcisCapture(Guid.NewGuid(), CapturedAt.AddMinutes(2), events);

        Assert.Equal(new EpcisCaptureResult(2, 0), await Epcis.CaptureAsync(first));
        Assert.Equal(new EpcisCaptureResult(0, 2), await Epcis.CaptureAsync(again));

        var stored = await Epcis.GetCapturedAsync(events[0].Key);
        Assert.NotNull(stored);
        Assert.Equal(CapturedAt.AddMinutes(1), stored.RecordTime); // the first capture recorded it
        Assert.Equal(events[0].EventJson, stored.EventJson);
        Assert.Equal("shipping", stored.BizStep);
        Assert.Equal(new EpcisCaptureJob(again.CaptureId, again.CreatedAt, 2, 0, 2), await Epcis.GetCaptureAsync(again.CaptureId));
        Assert.Null(await Epcis.GetCaptureAsync(Guid.NewGuid()));
        Assert.Null(await Epcis.GetCapturedAsync("urn:uuid:00000000-0000-4000-8000-000000000009"));
    }

    [Fact]
    public async Task Reusing_an_event_key_for_other_content_refuses_the_whole_capture()
    {
        var original = Captured("urn:example:e1", CapturedAt);
        await Epcis.CaptureAsync(new EpcisCapture(Guid.NewGuid(), CapturedAt, [original]));
        var innocent = Captured("urn:example:e2", CapturedAt);
        var capture = new EpcisCapture(Guid.NewGuid(), CapturedAt, [innocent, original with { ContentHash = "ni:///sha-256;other?ver=CBV2.0" }]);

        var error = await Assert.ThrowsAsync<EpcisEventConflictException>(() => Epcis.CaptureAsync(capture));

        Assert.Equal(["urn:example:e1"], error.Keys);
        Assert.Null(await Epcis.GetCapturedAsync(innocent.Key));
        Assert.Null(await Epcis.GetCaptureAsync(capture.CaptureId));
    }

    [Fact]
    public async Task One_key_twice_in_a_capture_is_a_duplicate_when_equal_and_a_conflict_when_not()
    {
        var e = Captured("urn:example:twice", CapturedAt);

        Assert.Equal(new EpcisCaptureResult(1, 1), await Epcis.CaptureAsync(new EpcisCapture(Guid.NewGuid(), CapturedAt, [e, e])));
        await Assert.ThrowsAsync<EpcisEventConflictException>(() =>
            Epcis.CaptureAsync(new EpcisCapture(Guid.NewGuid(), CapturedAt, [Captured("urn:example:new", CapturedAt), Captured("urn:example:new", CapturedAt) with { ContentHash = "x" }])));
        Assert.Null(await Epcis.GetCapturedAsync("urn:example:new"));
    }

    [Fact]
    public async Task A_captured_event_cannot_take_the_id_of_a_line_event()
    {
        var line = new LineEvent(Guid.NewGuid(), 1, LineEventTypes.Commissioned, CapturedAt, Gtin, "S1", "{}");
        await Store.AppendEventsAsync("L1", [line]);

        var error = await Assert.ThrowsAsync<EpcisEventConflictException>(() =>
            Epcis.CaptureAsync(new EpcisCapture(Guid.NewGuid(), CapturedAt, [Captured($"urn:uuid:{line.EventId}", CapturedAt)])));

        Assert.Equal([$"urn:uuid:{line.EventId}"], error.Keys);
    }

    [Fact]
    public async Task Captured_events_are_found_by_type_business_step_time_and_identifier()
    {
        await Epcis.CaptureAsync(new EpcisCapture(Guid.NewGuid(), CapturedAt, [
            Captured("urn:example:a", CapturedAt, epcs: [new(UnitKey, EpcRole.Epc)]),
            Captured("urn:example:b", CapturedAt.AddHours(1), type: "AggregationEvent", step: "packing", epcs: [new(CaseKey, EpcRole.Parent), new(UnitKey, EpcRole.Child)]),
            Captured("urn:example:c", CapturedAt.AddHours(2), step: null, epcs: [new("https://id.gs1.org/01/09506000134352/10/L1", EpcRole.Class)]),
        ]));

        Assert.Equal(["urn:example:b"], await KeysAsync(Query() with { Types = ["AggregationEvent"] }));
        Assert.Equal(["urn:example:a"], await KeysAsync(Query() with { BizSteps = ["shipping"] }));
        Assert.Equal(["urn:example:b"], await KeysAsync(Query() with { From = CapturedAt.AddHours(1), Before = CapturedAt.AddHours(2) }));
        Assert.Equal(["urn:example:a", "urn:example:b"], await KeysAsync(Query() with { Epcs = [new([EpcRole.Epc, EpcRole.Child], [UnitKey], [])] }));
        Assert.Equal(["urn:example:b"], await KeysAsync(Query() with { Epcs = [new([EpcRole.Parent], [CaseKey], [])] }));
        Assert.Empty(await KeysAsync(Query() with { Epcs = [new([EpcRole.Epc], [CaseKey], [])] }));
        Assert.Equal(["urn:example:a", "urn:example:b", "urn:example:c"],
            await KeysAsync(Query() with { Epcs = [new([EpcRole.Epc, EpcRole.Child, EpcRole.Class], [], ["https://id.gs1.org/01/09506000134352/"])] }));
        Assert.Equal(["urn:example:b"], await KeysAsync(Query() with
        {
            Epcs = [new([EpcRole.Child], [UnitKey], []), new([EpcRole.Parent], [CaseKey], [])],
        }));
    }

    [Fact]
    public async Task Captured_events_page_by_time_then_key_compared_bytewise()
    {
        // Same time: byte order puts 'B' (0x42) before 'a' (0x61); a linguistic collation would not.
        string[] keys = ["urn:x:a", "urn:x:B", "urn:x:_", "urn:x:b", "urn:x:A"];
        await Epcis.CaptureAsync(new EpcisCapture(Guid.NewGuid(), CapturedAt, [.. keys.Select(k => Captured(k, CapturedAt)), Captured("urn:x:0-later", CapturedAt.AddTicks(10))]));

        var seen = new List<string>();
        EpcisKeyset? after = null;
        while (true)
        {
            var page = await Epcis.QueryCapturedAsync(Query() with { After = after, Limit = 2 });
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Select(e => e.Key));
            after = new EpcisKeyset(page[^1].EventTime, page[^1].Key);
        }

        Assert.Equal(["urn:x:A", "urn:x:B", "urn:x:_", "urn:x:a", "urn:x:b", "urn:x:0-later"], seen);
    }

    [Fact]
    public async Task Line_events_are_read_by_type_time_and_position_in_key_order()
    {
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).OrderBy(g => g.ToString("D"), StringComparer.Ordinal).ToArray();
        await Store.AppendEventsAsync("L1", [
            new LineEvent(ids[2], 1, LineEventTypes.Commissioned, CapturedAt, Gtin, "S1", """{"unit":{"gtin":"09506000134352","serial":"S1"}}"""),
            new LineEvent(ids[0], 2, LineEventTypes.Commissioned, CapturedAt, Gtin, "S2", """{"unit":{"gtin":"09506000134352","serial":"S2"}}"""),
            new LineEvent(ids[1], 3, "WorkOrderClosed", CapturedAt.AddMinutes(1), null, null, """{"issued":"2"}"""),
            new LineEvent(ids[3], 4, "Aggregated", CapturedAt.AddMinutes(2), null, null, """{"parentSscc":"095060001000000012","children":[{"unit":{"gtin":"09506000134352","serial":"S1"}}]}"""),
        ]);
        string[] exportable = [LineEventTypes.Commissioned, "Aggregated"];

        var all = await Epcis.QueryLineEventsAsync(new LineEventQuery(exportable, [], null, null, null, 10));
        Assert.Equal([ids[0], ids[2], ids[3]], all.Select(e => e.Event.EventId));
        Assert.Equal("L1", all[0].LineId);
        Assert.Equal("S2", all[0].Event.Serial);

        var fromSecond = await Epcis.QueryLineEventsAsync(new LineEventQuery(exportable, [], null, null, new EpcisKeyset(CapturedAt, $"urn:uuid:{ids[2]}"), 10));
        Assert.Equal([ids[2], ids[3]], fromSecond.Select(e => e.Event.EventId));
        var window = await Epcis.QueryLineEventsAsync(new LineEventQuery(exportable, [], CapturedAt.AddMinutes(1), CapturedAt.AddMinutes(3), null, 10));
        Assert.Equal([ids[3]], window.Select(e => e.Event.EventId));
        Assert.Equal(ids[1], (await Epcis.GetLineEventAsync(ids[1]))?.Event.EventId);
    }

    [Fact]
    public async Task Line_events_are_found_by_unit_columns_and_by_identifiers_inside_their_payload()
    {
        var commissioned = new LineEvent(Guid.NewGuid(), 1, LineEventTypes.Commissioned, CapturedAt, Gtin, "S1", """{"unit":{"gtin":"09506000134352","serial":"S1"}}""");
        var packed = new LineEvent(Guid.NewGuid(), 2, "Aggregated", CapturedAt.AddMinutes(1), null, null,
            """{"parentSscc":"095060001000000012","children":[{"unit":{"gtin":"09506000134352","serial":"S1"}},{"sscc":"095060001000000029"}]}""");
        var other = new LineEvent(Guid.NewGuid(), 3, LineEventTypes.Commissioned, CapturedAt.AddMinutes(2), "09506000134369", "S9", """{"unit":{"gtin":"09506000134369","serial":"S9"}}""");
        await Store.AppendEventsAsync("L1", [commissioned, packed, other]);
        string[] types = [LineEventTypes.Commissioned, "Aggregated"];

        async Task<Guid[]> FindAsync(LineEpcCondition condition) =>
            [.. (await Epcis.QueryLineEventsAsync(new LineEventQuery(types, [condition], null, null, null, 10))).Select(e => e.Event.EventId)];

        Assert.Equal([commissioned.EventId, packed.EventId], await FindAsync(new(["S1"], [], [])));
        Assert.Equal([packed.EventId], await FindAsync(new([], ["095060001000000012"], [])));
        Assert.Equal([packed.EventId], await FindAsync(new([], ["095060001000000029"], [])));
        Assert.Equal([other.EventId], await FindAsync(new([], [], ["09506000134369"])));
        Assert.Empty(await FindAsync(new(["S7"], ["095060001000000036"], [])));
    }

    [Fact]
    public async Task The_company_prefixes_of_known_products_are_listed_once()
    {
        await Catalog.UpsertProductAsync(Watch);
        await Catalog.UpsertProductAsync(Watch with { Gtin = "09506000134369" });
        await Catalog.UpsertProductAsync(Watch with { Gtin = "04012345123456", CompanyPrefixLength = 7 });
        await Catalog.UpsertProductAsync(Watch with { Gtin = "00614141999996", CompanyPrefixLength = 9 });

        Assert.Equal(["061414199", "4012345", "9506000"], await Epcis.GetCompanyPrefixesAsync());
    }

    private static CapturedEventRecord Captured(
        string key, DateTimeOffset time, string type = "ObjectEvent", string? step = "shipping", IReadOnlyList<EpcReference>? epcs = null) =>
        new(key, type, time, step, "hash-of-" + key, $$"""{"type":"{{type}}","eventID":"{{key}}"}""", epcs ?? []);

    private static CapturedEventQuery Query() => new(null, null, [], null, null, null, 100);

    private async Task<string[]> KeysAsync(CapturedEventQuery query) => [.. (await Epcis.QueryCapturedAsync(query)).Select(e => e.Key)];
}
