using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.Storage;
using Traceability.Core.Epcis;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.Epcis;

/// <summary>An EPCIS event exported from a line event, with its place in query order.</summary>
internal sealed record ExportedEvent(EpcisKeyset Position, EpcisEvent Event);

/// <summary>
/// Line events as EPCIS 2.0 events (the mapping table is in docs/epcis.md). Identifiers are EPC pure-identity URIs
/// split at the product's GS1 Company Prefix; a GTIN central has no product for is exported as a GS1 Digital Link URI,
/// which EPCIS 2.0 accepts as an EPC too.
/// </summary>
internal sealed class LineEventExport
{
    /// <summary>The JSON-LD prefix of our extension fields.</summary>
    public const string Prefix = "tr";

    public const string Rejected = "Rejected";
    public const string Decommissioned = "Decommissioned";
    public const string Aggregated = "Aggregated";
    public const string Disaggregated = "Disaggregated";
    public const string LabelReprinted = "LabelReprinted";

    // The second event of a reissue sorts right after the first: "+" follows the end of every "urn:uuid:…" key.
    private const string SecondEventSuffix = "+1";

    // Which line events can give an EPCIS event of each type / business step; WorkOrderClosed gives none (it is a
    // reconciliation count and names no object).
    private static readonly Dictionary<string, string[]> TypesByEventType = new(StringComparer.Ordinal)
    {
        ["ObjectEvent"] = [LineEventTypes.Commissioned, Rejected, Decommissioned, LabelReprinted],
        ["AggregationEvent"] = [Aggregated, Disaggregated],
    };

    private static readonly Dictionary<string, string[]> TypesByBizStep = new(StringComparer.Ordinal)
    {
        ["commissioning"] = [LineEventTypes.Commissioned, LabelReprinted],
        ["inspecting"] = [Rejected],
        ["decommissioning"] = [Decommissioned, LabelReprinted],
        ["encoding"] = [LabelReprinted],
        ["packing"] = [Aggregated],
        ["unpacking"] = [Disaggregated],
    };

    private readonly IReadOnlyDictionary<string, Product> _products;
    private readonly IReadOnlyList<string> _companyPrefixes;
    private readonly int? _ssccPrefixLength;
    private readonly TimeZoneInfo _zone;

    public LineEventExport(IReadOnlyDictionary<string, Product> products, IReadOnlyList<string> companyPrefixes, EpcisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _products = products;
        _companyPrefixes = companyPrefixes;
        _ssccPrefixLength = options.SsccCompanyPrefixLength;
        _zone = options.Zone;
    }

    /// <summary>Every line event type that gives at least one EPCIS event.</summary>
    public static IReadOnlyList<string> ExportedTypes { get; } = [.. TypesByEventType.Values.SelectMany(t => t).Distinct()];

    /// <summary>The line event types that can give events of these EPCIS types and business steps (null: any).</summary>
    public static IReadOnlyList<string> TypesFor(IReadOnlyList<string>? eventTypes, IReadOnlyList<string>? bizSteps)
    {
        IEnumerable<string> types = ExportedTypes;
        if (eventTypes is not null)
        {
            types = types.Intersect(eventTypes.SelectMany(t => TypesByEventType.GetValueOrDefault(t, [])));
        }

        if (bizSteps is not null)
        {
            types = types.Intersect(bizSteps.SelectMany(s => TypesByBizStep.GetValueOrDefault(s, [])));
        }

        return [.. types];
    }

    /// <summary>The GTINs a line event names (its unit, children, reissued items), for a bulk product lookup.</summary>
    public static IEnumerable<string> Gtins(StoredLineEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Event.Gtin is { } gtin)
        {
            yield return gtin;
        }

        foreach (var unit in JsonNode.Parse(e.Event.Payload)?.AsObject() is { } payload ? Units(payload) : [])
        {
            yield return unit.Gtin;
        }
    }

    /// <summary>
    /// The id of the second event a reissue exports (the new item's commissioning): a name-based UUID (RFC 9562
    /// version 8, SHA-256) of the line event id, so that the same line event always exports the same ids.
    /// </summary>
    public static Guid SecondEventId(Guid lineEventId)
    {
        var name = Encoding.UTF8.GetBytes("commissioning");
        var input = new byte[16 + name.Length];
        lineEventId.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
        var bytes = SHA256.HashData(input).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The EPCIS events of one line event, in query order (none for WorkOrderClosed and unknown types).</summary>
    /// <exception cref="FormatException">The stored payload does not have the shape its type promises.</exception>
    public IReadOnlyList<ExportedEvent> Export(StoredLineEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var e = stored.Event;
        var payload = JsonNode.Parse(e.Payload) as JsonObject ?? throw new FormatException($"Line event {e.EventId}: the payload is not a JSON object.");
        var local = TimeZoneInfo.ConvertTime(e.OccurredAt, _zone);
        var key = $"urn:uuid:{e.EventId:D}";
        var common = new Common(key, local, EpcisTime.FormatOffset(local.Offset), stored.ReceivedAt, stored.LineId);
        var position = new EpcisKeyset(EventBatch.Stored(e.OccurredAt), key);
        ExportedEvent First(EpcisEvent epcis) => new(position, epcis);
        switch (e.Type)
        {
            case LineEventTypes.Commissioned:
                return [First(Commissioning(common, Unit(payload["unit"], "unit"), Text(payload, "lot"), Text(payload, "expiry")))];

            // A rejected unit failed label verification before it was commissioned: there is nothing to DELETE (it was
            // never ADDed), and EPCIS has no "rejected" action. CBV 2.0's inspecting step with disposition non_conformant
            // says what happened: the object was inspected and found not to conform. The line's reason goes in tr:reason.
            case Rejected:
                return [First(With(common, new ObjectEvent
                {
                    EventTime = local, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Observe,
                    EpcList = [UnitEpc(Unit(payload["unit"], "unit"))], BizStep = "inspecting", Disposition = "non_conformant",
                }, Text(payload, "reason")))];
            case Decommissioned:
                return [First(Decommissioning(common, ItemEpc(payload["item"], "item"), Text(payload, "reason")))];
            case Aggregated:
                return [First(With(common, new AggregationEvent
                {
                    EventTime = local, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Add,
                    ParentId = SsccEpc(Required(payload, "parentSscc")), ChildEpcs = Children(payload),
                    BizStep = "packing", Disposition = "in_progress",
                }, null))];
            case Disaggregated:
                // No children listed: the whole parent was emptied, which EPCIS says with a DELETE without childEPCs.
                return [First(With(common, new AggregationEvent
                {
                    EventTime = local, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Delete,
                    ParentId = SsccEpc(Required(payload, "parentSscc")), ChildEpcs = Children(payload), BizStep = "unpacking",
                }, Text(payload, "reason")))];
            case LabelReprinted when payload["reissued"]?.GetValue<bool>() == true:
                // Reissue: the old identifier is withdrawn and a new one commissioned for the same physical item. Lot and
                // expiry are not in the reprint record, so the new commissioning carries no ILMD.
                var second = common with { Key = $"urn:uuid:{SecondEventId(e.EventId):D}" };
                return
                [
                    First(Decommissioning(common, ItemEpc(payload["item"], "item"), Text(payload, "reason"))),
                    new ExportedEvent(position with { Key = key + SecondEventSuffix }, With(second, new ObjectEvent
                    {
                        EventTime = local, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Add,
                        EpcList = [ItemEpc(payload["newItem"], "newItem")], BizStep = "commissioning", Disposition = "active",
                    }, Text(payload, "reason"))),
                ];

            // The same identifier printed again on a new label: CBV's encoding step (writing an identifier to a data
            // carrier) observed on the object; nothing is created or withdrawn.
            case LabelReprinted:
                return [First(With(common, new ObjectEvent
                {
                    EventTime = local, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Observe,
                    EpcList = [ItemEpc(payload["item"], "item")], BizStep = "encoding",
                }, Text(payload, "reason")))];
            default:
                return [];
        }
    }

    /// <summary>The EPC of a unit: the SGTIN URI when its product is known, else the Digital Link URI.</summary>
    public string UnitEpc(SgtinId unit) =>
        _products.TryGetValue(unit.Gtin.Value, out var product) ? unit.ToEpcUri(product.CompanyPrefixLength) : unit.DigitalLink;

    /// <summary>
    /// The EPC of an SSCC. GS1 Company Prefixes are prefix-free (no prefix begins another), so when the SSCC's digits
    /// after the extension digit begin with the prefix of a product central knows, that prefix is the SSCC's; else
    /// Epcis:SsccCompanyPrefixLength; else the Digital Link URI.
    /// </summary>
    public string SsccEpc(string sscc)
    {
        var id = new SsccId(Sscc.Parse(sscc));
        var known = _companyPrefixes.Where(p => sscc.AsSpan(1).StartsWith(p, StringComparison.Ordinal)).MaxBy(p => p.Length);
        return (known?.Length ?? _ssccPrefixLength) is { } length ? id.ToEpcUri(length) : id.DigitalLink;
    }

    private ObjectEvent Commissioning(Common common, SgtinId unit, string? lot, string? expiry)
    {
        var ilmd = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (lot is not null)
        {
            ilmd["cbvmda:lotNumber"] = lot;
        }

        if (expiry is not null)
        {
            ilmd["cbvmda:itemExpirationDate"] = Gs1Date.TryParseYymmdd(expiry, common.Time.Year, out var date, out var error)
                ? date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
                : throw new FormatException($"Line event {common.Key}: expiry {error}");
        }

        return (ObjectEvent)With(common, new ObjectEvent
        {
            EventTime = common.Time, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Add,
            EpcList = [UnitEpc(unit)], BizStep = "commissioning", Disposition = "active", Ilmd = ilmd,
        }, null);
    }

    private static ObjectEvent Decommissioning(Common common, string epc, string? reason) =>
        (ObjectEvent)With(common, new ObjectEvent
        {
            EventTime = common.Time, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Delete,
            EpcList = [epc], BizStep = "decommissioning", Disposition = "inactive",
        }, reason);

    private static EpcisEvent With(Common common, EpcisEvent e, string? reason)
    {
        var extensions = new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { [$"{Prefix}:line"] = common.LineId };
        if (reason is not null)
        {
            extensions[$"{Prefix}:reason"] = reason;
        }

        return e with { EventId = common.Key, RecordTime = common.RecordTime, Extensions = extensions };
    }

    private List<string> Children(JsonObject payload) =>
        payload["children"] is JsonArray children ? [.. children.Select((c, i) => ItemEpc(c, $"children[{i}]"))] : [];

    private string ItemEpc(JsonNode? item, string field) => item switch
    {
        JsonObject { } o when o["unit"] is not null => UnitEpc(Unit(o["unit"], $"{field}.unit")),
        JsonObject { } o when o["sscc"] is not null => SsccEpc(o["sscc"]!.GetValue<string>()),
        _ => throw new FormatException($"{field}: neither a unit nor an SSCC."),
    };

    private static SgtinId Unit(JsonNode? unit, string field) =>
        unit is JsonObject o && o["gtin"] is JsonValue g && o["serial"] is JsonValue s
            ? new SgtinId(Gtin.Parse(g.GetValue<string>()), s.GetValue<string>())
            : throw new FormatException($"{field}: a unit needs gtin and serial.");

    private static IEnumerable<(string Gtin, string Serial)> Units(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["gtin"] is JsonValue g && o["serial"] is JsonValue s && g.TryGetValue<string>(out var gtin) && s.TryGetValue<string>(out var serial))
                {
                    yield return (gtin, serial);
                }

                foreach (var (_, child) in o)
                {
                    if (child is not null)
                    {
                        foreach (var unit in Units(child))
                        {
                            yield return unit;
                        }
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a.OfType<JsonNode>())
                {
                    foreach (var unit in Units(child))
                    {
                        yield return unit;
                    }
                }

                break;
        }
    }

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static string Required(JsonObject o, string name) => Text(o, name) ?? throw new FormatException($"{name}: missing.");

    private sealed record Common(string Key, DateTimeOffset Time, string Offset, DateTimeOffset RecordTime, string LineId);
}
