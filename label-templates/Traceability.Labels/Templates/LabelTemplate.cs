using System.Text.Json;

namespace Traceability.Labels.Templates;

/// <summary>
/// A label template a plant engineer edits without code (JSON; see docs/label-templates.md): size in mm, printer
/// resolution, elements placed in mm. Loading checks everything that can be checked without data: unknown
/// properties, unknown variables, and elements whose declared box falls off the label, each error naming the element.
/// </summary>
public sealed class LabelTemplate
{
    /// <summary>Printer resolutions supported, in dots per inch.</summary>
    public static readonly IReadOnlyList<int> SupportedDpi = [203, 300, 600];

    internal LabelTemplate(string source, string name, double widthMm, double heightMm, int dpi, int quantity, IReadOnlyList<TemplateElement> elements)
    {
        Source = source;
        Name = name;
        WidthMm = widthMm;
        HeightMm = heightMm;
        Dpi = dpi;
        Quantity = quantity;
        Elements = elements;
    }

    /// <summary>Where the template came from (file name), for messages.</summary>
    public string Source { get; }

    /// <summary>The template's name.</summary>
    public string Name { get; }

    /// <summary>Label width, mm.</summary>
    public double WidthMm { get; }

    /// <summary>Label height (length along the feed), mm.</summary>
    public double HeightMm { get; }

    /// <summary>Printer resolution: 203, 300 or 600 dpi.</summary>
    public int Dpi { get; }

    /// <summary>Dots per millimetre as Zebra printers count them: 8, 12 or 24.</summary>
    public int DotsPerMm => Dpi switch { 203 => 8, 300 => 12, _ => 24 };

    /// <summary>Copies per label (ZPL ^PQ).</summary>
    public int Quantity { get; }

    /// <summary>The elements, drawn in order.</summary>
    public IReadOnlyList<TemplateElement> Elements { get; }

    /// <summary>The variables the template uses.</summary>
    public IReadOnlySet<string> Variables => Elements.SelectMany(TextsOf).SelectMany(t => t.Variables).ToHashSet(StringComparer.Ordinal);

    /// <summary>Loads a template file; images are found relative to it.</summary>
    /// <exception cref="LabelTemplateException">The template is malformed; the message names the element and the problem.</exception>
    public static LabelTemplate Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LabelTemplateException(path, null, $"cannot be read: {e.Message}", e);
        }

        return Parse(json, Path.GetFileName(path), Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Parses template JSON; <paramref name="baseDirectory"/> resolves image paths.</summary>
    /// <exception cref="LabelTemplateException">The template is malformed; the message names the element and the problem.</exception>
    public static LabelTemplate Parse(string json, string source = "template", string? baseDirectory = null) =>
        TemplateReader.Read(json, source, baseDirectory ?? Directory.GetCurrentDirectory());

    private static IEnumerable<TemplateText> TextsOf(TemplateElement e) => e switch
    {
        TextElement t => [t.Text],
        QrElement q => [q.Data],
        DataMatrixElement d => [d.Data],
        Gs1128Element g => [g.Data],
        _ => [],
    };
}
