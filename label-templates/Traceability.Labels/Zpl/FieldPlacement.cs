using SkiaSharp;

namespace Traceability.Labels.Zpl;

/// <summary>
/// Maps a field drawn in its own upright coordinates (0,0 top-left, <c>width</c> × <c>height</c>) onto the label.
/// ^FO: whatever the orientation, the rotated box's top-left corner sits on the origin (Zebra's rule).
/// ^FT: the anchor (text baseline start, or a symbol's bottom-left) sits on the origin and the field turns about it.
/// N = upright, R = 90° clockwise, I = 180°, B = 270° (reads bottom to top).
/// </summary>
internal static class FieldPlacement
{
    public static SKMatrix Matrix(char orientation, ZplFieldSpec field, float width, float height, float anchorX, float anchorY)
    {
        float x = field.X, y = field.Y;
        if (!field.Typeset)
        {
            return orientation switch
            {
                'R' => new SKMatrix(0, -1, x + height, 1, 0, y, 0, 0, 1),
                'I' => new SKMatrix(-1, 0, x + width, 0, -1, y + height, 0, 0, 1),
                'B' => new SKMatrix(0, 1, x, -1, 0, y + width, 0, 0, 1),
                _ => SKMatrix.CreateTranslation(x, y),
            };
        }

        return orientation switch
        {
            'R' => new SKMatrix(0, -1, x + anchorY, 1, 0, y - anchorX, 0, 0, 1),
            'I' => new SKMatrix(-1, 0, x + anchorX, 0, -1, y + anchorY, 0, 0, 1),
            'B' => new SKMatrix(0, 1, x - anchorY, -1, 0, y + anchorX, 0, 0, 1),
            _ => SKMatrix.CreateTranslation(x - anchorX, y - anchorY),
        };
    }

    /// <summary>The field's box on the label, in whole dots.</summary>
    public static SKRectI Bounds(SKMatrix matrix, float width, float height)
    {
        var r = matrix.MapRect(new SKRect(0, 0, width, height));
        return SKRectI.Round(r);
    }
}
