using QRCoder;

namespace Traceability.Labels.Zpl;

/// <summary>
/// ^BQ QR codes (model 2). The field data carries the error correction level and input mode before a comma:
/// "MA,https://…" (H/Q/M/L, A automatic or M manual). Like a Zebra printer, no quiet zone is drawn: the symbol's
/// top-left finder pattern starts exactly at the ^FO origin (QRCoder's 4-module margin is cut off); keep 4 modules
/// of white around it in the layout.
/// </summary>
internal static class QrCodeDrawer
{
    private const int QuietZone = 4;

    public static void Draw(DrawContext context, ZplFieldSpec field, ZplQrCode qr, string data)
    {
        var (level, text) = Split(context, qr, data);
        using var code = QRCodeGenerator.GenerateQrCode(text, level, forceUtf8: text.Any(c => c > '\x7F'));
        var matrix = code.ModuleMatrix;
        var size = matrix.Count - (2 * QuietZone);
        var module = Math.Max(1, qr.Magnification);
        using var paint = DrawContext.Ink(field.Reverse);
        context.Place("^BQ", data, qr.Orientation, field, size * module, size * module, 0, size * module, canvas =>
            DrawContext.FillModules(canvas, paint, size, size, (c, r) => matrix[r + QuietZone][c + QuietZone], module, module));
    }

    internal static (QRCodeGenerator.ECCLevel Level, string Text) Split(DrawContext context, ZplQrCode qr, string data)
    {
        var ec = qr.ErrorCorrection ?? 'Q';
        var text = data;
        if (data.Length >= 3 && char.ToUpperInvariant(data[0]) is 'H' or 'Q' or 'M' or 'L' && char.ToUpperInvariant(data[1]) is 'A' or 'M' && data[2] == ',')
        {
            ec = char.ToUpperInvariant(data[0]);
            text = data[3..];
            if (char.ToUpperInvariant(data[1]) == 'M' && text.Length > 0)
            {
                // Manual input: a character mode letter first; byte mode (B) adds a 4-digit length.
                text = char.ToUpperInvariant(text[0]) == 'B' && text.Length >= 5 ? text[5..] : text[1..];
            }
        }
        else
        {
            context.Warn(qr.Command, $"QR field data should start with error correction and input mode (e.g. \"QA,\"); encoded all of it at level {ec}");
        }

        var level = ec switch
        {
            'H' => QRCodeGenerator.ECCLevel.H,
            'M' => QRCodeGenerator.ECCLevel.M,
            'L' => QRCodeGenerator.ECCLevel.L,
            _ => QRCodeGenerator.ECCLevel.Q,
        };
        return (level, text);
    }
}
