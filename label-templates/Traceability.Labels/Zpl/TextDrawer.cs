using SkiaSharp;

namespace Traceability.Labels.Zpl;

/// <summary>
/// Text fields, drawn by the convention of <see cref="Layout.TextMetrics"/> (DejaVu Sans Bold, em = requested height,
/// baseline at height − descent), which the label renderer shares. The requested width stretches the glyphs by
/// width / height (0 or omitted: unstretched); bitmap fonts A–H are drawn the same way.
/// </summary>
internal static class TextDrawer
{
    public static void Draw(DrawContext context, ZplFieldSpec field, ZplFontSpec font, string text)
    {
        var height = Math.Max(1, font.Height);
        var width = font.Width > 0 ? font.Width : height;
        using var skFont = Layout.TextMetrics.CreateFont(height, width, antialias: true);
        var advance = skFont.MeasureText(text);
        var baseline = Layout.TextMetrics.Baseline(skFont, height);
        using var paint = DrawContext.Ink(field.Reverse, antialias: true);
        context.Place("^A" + font.Font, text, font.Orientation, field, MathF.Ceiling(advance), height, 0, baseline,
            canvas => canvas.DrawText(text, 0, baseline, SKTextAlign.Left, skFont, paint));
    }

    /// <summary>Centred text in a box of the given width, for barcode interpretation lines.</summary>
    public static void DrawCentred(SKCanvas canvas, SKPaint paint, string text, float boxWidth, float top, int height)
    {
        using var skFont = new SKFont(LabelFonts.Regular, height) { Edging = SKFontEdging.Antialias, Subpixel = true };
        var advance = skFont.MeasureText(text);
        canvas.DrawText(text, (boxWidth - advance) / 2, top + height - skFont.Metrics.Descent, SKTextAlign.Left, skFont, paint);
    }
}
