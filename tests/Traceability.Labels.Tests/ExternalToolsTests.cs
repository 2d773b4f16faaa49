using Traceability.Testing;

namespace Traceability.Labels.Tests;

/// <summary>The independent decoders and renderers that judge our labels work on symbols they did not draw themselves.</summary>
public sealed class ExternalToolsTests : IDisposable
{
    private const string Gs = "\x1D";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Zbarimg_reads_a_gs1_qr_code_from_zint_as_raw_element_string_with_gs_and_the_gs1_flag()
    {
        var png = _temp.File("qr.png");
        ExternalTools.ZintPng(ZintSymbology.QrCode, "[01]09506000134352[10]ABC[21]12345", png, gs1: true);

        var symbol = Assert.Single(ExternalTools.ZbarImgSymbols(png));

        Assert.Equal(new ZbarSymbol("QR-Code", "0109506000134352" + "10ABC" + Gs + "2112345", Gs1: true), symbol);
        Assert.Equal([symbol.Data], ExternalTools.ZbarImg(png));
    }

    [Fact]
    public void Zbarimg_reads_a_plain_qr_code_without_the_gs1_flag()
    {
        var png = _temp.File("qr.png");
        ExternalTools.ZintPng(ZintSymbology.QrCode, "https://id.example.com/01/09506000134352/21/12345", png, gs1: false);

        Assert.Equal(new ZbarSymbol("QR-Code", "https://id.example.com/01/09506000134352/21/12345", Gs1: false), Assert.Single(ExternalTools.ZbarImgSymbols(png)));
    }

    [Fact]
    public void Zbarimg_reads_gs1_128_from_zint()
    {
        var png = _temp.File("gs1-128.png");
        ExternalTools.ZintPng(ZintSymbology.Gs1_128, "[01]09506000134352[21]A1", png, gs1: true);

        var symbol = Assert.Single(ExternalTools.ZbarImgSymbols(png));

        Assert.Equal(new ZbarSymbol("CODE-128", "0109506000134352" + "21A1", Gs1: true), symbol);
    }

    [Fact]
    public void Dmtxread_reads_a_gs1_datamatrix_from_zint_with_fnc1_as_gs_including_the_leading_one()
    {
        var png = _temp.File("dm.png");
        ExternalTools.ZintPng(ZintSymbology.DataMatrix, "[01]09506000134352[10]ABC[21]12345", png, gs1: true);

        Assert.Equal(Gs + "0109506000134352" + "10ABC" + Gs + "2112345", ExternalTools.DmtxRead(png));
        Assert.Empty(ExternalTools.ZbarImg(png)); // zbar 0.23 does not read DataMatrix
    }

    [Fact]
    public void Dmtxread_gives_null_when_the_image_has_no_datamatrix()
    {
        var png = _temp.File("qr.png");
        ExternalTools.ZintPng(ZintSymbology.QrCode, "hello", png, gs1: false);

        Assert.Null(ExternalTools.DmtxRead(png));
    }

    [Fact]
    public void Zint_refuses_gs1_data_with_a_wrong_check_digit_and_says_why()
    {
        var e = Assert.Throws<ExternalToolException>(() =>
            ExternalTools.ZintPng(ZintSymbology.DataMatrix, "[01]09506000134353", _temp.File("bad.png"), gs1: true));

        Assert.Contains("checksum", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Zpl_renderer_js_renders_a_qr_code_that_zbarimg_reads()
    {
        var png = ZplRendererJs.RenderPng("^XA^FO50,50^BQN,2,5^FDMA,hello^FS^XZ", 50, 50, 8);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var path = _temp.File("zpl.png");
        File.WriteAllBytes(path, png);
        Assert.Equal(["hello"], ExternalTools.ZbarImg(path));
    }
}
