using System.Text.Json.Nodes;

namespace Traceability.Core.Epcis;

/// <summary>
/// The JSON-LD <c>@context</c> of EPCIS 2.0 documents: the standard context URL, the prefixes it defines, and the
/// prefix definitions a document adds for its extensions (<c>{"example": "http://ns.example.com/epcis/"}</c>).
/// </summary>
public static class EpcisContext
{
    /// <summary>The EPCIS 2.0.0 JSON-LD context our documents reference.</summary>
    public const string Uri = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    /// <summary>The prefixes the standard context defines (<c>cbvmda</c>, <c>gs1</c>, …) and their IRIs.</summary>
    public static IReadOnlyDictionary<string, string> StandardPrefixes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["epcis"] = "https://ref.gs1.org/epcis/",
        ["cbv"] = "https://ref.gs1.org/cbv/",
        ["cbvmda"] = "urn:epcglobal:cbv:mda:",
        ["gs1"] = "https://gs1.org/voc/",
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#",
        ["owl"] = "http://www.w3.org/2002/07/owl#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["dcterms"] = "http://purl.org/dc/terms/",
    };

    /// <summary>
    /// True for the URLs GS1 has published the EPCIS 2.0 context under (ref.gs1.org, gs1.github.io, id.gs1.org, with or
    /// without version, the "simple" variant included): they define nothing beyond <see cref="StandardPrefixes"/>.
    /// </summary>
    public static bool IsStandard(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.EndsWith(".jsonld", StringComparison.OrdinalIgnoreCase)
            && url.Contains("epcis-context", StringComparison.OrdinalIgnoreCase)
            && (url.StartsWith("https://ref.gs1.org/", StringComparison.OrdinalIgnoreCase)
                || url.StartsWith("https://gs1.github.io/", StringComparison.OrdinalIgnoreCase)
                || url.StartsWith("https://id.gs1.org/", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The parts of a <c>@context</c> value beyond the standard context: inline prefix objects and other context URLs,
    /// in order. Empty when the context is only the standard one (or absent).
    /// </summary>
    public static IReadOnlyList<JsonNode> Additions(JsonNode? context)
    {
        var additions = new List<JsonNode>();
        foreach (var entry in Entries(context))
        {
            if (entry is JsonValue v && v.TryGetValue<string>(out var url) && IsStandard(url))
            {
                continue;
            }

            additions.Add(entry.DeepClone());
        }

        return additions;
    }

    /// <summary>
    /// The prefix map in force: the standard prefixes, then the string-valued terms of every inline context object in
    /// <paramref name="contexts"/> (later ones win, as in JSON-LD).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Prefixes(params JsonNode?[] contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var prefixes = new Dictionary<string, string>(StandardPrefixes, StringComparer.Ordinal);
        foreach (var context in contexts)
        {
            foreach (var entry in Entries(context))
            {
                if (entry is not JsonObject definitions)
                {
                    continue;
                }

                foreach (var (term, value) in definitions)
                {
                    var iri = value is JsonValue s && s.TryGetValue<string>(out var text) ? text
                        : value is JsonObject o && o["@id"] is JsonValue id && id.TryGetValue<string>(out var idText) ? idText
                        : null;
                    if (iri is not null && !term.StartsWith('@'))
                    {
                        prefixes[term] = iri;
                    }
                }
            }
        }

        return prefixes;
    }

    private static IEnumerable<JsonNode> Entries(JsonNode? context) => context switch
    {
        null => [],
        JsonArray array => array.OfType<JsonNode>(),
        _ => [context],
    };
}
