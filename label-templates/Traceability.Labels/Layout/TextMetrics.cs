using SkiaSharp;

namespace Traceability.Labels.Layout;

/// <summary>
/// The one text convention of both PNG paths (the label renderer and the ZPL interpreter), matching what ZPL ^A0 prints:
/// Zebra's font 0 is a bold condensed scalable font, drawn here with DejaVu Sans Bold; the em size is the requested
/// height h in dots (a capital is about 0.73 h tall, Zebra's about 0.7–0.75 h), and the baseline sits at h − descent so
/// descenders end at the bottom of the field box.
/// </summary>
internal static class TextMetrics
{
    /// <summary>The font for a text of <paramref name="heightDots"/>, stretched horizontally to <paramref name="widthDots"/> (0: unstretched).</summary>
    internal static SKFont CreateFont(int heightDots, int widthDots = 0, bool antialias = false) =>
        new(LabelFonts.Bold, heightDots)
        {
            ScaleX = widthDots > 0 ? (float)widthDots / heightDots : 1f,
            Edging = antialias ? SKFontEdging.Antialias : SKFontEdging.Alias,
            Subpixel = antialias,
        };

    /// <summary>The baseline's distance from the top of the field box.</summary>
    internal static float Baseline(SKFont font, int heightDots) => heightDots - font.Metrics.Descent;

    /// <summary>The advance width in dots of <paramref name="text"/> at a height of <paramref name="heightDots"/>.</summary>
    internal static int Measure(string text, int heightDots)
    {
        using var font = CreateFont(heightDots);
        return (int)Math.Ceiling(font.MeasureText(text));
    }
}
