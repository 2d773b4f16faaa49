using System.Globalization;
using System.Text.Json;
using SkiaSharp;

namespace Traceability.Labels.Templates;

/// <summary>Reads template JSON strictly: every property is known, every number in range, every element on the label.</summary>
internal static class TemplateReader
{
    private const double Epsilon = 1e-9;

    internal static LabelTemplate Read(string json, string source, string baseDirectory)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new LabelTemplateException(source, null, $"not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            var root = new ObjectReader(doc.RootElement, source, null);
            var name = root.String("name");
            root.OptionalString("description");
            var width = root.Number("widthMm", min: 5, max: 500);
            var height = root.Number("heightMm", min: 5, max: 1000);
            var dpi = (int)root.Number("dpi", 203);
            if (!LabelTemplate.SupportedDpi.Contains(dpi))
            {
                throw new LabelTemplateException(source, null, $"dpi {dpi} is not a printer resolution; use 203, 300 or 600");
            }

            var quantity = (int)root.Number("quantity", 1, min: 1, max: 99_999_999);
            var elementsJson = root.Array("elements");
            root.RejectUnknown();

            var elements = new List<TemplateElement>();
            var index = 0;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in elementsJson)
            {
                index++;
                var element = ReadElement(e, index, source, baseDirectory);
                if (!names.Add(element.Name))
                {
                    throw new LabelTemplateException(source, element.Name, "the id is used twice");
                }

                CheckOnLabel(element, width, height, source);
                elements.Add(element);
            }

            if (elements.Count == 0)
            {
                throw new LabelTemplateException(source, null, "\"elements\" is empty: a label needs something to print");
            }

            return new LabelTemplate(source, name, width, height, dpi, quantity, elements);
        }
    }

    private static TemplateElement ReadElement(JsonElement json, int index, string source, string baseDirectory)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new LabelTemplateException(source, $"#{index}", $"must be a JSON object, not {json.ValueKind}");
        }

        var type = json.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
        var id = json.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : null;
        var name = id is null ? $"#{index} ({type ?? "?"})" : $"'{id}' ({type ?? "?"})";
        var r = new ObjectReader(json, source, name);
        r.String("type");
        r.OptionalString("id");
        var x = r.Number("x", min: 0, max: 1000);
        var y = r.Number("y", min: 0, max: 1000);
        TemplateElement element = type switch
        {
            "text" => new TextElement(name, x, y, r.Text("text"), r.Number("heightMm", min: 0.5, max: 200), r.OptionalNumber("maxWidthMm", min: 1, max: 1000),
                r.Rotation()),
            "qr" => new QrElement(name, x, y, r.Text("data"), r.Number("sizeMm", min: 2, max: 500), r.Enum("errorCorrection", QrErrorCorrection.M)),
            "datamatrix" => new DataMatrixElement(name, x, y, r.Text("data"), r.Number("sizeMm", min: 2, max: 500), r.Rotation()),
            "gs1-128" => new Gs1128Element(name, x, y, r.Text("data"), r.Number("widthMm", min: 10, max: 1000), r.Number("heightMm", min: 2, max: 500), r.Rotation()),
            "line" => new LineElement(name, x, y, r.Number("lengthMm", min: 0.1, max: 1000), r.Number("thicknessMm", 0.25, min: 0.1, max: 100),
                r.Enum("direction", LineDirection.Horizontal) == LineDirection.Vertical),
            "box" => new BoxElement(name, x, y, r.Number("widthMm", min: 0.1, max: 1000), r.Number("heightMm", min: 0.1, max: 1000),
                r.Number("thicknessMm", 0.25, min: 0.1, max: 500), (int)r.Number("rounding", 0, min: 0, max: 8)),
            "image" => new ImageElement(name, x, y, ResolveImage(r.String("path"), baseDirectory, source, name), r.Number("widthMm", min: 0.5, max: 1000),
                r.Number("heightMm", min: 0.5, max: 1000)),
            null => throw new LabelTemplateException(source, name, "has no \"type\"; use text, qr, datamatrix, gs1-128, line, box or image"),
            _ => throw new LabelTemplateException(source, name, $"unknown type \"{type}\"; use text, qr, datamatrix, gs1-128, line, box or image"),
        };
        if (element is QrElement && json.TryGetProperty("rotation", out _))
        {
            throw new LabelTemplateException(source, name, "a QR code cannot be rotated (ZPL ^BQ prints upright only)");
        }

        r.RejectUnknown();

        if (element is BoxElement box && box.ThicknessMm > Math.Min(box.WidthMm, box.HeightMm) / 2 + Epsilon && box.ThicknessMm < Math.Min(box.WidthMm, box.HeightMm) - Epsilon)
        {
            // ZPL fills a box whose border is at least half its smaller side; say so rather than surprise.
            throw new LabelTemplateException(source, name, $"border {box.ThicknessMm} mm is more than half the box; make it a filled box (thickness = {Math.Min(box.WidthMm, box.HeightMm)} mm) or thinner");
        }

        return element;
    }

    private static string ResolveImage(string path, string baseDirectory, string source, string name)
    {
        var full = Path.GetFullPath(Path.Combine(baseDirectory, path));
        if (!File.Exists(full))
        {
            throw new LabelTemplateException(source, name, $"image \"{path}\" not found (looked at {full})");
        }

        using var bitmap = SKBitmap.Decode(full);
        if (bitmap is null)
        {
            throw new LabelTemplateException(source, name, $"image \"{path}\" is not a PNG, JPEG or other image SkiaSharp can read");
        }

        return full;
    }

    private static void CheckOnLabel(TemplateElement e, double width, double height, string source)
    {
        var (w, h) = e switch
        {
            TextElement t => Rotated(t.MaxWidthMm ?? 0, t.HeightMm, t.Rotation),
            QrElement q => (q.SizeMm, q.SizeMm),
            DataMatrixElement d => (d.SizeMm, d.SizeMm),
            Gs1128Element g => Rotated(g.WidthMm, g.HeightMm, g.Rotation),
            LineElement l => l.Vertical ? (l.ThicknessMm, l.LengthMm) : (l.LengthMm, l.ThicknessMm),
            BoxElement b => (b.WidthMm, b.HeightMm),
            ImageElement i => (i.WidthMm, i.HeightMm),
            _ => (0.0, 0.0),
        };
        if (e.X + w > width + Epsilon)
        {
            throw new LabelTemplateException(source, e.Name,
                string.Create(CultureInfo.InvariantCulture, $"falls off the label: right edge at {e.X + w:0.##} mm, the label is {width:0.##} mm wide"));
        }

        if (e.Y + h > height + Epsilon)
        {
            throw new LabelTemplateException(source, e.Name,
                string.Create(CultureInfo.InvariantCulture, $"falls off the label: bottom edge at {e.Y + h:0.##} mm, the label is {height:0.##} mm high"));
        }
    }

    private static (double W, double H) Rotated(double w, double h, Rotation rotation) =>
        rotation is Rotation.Rotate90 or Rotation.Rotate270 ? (h, w) : (w, h);

    private enum LineDirection
    {
        Horizontal,
        Vertical,
    }

    /// <summary>Reads properties of one JSON object, remembering which were read so unknown ones are reported.</summary>
    private sealed class ObjectReader(JsonElement json, string source, string? element)
    {
        private readonly HashSet<string> _read = new(StringComparer.Ordinal);

        public string String(string property) => OptionalString(property) ?? throw Error($"\"{property}\" is required");

        public string? OptionalString(string property)
        {
            if (!TryGet(property, out var value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error($"\"{property}\" must be a string");
        }

        public TemplateText Text(string property)
        {
            var text = String(property);
            return TemplateText.TryParse(text, out var problem) ?? throw Error($"\"{property}\": {problem}");
        }

        public double Number(string property, double? fallback = null, double min = double.MinValue, double max = double.MaxValue) =>
            OptionalNumber(property, min, max) ?? fallback ?? throw Error($"\"{property}\" is required");

        public double? OptionalNumber(string property, double min = double.MinValue, double max = double.MaxValue)
        {
            if (!TryGet(property, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var n))
            {
                throw Error($"\"{property}\" must be a number");
            }

            return n >= min && n <= max
                ? n
                : throw Error(string.Create(CultureInfo.InvariantCulture, $"\"{property}\" is {n}; it must be between {min} and {max}"));
        }

        public T Enum<T>(string property, T fallback)
            where T : struct, System.Enum
        {
            var text = OptionalString(property);
            if (text is null)
            {
                return fallback;
            }

            return System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _)
                ? value
                : throw Error($"\"{property}\" is \"{text}\"; use {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
        }

        public Rotation Rotation()
        {
            var degrees = Number("rotation", 0);
            return degrees switch
            {
                0 => Templates.Rotation.None,
                90 => Templates.Rotation.Rotate90,
                180 => Templates.Rotation.Rotate180,
                270 => Templates.Rotation.Rotate270,
                _ => throw Error(string.Create(CultureInfo.InvariantCulture, $"\"rotation\" is {degrees}; use 0, 90, 180 or 270")),
            };
        }

        public JsonElement.ArrayEnumerator Array(string property)
        {
            if (!TryGet(property, out var value))
            {
                throw Error($"\"{property}\" is required");
            }

            return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw Error($"\"{property}\" must be an array");
        }

        public void RejectUnknown()
        {
            if (json.ValueKind != JsonValueKind.Object)
            {
                throw Error($"must be a JSON object, not {json.ValueKind}");
            }

            foreach (var p in json.EnumerateObject())
            {
                if (!_read.Contains(p.Name))
                {
                    throw Error($"unknown property \"{p.Name}\"; expected {string.Join(", ", _read.Order(StringComparer.Ordinal).Select(n => $"\"{n}\""))}");
                }
            }
        }

        private bool TryGet(string property, out JsonElement value)
        {
            _read.Add(property);
            value = default;
            return json.ValueKind == JsonValueKind.Object && json.TryGetProperty(property, out value) && value.ValueKind != JsonValueKind.Null;
        }

        private LabelTemplateException Error(string problem) => new(source, element, problem);
    }
}
