using System.Diagnostics;
using SkiaSharp;
using Traceability.Labels.Zpl;
using ZXing;
using ZXing.Common;

namespace Traceability.Labels.Tests.Zpl;

/// <summary>Reads barcodes back from rendered labels: ZXing.Net in-process, zbarimg and dmtxread as independent decoders.</summary>
internal static class ZplDecoding
{
    public static byte[] Luminance(SKBitmap bitmap)
    {
        Assert.Equal(SKColorType.Gray8, bitmap.ColorType);
        var pixels = new byte[bitmap.Width * bitmap.Height];
        var span = bitmap.GetPixelSpan();
        for (var y = 0; y < bitmap.Height; y++)
        {
            span.Slice(y * bitmap.RowBytes, bitmap.Width).CopyTo(pixels.AsSpan(y * bitmap.Width));
        }

        return pixels;
    }

    public static bool IsBlack(SKBitmap bitmap, int x, int y) => bitmap.GetPixelSpan()[(y * bitmap.RowBytes) + x] < 128;

    /// <summary>
    /// ZXing's reading of the field drawn by <paramref name="command"/>, cut out with a 30-dot white margin:
    /// ZXing's DataMatrix detector searches outwards from the image centre and misses a symbol off to one side.
    /// </summary>
    public static Result Read(ZplRenderResult result, string command, BarcodeFormat format, bool assumeGs1 = false)
    {
        var field = result.Fields.Single(f => f.Command == command);
        var bitmap = result.Labels[0];
        const int Margin = 30;
        int left = Math.Max(0, field.X - Margin), top = Math.Max(0, field.Y - Margin);
        int right = Math.Min(bitmap.Width, field.X + field.Width + Margin), bottom = Math.Min(bitmap.Height, field.Y + field.Height + Margin);
        var all = Luminance(bitmap);
        var cut = new byte[(right - left) * (bottom - top)];
        for (var y = top; y < bottom; y++)
        {
            all.AsSpan((y * bitmap.Width) + left, right - left).CopyTo(cut.AsSpan((y - top) * (right - left)));
        }

        return Read(cut, right - left, bottom - top, format, assumeGs1);
    }

    /// <summary>ZXing's reading of the one barcode of <paramref name="format"/> on the label.</summary>
    public static Result Read(SKBitmap bitmap, BarcodeFormat format, bool assumeGs1 = false) =>
        Read(Luminance(bitmap), bitmap.Width, bitmap.Height, format, assumeGs1);

    /// <summary>ZXing's reading, or null when it finds nothing.</summary>
    public static Result? TryRead(SKBitmap bitmap, BarcodeFormat format) =>
        Decode(Luminance(bitmap), bitmap.Width, bitmap.Height, format, assumeGs1: false);

    private static Result Read(byte[] luminance, int width, int height, BarcodeFormat format, bool assumeGs1)
    {
        var result = Decode(luminance, width, height, format, assumeGs1);
        Assert.True(result is not null, $"ZXing found no {format} on the label");
        return result;
    }

    private static Result? Decode(byte[] luminance, int width, int height, BarcodeFormat format, bool assumeGs1)
    {
        var source = new RGBLuminanceSource(luminance, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        var reader = new MultiFormatReader();
        var hints = new DecodingOptions
        {
            PossibleFormats = [format],
            TryHarder = true,
            AssumeGS1 = assumeGs1,
        };
        return reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints.Hints);
    }

    /// <summary>Runs an installed decoder on the label as PNG. Missing tools fail the test: CI installs zbar-tools and dmtx-utils.</summary>
    public static string RunTool(string tool, string arguments, byte[] png)
    {
        var path = Path.Combine(Path.GetTempPath(), $"zpl-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, png);
        try
        {
            var info = new ProcessStartInfo(tool, $"{arguments} {path}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = System.Text.Encoding.Latin1,
            };
            Process process;
            try
            {
                process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"{tool} is not installed (apt-get install zbar-tools dmtx-utils): {e.Message}", e);
            }

            using (process)
            {
                var output = process.StandardOutput.ReadToEnd();
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {error}");
                return output;
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static byte[] Png(ZplRenderResult result, int label = 0)
    {
        using var pixmap = result.Labels[label].PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.NoFilters, 1));
        Assert.NotNull(data);
        return data.ToArray();
    }
}
