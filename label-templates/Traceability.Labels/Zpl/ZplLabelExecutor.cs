using SkiaSharp;

namespace Traceability.Labels.Zpl;

/// <summary>Executes the commands of one ^XA … ^XZ label on a canvas.</summary>
internal sealed class ZplLabelExecutor
{
    /// <summary>Printer set-up commands that change nothing on a preview: accepted without a warning.</summary>
    private static readonly HashSet<string> SetupCommands =
    [
        "^MM", "^MN", "^MT", "^MD", "^MF", "^MU", "^PR", "^PO", "^PM", "^PF", "^LS", "^LT", "^JM", "^JU", "^JZ", "^JS",
        "^CC", "^CD", "^CT", "^XB", "^PP", "^ID", "~SD", "~TA", "~JS", "~JA", "~JC", "~JL", "~JD", "~JE", "~PS", "~PH",
    ];

    private readonly DrawContext _context;
    private readonly ZplState _state;
    private ZplFieldSpec _field = new();

    public ZplLabelExecutor(DrawContext context)
    {
        _context = context;
        _state = context.State;
    }

    /// <summary>The ^PQ quantity, when this label sets one.</summary>
    public int? Quantity { get; private set; }

    public void Execute(ZplCommand command)
    {
        var p = command.Split();
        switch (command.Display)
        {
            case "^FO" or "^FT":
                if (!_field.IsEmpty)
                {
                    _context.Warn(command, "the previous field was not closed with ^FS; drawn now");
                    FinishField();
                }

                _field.X = (command.Int(p, 0, "x") ?? 0) + _state.HomeX;
                _field.Y = (command.Int(p, 1, "y") ?? 0) + _state.HomeY;
                _field.Typeset = command.Name == "FT";
                break;
            case "^A":
                var font = command.Parameters.Length > 0 ? char.ToUpperInvariant(command.Parameters[0]) : _state.DefaultFont;
                var fp = command.Parameters.Length > 1 ? command.Parameters[1..].Split(',') : [];
                var height = command.Int(fp, 1, "font height") ?? _state.DefaultFontHeight;
                _field.Font = new ZplFontSpec(command, font, Orientation(fp, 0), height, command.Int(fp, 2, "font width") ?? (fp.Length > 1 ? 0 : _state.DefaultFontWidth));
                if (font != '0')
                {
                    _context.Warn(command, $"font {font} drawn with DejaVu Sans at the requested height");
                }

                break;
            case "^FD" or "^FV":
                _field.Data = command.Parameters;
                _field.DataCommand = command;
                break;
            case "^FH":
                _field.HexEscape = command.Parameters.Length > 0 ? command.Parameters[0] : '_';
                break;
            case "^FR":
                _field.Reverse = true;
                break;
            case "^FS":
                FinishField();
                break;
            case "^FX":
                break;
            case "^GB":
                _field.Element = new ZplBox(command, command.Int(p, 0, "width") ?? 1, command.Int(p, 1, "height") ?? 1,
                    command.Int(p, 2, "thickness") ?? 1, ZplCommand.Letter(p, 3) == 'W', Math.Clamp(command.Int(p, 4, "rounding") ?? 0, 0, 8));
                break;
            case "^GF":
                _field.Element = GraphicField(command);
                break;
            case "^BC":
                _field.Element = new ZplCode128(command, Orientation(p, 0), _state.ModuleWidth, command.Int(p, 1, "height") ?? _state.BarHeight,
                    ZplCommand.Letter(p, 2) != 'N', ZplCommand.Letter(p, 3) == 'Y', ZplCommand.Letter(p, 4) == 'Y', ZplCommand.Letter(p, 5) ?? 'N');
                break;
            case "^BQ":
                var ec = ZplCommand.Letter(p, 3);
                _field.Element = new ZplQrCode(command, Orientation(p, 0), command.Int(p, 2, "magnification") ?? DefaultMagnification(),
                    ec is 'H' or 'Q' or 'M' or 'L' ? ec : null);
                break;
            case "^BX":
                var escape = p.Length > 6 && p[6].Length > 0 ? p[6][0] : (char?)null;
                var quality = command.Int(p, 2, "quality");
                if (quality is not null and not 200)
                {
                    _context.Warn(command, $"quality {quality} is drawn as ECC 200");
                }

                _field.Element = new ZplDataMatrix(command, Orientation(p, 0), command.Int(p, 1, "module size") ?? _state.ModuleWidth,
                    command.Int(p, 3, "columns"), command.Int(p, 4, "rows"), escape, command.Int(p, 7, "aspect ratio") == 2);
                break;
            case "^LH":
                _state.HomeX = command.Int(p, 0, "x") ?? 0;
                _state.HomeY = command.Int(p, 1, "y") ?? 0;
                break;
            case "^PW":
                _state.PrintWidth = command.Int(p, 0, "width") ?? _state.PrintWidth;
                break;
            case "^LL":
                _state.LabelLength = command.Int(p, 0, "length") ?? _state.LabelLength;
                break;
            case "^PQ":
                Quantity = command.Int(p, 0, "quantity") ?? 1;
                break;
            case "^CF":
                _state.DefaultFont = p.Length > 0 && p[0].Length > 0 ? char.ToUpperInvariant(p[0][0]) : _state.DefaultFont;
                _state.DefaultFontHeight = command.Int(p, 1, "height") ?? _state.DefaultFontHeight;
                _state.DefaultFontWidth = command.Int(p, 2, "width") ?? (p.Length > 1 ? 0 : _state.DefaultFontWidth);
                break;
            case "^FW":
                _state.DefaultOrientation = ZplCommand.Letter(p, 0) is 'N' or 'R' or 'I' or 'B' ? ZplCommand.Letter(p, 0)!.Value : _state.DefaultOrientation;
                break;
            case "^BY":
                _state.ModuleWidth = command.Int(p, 0, "module width") ?? _state.ModuleWidth;
                _state.WideToNarrowRatio = command.Real(p, 1, "ratio") ?? _state.WideToNarrowRatio;
                _state.BarHeight = command.Int(p, 2, "height") ?? _state.BarHeight;
                break;
            case "^CI":
                var set = command.Int(p, 0, "character set") ?? 0;
                _state.Utf8 = set == 28;
                if (set is not (0 or 27 or 28))
                {
                    _context.Warn(command, $"character set {set} read as Latin-1");
                }

                break;
            case "^XA":
                _context.Warn(command, "^XA inside a label (missing ^XZ?), ignored");
                break;
            default:
                if (!SetupCommands.Contains(command.Display))
                {
                    _context.Warn(command, "unknown command, ignored");
                }

                break;
        }
    }

    /// <summary>Draws a field left open at ^XZ.</summary>
    public void Finish(ZplCommand end)
    {
        if (!_field.IsEmpty)
        {
            _context.Warn(end, "the last field was not closed with ^FS; drawn anyway");
            FinishField();
        }
    }

    private void FinishField()
    {
        var field = _field;
        _field = new ZplFieldSpec();
        var data = field.Data;
        if (data is not null && field.HexEscape is { } escape)
        {
            data = FieldData.Unescape(field.DataCommand!.Value, data, escape, _state.Utf8);
        }

        switch (field.Element)
        {
            case ZplBox box:
                GraphicDrawer.DrawBox(_context, field, box);
                return;
            case ZplGraphic graphic:
                GraphicDrawer.DrawGraphic(_context, field, graphic);
                return;
            case { } barcode when data is null:
                _context.Warn(barcode.Command, "no ^FD for this barcode, nothing drawn");
                return;
            case ZplQrCode qr:
                QrCodeDrawer.Draw(_context, field, qr, data!);
                return;
            case ZplDataMatrix dm:
                DataMatrixDrawer.Draw(_context, field, dm, data!);
                return;
            case ZplCode128 bc:
                Code128Drawer.Draw(_context, field, bc, data!);
                return;
        }

        if (data is not null)
        {
            var font = field.Font ?? new ZplFontSpec(field.DataCommand!.Value, _state.DefaultFont, _state.DefaultOrientation, _state.DefaultFontHeight, _state.DefaultFontWidth);
            TextDrawer.Draw(_context, field, font, data);
        }
    }

    private static ZplGraphic GraphicField(ZplCommand command)
    {
        var p = command.Split(5);
        var format = ZplCommand.Letter(p, 0) ?? 'A';
        if (format != 'A')
        {
            throw new ZplException(command, $"format {format} is not supported (only A, ASCII hex)");
        }

        var total = command.Int(p, 2, "graphic field count") ?? command.Int(p, 1, "byte count")
            ?? throw new ZplException(command, "the byte count is missing");
        var bytesPerRow = command.Int(p, 3, "bytes per row") ?? throw new ZplException(command, "bytes per row is missing");
        var bits = GfDecoder.Decode(command, p.Length > 4 ? p[4] : string.Empty, total, bytesPerRow);
        return new ZplGraphic(command, bytesPerRow, total / bytesPerRow, bits);
    }

    private char Orientation(string[] p, int index) =>
        ZplCommand.Letter(p, index) is { } o && o is 'N' or 'R' or 'I' or 'B' ? o : _state.DefaultOrientation;

    /// <summary>Zebra's default QR magnification: 1 at 6 dots/mm, 2 at 8, 3 at 12, 6 at 24.</summary>
    private int DefaultMagnification() => Math.Max(1, _state.DotsPerMm / 4);
}
