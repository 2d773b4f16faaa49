using System.Text;
using Traceability.Core.Gs1;
using ZXing;
using ZXing.Datamatrix;
using ZXing.Datamatrix.Encoder;

namespace Traceability.Labels.Zpl;

/// <summary>
/// ^BX DataMatrix (ECC 200 only). With an escape character (^BXN,6,200,,,,_) the field data may carry
/// _1 (FNC1: first in the data it makes the symbol GS1, later it separates AIs and is written as GS),
/// _dNNN (the character with decimal code NNN) and _@ … _Z (control characters NUL … SUB).
/// </summary>
internal static class DataMatrixDrawer
{
    public static void Draw(DrawContext context, ZplFieldSpec field, ZplDataMatrix dm, string data)
    {
        var (gs1, text) = Unescape(context, dm, data);
        var matrix = gs1 && ElementString.TryParseRaw(text, out var code, out _)
            ? Symbols.DataMatrixSymbol.EncodeGs1Bits(code) // checked by decoding; see DataMatrixSymbol
            : null;
        if (matrix is not null && dm.Columns is > 0 && dm.Rows is > 0 && (matrix.Width != dm.Columns || matrix.Height != dm.Rows))
        {
            matrix = null; // a forced size that differs from ours: encode at that size below
        }

        matrix ??= EncodeWithZxing(dm, gs1, text);

        // The L finder (solid left column and bottom row) and the clock track bound the symbol: trim any margin.
        var (left, top, columns, rows) = Trim(matrix);
        var module = Math.Max(1, dm.ModuleSize);
        using var paint = DrawContext.Ink(field.Reverse);
        context.Place("^BX", data, dm.Orientation, field, columns * module, rows * module, 0, rows * module, canvas =>
            DrawContext.FillModules(canvas, paint, columns, rows, (c, r) => matrix[left + c, top + r], module, module));
    }

    private static ZXing.Common.BitMatrix EncodeWithZxing(ZplDataMatrix dm, bool gs1, string text)
    {
        var options = new DatamatrixEncodingOptions
        {
            // ZXing ignores GS1Format unless CompactEncoding (its minimal encoder) is on.
            GS1Format = gs1,
            CompactEncoding = true,
            Margin = 0,
            SymbolShape = dm.Rectangular ? SymbolShapeHint.FORCE_RECTANGLE : SymbolShapeHint.FORCE_SQUARE,
        };
        if (dm.Columns is > 0 && dm.Rows is > 0)
        {
            options.SymbolShape = SymbolShapeHint.FORCE_NONE;
            options.MinSize = new Dimension(dm.Columns.Value, dm.Rows.Value);
            options.MaxSize = new Dimension(dm.Columns.Value, dm.Rows.Value);
        }

        ZXing.Common.BitMatrix matrix;
        try
        {
            matrix = new DataMatrixWriter().encode(text, BarcodeFormat.DATA_MATRIX, 0, 0, options.Hints);
        }
        catch (ArgumentException e)
        {
            throw new ZplException(dm.Command, $"the data does not fit a DataMatrix of the requested size ({e.Message})");
        }

        // ZXing.Net's compact encoder can corrupt FNC1 (see DataMatrixSymbol): never draw a symbol that reads as other data.
        var expected = (gs1 ? ElementString.GroupSeparator.ToString() : string.Empty) + text;
        return Symbols.DataMatrixSymbol.DecodesTo(Trimmed(matrix), expected)
            ? matrix
            : throw new ZplException(dm.Command, "ZXing.Net encodes this data into a symbol that reads back differently; use the GS1 element-string form or another size");
    }

    private static ZXing.Common.BitMatrix Trimmed(ZXing.Common.BitMatrix matrix)
    {
        var (left, top, columns, rows) = Trim(matrix);
        if (left == 0 && top == 0 && columns == matrix.Width && rows == matrix.Height)
        {
            return matrix;
        }

        var trimmed = new ZXing.Common.BitMatrix(columns, rows);
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                trimmed[x, y] = matrix[left + x, top + y];
            }
        }

        return trimmed;
    }

    /// <summary>Resolves escape sequences; true when a leading FNC1 makes this GS1 DataMatrix.</summary>
    internal static (bool Gs1, string Text) Unescape(DrawContext context, ZplDataMatrix dm, string data)
    {
        if (dm.Escape is not { } escape)
        {
            return (false, data);
        }

        var gs1 = false;
        var sb = new StringBuilder(data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            var c = data[i];
            if (c != escape || i + 1 >= data.Length)
            {
                sb.Append(c);
                continue;
            }

            var next = data[i + 1];
            if (next == '1')
            {
                if (sb.Length == 0 && !gs1)
                {
                    gs1 = true;
                }
                else
                {
                    sb.Append(ElementString.GroupSeparator);
                }

                i++;
            }
            else if (next == 'd' && i + 4 < data.Length && int.TryParse(data.AsSpan(i + 2, 3), out var code) && code < 256)
            {
                sb.Append((char)code);
                i += 4;
            }
            else if (next is >= '@' and <= 'Z')
            {
                sb.Append((char)(next - '@'));
                i++;
            }
            else
            {
                context.Warn(dm.Command, $"escape sequence '{escape}{next}' is not understood; written as it stands");
                sb.Append(c);
            }
        }

        return (gs1, sb.ToString());
    }

    private static (int Left, int Top, int Columns, int Rows) Trim(ZXing.Common.BitMatrix matrix)
    {
        int minX = matrix.Width, minY = matrix.Height, maxX = -1, maxY = -1;
        for (var y = 0; y < matrix.Height; y++)
        {
            for (var x = 0; x < matrix.Width; x++)
            {
                if (matrix[x, y])
                {
                    minX = Math.Min(minX, x);
                    maxX = Math.Max(maxX, x);
                    minY = Math.Min(minY, y);
                    maxY = Math.Max(maxY, y);
                }
            }
        }

        return maxX < 0 ? (0, 0, matrix.Width, matrix.Height) : (minX, minY, maxX - minX + 1, maxY - minY + 1);
    }
}
