using SkiaSharp;

namespace Traceability.Labels.Layout;

/// <summary>Text size in the shipped font. A text's height is its line (cell) height: the font size makes ascent + descent fill it.</summary>
internal static class TextMetrics
{
    /// <summary>The font size (em) that gives a line of <paramref name="heightDots"/>.</summary>
    internal static float FontSize(int heightDots, bool bold)
    {
        var typeface = bold ? LabelFonts.Bold : LabelFonts.Regular;
        using var probe = new SKFont(typeface, 100);
        var m = probe.Metrics;
        return heightDots * 100f / (m.Descent - m.Ascent);
    }

    /// <summary>The advance width in dots of <paramref name="text"/> at a line height of <paramref name="heightDots"/>.</summary>
    internal static int Measure(string text, int heightDots, bool bold)
    {
        using var font = new SKFont(bold ? LabelFonts.Bold : LabelFonts.Regular, FontSize(heightDots, bold));
        return (int)Math.Ceiling(font.MeasureText(text));
    }
}
