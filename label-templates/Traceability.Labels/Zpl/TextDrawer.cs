using SkiaSharp;

namespace Traceability.Labels.Zpl;

/// <summary>
/// Text fields. Every ZPL font is drawn with DejaVu Sans (font 0, Zebra's bold condensed scalable font, with DejaVu Sans
/// Bold): the em size is the requested height in dots, so a capital is about 0.73 × height tall (Zebra's font 0 is
/// about 0.7–0.75), and the baseline sits at height − descent so descenders end at the bottom of the field box.
/// The requested width stretches the glyphs horizontally by width / height (0 or omitted: unstretched).
/// </summary>
internal static class TextDrawer
{
    public static void Draw(DrawContext context, ZplFieldSpec field, ZplFontSpec font, string text)
    {
        var height = Math.Max(1, font.Height);
        var width = font.Width > 0 ? font.Width : height;
        using var skFont = new SKFont(font.Font == '0' ? LabelFonts.Bold : LabelFonts.Regular, height)
        {
            ScaleX = (float)width / height,
            Edging = SKFontEdging.Antialias,
            Subpixel = true,
        };
        var advance = skFont.MeasureText(text);
        var baseline = height - skFont.Metrics.Descent;
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
