using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Traceability.Core.Gs1;

namespace Traceability.Core.Epcis;

/// <summary>
/// A packing line's event as the EPCIS mapping reads it: its type name (<see cref="LineEventEpcis.Commissioned"/>…)
/// and its body in protobuf JSON form (lowerCamelCase field names, as <c>traceability.line.v1</c> defines them).
/// </summary>
/// <param name="EventId">The line event's id; the EPCIS event id is <c>urn:uuid:</c> + it.</param>
/// <param name="Type">The line event type name.</param>
/// <param name="OccurredAt">When it happened on the line.</param>
/// <param name="LineId">The line, written as the <c>tr:line</c> extension.</param>
/// <param name="Payload">The event body.</param>
public sealed record LineEventFacts(Guid EventId, string Type, DateTimeOffset OccurredAt, string LineId, JsonObject Payload)
{
    /// <summary>When a repository recorded the event (EPCIS <c>recordTime</c>); null in a document the line exports itself.</summary>
    public DateTimeOffset? RecordTime { get; init; }
}

/// <summary>
/// Line events as EPCIS 2.0 events, shared by central's EPCIS query interface and the line agent's work-order report
/// (the mapping table is in docs/epcis.md). How units and SSCCs are written as EPCs (EPC URI split at the GS1
/// Company Prefix, or a GS1 Digital Link URI) is the caller's: each side knows a different set of company prefixes.
/// </summary>
public sealed class LineEventEpcis
{
    /// <summary>The JSON-LD prefix of our extension fields (<c>tr:line</c>, <c>tr:reason</c>).</summary>
    public const string Prefix = "tr";

    /// <summary>A unit was commissioned (verified on the line).</summary>
    public const string Commissioned = "Commissioned";

    /// <summary>A unit's label was rejected before commissioning.</summary>
    public const string Rejected = "Rejected";

    /// <summary>A unit or container was decommissioned (sampled, destroyed, inactive).</summary>
    public const string Decommissioned = "Decommissioned";

    /// <summary>Children were packed into a case or pallet.</summary>
    public const string Aggregated = "Aggregated";

    /// <summary>Children were taken out of a case or pallet.</summary>
    public const string Disaggregated = "Disaggregated";

    /// <summary>A label was printed again (reissued: a new serial replaced the old one).</summary>
    public const string LabelReprinted = "LabelReprinted";

    /// <summary>A work order was closed; a reconciliation count that names no object and gives no EPCIS event.</summary>
    public const string WorkOrderClosed = "WorkOrderClosed";

    private readonly Func<SgtinId, string> _unitEpc;
    private readonly Func<string, string> _ssccEpc;
    private readonly TimeZoneInfo _zone;

    /// <summary>Creates the mapping.</summary>
    /// <param name="unitEpc">Writes a unit's EPC (an SGTIN URI or a Digital Link URI).</param>
    /// <param name="ssccEpc">Writes an SSCC's EPC (18 digits in, an SSCC URI or a Digital Link URI out).</param>
    /// <param name="zone">The time zone whose offset the events carry (<c>eventTimeZoneOffset</c>).</param>
    public LineEventEpcis(Func<SgtinId, string> unitEpc, Func<string, string> ssccEpc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(unitEpc);
        ArgumentNullException.ThrowIfNull(ssccEpc);
        ArgumentNullException.ThrowIfNull(zone);
        _unitEpc = unitEpc;
        _ssccEpc = ssccEpc;
        _zone = zone;
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

    /// <summary>
    /// The EPCIS events of one line event, in order: none for <see cref="WorkOrderClosed"/> and unknown types, two for
    /// a reissue (the old identifier's decommissioning, then the new one's commissioning), else one.
    /// </summary>
    /// <exception cref="FormatException">The payload does not have the shape its type promises.</exception>
    public IReadOnlyList<EpcisEvent> Map(LineEventFacts e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var payload = e.Payload;
        var local = TimeZoneInfo.ConvertTime(e.OccurredAt, _zone);
        var common = new Common($"urn:uuid:{e.EventId:D}", local, EpcisTime.FormatOffset(local.Offset), e.RecordTime, e.LineId);
        switch (e.Type)
        {
            case Commissioned:
                return [Commissioning(common, Unit(payload["unit"], "unit"), Text(payload, "lot"), Text(payload, "expiry"))];

            // A rejected unit failed label verification before it was commissioned: there is nothing to DELETE (it was
            // never ADDed), and EPCIS has no "rejected" action. CBV 2.0's inspecting step with disposition non_conformant
            // says what happened: the object was inspected and found not to conform. The line's reason goes in tr:reason.
            case Rejected:
                return [With(common, new ObjectEvent
                {
                    EventTime = local, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Observe,
                    EpcList = [_unitEpc(Unit(payload["unit"], "unit"))], BizStep = "inspecting", Disposition = "non_conformant",
                }, Text(payload, "reason"))];
            case Decommissioned:
                return [Decommissioning(common, ItemEpc(payload["item"], "item"), Text(payload, "reason"))];
            case Aggregated:
                return [With(common, new AggregationEvent
                {
                    EventTime = local, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Add,
                    ParentId = _ssccEpc(Required(payload, "parentSscc")), ChildEpcs = Children(payload),
                    BizStep = "packing", Disposition = "in_progress",
                }, null)];
            case Disaggregated:
                // No children listed: the whole parent was emptied, which EPCIS says with a DELETE without childEPCs.
                return [With(common, new AggregationEvent
                {
                    EventTime = local, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Delete,
                    ParentId = _ssccEpc(Required(payload, "parentSscc")), ChildEpcs = Children(payload), BizStep = "unpacking",
                }, Text(payload, "reason"))];
            case LabelReprinted when payload["reissued"]?.GetValue<bool>() == true:
                // Reissue: the old identifier is withdrawn and a new one commissioned for the same physical item. Lot and
                // expiry are not in the reprint record, so the new commissioning carries no ILMD.
                var second = common with { Key = $"urn:uuid:{SecondEventId(e.EventId):D}" };
                return
                [
                    Decommissioning(common, ItemEpc(payload["item"], "item"), Text(payload, "reason")),
                    With(second, new ObjectEvent
                    {
                        EventTime = local, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Add,
                        EpcList = [ItemEpc(payload["newItem"], "newItem")], BizStep = "commissioning", Disposition = "active",
                    }, Text(payload, "reason")),
                ];

            // The same identifier printed again on a new label: CBV's encoding step (writing an identifier to a data
            // carrier) observed on the object; nothing is created or withdrawn.
            case LabelReprinted:
                return [With(common, new ObjectEvent
                {
                    EventTime = local, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Observe,
                    EpcList = [ItemEpc(payload["item"], "item")], BizStep = "encoding",
                }, Text(payload, "reason"))];
            default:
                return [];
        }
    }

    /// <summary>Every (GTIN, serial) pair anywhere in a payload (unit, children, reissued items), e.g. for a bulk product lookup.</summary>
    public static IEnumerable<(string Gtin, string Serial)> Units(JsonNode? node)
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
                    foreach (var unit in Units(child))
                    {
                        yield return unit;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var unit in Units(child))
                    {
                        yield return unit;
                    }
                }

                break;
        }
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
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : throw new FormatException($"Line event {common.Key}: expiry {error}");
        }

        return (ObjectEvent)With(common, new ObjectEvent
        {
            EventTime = common.Time, EventTimeZoneOffset = common.Offset, Action = EpcisAction.Add,
            EpcList = [_unitEpc(unit)], BizStep = "commissioning", Disposition = "active", Ilmd = ilmd,
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
        JsonObject { } o when o["unit"] is not null => _unitEpc(Unit(o["unit"], $"{field}.unit")),
        JsonObject { } o when o["sscc"] is not null => _ssccEpc(o["sscc"]!.GetValue<string>()),
        _ => throw new FormatException($"{field}: neither a unit nor an SSCC."),
    };

    private static SgtinId Unit(JsonNode? unit, string field) =>
        unit is JsonObject o && o["gtin"] is JsonValue g && o["serial"] is JsonValue s
            ? new SgtinId(Gtin.Parse(g.GetValue<string>()), s.GetValue<string>())
            : throw new FormatException($"{field}: a unit needs gtin and serial.");

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static string Required(JsonObject o, string name) => Text(o, name) ?? throw new FormatException($"{name}: missing.");

    private sealed record Common(string Key, DateTimeOffset Time, string Offset, DateTimeOffset? RecordTime, string LineId);
}
