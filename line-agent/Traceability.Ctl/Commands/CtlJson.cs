using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Traceability.Ctl.Commands;

/// <summary>One GS1 element as <c>codes parse</c> prints it; <see cref="Title"/> is null for an AI the dictionary lacks.</summary>
internal sealed record ElementJson(string Ai, string? Title, string Value);

/// <summary>What <c>codes parse</c> prints.</summary>
internal sealed record ParsedCodeJson(IReadOnlyList<ElementJson> Elements, string Bracketed, string Raw);

/// <summary>Source-generated JSON for tracectl's output: no reflection, camelCase, indented for people.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ParsedCodeJson))]
internal sealed partial class CtlJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The same options with relaxed escaping: the output goes to a terminal or a script, not into HTML, so "&amp;" or "+"
    /// stay readable. Control characters such as GS are still escaped ("\u001D").
    /// </summary>
    public static CtlJsonContext Console { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
