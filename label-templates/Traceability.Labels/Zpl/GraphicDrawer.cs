using SkiaSharp;

namespace Traceability.Labels.Zpl;

/// <summary>^GB boxes and lines, ^GF bitmaps. Neither turns with ^FW; with ^FT their origin is the bottom-left corner.</summary>
internal static class GraphicDrawer
{
    public static void DrawBox(DrawContext context, ZplFieldSpec field, ZplBox box)
    {
        // Zebra widens a box to at least its line thickness: ^GB0,100,3 is a 3-dot vertical line.
        var t = Math.Max(1, box.Thickness);
        var w = Math.Max(box.Width, t);
        var h = Math.Max(box.Height, t);
        using var paint = DrawContext.Ink(field.Reverse, box.White, antialias: box.Rounding > 0);
        context.Place("^GB", null, 'N', field, w, h, 0, h, canvas =>
        {
            if (box.Rounding > 0)
            {
                var radius = box.Rounding / 8f * Math.Min(w, h) / 2f;
                using var outer = new SKRoundRect(new SKRect(0, 0, w, h), radius);
                if (2 * t < Math.Min(w, h))
                {
                    using var inner = new SKRoundRect(new SKRect(t, t, w - t, h - t), Math.Max(0, radius - t));
                    canvas.DrawRoundRectDifference(outer, inner, paint);
                }
                else
                {
                    canvas.DrawRoundRect(outer, paint);
                }
            }
            else if (2 * t >= w || 2 * t >= h)
            {
                canvas.DrawRect(0, 0, w, h, paint);
            }
            else
            {
                // Four rectangles that do not overlap, so a reversed (^FR) box inverts each dot once.
                canvas.DrawRect(0, 0, w, t, paint);
                canvas.DrawRect(0, h - t, w, t, paint);
                canvas.DrawRect(0, t, t, h - (2 * t), paint);
                canvas.DrawRect(w - t, t, t, h - (2 * t), paint);
            }
        });
    }

    public static void DrawGraphic(DrawContext context, ZplFieldSpec field, ZplGraphic graphic)
    {
        var width = graphic.BytesPerRow * 8;
        var bits = graphic.Bits;
        var bytesPerRow = graphic.BytesPerRow;
        using var paint = DrawContext.Ink(field.Reverse);
        context.Place("^GF", null, 'N', field, width, graphic.Rows, 0, graphic.Rows, canvas =>
            DrawContext.FillModules(canvas, paint, width, graphic.Rows,
                (c, r) => (bits[(r * bytesPerRow) + (c >> 3)] & (0x80 >> (c & 7))) != 0, 1, 1));
    }
}
