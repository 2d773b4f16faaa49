using System.Collections.Concurrent;
using System.Text;
using QRCoder;
using Traceability.Labels.Templates;

namespace Traceability.Labels.Symbols;

/// <summary>QR code (model 2) modules via QRCoder, at the smallest version for the data and error-correction level.</summary>
public static class QrSymbol
{
    private const int QrCoderQuietZone = 4; // QRCoder's matrix carries the 4-module quiet zone; the layout draws its own margin.
    private const string Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    // QRCoder encodes a whole text in one mode, so the symbol size depends only on mode, length, ECI and level.
    private static readonly ConcurrentDictionary<(QrErrorCorrection Level, int Mode, int Length, bool Utf8), int> Sizes = new();

    /// <summary>
    /// Modules across the symbol <see cref="Encode"/> would make, without encoding it again when a text of the same
    /// mode and length was seen before: the ZPL path needs only the size (the printer encodes the symbol).
    /// </summary>
    public static int Size(string data, QrErrorCorrection errorCorrection)
    {
        ArgumentNullException.ThrowIfNull(data);
        var utf8 = NeedsUtf8(data);
        var mode = data.All(char.IsAsciiDigit) ? 0 : data.All(c => Alphanumeric.Contains(c, StringComparison.Ordinal)) ? 1 : 2;
        var length = utf8 ? Encoding.UTF8.GetByteCount(data) : data.Length;
        return Sizes.GetOrAdd((errorCorrection, mode, length, utf8), _ => Encode(data, errorCorrection).Width);
    }

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
        using var qr = QRCodeGenerator.GenerateQrCode(data, level, forceUtf8: NeedsUtf8(data));
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
}
