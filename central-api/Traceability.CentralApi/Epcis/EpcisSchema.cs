using System.Text.Json;
using Json.Schema;

namespace Traceability.CentralApi.Epcis;

/// <summary>
/// GS1's EPCIS 2.0 JSON schema (draft-07), embedded in the assembly with GS1's licence beside it
/// (Epcis/Schema/epcis.LICENSE), and a validator that reports errors by JSON pointer.
/// </summary>
/// <remarks>
/// The schema dispatches with if/then and allows alternatives with anyOf, so a validator's raw output lists failures of
/// branches that never applied. Only failures on the path that decides validity are reported: if-conditions are not
/// errors, and of an anyOf whose branches all fail, the branches that got deepest into the document are reported (the
/// branch the document evidently meant). Property names outside the allowed set get one plain message.
/// </remarks>
internal static class EpcisSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(Resource("epcis/EPCIS-JSON-Schema.json"), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true };

    /// <summary>The EPCIS 2.0 JSON-LD context GS1 published, as embedded.</summary>
    public static string Context => Resource("epcis/epcis-context.jsonld");

    /// <summary>The schema errors of <paramref name="document"/>, by JSON pointer; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(JsonElement document)
    {
        var result = Schema.Value.Evaluate(document, Options);
        var errors = new List<(string Pointer, string Message)>();
        if (!result.IsValid)
        {
            Collect(result, errors);
        }

        return errors
            .GroupBy(e => e.Pointer, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    private static void Collect(EvaluationResults node, List<(string Pointer, string Message)> errors)
    {
        var pointer = node.InstanceLocation.ToString();
        var path = node.EvaluationPath.ToString();
        if (path.Contains("/propertyNames", StringComparison.Ordinal))
        {
            var name = pointer[(pointer.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            errors.Add((pointer, $"'{name}' is not a field of this object; an extension field needs a namespace prefix defined in @context, e.g. 'example:{name}'."));
            return;
        }

        if (node.Errors is { Count: > 0 })
        {
            foreach (var (keyword, message) in node.Errors)
            {
                errors.Add((pointer, $"{keyword}: {message}"));
            }
        }

        var failing = (node.Details ?? []).Where(d => !d.IsValid && !LastSegment(d).Equals("if", StringComparison.Ordinal)).ToList();
        var branches = failing.Where(IsAlternative).ToList();
        foreach (var child in failing.Except(branches))
        {
            Collect(child, errors);
        }

        if (branches.Count > 0)
        {
            // All alternatives failed: report the ones that got deepest, the branch the document meant.
            var collected = branches.Select(b =>
            {
                var list = new List<(string Pointer, string Message)>();
                Collect(b, list);
                return list;
            }).ToList();
            var depth = collected.Max(Depth);
            foreach (var list in collected.Where(l => Depth(l) == depth))
            {
                errors.AddRange(list);
            }
        }
    }

    private static int Depth(List<(string Pointer, string Message)> errors) =>
        errors.Count == 0 ? -1 : errors.Max(e => e.Pointer.Count(c => c == '/'));

    private static bool IsAlternative(EvaluationResults node)
    {
        var path = node.EvaluationPath.ToString();
        var last = path.LastIndexOf('/');
        var parent = last > 0 ? path[..last] : "";
        return parent.EndsWith("/anyOf", StringComparison.Ordinal) || parent.EndsWith("/oneOf", StringComparison.Ordinal);
    }

    private static string LastSegment(EvaluationResults node)
    {
        var path = node.EvaluationPath.ToString();
        return path[(path.LastIndexOf('/') + 1)..];
    }

    private static string Resource(string name)
    {
        using var stream = typeof(EpcisSchema).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
