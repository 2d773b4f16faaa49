using Traceability.Core.Gs1;

namespace Traceability.Labels.Zpl;

/// <summary>
/// ^BC Code 128. Mode N honours invocation codes (&gt;; &gt;: &gt;9 &gt;5 &gt;6 &gt;7 &gt;8 &gt;&lt;); mode A picks subsets itself (&gt;8 still
/// writes FNC1); mode D (UCC/EAN) takes GS1 data such as "(00)106141411234567897", starts with FNC1 and writes FNC1
/// after each variable-length AI that is not last. No quiet zone is drawn. The interpretation line is DejaVu Sans,
/// 10 × module width high, centred under (or over) the bars; with ^FT the origin is the bottom-left of the bars.
/// </summary>
internal static class Code128Drawer
{
    private const int Fnc1Item = -1;

    public static void Draw(DrawContext context, ZplFieldSpec field, ZplCode128 bc, string data)
    {
        if (bc.CheckDigit)
        {
            context.Warn(bc.Command, "the UCC check digit option is ignored (Code 128's own mod-103 check is always written)");
        }

        List<int> values;
        string text;
        switch (bc.Mode)
        {
            case 'D':
                (values, text) = EncodeGs1(context, bc, data);
                break;
            case 'A' or 'U':
                if (bc.Mode == 'U')
                {
                    context.Warn(bc.Command, "mode U is drawn as mode A (no check digit is added)");
                }

                var items = Items(data.Replace(">8", "\u0001", StringComparison.Ordinal));
                values = Code128Encoder.EncodeAutomatic(items);
                text = data.Replace(">8", string.Empty, StringComparison.Ordinal);
                break;
            default:
                var symbol = Code128Encoder.EncodeWithInvocationCodes(data, problem => context.Warn(bc.Command, problem));
                (values, text) = (symbol.Values, symbol.Text);
                break;
        }

        var modules = Code128Encoder.Modules(values);
        var moduleWidth = Math.Max(1, bc.ModuleWidth);
        var barHeight = Math.Max(1, bc.Height);
        var textHeight = bc.Interpretation ? 10 * moduleWidth : 0;
        var gap = bc.Interpretation ? Math.Max(2, moduleWidth) : 0;
        var width = modules.Length * moduleWidth;
        var height = barHeight + gap + textHeight;
        var barTop = bc.Interpretation && bc.Above ? textHeight + gap : 0;
        using var paint = DrawContext.Ink(field.Reverse);
        using var textPaint = DrawContext.Ink(field.Reverse, antialias: true);
        context.Place("^BC", data, bc.Orientation, field, width, height, 0, barTop + barHeight, canvas =>
        {
            DrawContext.FillModules(canvas, paint, modules.Length, 1, (c, _) => modules[c], moduleWidth, barHeight, barTop);
            if (bc.Interpretation)
            {
                TextDrawer.DrawCentred(canvas, textPaint, text, width, bc.Above ? 0 : barHeight + gap, textHeight);
            }
        });
    }

    private static (List<int> Values, string Text) EncodeGs1(DrawContext context, ZplCode128 bc, string data)
    {
        var cleaned = data.Replace(">8", string.Empty, StringComparison.Ordinal).Trim();
        if (ElementString.TryParse(cleaned.Replace(" ", string.Empty, StringComparison.Ordinal), out var elements, out var error))
        {
            var items = new List<int> { Fnc1Item };
            items.AddRange(Items(elements.ToRaw()));
            return (Code128Encoder.EncodeAutomatic(items), elements.ToBracketed());
        }

        // Not valid GS1 (a printer would not check): drop brackets and spaces, FNC1 first, GS becomes FNC1.
        context.Warn(bc.Command, $"mode D data is not a valid GS1 element string ({error.Message}); brackets dropped, FNC1 only in first position");
        var raw = new string([.. cleaned.Where(c => c is not ('(' or ')' or ' '))]);
        var fallback = new List<int> { Fnc1Item };
        fallback.AddRange(Items(raw));
        return (Code128Encoder.EncodeAutomatic(fallback), cleaned);
    }

    /// <summary>Characters as encoder items; GS (and the \u0001 stand-in for >8) become FNC1.</summary>
    private static List<int> Items(string text) =>
        [.. text.Select(c => c is ElementString.GroupSeparator or '\u0001' ? Fnc1Item : c)];
}
