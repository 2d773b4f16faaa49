using SkiaSharp;
using Traceability.Labels.Layout;
using Traceability.Labels.Symbols;
using Traceability.Labels.Templates;

namespace Traceability.Labels.Rendering;

/// <summary>Draws a <see cref="LabelLayout"/> at the printer's resolution (one pixel per dot, greyscale, white label).</summary>
public static class PngRenderer
{
    /// <summary>The label as a bitmap; the caller disposes it.</summary>
    public static SKBitmap Draw(LabelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        SKBitmap? bitmap = new SKBitmap(new SKImageInfo(layout.WidthDots, layout.HeightDots, SKColorType.Gray8, SKAlphaType.Opaque));
        try
        {
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(SKColors.White);
                using var black = new SKPaint { Color = SKColors.Black, IsAntialias = false, Style = SKPaintStyle.Fill };
                foreach (var item in layout.Items)
                {
                    DrawItem(canvas, bitmap, black, item);
                }
            }

            var result = bitmap;
            bitmap = null;
            return result;
        }
        finally
        {
            bitmap?.Dispose();
        }
    }

    /// <summary>The label as PNG bytes (greyscale, light compression: encoding dominates render time otherwise).</summary>
    public static byte[] Encode(LabelLayout layout)
    {
        using var bitmap = Draw(layout);
        return EncodePng(bitmap);
    }

    /// <summary>PNG bytes of a bitmap.</summary>
    public static byte[] EncodePng(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var pixmap = bitmap.PeekPixels();
        // Skia's "NoFilters" means "no restriction" (it tries them all, ~1 ms for a unit label); the Up filter at zlib
        // level 1 encodes the same label in ~0.16 ms and still compresses a label to a few KB.
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 1))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the label as PNG.");
        return data.ToArray();
    }

    private static void DrawItem(SKCanvas canvas, SKBitmap bitmap, SKPaint black, LayoutItem item)
    {
        switch (item)
        {
            case TextItem t:
                using (Rotated(canvas, t, t.Rotation))
                {
                    using var font = TextMetrics.CreateFont(t.HeightDots);
                    canvas.DrawText(t.Text, 0, TextMetrics.Baseline(font, t.HeightDots), SKTextAlign.Left, font, black);
                }

                break;
            case QrItem q:
                var qr = QrSymbol.Encode(q.Data, q.ErrorCorrection);
                if (qr.Width != q.ModuleCount)
                {
                    throw new InvalidOperationException($"{q.Element}: the QR code has {qr.Width} modules, the layout planned {q.ModuleCount}.");
                }

                FillModules(bitmap, qr, q.X, q.Y, q.ModuleDots);
                break;
            case DataMatrixItem { Rotation: Rotation.None } d:
                FillModules(bitmap, d.Modules, d.X, d.Y, d.ModuleDots);
                break;
            case DataMatrixItem d:
                using (Rotated(canvas, d, d.Rotation))
                {
                    DrawModules(canvas, black, d.Modules, d.ModuleDots);
                }

                break;
            case BarcodeItem { Rotation: Rotation.None } b:
                for (var i = 0; i < b.Modules.Length; i++)
                {
                    if (b.Modules[i])
                    {
                        FillBlack(bitmap, b.X + (i * b.ModuleDots), b.Y, b.ModuleDots, b.BarHeightDots);
                    }
                }

                break;
            case BarcodeItem b:
                using (Rotated(canvas, b, b.Rotation))
                {
                    for (var i = 0; i < b.Modules.Length; i++)
                    {
                        if (b.Modules[i])
                        {
                            canvas.DrawRect(i * b.ModuleDots, 0, b.ModuleDots, b.BarHeightDots, black);
                        }
                    }
                }

                break;
            case BoxItem g:
                DrawBox(canvas, g);
                break;
            case ImageItem i:
                var pixels = bitmap.GetPixelSpan();
                for (var y = 0; y < i.Height; y++)
                {
                    var row = ((i.Y + y) * bitmap.RowBytes) + i.X;
                    for (var x = 0; x < i.Width; x++)
                    {
                        if (i.Black[(y * i.Width) + x])
                        {
                            pixels[row + x] = 0;
                        }
                    }
                }

                break;
            default:
                throw new InvalidOperationException($"No drawing for {item.GetType().Name}.");
        }
    }

    // Rotated symbols go through the canvas transform; upright ones are written straight into the Gray8 pixels (fast).
    private static void DrawModules(SKCanvas canvas, SKPaint paint, ModuleMatrix modules, int moduleDots)
    {
        for (var y = 0; y < modules.Height; y++)
        {
            for (var x = 0; x < modules.Width; x++)
            {
                if (modules[x, y])
                {
                    canvas.DrawRect(x * moduleDots, y * moduleDots, moduleDots, moduleDots, paint);
                }
            }
        }
    }

    private static void FillModules(SKBitmap bitmap, ModuleMatrix modules, int left, int top, int moduleDots)
    {
        for (var y = 0; y < modules.Height; y++)
        {
            for (var x = 0; x < modules.Width; x++)
            {
                if (modules[x, y])
                {
                    FillBlack(bitmap, left + (x * moduleDots), top + (y * moduleDots), moduleDots, moduleDots);
                }
            }
        }
    }

    private static void FillBlack(SKBitmap bitmap, int x, int y, int width, int height)
    {
        var pixels = bitmap.GetPixelSpan();
        for (var row = y; row < y + height; row++)
        {
            pixels.Slice((row * bitmap.RowBytes) + x, width).Clear();
        }
    }

    private static void DrawBox(SKCanvas canvas, BoxItem g)
    {
        var thickness = Math.Min(g.Thickness, Math.Min(g.Width, g.Height));
        var filled = thickness * 2 >= Math.Min(g.Width, g.Height);
        var radius = g.Rounding / 8f * Math.Min(g.Width, g.Height) / 2f;
        using var paint = new SKPaint
        {
            Color = SKColors.Black,
            IsAntialias = false,
            Style = filled ? SKPaintStyle.Fill : SKPaintStyle.Stroke,
            StrokeWidth = filled ? 0 : thickness,
        };
        var inset = filled ? 0 : thickness / 2f;
        var rect = new SKRect(g.X + inset, g.Y + inset, g.X + g.Width - inset, g.Y + g.Height - inset);
        if (radius > 0)
        {
            canvas.DrawRoundRect(rect, radius, radius, paint);
        }
        else
        {
            canvas.DrawRect(rect, paint);
        }
    }

    private static SKAutoCanvasRestore Rotated(SKCanvas canvas, LayoutItem item, Rotation rotation)
    {
        var restore = new SKAutoCanvasRestore(canvas, true);
        switch (rotation)
        {
            case Rotation.Rotate90:
                canvas.Translate(item.X + item.Width, item.Y);
                canvas.RotateDegrees(90);
                break;
            case Rotation.Rotate180:
                canvas.Translate(item.X + item.Width, item.Y + item.Height);
                canvas.RotateDegrees(180);
                break;
            case Rotation.Rotate270:
                canvas.Translate(item.X, item.Y + item.Height);
                canvas.RotateDegrees(270);
                break;
            default:
                canvas.Translate(item.X, item.Y);
                break;
        }

        return restore;
    }
}
