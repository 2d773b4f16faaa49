namespace Traceability.Labels.Templates;

/// <summary>Rotation of an element, clockwise, as ZPL's field orientations N, R, I, B.</summary>
public enum Rotation
{
    /// <summary>0°, ZPL N.</summary>
    None = 0,

    /// <summary>90° clockwise, ZPL R.</summary>
    Rotate90 = 90,

    /// <summary>180°, ZPL I.</summary>
    Rotate180 = 180,

    /// <summary>270° clockwise, ZPL B.</summary>
    Rotate270 = 270,
}

/// <summary>QR code error-correction level.</summary>
public enum QrErrorCorrection
{
    /// <summary>About 7 % of codewords recoverable.</summary>
    L,

    /// <summary>About 15 %.</summary>
    M,

    /// <summary>About 25 %.</summary>
    Q,

    /// <summary>About 30 %.</summary>
    H,
}

/// <summary>One element of a label template. Positions and sizes are in millimetres from the label's top-left corner.</summary>
/// <param name="Name">How errors name the element: "'serial' (text)" or "#3 (qr)".</param>
/// <param name="X">Left edge, mm.</param>
/// <param name="Y">Top edge, mm.</param>
public abstract record TemplateElement(string Name, double X, double Y);

/// <summary>Text in the printer's scalable font (ZPL ^A0; DejaVu Sans Bold in previews), <paramref name="HeightMm"/> the character height.</summary>
public sealed record TextElement(string Name, double X, double Y, TemplateText Text, double HeightMm, double? MaxWidthMm, Rotation Rotation)
    : TemplateElement(Name, X, Y);

/// <summary>A QR code (ZPL ^BQ, model 2) filling at most a square of <paramref name="SizeMm"/>; the module size is the largest whole number of dots that fits.</summary>
public sealed record QrElement(string Name, double X, double Y, TemplateText Data, double SizeMm, QrErrorCorrection ErrorCorrection)
    : TemplateElement(Name, X, Y);

/// <summary>A GS1 DataMatrix (ECC 200, FNC1 first) of the bracketed element string <paramref name="Data"/>, filling at most a square of <paramref name="SizeMm"/>.</summary>
public sealed record DataMatrixElement(string Name, double X, double Y, TemplateText Data, double SizeMm, Rotation Rotation)
    : TemplateElement(Name, X, Y);

/// <summary>A GS1-128 barcode (Code 128 with FNC1) of the bracketed element string <paramref name="Data"/>, at most <paramref name="WidthMm"/> wide, bars <paramref name="HeightMm"/> high.</summary>
public sealed record Gs1128Element(string Name, double X, double Y, TemplateText Data, double WidthMm, double HeightMm, Rotation Rotation)
    : TemplateElement(Name, X, Y);

/// <summary>A horizontal or vertical line.</summary>
public sealed record LineElement(string Name, double X, double Y, double LengthMm, double ThicknessMm, bool Vertical)
    : TemplateElement(Name, X, Y);

/// <summary>A rectangle outline (ZPL ^GB); rounding 0–8 as in ZPL.</summary>
public sealed record BoxElement(string Name, double X, double Y, double WidthMm, double HeightMm, double ThicknessMm, int Rounding)
    : TemplateElement(Name, X, Y);

/// <summary>A monochrome image (a logo) scaled into a box, printed with ZPL ^GF.</summary>
public sealed record ImageElement(string Name, double X, double Y, string Path, double WidthMm, double HeightMm)
    : TemplateElement(Name, X, Y);
