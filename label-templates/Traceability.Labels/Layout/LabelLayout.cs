using Traceability.Labels.Symbols;
using Traceability.Labels.Templates;

namespace Traceability.Labels.Layout;

/// <summary>
/// A label resolved for one set of data, in printer dots: what both renderers draw. The ZPL writer and the PNG renderer
/// read the same items, so the printed label and its preview agree in geometry.
/// </summary>
/// <param name="Name">The template's name.</param>
/// <param name="WidthDots">Label width in dots.</param>
/// <param name="HeightDots">Label height in dots.</param>
/// <param name="DotsPerMm">Printer resolution.</param>
/// <param name="Quantity">Copies (ZPL ^PQ).</param>
/// <param name="Items">What to draw, in order.</param>
public sealed record LabelLayout(string Name, int WidthDots, int HeightDots, int DotsPerMm, int Quantity, IReadOnlyList<LayoutItem> Items);

/// <summary>One drawn element; X, Y, Width, Height are its bounding box in dots on the label (after rotation).</summary>
public abstract record LayoutItem(string Element, int X, int Y, int Width, int Height);

/// <summary>Text in the printer's scalable font (ZPL ^A0) at a character height of <paramref name="HeightDots"/>.</summary>
public sealed record TextItem(string Element, int X, int Y, int Width, int Height, string Text, int HeightDots, Rotation Rotation)
    : LayoutItem(Element, X, Y, Width, Height);

/// <summary>A QR code of <paramref name="ModuleCount"/> modules across at <paramref name="ModuleDots"/> dots per module (the PNG renderer encodes the modules; the printer encodes its own from the data).</summary>
public sealed record QrItem(string Element, int X, int Y, int Width, int Height, string Data, int ModuleCount, int ModuleDots, QrErrorCorrection ErrorCorrection)
    : LayoutItem(Element, X, Y, Width, Height);

/// <summary>A GS1 DataMatrix.</summary>
public sealed record DataMatrixItem(string Element, int X, int Y, int Width, int Height, Traceability.Core.Gs1.ElementString Data, ModuleMatrix Modules, int ModuleDots, Rotation Rotation)
    : LayoutItem(Element, X, Y, Width, Height);

/// <summary>A GS1-128 barcode: <paramref name="Modules"/> (true = bar) at <paramref name="ModuleDots"/> dots each, bars <paramref name="BarHeightDots"/> high.</summary>
public sealed record BarcodeItem(string Element, int X, int Y, int Width, int Height, Traceability.Core.Gs1.ElementString Data, bool[] Modules, string ZplData, int ModuleDots, int BarHeightDots, Rotation Rotation)
    : LayoutItem(Element, X, Y, Width, Height);

/// <summary>A box or line (ZPL ^GB): border <paramref name="Thickness"/> dots; a border of at least half the smaller side fills it.</summary>
public sealed record BoxItem(string Element, int X, int Y, int Width, int Height, int Thickness, int Rounding)
    : LayoutItem(Element, X, Y, Width, Height);

/// <summary>A monochrome image: one bool per dot, true = black, row-major.</summary>
public sealed record ImageItem(string Element, int X, int Y, int Width, int Height, bool[] Black)
    : LayoutItem(Element, X, Y, Width, Height);
