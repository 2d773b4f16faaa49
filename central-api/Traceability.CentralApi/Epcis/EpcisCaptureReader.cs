using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Traceability.CentralApi.Storage;
using Traceability.Core.Epcis;

namespace Traceability.CentralApi.Epcis;

/// <summary>
/// Turns a captured EPCIS document into the records the store keeps, or into errors by JSON pointer. Nothing here
/// stores anything: a document with any error is refused as a whole.
/// </summary>
internal static class EpcisCaptureReader
{
    /// <summary>
    /// Validates <paramref name="document"/> against GS1's schema and reads its events. A blank-node document id
    /// (<c>"id": "_:document1"</c>, as in GS1's own examples) is legal JSON-LD but not a URI, which the schema's "uri"
    /// format demands; it names nothing outside the document and is not stored, so it is left out of validation. A
    /// blank node anywhere else (e.g. an eventID) still fails: an eventID is a key across documents.
    /// </summary>
    public static bool TryRead(JsonObject document, out List<CapturedEventRecord> events, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(document);
        events = [];
        var checkedDocument = document;
        if (document["id"] is JsonValue id && id.TryGetValue<string>(out var text) && IsBlankNode(text))
        {
            checkedDocument = document.DeepClone().AsObject();
            checkedDocument.Remove("id");
        }

        using (var parsed = JsonDocument.Parse(checkedDocument.ToJsonString()))
        {
            errors = EpcisSchema.Validate(parsed.RootElement);
        }

        if (errors.Count > 0)
        {
            return false;
        }

        EpcisDocumentContent content;
        try
        {
            content = EpcisDocuments.Read(document);
        }
        catch (FormatException e)
        {
            errors["/type"] = [$"Capture takes an EPCISDocument or an EPCISQueryDocument: {e.Message}"];
            return false;
        }

        var pointer = content.Type == "EPCISDocument" ? "/epcisBody/eventList" : "/epcisBody/queryResults/resultsBody/eventList";
        var additions = EpcisContext.Additions(content.Context);
        for (var i = 0; i < content.Events.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{pointer}/{i}");
            try
            {
                events.Add(Record(content.Events[i], content.Context, additions));
            }
            catch (FormatException e)
            {
                errors[at] = [e.Message];
            }
        }

        return errors.Count == 0;
    }

    private static CapturedEventRecord Record(JsonObject captured, JsonNode? documentContext, IReadOnlyList<JsonNode> documentAdditions)
    {
        var model = EpcisJson.Read(captured);
        var hash = EpcisEventHash.Compute(captured, documentContext);
        var stored = captured.DeepClone().AsObject();

        // recordTime is the repository's to set (at capture); a client's value is not kept.
        stored.Remove("recordTime");
        if (model.EventId is null)
        {
            stored["eventID"] = hash;
        }

        // The document's extra context (extension prefixes) travels with each event, so that the event means the same
        // when it is later returned inside another document.
        var context = documentAdditions.Select(a => a.DeepClone()).ToList();
        if (stored["@context"] is { } own)
        {
            context.AddRange(EpcisContext.Additions(own));
        }

        stored.Remove("@context");
        if (context.Count > 0)
        {
            var reordered = new JsonObject { ["@context"] = new JsonArray([.. context]) };
            foreach (var (name, value) in stored.ToList())
            {
                stored.Remove(name);
                reordered[name] = value;
            }

            stored = reordered;
        }

        return new CapturedEventRecord(
            model.EventId ?? hash,
            model.Type,
            model.EventTime,
            model.BizStep is { } step ? CbvVocabulary.Compact(CbvKind.BizStep, step) : null,
            hash,
            stored.ToJsonString(EpcisJsonOutput.Options),
            EpcisEpcs.Of(captured));
    }

    private static bool IsBlankNode(string id) =>
        id.Length > 2 && id.StartsWith("_:", StringComparison.Ordinal) && !id.Any(char.IsWhiteSpace);
}
