using SkiaSharp;

namespace Traceability.Labels.Zpl;

/// <summary>
/// Draws ZPL II to bitmaps: the subset our label renderer emits plus common hand-written ZPL
/// (see docs/zpl-interpreter.md). Plant engineers preview labels with it; the printer simulator prints with it.
/// </summary>
public static class ZplInterpreter
{
    /// <summary>Renders every ^XA … ^XZ label in <paramref name="zpl"/>.</summary>
    /// <exception cref="ZplException">Malformed ZPL; the message names the command and its 1-based position.</exception>
    public static ZplRenderResult Render(string zpl, ZplRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(zpl);
        options ??= new ZplRenderOptions();
        if (options.DotsPerMm <= 0 || options.WidthDots <= 0 || options.HeightDots <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "Dots per mm, width and height must be positive.");
        }

        var commands = ZplLexer.Tokenize(zpl);
        if (!commands.Exists(c => c.Display == "^XA"))
        {
            throw new ZplException(commands.Count == 0
                ? "^XA at position 1: no ^XA in the stream, so no label starts (is this ZPL?)"
                : $"^XA at position 1: no ^XA in the stream, so no label starts (first command {commands[0].Display} at position {commands[0].Position})");
        }

        var state = new ZplState(options.DotsPerMm);
        var warnings = new List<string>();
        var fields = new List<ZplField>();
        var labels = new List<SKBitmap>();
        int? quantity = null;
        try
        {
            var i = 0;
            while (i < commands.Count)
            {
                var command = commands[i];
                if (command.Display != "^XA")
                {
                    if (command.Prefix == '^')
                    {
                        warnings.Add($"{command.Display} at position {command.Position}: outside ^XA … ^XZ, ignored");
                    }

                    i++;
                    continue;
                }

                var end = commands.FindIndex(i + 1, c => c.Display == "^XZ");
                if (end < 0)
                {
                    warnings.Add($"^XA at position {command.Position}: no ^XZ closes this label; drawn to the end of the stream");
                }

                var body = commands.GetRange(i + 1, (end < 0 ? commands.Count : end) - i - 1);
                var closing = end < 0 ? command : commands[end];
                var label = RenderLabel(body, closing, state, options, warnings, fields, out var labelQuantity);
                labels.Add(label);
                quantity ??= labelQuantity;
                i = end < 0 ? commands.Count : end + 1;
            }
        }
        catch
        {
            foreach (var label in labels)
            {
                label.Dispose();
            }

            throw;
        }

        return new ZplRenderResult([.. labels], warnings, fields, quantity ?? 1);
    }

    /// <summary>The first label as a greyscale PNG (low compression: encoding stays well under a millisecond).</summary>
    /// <exception cref="ZplException">Malformed ZPL.</exception>
    public static byte[] RenderPng(string zpl, ZplRenderOptions? options = null)
    {
        using var result = Render(zpl, options);
        return Rendering.PngRenderer.EncodePng(result.Labels[0]);
    }

    private static SKBitmap RenderLabel(List<ZplCommand> body, ZplCommand closing, ZplState state, ZplRenderOptions options,
        List<string> warnings, List<ZplField> fields, out int? quantity)
    {
        // The size must be known before the first field is drawn, wherever ^PW and ^LL stand in the label.
        foreach (var c in body)
        {
            var p = c.Split();
            if (c.Display == "^PW")
            {
                state.PrintWidth = c.Int(p, 0, "width") ?? state.PrintWidth;
            }
            else if (c.Display == "^LL")
            {
                state.LabelLength = c.Int(p, 0, "length") ?? state.LabelLength;
            }
        }

        var width = options.WidthDots ?? state.PrintWidth ?? (100 * options.DotsPerMm);
        var height = options.HeightDots ?? state.LabelLength ?? (150 * options.DotsPerMm);
        if (width <= 0 || height <= 0 || (long)width * height > 100_000_000)
        {
            throw new ZplException($"^XA at position {closing.Position}: a label of {width} × {height} dots cannot be drawn");
        }

        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        try
        {
            using var canvas = new SKCanvas(bitmap);
            canvas.Clear(SKColors.White);
            var renderer = new ZplLabelExecutor(new DrawContext(canvas, state, fields, warnings));
            foreach (var command in body)
            {
                renderer.Execute(command);
            }

            renderer.Finish(closing);
            canvas.Flush();
            quantity = renderer.Quantity;
            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }
}
