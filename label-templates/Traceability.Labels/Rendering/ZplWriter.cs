using System.Globalization;
using System.Text;
using Traceability.Labels.Layout;
using Traceability.Labels.Templates;

namespace Traceability.Labels.Rendering;

/// <summary>
/// Writes a <see cref="LabelLayout"/> as ZPL II: ^XA, ^CI28 (UTF-8), ^PW/^LL, then one field per item (^FO origin =
/// the item's top-left), ^PQ, ^XZ. Text and QR data go through ^FH so ^, ~, _ and control characters cannot end a field.
/// </summary>
public static class ZplWriter
{
    /// <summary>The ZPL for <paramref name="layout"/>.</summary>
    public static string Write(LabelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var sb = new StringBuilder(1024);
        sb.Append("^XA\n^CI28\n");
        Append(sb, $"^PW{layout.WidthDots}\n^LL{layout.HeightDots}\n^LH0,0\n");
        foreach (var item in layout.Items)
        {
            Append(sb, $"^FO{item.X},{item.Y}");
            switch (item)
            {
                case TextItem t:
                    Append(sb, $"^A0{Orientation(t.Rotation)},{t.HeightDots},{t.HeightDots}^FH^FD");
                    Escape(sb, t.Text);
                    break;
                case QrItem q:
                    Append(sb, $"^BQN,2,{q.ModuleDots},{q.ErrorCorrection}^FH^FD{q.ErrorCorrection}A,");
                    Escape(sb, q.Data);
                    break;
                case DataMatrixItem d:
                    // ^BX escape character '|': "|1" is FNC1 (first: GS1 mode; later: the field separator). '|' is in no GS1
                    // character set (CSET 82, CSET 39, base64url), so GS1 data never needs escaping; '_' would ("__").
                    Append(sb, $"^BX{Orientation(d.Rotation)},{d.ModuleDots},200,{d.Modules.Width},{d.Modules.Height},6,|^FD|1");
                    sb.Append(d.Data.ToRaw().Replace("\x1D", "|1", StringComparison.Ordinal));
                    break;
                case BarcodeItem b:
                    Append(sb, $"^BY{b.ModuleDots}^BC{Orientation(b.Rotation)},{b.BarHeightDots},N,N,N,N^FD");
                    sb.Append(b.ZplData);
                    break;
                case BoxItem g:
                    Append(sb, $"^GB{g.Width},{g.Height},{Math.Min(g.Thickness, Math.Min(g.Width, g.Height))},B,{g.Rounding}");
                    break;
                case ImageItem i:
                    AppendGraphic(sb, i);
                    break;
                default:
                    throw new InvalidOperationException($"No ZPL for {item.GetType().Name}.");
            }

            sb.Append("^FS\n");
        }

        Append(sb, $"^PQ{layout.Quantity}\n");
        sb.Append("^XZ\n");
        return sb.ToString();
    }

    internal static char Orientation(Rotation rotation) => rotation switch
    {
        Rotation.Rotate90 => 'R',
        Rotation.Rotate180 => 'I',
        Rotation.Rotate270 => 'B',
        _ => 'N',
    };

    private static void Append(StringBuilder sb, FormattableString text) => sb.Append(text.ToString(CultureInfo.InvariantCulture));

    private static void Escape(StringBuilder sb, string text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is >= 0x20 and <= 0x7E && rune.Value is not '^' and not '~' and not '_')
            {
                sb.Append((char)rune.Value);
                continue;
            }

            var n = rune.EncodeToUtf8(utf8);
            for (var k = 0; k < n; k++)
            {
                sb.Append('_').Append(utf8[k].ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }

    private static void AppendGraphic(StringBuilder sb, ImageItem image)
    {
        var bytesPerRow = (image.Width + 7) / 8;
        var total = bytesPerRow * image.Height;
        Append(sb, $"^GFA,{total},{total},{bytesPerRow},");
        for (var y = 0; y < image.Height; y++)
        {
            for (var bx = 0; bx < bytesPerRow; bx++)
            {
                var b = 0;
                for (var bit = 0; bit < 8; bit++)
                {
                    var x = (bx * 8) + bit;
                    if (x < image.Width && image.Black[(y * image.Width) + x])
                    {
                        b |= 0x80 >> bit;
                    }
                }

                sb.Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }
}
