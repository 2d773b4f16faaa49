using System.Text;
using System.Xml.Linq;

namespace Traceability.Testing;

/// <summary>
/// Independent decoders and encoders from Debian (zbar-tools, dmtx-utils, zint), so label tests are not judged by the
/// same library that drew the label. Every call runs the tool with a timeout and throws <see cref="ExternalToolException"/>
/// (with the tool's stderr) when it is missing or fails: tests fail loudly, they never skip.
/// </summary>
public static class ExternalTools
{
    /// <summary>How long one tool run may take before it is killed.</summary>
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    private static readonly XNamespace ZbarXml = "http://zbar.sourceforge.net/2008/barcode";

    /// <summary>The data of every QR code and linear barcode zbarimg finds in the image (empty when none); see <see cref="ZbarImgSymbols"/>.</summary>
    public static IReadOnlyList<string> ZbarImg(string pngPath) => [.. ZbarImgSymbols(pngPath).Select(s => s.Data)];

    /// <summary>
    /// Every symbol zbarimg (zbar 0.23) finds: QR, Code 128 (incl. GS1-128), EAN/UPC… but not DataMatrix (use <see cref="DmtxRead"/>).
    /// GS1 data reads as the raw element string with GS (0x1D) between AIs and no leading FNC1, e.g. "0109506000134352" +
    /// "10ABC\x1D21123"; <see cref="ZbarSymbol.Gs1"/> says whether the symbol had FNC1 in first position (GS1 QR, GS1-128).
    /// </summary>
    /// <remarks>
    /// Runs <c>zbarimg --xml -q --nodbus</c>. The XML keeps GS exact (zbar writes such data as base64) and carries the
    /// GS1 modifier; <c>--raw</c> also keeps GS but loses the GS1 flag, and <c>-Sbinary</c> drops the separators between
    /// symbols. Non-ASCII bytes are still charset-guessed by zbar (Latin-1 may come back as Shift JIS): GS1 data is ASCII.
    /// </remarks>
    public static IReadOnlyList<ZbarSymbol> ZbarImgSymbols(string pngPath)
    {
        string[] arguments = ["--xml", "-q", "--nodbus", RequireFile(pngPath)];
        var result = ToolProcess.Run("zbarimg", arguments, null, Timeout, "Debian package zbar-tools");

        // zbarimg exits with 4 when the image holds no symbol it can read.
        if (result.ExitCode == 4)
        {
            return [];
        }

        if (result.ExitCode != 0)
        {
            throw ToolProcess.Failure("zbarimg", arguments, result);
        }

        return [.. XDocument.Parse(result.Stdout).Descendants(ZbarXml + "symbol").Select(ParseZbarSymbol)];
    }

    /// <summary>
    /// The data of the first DataMatrix dmtxread finds in the image, or null when there is none.
    /// FNC1 comes back as GS (0x1D), including the leading FNC1 of a GS1 DataMatrix: a GS1 symbol reads "\x1D0109506000134352"
    /// + "10ABC\x1D21123", a plain one has no leading GS. <c>ScannedCode.TryParse</c> accepts either.
    /// </summary>
    /// <remarks>Runs <c>dmtxread -n -N1 -G 29</c>; the newline that <c>-n</c> adds is removed.</remarks>
    public static string? DmtxRead(string pngPath)
    {
        string[] arguments = ["-n", "-N1", "-G", "29", RequireFile(pngPath)];
        var result = ToolProcess.Run("dmtxread", arguments, null, Timeout, "Debian package dmtx-utils");

        // dmtxread exits with 1 and says nothing when it finds no symbol; other failures come with a message.
        if (result.ExitCode == 1 && result.Stdout.Length == 0 && result.Stderr.Trim().Length == 0)
        {
            return null;
        }

        if (result.ExitCode != 0)
        {
            throw ToolProcess.Failure("dmtxread", arguments, result);
        }

        return result.Stdout.EndsWith('\n') ? result.Stdout[..^1] : result.Stdout;
    }

    /// <summary>
    /// Draws a symbol with zint into a PNG file, with compliant quiet zones.
    /// With <paramref name="gs1"/>, <paramref name="data"/> is GS1 data with AIs in square brackets, "[01]09506000134352[21]ABC"
    /// (zint checks it and puts FNC1 first and between AIs itself); without, it is encoded as it is.
    /// </summary>
    /// <param name="symbology">A zint barcode type name or number, e.g. <see cref="ZintSymbology.QrCode"/>.</param>
    /// <param name="scale">zint's X-dimension scale; 0 keeps zint's default (2 pixels per module).</param>
    /// <remarks>Runs with <c>--werror</c>: zint only warns about a wrong GS1 check digit, a fixture must not.</remarks>
    public static void ZintPng(string symbology, string data, string outPath, bool gs1, int scale = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbology);
        ArgumentException.ThrowIfNullOrEmpty(data);
        ArgumentException.ThrowIfNullOrEmpty(outPath);
        List<string> arguments = ["--quietzones", "--werror", "-b", symbology];
        if (gs1)
        {
            arguments.Add("--gs1");
        }

        if (scale > 0)
        {
            arguments.Add($"--scale={scale}");
        }

        arguments.AddRange(["--filetype=PNG", "-o", outPath, "-d", data]);
        var result = ToolProcess.Run("zint", arguments, null, Timeout, "Debian package zint");
        if (result.ExitCode != 0 || !File.Exists(outPath))
        {
            throw ToolProcess.Failure("zint", arguments, result);
        }
    }

    private static ZbarSymbol ParseZbarSymbol(XElement symbol)
    {
        var data = symbol.Element(ZbarXml + "data");
        var text = data is null ? string.Empty
            : (string?)data.Attribute("format") == "base64" ? Encoding.UTF8.GetString(Convert.FromBase64String(data.Value.Trim()))
            : data.Value;
        var modifiers = ((string?)symbol.Attribute("modifiers") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries);
        return new ZbarSymbol((string?)symbol.Attribute("type") ?? "?", text, modifiers.Contains("GS1"));
    }

    private static string RequireFile(string path) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"No image at {path}.", path);
}

/// <summary>One symbol zbarimg read: its type as zbar names it ("QR-Code", "CODE-128", "EAN-13"…), its data, and whether FNC1 led it (GS1).</summary>
public sealed record ZbarSymbol(string Type, string Data, bool Gs1);

/// <summary>zint barcode type names (<c>zint -t</c> lists them all).</summary>
public static class ZintSymbology
{
    public const string QrCode = "QRCODE";
    public const string DataMatrix = "DATAMATRIX";
    public const string Gs1_128 = "GS1_128";
    public const string Code128 = "CODE128";
}
