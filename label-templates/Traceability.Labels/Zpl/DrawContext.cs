using SkiaSharp;

namespace Traceability.Labels.Zpl;

/// <summary>The label being drawn, the fields and warnings collected so far.</summary>
internal sealed class DrawContext
{
    public DrawContext(SKCanvas canvas, ZplState state, List<ZplField> fields, List<string> warnings)
    {
        Canvas = canvas;
        State = state;
        Fields = fields;
        Warnings = warnings;
    }

    public SKCanvas Canvas { get; }

    public ZplState State { get; }

    public List<ZplField> Fields { get; }

    public List<string> Warnings { get; }

    public void Warn(ZplCommand command, string problem) => Warnings.Add($"{command.Display} at position {command.Position}: {problem}");

    /// <summary>
    /// Black ink, or for ^FR a white ink that inverts what is under it (difference with white), which is what a
    /// reversed field does on a thermal printer.
    /// </summary>
    public static SKPaint Ink(bool reverse, bool white = false, bool antialias = false)
    {
        var paint = new SKPaint { IsAntialias = antialias, Style = SKPaintStyle.Fill };
        if (reverse)
        {
            paint.Color = SKColors.White;
            paint.BlendMode = SKBlendMode.Difference;
        }
        else
        {
            paint.Color = white ? SKColors.White : SKColors.Black;
        }

        return paint;
    }

    /// <summary>Draws the field at its place and records its box.</summary>
    public void Place(string command, string? data, char orientation, ZplFieldSpec field, float width, float height, float anchorX, float anchorY, Action<SKCanvas> draw)
    {
        var matrix = FieldPlacement.Matrix(orientation, field, width, height, anchorX, anchorY);
        Canvas.Save();
        Canvas.SetMatrix(matrix);
        draw(Canvas);
        Canvas.Restore();
        var box = FieldPlacement.Bounds(matrix, width, height);
        Fields.Add(new ZplField(command, box.Left, box.Top, box.Width, box.Height, data));
    }

    /// <summary>Fills the dark modules of a matrix, merging horizontal runs into one rectangle each.</summary>
    public static void FillModules(SKCanvas canvas, SKPaint paint, int columns, int rows, Func<int, int, bool> dark, float moduleWidth, float moduleHeight, float top = 0)
    {
        for (var r = 0; r < rows; r++)
        {
            var c = 0;
            while (c < columns)
            {
                if (!dark(c, r))
                {
                    c++;
                    continue;
                }

                var start = c;
                while (c < columns && dark(c, r))
                {
                    c++;
                }

                canvas.DrawRect(start * moduleWidth, top + (r * moduleHeight), (c - start) * moduleWidth, moduleHeight, paint);
            }
        }
    }
}
