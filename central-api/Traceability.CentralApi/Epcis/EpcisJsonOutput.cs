using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Traceability.CentralApi.Epcis;

/// <summary>How EPCIS JSON leaves central: UTF-8 without HTML-safety escapes (a "+08:00" offset stays readable).</summary>
internal static class EpcisJsonOutput
{
    public const string MediaType = "application/json";

    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Json(JsonNode body, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Text(body.ToJsonString(Options), MediaType, System.Text.Encoding.UTF8, statusCode);
}
