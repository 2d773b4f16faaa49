using Traceability.Labels.Zpl;

namespace Traceability.Labels.Tests.Zpl;

public sealed class ZplStreamTests
{
    [Fact]
    public void Several_labels_in_one_stream_give_several_images()
    {
        using var result = ZplInterpreter.Render("^XA^PW300^LL200^FO10,10^GB50,50,50^FS^XZ\r\n^XA^FO100,100^GB20,20,20^FS^PQ5^XZ");

        Assert.Equal(2, result.Labels.Count);
        Assert.Equal((300, 200), (result.Labels[1].Width, result.Labels[1].Height)); // ^PW/^LL persist like on a printer
        Assert.True(ZplDecoding.IsBlack(result.Labels[0], 20, 20));
        Assert.False(ZplDecoding.IsBlack(result.Labels[1], 20, 20));
        Assert.True(ZplDecoding.IsBlack(result.Labels[1], 110, 110));
        Assert.Equal(5, result.Quantity);
    }

    [Fact]
    public void Label_size_comes_from_print_width_and_label_length_wherever_they_stand()
    {
        using var result = ZplInterpreter.Render("^XA^FO0,0^GB10,10,1^FS^PW406^LL203^XZ");
        Assert.Equal((406, 203), (result.Labels[0].Width, result.Labels[0].Height));
    }

    [Fact]
    public void Options_override_the_label_size_and_the_default_is_100_by_150_mm()
    {
        using var overridden = ZplInterpreter.Render("^XA^PW406^LL203^XZ", new ZplRenderOptions(WidthDots: 500));
        using var defaulted = ZplInterpreter.Render("^XA^XZ", new ZplRenderOptions(DotsPerMm: 12));

        Assert.Equal((500, 203), (overridden.Labels[0].Width, overridden.Labels[0].Height));
        Assert.Equal((1200, 1800), (defaulted.Labels[0].Width, defaulted.Labels[0].Height));
        Assert.Equal(1, defaulted.Quantity);
    }

    [Fact]
    public void Unknown_command_is_a_warning_with_its_position_not_a_crash()
    {
        using var result = ZplInterpreter.Render("^XA^FO10,10^ZZ1,2^GB10,10,10^FS^XZ");

        Assert.Equal("^ZZ at position 12: unknown command, ignored", Assert.Single(result.Warnings));
        Assert.Single(result.Fields);
    }

    [Fact]
    public void Printer_setup_commands_and_comments_pass_silently()
    {
        using var result = ZplInterpreter.Render("~SD15^XA^MMT^PR4^LS0^CI28^FXlayout v2, do not edit^FO10,10^GB10,10,10^FS^XZ");
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Png_is_greyscale_and_starts_with_the_png_signature()
    {
        var png = ZplInterpreter.RenderPng("^XA^PW100^LL50^FO10,10^GB20,20,20^FS^XZ");

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(0, png[25]); // IHDR colour type 0: greyscale
        using var decoded = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((100, 50), (decoded.Width, decoded.Height));
    }

    [Theory]
    [InlineData("^FO10,10^GB10,10,10^FS", "^XA at position 1: no ^XA")]
    [InlineData("^XA^FO10,abc^FS^XZ", "^FO at position 4: 'abc' is not a number (y)")]
    [InlineData("^XA^FO10,10^GBwide,10^FS^XZ", "^GB at position 12: 'wide' is not a number (width)")]
    [InlineData("^XA^FO10,10^GFA,4,4,2,FFFF^FS^XZ", "^GF at position 12: 4 bytes announced, 2 given")]
    [InlineData("^XA^FO10,10^GFA,4,4,2,FF#F^FS^XZ", "^GF at position 12: '#' is not hex data")]
    [InlineData("^XA^FO10,10^GFB,4,4,2,abcd^FS^XZ", "^GF at position 12: format B is not supported")]
    [InlineData("^XA^BY2,3,x^XZ", "^BY at position 4: 'x' is not a number (height)")]
    public void Malformed_zpl_throws_naming_the_command_and_its_position(string zpl, string message)
    {
        var e = Assert.Throws<ZplException>(() => ZplInterpreter.Render(zpl));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_left_open_at_the_end_of_the_label_is_drawn_with_a_warning()
    {
        using var result = ZplInterpreter.Render("^XA^FO10,10^GB10,10,10^XZ");
        Assert.Single(result.Fields);
        Assert.Contains(result.Warnings, w => w.StartsWith("^XZ at position 23", StringComparison.Ordinal));
    }

    [Fact]
    public void Barcode_without_field_data_is_a_warning()
    {
        using var result = ZplInterpreter.Render("^XA^FO10,10^BQN,2,3^FS^XZ");
        Assert.Empty(result.Fields);
        Assert.Equal("^BQ at position 12: no ^FD for this barcode, nothing drawn", Assert.Single(result.Warnings));
    }
}
