namespace Traceability.Labels.Zpl;

/// <summary>
/// Settings that outlive a field: like a printer, they persist from one label to the next in the same stream
/// (^LH, ^PW, ^LL, ^CF, ^FW, ^BY, ^CI).
/// </summary>
internal sealed class ZplState
{
    public ZplState(int dotsPerMm)
    {
        DotsPerMm = dotsPerMm;
    }

    public int DotsPerMm { get; }

    public int HomeX { get; set; }

    public int HomeY { get; set; }

    public int? PrintWidth { get; set; }

    public int? LabelLength { get; set; }

    /// <summary>^FW: orientation of fields that do not give their own.</summary>
    public char DefaultOrientation { get; set; } = 'N';

    /// <summary>^CF: font, height and width of text without ^A. Printers power up with font A, 9 dots high.</summary>
    public char DefaultFont { get; set; } = 'A';

    public int DefaultFontHeight { get; set; } = 9;

    public int DefaultFontWidth { get; set; }

    /// <summary>^BY module width in dots.</summary>
    public int ModuleWidth { get; set; } = 2;

    public double WideToNarrowRatio { get; set; } = 3.0;

    /// <summary>^BY bar code height in dots.</summary>
    public int BarHeight { get; set; } = 10;

    /// <summary>^CI28: field data is UTF-8, so ^FH bytes combine into UTF-8 sequences; otherwise Latin-1.</summary>
    public bool Utf8 { get; set; }
}

/// <summary>What the current field (^FO … ^FS) will draw.</summary>
internal sealed class ZplFieldSpec
{
    public int X { get; set; }

    public int Y { get; set; }

    /// <summary>^FT rather than ^FO: the origin is the text baseline or the barcode's bottom-left.</summary>
    public bool Typeset { get; set; }

    public ZplFontSpec? Font { get; set; }

    public ZplElement? Element { get; set; }

    public string? Data { get; set; }

    public ZplCommand? DataCommand { get; set; }

    public char? HexEscape { get; set; }

    public bool Reverse { get; set; }

    public bool IsEmpty => Font is null && Element is null && Data is null;
}

internal sealed record ZplFontSpec(ZplCommand Command, char Font, char Orientation, int Height, int Width);

internal abstract record ZplElement(ZplCommand Command);

internal sealed record ZplCode128(ZplCommand Command, char Orientation, int ModuleWidth, int Height, bool Interpretation, bool Above, bool CheckDigit, char Mode)
    : ZplElement(Command);

internal sealed record ZplQrCode(ZplCommand Command, char Orientation, int Magnification, char? ErrorCorrection) : ZplElement(Command);

internal sealed record ZplDataMatrix(ZplCommand Command, char Orientation, int ModuleSize, int? Columns, int? Rows, char? Escape, bool Rectangular)
    : ZplElement(Command);

internal sealed record ZplBox(ZplCommand Command, int Width, int Height, int Thickness, bool White, int Rounding) : ZplElement(Command);

internal sealed record ZplGraphic(ZplCommand Command, int BytesPerRow, int Rows, byte[] Bits) : ZplElement(Command);
