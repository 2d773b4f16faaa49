using Traceability.Labels.Zpl;

namespace Traceability.Labels.Tests.Zpl;

public sealed class ZplTextTests
{
    [Fact]
    public void Field_hex_escapes_become_the_bytes_they_name()
    {
        using var result = ZplInterpreter.Render("^XA^FO10,10^A0N,30,30^FH^FDA_1DB_5F^FS^XZ");
        Assert.Equal("A\u001DB_", Assert.Single(result.Fields).Data);
    }

    [Fact]
    public void Field_hex_takes_a_custom_escape_character_and_only_applies_to_its_own_field()
    {
        using var result = ZplInterpreter.Render("^XA^FO10,10^A0N,30^FH\\^FD10\\25 off_1D^FS^FO10,60^A0N,30^FD_1D^FS^XZ");
        Assert.Equal("10% off_1D", result.Fields[0].Data);
        Assert.Equal("_1D", result.Fields[1].Data);
    }

    [Fact]
    public void Field_hex_bytes_combine_into_utf8_under_ci28()
    {
        using var result = ZplInterpreter.Render("^XA^CI28^FO10,10^A0N,30^FH^FDCaf_C3_A9 Zürich^FS^XZ");
        Assert.Equal("Café Zürich", Assert.Single(result.Fields).Data);
    }

    [Fact]
    public void Field_hex_escape_without_two_hex_digits_names_the_data_command_and_position()
    {
        var e = Assert.Throws<ZplException>(() => ZplInterpreter.Render("^XA^FO10,10^FH^FDAB_G1^FS^XZ"));
        Assert.StartsWith("^FD at position 15: '_G1'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_box_starts_at_the_field_origin_and_is_the_font_height_tall()
    {
        using var result = ZplInterpreter.Render("^XA^PW400^LL200^FO20,30^A0N,40,40^FDHELLO^FS^XZ");
        var field = Assert.Single(result.Fields);
        Assert.Equal(("^A0", 20, 30, 40), (field.Command, field.X, field.Y, field.Height));
        Assert.InRange(field.Width, 100, 200);

        // Capitals are about three quarters of the height and stand on the baseline near the bottom.
        var (top, bottom) = InkRows(result.Labels[0]);
        Assert.InRange(bottom - top + 1, 26, 32);
        Assert.InRange(bottom, 30 + 28, 30 + 33);
    }

    [Fact]
    public void Field_typeset_puts_the_text_baseline_on_the_origin()
    {
        using var result = ZplInterpreter.Render("^XA^PW400^LL200^FT20,100^A0N,40,40^FDHELLO^FS^XZ");
        var (top, bottom) = InkRows(result.Labels[0]);

        Assert.InRange(bottom, 98, 100); // capitals end on the baseline (anti-aliasing may leave the last row grey)
        Assert.InRange(top, 68, 74);
        Assert.Equal(20, result.Fields[0].X);
    }

    [Theory]
    [InlineData('R')]
    [InlineData('I')]
    [InlineData('B')]
    public void Rotated_text_keeps_its_box_top_left_on_the_field_origin(char orientation)
    {
        using var upright = ZplInterpreter.Render("^XA^PW400^LL400^FO50,60^A0N,40,30^FDSERIAL^FS^XZ");
        using var rotated = ZplInterpreter.Render($"^XA^PW400^LL400^FO50,60^A0{orientation},40,30^FDSERIAL^FS^XZ");
        var n = upright.Fields[0];
        var r = rotated.Fields[0];

        Assert.Equal((50, 60), (r.X, r.Y));
        Assert.Equal(orientation == 'I' ? (n.Width, n.Height) : (n.Height, n.Width), (r.Width, r.Height));
        Assert.True(CountInk(rotated.Labels[0], r) > 100);
    }

    [Fact]
    public void Field_orientation_default_turns_text_without_its_own()
    {
        using var result = ZplInterpreter.Render("^XA^PW400^LL400^FWR^FO50,60^A0,40,30^FDSERIAL^FS^XZ");
        var field = result.Fields[0];
        Assert.Equal(40, field.Width);
        Assert.True(field.Height > 40);
    }

    [Fact]
    public void Change_font_sets_the_height_of_text_without_a_font_command()
    {
        using var result = ZplInterpreter.Render("^XA^CF0,50^FO10,10^FDTEXT^FS^XZ");
        Assert.Equal(50, Assert.Single(result.Fields).Height);
    }

    [Fact]
    public void Rendering_the_same_zpl_twice_gives_the_same_pixels()
    {
        const string Zpl = "^XA^FO10,10^A0N,33,27^FDDeterministic 123^FS^FO10,60^BQN,2,3^FDMA,https://id.example.com/01/09506000134352^FS^XZ";
        Assert.Equal(ZplInterpreter.RenderPng(Zpl), ZplInterpreter.RenderPng(Zpl));
    }

    private static (int Top, int Bottom) InkRows(SkiaSharp.SKBitmap label)
    {
        int top = -1, bottom = -1;
        for (var y = 0; y < label.Height; y++)
        {
            for (var x = 0; x < label.Width; x++)
            {
                if (ZplDecoding.IsBlack(label, x, y))
                {
                    top = top < 0 ? y : top;
                    bottom = y;
                    break;
                }
            }
        }

        return (top, bottom);
    }

    private static int CountInk(SkiaSharp.SKBitmap label, ZplField box)
    {
        var n = 0;
        for (var y = box.Y; y < box.Y + box.Height; y++)
        {
            for (var x = box.X; x < box.X + box.Width; x++)
            {
                n += ZplDecoding.IsBlack(label, x, y) ? 1 : 0;
            }
        }

        return n;
    }
}
