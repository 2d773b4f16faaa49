using System.Text.Json.Nodes;

namespace Traceability.Core.Epcis;

/// <summary>A captured EPCIS document, split into what capture needs.</summary>
/// <param name="Type">EPCISDocument or EPCISQueryDocument.</param>
/// <param name="Context">The document's <c>@context</c>, or null.</param>
/// <param name="Events">The events of the event list, as they were sent.</param>
public sealed record EpcisDocumentContent(string Type, JsonNode? Context, IReadOnlyList<JsonObject> Events);

/// <summary>
/// EPCIS 2.0 JSON-LD documents: the EPCISDocument (capture, exchange) and the EPCISQueryDocument (query results), with
/// schemaVersion "2.0", a creationDate and the standard <c>@context</c>.
/// </summary>
public static class EpcisDocuments
{
    /// <summary>The schemaVersion our documents declare.</summary>
    public const string SchemaVersion = "2.0";

    /// <summary>The query name of results of the standard events query (EPCIS 2.0 SimpleEventQuery).</summary>
    public const string SimpleEventQuery = "SimpleEventQuery";

    /// <summary>An EPCISDocument carrying <paramref name="events"/>.</summary>
    /// <param name="events">Events as <see cref="EpcisJson.Write"/> or a captured document wrote them.</param>
    /// <param name="creationDate">When the document was made.</param>
    /// <param name="extraContext">Prefix definitions the events' extensions use (e.g. <c>{"tr": "https://…/"}</c>), or null.</param>
    public static JsonObject Document(IEnumerable<JsonObject> events, DateTimeOffset creationDate, JsonObject? extraContext = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        return new JsonObject
        {
            ["@context"] = Context(extraContext),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = SchemaVersion,
            ["creationDate"] = EpcisTime.Format(creationDate),
            ["epcisBody"] = new JsonObject { ["eventList"] = List(events) },
        };
    }

    /// <summary>An EPCISQueryDocument answering query <paramref name="queryName"/> with <paramref name="events"/>.</summary>
    public static JsonObject QueryDocument(
        IEnumerable<JsonObject> events, DateTimeOffset creationDate, string queryName = SimpleEventQuery, JsonObject? extraContext = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentException.ThrowIfNullOrWhiteSpace(queryName);
        return new JsonObject
        {
            ["@context"] = Context(extraContext),
            ["type"] = "EPCISQueryDocument",
            ["schemaVersion"] = SchemaVersion,
            ["creationDate"] = EpcisTime.Format(creationDate),
            ["epcisBody"] = new JsonObject
            {
                ["queryResults"] = new JsonObject
                {
                    ["queryName"] = queryName,
                    ["resultsBody"] = new JsonObject { ["eventList"] = List(events) },
                },
            },
        };
    }

    /// <summary>
    /// The events of a captured EPCISDocument (<c>epcisBody.eventList</c>) or EPCISQueryDocument
    /// (<c>epcisBody.queryResults.resultsBody.eventList</c>), already valid against the EPCIS JSON schema.
    /// </summary>
    /// <exception cref="FormatException">Neither document type, or no event list where the type puts it.</exception>
    public static EpcisDocumentContent Read(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var type = document["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        var body = document["epcisBody"] as JsonObject;
        var list = type switch
        {
            "EPCISDocument" => body?["eventList"] as JsonArray,
            "EPCISQueryDocument" => body?["queryResults"]?["resultsBody"]?["eventList"] as JsonArray,
            _ => throw new FormatException($"type: '{type}' is not EPCISDocument or EPCISQueryDocument."),
        };
        if (list is null)
        {
            throw new FormatException($"{type} has no event list.");
        }

        var events = new List<JsonObject>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            events.Add(list[i] as JsonObject ?? throw new FormatException($"Event {i} of the event list is not an object."));
        }

        return new EpcisDocumentContent(type, document["@context"], events);
    }

    private static JsonNode Context(JsonObject? extra) =>
        extra is null ? JsonValue.Create(EpcisContext.Uri) : new JsonArray(JsonValue.Create(EpcisContext.Uri), extra.DeepClone());

    private static JsonArray List(IEnumerable<JsonObject> events)
    {
        var list = new JsonArray();
        foreach (var e in events)
        {
            list.Add(e.Parent is null ? e : e.DeepClone());
        }

        return list;
    }
}
