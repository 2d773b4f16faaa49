using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace Traceability.Labels.Tests;

/// <summary>Decodes symbols from rendered labels with ZXing.Net (one of several decoders: never the only judge).</summary>
internal static class ZxingDecoder
{
    /// <summary>Every symbol of <paramref name="format"/> found in the PNG, as text (FNC1 separators as GS).</summary>
    public static IReadOnlyList<string> Decode(byte[] png, BarcodeFormat format)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException("Not a PNG.");
        return Decode(bitmap, format);
    }

    /// <summary>Every symbol of <paramref name="format"/> found in the bitmap.</summary>
    public static IReadOnlyList<string> Decode(SKBitmap bitmap, BarcodeFormat format)
    {
        var luminance = new byte[bitmap.Width * bitmap.Height];
        if (bitmap.ColorType == SKColorType.Gray8 && bitmap.RowBytes == bitmap.Width)
        {
            bitmap.GetPixelSpan().CopyTo(luminance);
        }
        else
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    luminance[(y * bitmap.Width) + x] = (byte)(((c.Red * 299) + (c.Green * 587) + (c.Blue * 114)) / 1000);
                }
            }
        }

        var source = new RGBLuminanceSource(luminance, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = true,
            Options = new DecodingOptions { PossibleFormats = [format], TryHarder = true, AssumeGS1 = format == BarcodeFormat.CODE_128 },
        };
        // ZXing's multiple-symbol search misses some symbols its single-symbol search finds (a rotated DataMatrix).
        var results = reader.DecodeMultiple(source);
        if (results is not null)
        {
            return results.Select(r => r.Text).ToArray();
        }

        return reader.Decode(source) is { } single ? [single.Text] : [];
    }
}
