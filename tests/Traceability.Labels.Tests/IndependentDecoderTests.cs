using Traceability.Core.Gs1;
using Traceability.Labels.Templates;
using Traceability.Testing;
using ZXing;

namespace Traceability.Labels.Tests;

/// <summary>Our labels judged by decoders and a ZPL renderer we did not write: zbarimg, dmtxread, zint, zpl-renderer-js (zebrash).</summary>
public sealed class IndependentDecoderTests : IDisposable
{
    private static readonly LabelTemplate DataMatrixTemplate = LabelTemplate.Parse("""
        { "name": "dm", "widthMm": 40, "heightMm": 40, "dpi": 203,
          "elements": [ { "type": "datamatrix", "id": "dm", "x": 5, "y": 5, "sizeMm": 30, "data": "(01){gtin}(17){expiry:yyMMdd}(10){lot}(21){serial}" } ] }
        """);

    private static readonly LabelData DataMatrixData = new(new Dictionary<string, string>
    {
        ["gtin"] = "09506000134352", ["expiry"] = "2027-12-31", ["lot"] = "L_1(A)", ["serial"] = "S/1%",
    });

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Zbarimg_reads_the_unit_label_qr_as_the_exact_digital_link()
    {
        var data = SampleLabels.Unit();
        var symbol = Assert.Single(ExternalTools.ZbarImgSymbols(Save(LabelRenderer.RenderPng(SampleLabels.Template("unit"), data))));
        Assert.Equal(("QR-Code", data.Get("digitalLink")), (symbol.Type, symbol.Data));
    }

    [Theory]
    [InlineData("case")]
    [InlineData("pallet")]
    public void Zbarimg_reads_the_sscc_as_gs1_128(string name)
    {
        var data = name == "case" ? SampleLabels.Case() : SampleLabels.Pallet();
        var symbol = Assert.Single(ExternalTools.ZbarImgSymbols(Save(LabelRenderer.RenderPng(SampleLabels.Template(name), data))));
        Assert.Equal(("CODE-128", "00" + data.Get("sscc"), true), (symbol.Type, symbol.Data, symbol.Gs1));
    }

    [Fact]
    public void Dmtxread_reads_our_gs1_datamatrix_with_fnc1_intact()
    {
        var text = ExternalTools.DmtxRead(Save(LabelRenderer.RenderPng(DataMatrixTemplate, DataMatrixData)));
        Assert.Equal("\u001D0109506000134352" + "17271231" + "10L_1(A)\u001D" + "21S/1%", text);
    }

    [Fact]
    public void A_zint_gs1_datamatrix_decodes_through_our_reader_path()
    {
        var path = _dir.File("zint.png");
        ExternalTools.ZintPng(ZintSymbology.DataMatrix, "[01]09506000134352[17]271231[10]LOT(7)[21]Z1", path, gs1: true, scale: 4);
        var decoded = Assert.Single(ZxingDecoder.Decode(File.ReadAllBytes(path), BarcodeFormat.DATA_MATRIX));
        Assert.Equal(ElementString.Parse(@"(01)09506000134352(17)271231(10)LOT\(7)(21)Z1"), ScannedCode.Parse(decoded));
    }

    [Fact]
    public void Our_unit_zpl_printed_by_zebrash_reads_as_the_same_digital_link()
    {
        var template = SampleLabels.Template("unit");
        var data = SampleLabels.Unit();
        var png = ZplRendererJs.RenderPng(LabelRenderer.RenderZpl(template, data), template.WidthMm, template.HeightMm, template.DotsPerMm);
        Assert.Equal([data.Get("digitalLink")], ExternalTools.ZbarImg(Save(png)));
    }

    [Theory]
    [InlineData("case")]
    [InlineData("pallet")]
    public void Our_case_and_pallet_zpl_printed_by_zebrash_read_as_the_same_sscc(string name)
    {
        var template = SampleLabels.Template(name);
        var data = name == "case" ? SampleLabels.Case() : SampleLabels.Pallet();
        var png = ZplRendererJs.RenderPng(LabelRenderer.RenderZpl(template, data), template.WidthMm, template.HeightMm, template.DotsPerMm);
        var symbol = Assert.Single(ExternalTools.ZbarImgSymbols(Save(png)));
        Assert.Equal(("00" + data.Get("sscc"), true), (symbol.Data, symbol.Gs1));
    }

    [Fact]
    public void Our_datamatrix_zpl_printed_by_zebrash_reads_as_the_same_gs1_data()
    {
        var zpl = LabelRenderer.RenderZpl(DataMatrixTemplate, DataMatrixData);
        var png = ZplRendererJs.RenderPng(zpl, DataMatrixTemplate.WidthMm, DataMatrixTemplate.HeightMm, DataMatrixTemplate.DotsPerMm);
        Assert.Equal("\u001D0109506000134352" + "17271231" + "10L_1(A)\u001D" + "21S/1%", ExternalTools.DmtxRead(Save(png)));
    }

    [Fact]
    public void Separators_survive_in_a_datamatrix_that_zxing_compact_encoding_would_corrupt()
    {
        // Regression: ZXing.Net's compact (minimal) encoder wrote this payload's FNC1 separators as the letter "n"
        // (its Text encodation); dmtxread read the wrong data from the symbol. DataMatrixSymbol now checks and re-encodes.
        var data = new LabelData(new Dictionary<string, string>
        {
            ["gtin"] = "22864604013482", ["expiry"] = "2029-02-19", ["lot"] = "!xLB8w1A9;nh", ["serial"] = "vba??",
        });
        var template = LabelTemplate.Parse("""
            { "name": "dm", "widthMm": 40, "heightMm": 40, "dpi": 203,
              "elements": [ { "type": "datamatrix", "id": "dm", "x": 5, "y": 5, "sizeMm": 30, "data": "(01){gtin}(17){expiry:yyMMdd}(10){lot}(21){serial}(8030){digsig}" } ] }
            """);
        var values = new Dictionary<string, string>(data.Values) { ["digsig"] = "6X8wvxdMeQ43vPcgIvt_qerfb_LuWESsUXZNDOwmzwsHZbGiyck8pWGbrdUvlv2Z9LjX1Pc6-GL6xkF_4p75gVD9" };
        var text = ExternalTools.DmtxRead(Save(LabelRenderer.RenderPng(template, new LabelData(values))));
        Assert.Equal("\u001D0122864604013482172902191" + "0!xLB8w1A9;nh\u001D21vba??\u001D8030" + values["digsig"], text);
    }

    private string Save(byte[] png)
    {
        var path = _dir.File(Guid.NewGuid().ToString("N") + ".png");
        File.WriteAllBytes(path, png);
        return path;
    }
}
