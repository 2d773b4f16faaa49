using System.Globalization;
using System.Text.Json.Nodes;

namespace Traceability.Core.Epcis;

/// <summary>
/// EPCIS 2.0 events as JSON-LD objects (the event part of EPCIS-JSON-Schema.json): <see cref="Write"/> turns the model
/// into JSON, <see cref="Read"/> turns a captured event back into the model, keeping fields it does not model.
/// </summary>
public static class EpcisJson
{
    private static readonly HashSet<string> CommonFields = new(StringComparer.Ordinal)
    {
        "type", "eventTime", "eventTimeZoneOffset", "eventID", "recordTime", "bizStep", "disposition", "readPoint", "bizLocation",
        "bizTransactionList", "sourceList", "destinationList",
    };

    private static readonly HashSet<string> ObjectFields = new(StringComparer.Ordinal) { "action", "epcList", "quantityList", "ilmd" };

    private static readonly HashSet<string> AggregationFields = new(StringComparer.Ordinal) { "action", "parentID", "childEPCs", "childQuantityList" };

    /// <summary>The event as EPCIS 2.0 JSON: standard fields in a readable order, then the extensions as they were.</summary>
    public static JsonObject Write(EpcisEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var o = new JsonObject { ["type"] = e.Type };
        if (e.EventId is not null)
        {
            o["eventID"] = e.EventId;
        }

        o["eventTime"] = EpcisTime.Format(e.EventTime);
        o["eventTimeZoneOffset"] = e.EventTimeZoneOffset;
        if (e.RecordTime is { } recorded)
        {
            o["recordTime"] = EpcisTime.Format(recorded);
        }

        switch (e)
        {
            case ObjectEvent oe:
                o["action"] = ActionName(oe.Action);
                if (oe.EpcList.Count > 0 || oe.QuantityList.Count == 0)
                {
                    o["epcList"] = Strings(oe.EpcList);
                }

                AddQuantities(o, "quantityList", oe.QuantityList);
                break;
            case AggregationEvent ae:
                o["action"] = ActionName(ae.Action);
                if (ae.ParentId is not null)
                {
                    o["parentID"] = ae.ParentId;
                }

                if (ae.ChildEpcs.Count > 0)
                {
                    o["childEPCs"] = Strings(ae.ChildEpcs);
                }

                AddQuantities(o, "childQuantityList", ae.ChildQuantityList);
                break;
        }

        if (e.BizStep is not null)
        {
            o["bizStep"] = CbvVocabulary.Compact(CbvKind.BizStep, e.BizStep);
        }

        if (e.Disposition is not null)
        {
            o["disposition"] = CbvVocabulary.Compact(CbvKind.Disposition, e.Disposition);
        }

        if (e.ReadPoint is not null)
        {
            o["readPoint"] = new JsonObject { ["id"] = e.ReadPoint };
        }

        if (e.BizLocation is not null)
        {
            o["bizLocation"] = new JsonObject { ["id"] = e.BizLocation };
        }

        if (e.BizTransactions.Count > 0)
        {
            o["bizTransactionList"] = new JsonArray([.. e.BizTransactions.Select(t => (JsonNode)(t.Type is null
                ? new JsonObject { ["bizTransaction"] = t.Value }
                : new JsonObject { ["type"] = CbvVocabulary.Compact(CbvKind.BizTransactionType, t.Type), ["bizTransaction"] = t.Value }))]);
        }

        AddParties(o, "sourceList", "source", e.Sources);
        AddParties(o, "destinationList", "destination", e.Destinations);
        if (e is ObjectEvent { Ilmd.Count: > 0 } withIlmd)
        {
            o["ilmd"] = Fields(withIlmd.Ilmd);
        }

        foreach (var (name, value) in e.Extensions)
        {
            o[name] = value?.DeepClone();
        }

        return o;
    }

    /// <summary>
    /// Reads one event of a captured document (already valid against the EPCIS JSON schema). ObjectEvent and
    /// AggregationEvent become their records; other types become <see cref="OtherEvent"/>.
    /// </summary>
    /// <exception cref="FormatException">A field the model needs is missing or malformed; the message names it.</exception>
    public static EpcisEvent Read(JsonObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var type = Text(o, "type") ?? throw new FormatException("type: missing.");
        var eventTime = Time(o, "eventTime") ?? throw new FormatException("eventTime: missing.");
        var offset = Text(o, "eventTimeZoneOffset") ?? throw new FormatException("eventTimeZoneOffset: missing.");
        var known = type switch
        {
            "ObjectEvent" => ObjectFields,
            "AggregationEvent" => AggregationFields,
            _ => [],
        };
        var extensions = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in o)
        {
            if (!CommonFields.Contains(name) && !known.Contains(name))
            {
                extensions[name] = value?.DeepClone();
            }
        }

        EpcisEvent e = type switch
        {
            "ObjectEvent" => new ObjectEvent
            {
                EventTime = eventTime,
                EventTimeZoneOffset = offset,
                Action = Action(o),
                EpcList = StringList(o, "epcList"),
                QuantityList = Quantities(o, "quantityList"),
                Ilmd = o["ilmd"] is JsonObject ilmd ? ilmd.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal) : new Dictionary<string, JsonNode?>(),
            },
            "AggregationEvent" => new AggregationEvent
            {
                EventTime = eventTime,
                EventTimeZoneOffset = offset,
                Action = Action(o),
                ParentId = Text(o, "parentID"),
                ChildEpcs = StringList(o, "childEPCs"),
                ChildQuantityList = Quantities(o, "childQuantityList"),
            },
            _ => new OtherEvent(type) { EventTime = eventTime, EventTimeZoneOffset = offset },
        };
        return e with
        {
            EventId = Text(o, "eventID"),
            RecordTime = Time(o, "recordTime"),
            BizStep = Text(o, "bizStep"),
            Disposition = Text(o, "disposition"),
            ReadPoint = (o["readPoint"] as JsonObject)?["id"]?.GetValue<string>(),
            BizLocation = (o["bizLocation"] as JsonObject)?["id"]?.GetValue<string>(),
            BizTransactions = Objects(o, "bizTransactionList").Select(t => new BizTransaction(Text(t, "bizTransaction") ?? "", Text(t, "type"))).ToList(),
            Sources = Objects(o, "sourceList").Select(s => new SourceDestination(Text(s, "type") ?? "", Text(s, "source") ?? "")).ToList(),
            Destinations = Objects(o, "destinationList").Select(s => new SourceDestination(Text(s, "type") ?? "", Text(s, "destination") ?? "")).ToList(),
            Extensions = extensions,
        };
    }

    /// <summary>ADD, OBSERVE or DELETE.</summary>
    public static string ActionName(EpcisAction action) => action switch
    {
        EpcisAction.Add => "ADD",
        EpcisAction.Observe => "OBSERVE",
        EpcisAction.Delete => "DELETE",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not an EPCIS action."),
    };

    private static EpcisAction Action(JsonObject o) => Text(o, "action") switch
    {
        "ADD" => EpcisAction.Add,
        "OBSERVE" => EpcisAction.Observe,
        "DELETE" => EpcisAction.Delete,
        var other => throw new FormatException($"action: '{other}' is not ADD, OBSERVE or DELETE."),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static JsonObject Fields(IReadOnlyDictionary<string, JsonNode?> fields)
    {
        var o = new JsonObject();
        foreach (var (name, value) in fields)
        {
            o[name] = value?.DeepClone();
        }

        return o;
    }

    private static void AddQuantities(JsonObject o, string name, IReadOnlyList<QuantityElement> quantities)
    {
        if (quantities.Count == 0)
        {
            return;
        }

        var list = new JsonArray();
        foreach (var q in quantities)
        {
            var element = new JsonObject { ["epcClass"] = q.EpcClass };
            if (q.Quantity is { } quantity)
            {
                element["quantity"] = quantity;
            }

            if (q.Uom is not null)
            {
                element["uom"] = q.Uom;
            }

            list.Add(element);
        }

        o[name] = list;
    }

    private static void AddParties(JsonObject o, string listName, string field, IReadOnlyList<SourceDestination> parties)
    {
        if (parties.Count > 0)
        {
            o[listName] = new JsonArray([.. parties.Select(p => (JsonNode)new JsonObject
            {
                ["type"] = CbvVocabulary.Compact(CbvKind.SourceDestinationType, p.Type),
                [field] = p.Id,
            })]);
        }
    }

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static DateTimeOffset? Time(JsonObject o, string name)
    {
        if (Text(o, name) is not { } text)
        {
            return null;
        }

        return EpcisTime.TryParse(text, out var value) ? value : throw new FormatException($"{name}: '{text}' is not an RFC 3339 timestamp.");
    }

    private static List<string> StringList(JsonObject o, string name) =>
        o[name] is JsonArray a ? a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"{name}: every entry must be a string.")).ToList() : [];

    private static IEnumerable<JsonObject> Objects(JsonObject o, string name) =>
        o[name] is JsonArray a ? a.OfType<JsonObject>() : [];

    private static List<QuantityElement> Quantities(JsonObject o, string name) =>
        Objects(o, name).Select(q => new QuantityElement(
            Text(q, "epcClass") ?? throw new FormatException($"{name}: an entry has no epcClass."),
            q["quantity"] is JsonValue n ? decimal.Parse(n.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) : null,
            Text(q, "uom"))).ToList();
}
