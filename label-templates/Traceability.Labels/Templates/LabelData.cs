using System.Text.Json;

namespace Traceability.Labels.Templates;

/// <summary>The values for one label: a flat JSON object of the template's variables, e.g. {"serial":"Q7XK2M9PZR4T","gtin":"09506000134352"}.</summary>
public sealed class LabelData
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Creates label data from name → value pairs.</summary>
    public LabelData(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, string>(values, StringComparer.Ordinal);
    }

    /// <summary>The values by variable name.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Reads a flat JSON object; numbers and booleans are taken as their JSON text.</summary>
    /// <exception cref="LabelTemplateException">Not JSON, not an object, or a value is an object, array or null; the message names the key.</exception>
    public static LabelData Parse(string json, string source = "data")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new LabelTemplateException(source, null, $"not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new LabelTemplateException(source, null, $"must be a JSON object of variables, not {doc.RootElement.ValueKind}");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                values[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                    _ => throw new LabelTemplateException(source, null, $"\"{p.Name}\" must be a string or a number, not {p.Value.ValueKind}"),
                };
            }

            return new LabelData(values);
        }
    }

    /// <summary>Reads a flat JSON object from a file.</summary>
    public static LabelData Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <summary>The value of <paramref name="name"/>.</summary>
    /// <exception cref="LabelDataException">There is none.</exception>
    public string Get(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new LabelDataException(name, "has no value in the label data");
}

/// <summary>A variable the template needs is missing or malformed in the label data.</summary>
public sealed class LabelDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LabelDataException(string variable, string problem)
        : base($"{{{variable}}} {problem}")
    {
        Variable = variable;
    }

    /// <summary>The variable.</summary>
    public string Variable { get; }
}
