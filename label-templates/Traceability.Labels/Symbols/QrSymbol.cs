using System.Collections.Concurrent;
using System.Text;
using QRCoder;
using Traceability.Labels.Templates;

namespace Traceability.Labels.Symbols;

/// <summary>QR code (model 2) modules via QRCoder, at the smallest version that holds the data's length in byte mode at the error-correction level.</summary>
public static class QrSymbol
{
    private const int QrCoderQuietZone = 4; // QRCoder's matrix carries the 4-module quiet zone; the layout draws its own margin.

    // QRCoder may mix encoding modes, so a text's symbol size depends on its content. The size planned for a text is
    // the size of its worst case, the same number of bytes all in byte mode, and Encode asks QRCoder for exactly that
    // version: the layout, the PNG and the ZPL agree without encoding a symbol just to measure it.
    private static readonly ConcurrentDictionary<(QrErrorCorrection Level, int Bytes, bool Utf8), int> Versions = new();

    /// <summary>Modules across the symbol of <paramref name="data"/> (cached by byte length: the ZPL path needs only this).</summary>
    public static int Size(string data, QrErrorCorrection errorCorrection) => 17 + (4 * Version(data, errorCorrection));

    /// <summary>Encodes <paramref name="data"/> (UTF-8 when it is not plain ASCII).</summary>
    public static ModuleMatrix Encode(string data, QrErrorCorrection errorCorrection)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var qr = QRCodeGenerator.GenerateQrCode(data, Level(errorCorrection), forceUtf8: NeedsUtf8(data), requestedVersion: Version(data, errorCorrection));
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

    private static bool NeedsUtf8(string data) => data.Any(c => c > 0x7E);

    private static int Version(string data, QrErrorCorrection errorCorrection)
    {
        ArgumentNullException.ThrowIfNull(data);
        var utf8 = NeedsUtf8(data);
        var bytes = utf8 ? Encoding.UTF8.GetByteCount(data) : data.Length;
        return Versions.GetOrAdd((errorCorrection, bytes, utf8), key =>
        {
            using var worst = QRCodeGenerator.GenerateQrCode(new string('a', key.Bytes), Level(key.Level), forceUtf8: key.Utf8);
            return worst.Version;
        });
    }

    private static QRCodeGenerator.ECCLevel Level(QrErrorCorrection errorCorrection) => errorCorrection switch
    {
        QrErrorCorrection.L => QRCodeGenerator.ECCLevel.L,
        QrErrorCorrection.Q => QRCodeGenerator.ECCLevel.Q,
        QrErrorCorrection.H => QRCodeGenerator.ECCLevel.H,
        _ => QRCodeGenerator.ECCLevel.M,
    };
}
