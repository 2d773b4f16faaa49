using System.Collections.Concurrent;
using System.Globalization;
using SkiaSharp;
using Traceability.Core.Gs1;
using Traceability.Labels.Symbols;
using Traceability.Labels.Templates;

namespace Traceability.Labels.Layout;

/// <summary>
/// Resolves a template with one label's data into a <see cref="LabelLayout"/> in dots: fills variables, validates GS1
/// data, encodes symbols, picks the largest whole-dot module size that fits each symbol's box, and refuses anything that
/// would print off the label or without its quiet zone (a label that does not scan is a rejected unit).
/// </summary>
public static class LabelLayoutEngine
{
    /// <summary>ZPL ^BQ and ^BY accept at most 10 dots per module.</summary>
    internal const int MaxModuleDots = 10;

    private const int QrQuietZoneModules = 4;
    private const int DataMatrixQuietZoneModules = 1;
    private const int Code128QuietZoneModules = 10;

    private static readonly ConcurrentDictionary<(string Path, int Width, int Height), bool[]> Images = new();

    /// <summary>Builds the layout.</summary>
    /// <exception cref="LabelTemplateException">The data does not fit the template: a variable is missing, GS1 data is invalid, a symbol does not fit its box, or text runs off the label; the message names the element.</exception>
    public static LabelLayout Build(LabelTemplate template, LabelData data)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(data);
        var dpmm = template.DotsPerMm;
        var layout = new LabelLayout(template.Name, Dots(template.WidthMm, dpmm), Dots(template.HeightMm, dpmm), dpmm, template.Quantity, []);
        var items = new List<LayoutItem>(template.Elements.Count);
        foreach (var element in template.Elements)
        {
            try
            {
                var item = FitQuietZone(Place(element, data, dpmm), layout);
                CheckInside(item, layout, QuietZoneDots(item), template.Source);
                items.Add(item);
            }
            catch (LabelDataException e)
            {
                throw new LabelTemplateException(template.Source, element.Name, e.Message, e);
            }
            catch (Gs1FormatException e)
            {
                throw new LabelTemplateException(template.Source, element.Name, $"not valid GS1 data: {e.Message}", e);
            }
            catch (PlacementException e)
            {
                throw new LabelTemplateException(template.Source, element.Name, e.Message, e);
            }
        }

        return layout with { Items = items };
    }

    /// <summary>Millimetres to dots, rounded to the nearest dot.</summary>
    internal static int Dots(double mm, int dotsPerMm) => (int)Math.Round(mm * dotsPerMm, MidpointRounding.AwayFromZero);

    private static LayoutItem Place(TemplateElement element, LabelData data, int dpmm)
    {
        var x = Dots(element.X, dpmm);
        var y = Dots(element.Y, dpmm);
        switch (element)
        {
            case TextElement t:
            {
                var text = t.Text.Resolve(data);
                var height = Math.Max(1, Dots(t.HeightMm, dpmm));
                var width = TextMetrics.Measure(text, height);
                if (t.MaxWidthMm is { } max && width > Dots(max, dpmm))
                {
                    throw new PlacementException(string.Create(CultureInfo.InvariantCulture,
                        $"\"{text}\" is {width / (double)dpmm:0.#} mm wide, more than its maxWidthMm {max:0.#}"));
                }

                var (w, h) = Rotate(width, height, t.Rotation);
                return new TextItem(t.Name, x, y, w, h, text, height, t.Rotation);
            }

            case QrElement q:
            {
                var payload = q.Data.Resolve(data);
                var modules = QrSymbol.Size(payload, q.ErrorCorrection);
                var moduleDots = ModuleDots(Dots(q.SizeMm, dpmm), modules, "QR code", payload.Length, dpmm);
                var size = modules * moduleDots;
                return new QrItem(q.Name, x, y, size, size, payload, modules, moduleDots, q.ErrorCorrection);
            }

            case DataMatrixElement d:
            {
                var code = ElementString.Parse(d.Data.ResolveGs1(data));
                var modules = DataMatrixSymbol.EncodeGs1(code);
                var moduleDots = ModuleDots(Dots(d.SizeMm, dpmm), modules.Width, "DataMatrix", code.ToRaw().Length, dpmm, int.MaxValue);
                var size = modules.Width * moduleDots;
                return new DataMatrixItem(d.Name, x, y, size, size, code, modules, moduleDots, d.Rotation);
            }

            case Gs1128Element g:
            {
                var code = ElementString.Parse(g.Data.ResolveGs1(data));
                var (bars, zpl) = Code128Symbol.EncodeGs1(code);
                var moduleDots = ModuleDots(Dots(g.WidthMm, dpmm), bars.Length, "GS1-128 barcode", code.ToRaw().Length, dpmm);
                var barHeight = Dots(g.HeightMm, dpmm);
                var (w, h) = Rotate(bars.Length * moduleDots, barHeight, g.Rotation);
                return new BarcodeItem(g.Name, x, y, w, h, code, bars, zpl, moduleDots, barHeight, g.Rotation);
            }

            case LineElement l:
            {
                var length = Math.Max(1, Dots(l.LengthMm, dpmm));
                var thickness = Math.Max(1, Dots(l.ThicknessMm, dpmm));
                return l.Vertical
                    ? new BoxItem(l.Name, x, y, thickness, length, thickness, 0)
                    : new BoxItem(l.Name, x, y, length, thickness, thickness, 0);
            }

            case BoxElement b:
                return new BoxItem(b.Name, x, y, Math.Max(1, Dots(b.WidthMm, dpmm)), Math.Max(1, Dots(b.HeightMm, dpmm)), Math.Max(1, Dots(b.ThicknessMm, dpmm)), b.Rounding);

            case ImageElement i:
            {
                var w = Math.Max(1, Dots(i.WidthMm, dpmm));
                var h = Math.Max(1, Dots(i.HeightMm, dpmm));
                return new ImageItem(i.Name, x, y, w, h, Images.GetOrAdd((i.Path, w, h), key => Monochrome(key.Path, key.Width, key.Height)));
            }

            default:
                throw new PlacementException($"element type {element.GetType().Name} has no layout");
        }
    }

    private static int ModuleDots(int boxDots, int modules, string what, int dataLength, int dpmm, int cap = MaxModuleDots)
    {
        var dots = Math.Min(boxDots / modules, cap);
        if (dots < 1)
        {
            throw new PlacementException(string.Create(CultureInfo.InvariantCulture,
                $"the {what} for {dataLength} characters needs {modules} modules, {modules / (double)dpmm:0.#} mm at one dot per module; its box is {boxDots / (double)dpmm:0.#} mm"));
        }

        return dots;
    }

    // A symbol scaled to fill its box can leave its quiet zone too little margin: a short payload has few modules, so
    // each is large and so is the quiet zone (4 modules for QR). Smaller modules keep it on the label and scannable;
    // the box stays the symbol's largest size, not a size it must reach.
    private static LayoutItem FitQuietZone(LayoutItem item, LabelLayout label)
    {
        while (!QuietZoneFits(item, label))
        {
            switch (item)
            {
                case QrItem { ModuleDots: > 1 } q:
                    var qrDots = q.ModuleDots - 1;
                    item = q with { ModuleDots = qrDots, Width = q.ModuleCount * qrDots, Height = q.ModuleCount * qrDots };
                    break;
                case DataMatrixItem { ModuleDots: > 1 } d:
                    var dmDots = d.ModuleDots - 1;
                    item = d with { ModuleDots = dmDots, Width = d.Modules.Width * dmDots, Height = d.Modules.Width * dmDots };
                    break;
                default:
                    return item; // CheckInside says what does not fit
            }
        }

        return item;
    }

    private static bool QuietZoneFits(LayoutItem item, LabelLayout label)
    {
        var quiet = QuietZoneDots(item);
        return item.X - quiet >= 0 && item.Y - quiet >= 0 && item.X + item.Width + quiet <= label.WidthDots && item.Y + item.Height + quiet <= label.HeightDots;
    }

    private static (int W, int H) Rotate(int w, int h, Rotation rotation) =>
        rotation is Rotation.Rotate90 or Rotation.Rotate270 ? (h, w) : (w, h);

    private static int QuietZoneDots(LayoutItem item) => item switch
    {
        QrItem q => QrQuietZoneModules * q.ModuleDots,
        DataMatrixItem d => DataMatrixQuietZoneModules * d.ModuleDots,
        BarcodeItem b => Code128QuietZoneModules * b.ModuleDots,
        _ => 0,
    };

    private static void CheckInside(LayoutItem item, LabelLayout label, int quietZone, string source)
    {
        var (qx, qy) = item is BarcodeItem { Rotation: Rotation.None or Rotation.Rotate180 } ? (quietZone, 0)
            : item is BarcodeItem ? (0, quietZone)
            : (quietZone, quietZone);
        if (item.X - qx < 0 || item.Y - qy < 0 || item.X + item.Width + qx > label.WidthDots || item.Y + item.Height + qy > label.HeightDots)
        {
            var what = quietZone > 0 ? "with its quiet zone " : string.Empty;
            throw new LabelTemplateException(source, item.Element, string.Create(CultureInfo.InvariantCulture,
                $"{what}runs off the label: it spans {Mm(item.X - qx, label)}–{Mm(item.X + item.Width + qx, label)} mm across and {Mm(item.Y - qy, label)}–{Mm(item.Y + item.Height + qy, label)} mm down on a {Mm(label.WidthDots, label)} × {Mm(label.HeightDots, label)} mm label"));
        }
    }

    private static string Mm(int dots, LabelLayout label) => (dots / (double)label.DotsPerMm).ToString("0.##", CultureInfo.InvariantCulture);

    private static bool[] Monochrome(string path, int width, int height)
    {
        using var source = SKBitmap.Decode(path) ?? throw new PlacementException($"image {path} cannot be read");
        using var scaled = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear))
            ?? throw new PlacementException($"image {path} cannot be scaled to {width}×{height} dots");
        var black = new bool[width * height];
        for (var py = 0; py < height; py++)
        {
            for (var px = 0; px < width; px++)
            {
                var c = scaled.GetPixel(px, py);
                var luminance = (0.299 * c.Red) + (0.587 * c.Green) + (0.114 * c.Blue);
                black[(py * width) + px] = c.Alpha >= 128 && luminance < 128;
            }
        }

        return black;
    }

    private sealed class PlacementException(string message) : Exception(message);
}
