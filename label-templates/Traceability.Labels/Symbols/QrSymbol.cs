using QRCoder;
using Traceability.Labels.Templates;

namespace Traceability.Labels.Symbols;

/// <summary>QR code (model 2) modules via QRCoder, at the smallest version for the data and error-correction level.</summary>
public static class QrSymbol
{
    private const int QrCoderQuietZone = 4; // QRCoder's matrix carries the 4-module quiet zone; the layout draws its own margin.

    /// <summary>Encodes <paramref name="data"/> (UTF-8 when it is not plain ASCII).</summary>
    public static ModuleMatrix Encode(string data, QrErrorCorrection errorCorrection)
    {
        ArgumentNullException.ThrowIfNull(data);
        var level = errorCorrection switch
        {
            QrErrorCorrection.L => QRCodeGenerator.ECCLevel.L,
            QrErrorCorrection.Q => QRCodeGenerator.ECCLevel.Q,
            QrErrorCorrection.H => QRCodeGenerator.ECCLevel.H,
            _ => QRCodeGenerator.ECCLevel.M,
        };
        using var qr = QRCodeGenerator.GenerateQrCode(data, level, forceUtf8: data.Any(c => c > 0x7E));
        var size = qr.ModuleMatrix.Count - (2 * QrCoderQuietZone);
        var dark = new bool[size * size];
        for (var y = 0; y < size; y++)
        {
            var row = qr.ModuleMatrix[y + QrCoderQuietZone];
            for (var x = 0; x < size; x++)
            {
                dark[(y * size) + x] = row[x + QrCoderQuietZone];
            }
        }

        return new ModuleMatrix(size, size, dark);
    }
}
