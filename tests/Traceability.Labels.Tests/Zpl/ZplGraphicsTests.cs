using Traceability.Labels.Zpl;

namespace Traceability.Labels.Tests.Zpl;

public sealed class ZplGraphicsTests
{
    // A 16 × 4 frame: a solid row, two white rows with black ends, a solid row.
    private const string PlainHex = "FFFF" + "8001" + "8001" + "FFFF";
    private const string Compressed = "JF" + "8H01" + ":" + "!";

    private static string Graphic(string data, int total = 8) => $"^XA^PW100^LL100^FO10,20^GFA,{total},{total},2,{data}^FS^XZ";

    [Fact]
    public void Plain_and_compressed_graphic_field_draw_the_same_pixels()
    {
        using var plain = ZplInterpreter.Render(Graphic(PlainHex));
        using var compressed = ZplInterpreter.Render(Graphic(Compressed));

        Assert.Equal(ZplDecoding.Luminance(plain.Labels[0]), ZplDecoding.Luminance(compressed.Labels[0]));
        Assert.Equal(new ZplField("^GF", 10, 20, 16, 4, null), Assert.Single(plain.Fields));
    }

    [Fact]
    public void Graphic_field_bits_land_on_the_dots_they_describe()
    {
        using var result = ZplInterpreter.Render(Graphic(PlainHex));
        var label = result.Labels[0];

        Assert.True(ZplDecoding.IsBlack(label, 10, 20));
        Assert.True(ZplDecoding.IsBlack(label, 25, 20));
        Assert.False(ZplDecoding.IsBlack(label, 26, 20));
        Assert.True(ZplDecoding.IsBlack(label, 10, 21));
        Assert.False(ZplDecoding.IsBlack(label, 11, 21));
        Assert.True(ZplDecoding.IsBlack(label, 25, 22));
        Assert.True(ZplDecoding.IsBlack(label, 17, 23));
        Assert.False(ZplDecoding.IsBlack(label, 17, 24));
    }

    [Fact]
    public void Compressed_counts_add_up_and_comma_fills_the_row_with_white()
    {
        // 'g' = 20 and 'H' = 2: 22 × 'F' = 11 bytes of black; ',' whites the rest of the 12-byte row.
        using var compressed = ZplInterpreter.Render("^XA^PW200^LL50^FO0,0^GFA,24,24,12,gHF,!^FS^XZ");
        using var plain = ZplInterpreter.Render("^XA^PW200^LL50^FO0,0^GFA,24,24,12," + new string('F', 22) + "00" + new string('F', 24) + "^FS^XZ");
        Assert.Equal(ZplDecoding.Luminance(plain.Labels[0]), ZplDecoding.Luminance(compressed.Labels[0]));
    }

    [Fact]
    public void Z64_graphic_field_inflates_to_the_same_pixels()
    {
        var bytes = Convert.FromHexString(PlainHex);
        using var buffer = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(bytes);
        }

        using var plain = ZplInterpreter.Render(Graphic(PlainHex));
        using var z64 = ZplInterpreter.Render(Graphic(":Z64:" + Convert.ToBase64String(buffer.ToArray()) + ":1234"));
        Assert.Equal(ZplDecoding.Luminance(plain.Labels[0]), ZplDecoding.Luminance(z64.Labels[0]));
    }

    [Fact]
    public void Graphic_field_with_short_data_names_the_command_position_and_counts()
    {
        var zpl = "^XA^FO10,10^GFA,3000,3000,10," + new string('0', 5980) + "^FS^XZ";
        var e = Assert.Throws<ZplException>(() => ZplInterpreter.Render(zpl));
        Assert.Equal("^GF at position 12: 3000 bytes announced, 2990 given", e.Message);
        Assert.Equal(("^GF", 12), (e.Command, e.Position));
    }

    [Fact]
    public void Box_border_is_drawn_inside_its_width_and_height()
    {
        using var result = ZplInterpreter.Render("^XA^PW200^LL200^FO20,30^GB100,50,4^FS^XZ");
        var label = result.Labels[0];

        Assert.Equal(new ZplField("^GB", 20, 30, 100, 50, null), Assert.Single(result.Fields));
        Assert.True(ZplDecoding.IsBlack(label, 20, 30));
        Assert.True(ZplDecoding.IsBlack(label, 119, 79));
        Assert.False(ZplDecoding.IsBlack(label, 120, 79));
        Assert.False(ZplDecoding.IsBlack(label, 119, 80));
        Assert.False(ZplDecoding.IsBlack(label, 19, 30));
        Assert.True(ZplDecoding.IsBlack(label, 23, 50)); // left border is 4 dots
        Assert.False(ZplDecoding.IsBlack(label, 24, 50)); // inside is white
        Assert.False(ZplDecoding.IsBlack(label, 70, 55));
    }

    [Fact]
    public void Box_thicker_than_half_its_size_is_solid_and_a_zero_width_box_is_a_vertical_line()
    {
        using var result = ZplInterpreter.Render("^XA^PW200^LL200^FO10,10^GB40,20,10^FS^FO100,10^GB0,60,3^FS^XZ");
        var label = result.Labels[0];

        Assert.True(ZplDecoding.IsBlack(label, 30, 20));
        Assert.Equal(new ZplField("^GB", 100, 10, 3, 60, null), result.Fields[1]);
        Assert.True(ZplDecoding.IsBlack(label, 102, 69));
        Assert.False(ZplDecoding.IsBlack(label, 103, 40));
    }

    [Fact]
    public void Label_home_shifts_every_field_origin()
    {
        using var result = ZplInterpreter.Render("^XA^PW200^LL200^LH15,25^FO10,10^GB20,20,20^FS^XZ");
        Assert.Equal((25, 35), (result.Fields[0].X, result.Fields[0].Y));
        Assert.True(ZplDecoding.IsBlack(result.Labels[0], 25, 35));
        Assert.False(ZplDecoding.IsBlack(result.Labels[0], 24, 35));
    }

    [Fact]
    public void Reversed_field_inverts_what_lies_under_it()
    {
        using var result = ZplInterpreter.Render("^XA^PW200^LL200^FO10,10^GB100,100,100^FS^FO50,50^FR^GB100,20,20^FS^XZ");
        var label = result.Labels[0];

        Assert.False(ZplDecoding.IsBlack(label, 60, 60)); // black under a reversed box turns white
        Assert.True(ZplDecoding.IsBlack(label, 130, 60)); // white under it turns black
        Assert.True(ZplDecoding.IsBlack(label, 30, 30));
    }
}
