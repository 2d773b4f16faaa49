using SkiaSharp;

namespace Traceability.Labels;

/// <summary>The fonts shipped with the templates (DejaVu Sans), loaded from the assembly: SkiaSharp's default typeface has no glyphs without fontconfig.</summary>
public static class LabelFonts
{
    private static readonly Lazy<SKTypeface> LazyRegular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> LazyBold = new(() => Load("DejaVuSans-Bold.ttf"));

    /// <summary>DejaVu Sans.</summary>
    public static SKTypeface Regular => LazyRegular.Value;

    /// <summary>DejaVu Sans Bold.</summary>
    public static SKTypeface Bold => LazyBold.Value;

    private static SKTypeface Load(string file)
    {
        var name = "Traceability.Labels.Fonts." + file;
        using var stream = typeof(LabelFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Font resource '{name}' is missing from the assembly.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"Font resource '{name}' is not a font SkiaSharp can read.");
    }
}
