using System.Text.Encodings.Web;
using System.Text.Json;

namespace Traceability.Ctl.Commands;

/// <summary>
/// One compact JSON object per line, for the device verbs (plc, printer, reader, capture) whose output is a stream of
/// events a script reads line by line (<c>jq -c</c>, <c>while read</c>). Written by hand with <see cref="Utf8JsonWriter"/>
/// because OPC UA values are typed at run time (bool, UInt32, string[]…), which source-generated contracts cannot know.
/// </summary>
internal static class JsonLine
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
