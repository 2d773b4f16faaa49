using Traceability.Core.Gs1;
using Traceability.Labels.Zpl;
using ZXing;

namespace Traceability.Labels.Tests.Zpl;

public sealed class ZplBarcodeTests
{
    private const string DigitalLink = "https://id.example.com/01/09506000134352/21/ABC123?17=271231";
    private const string Gs = "\x1D";

    // GTIN, expiry (fixed length), batch (variable: FNC1 after it), serial.
    private const string DataMatrixData = "_101095060001343521727123110LOT42_121SER-0001";
    private const string DataMatrixElementString = "01095060001343521727123110LOT42" + Gs + "21SER-0001";

    private const string Sscc = "00106141411234567897";

    private static string Label(string field) => $"^XA^PW800^LL400^FO60,60{field}^FS^XZ";

    [Fact]
    public void Qr_code_with_a_digital_link_decodes_to_the_url_in_zxing_and_zbarimg()
    {
        var zpl = Label($"^BQN,2,4^FDMA,{DigitalLink}");
        using var result = ZplInterpreter.Render(zpl);

        Assert.Equal(DigitalLink, ZplDecoding.Read(result.Labels[0], BarcodeFormat.QR_CODE).Text);
        Assert.Equal(DigitalLink + "\n", ZplDecoding.RunTool("zbarimg", "--raw -q", ZplInterpreter.RenderPng(zpl)));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Qr_code_starts_at_the_field_origin_without_a_quiet_zone()
    {
        using var result = ZplInterpreter.Render(Label("^BQN,2,5^FDHA,X"));
        var field = Assert.Single(result.Fields);
        var label = result.Labels[0];

        // Version 1 is 21 modules; the finder pattern's corner module is the field origin.
        Assert.Equal(new ZplField("^BQ", 60, 60, 105, 105, "HA,X"), field);
        Assert.True(ZplDecoding.IsBlack(label, 60, 60));
        Assert.False(ZplDecoding.IsBlack(label, 59, 60));
        Assert.False(ZplDecoding.IsBlack(label, 60, 59));
        Assert.True(ZplDecoding.IsBlack(label, 164, 60)); // top-right finder's outer corner
        Assert.False(ZplDecoding.IsBlack(label, 165, 60));
    }

    [Fact]
    public void Qr_error_correction_comes_from_the_field_data()
    {
        using var result = ZplInterpreter.Render(Label($"^BQN,2,3^FDHA,{DigitalLink}"));
        var read = ZplDecoding.Read(result.Labels[0], BarcodeFormat.QR_CODE);
        Assert.Equal("H", read.ResultMetadata[ResultMetadataType.ERROR_CORRECTION_LEVEL]);
    }

    [Fact]
    public void Gs1_datamatrix_with_fnc1_escapes_decodes_with_group_separators_in_zxing()
    {
        using var result = ZplInterpreter.Render(Label($"^BXN,6,200,,,,_^FD{DataMatrixData}"));
        var read = ZplDecoding.Read(result, "^BX", BarcodeFormat.DATA_MATRIX);

        // ZXing.Net, like dmtxread, reports the leading FNC1 as a GS too; the symbology identifier says GS1.
        Assert.Equal(Gs + DataMatrixElementString, read.Text);
        Assert.Equal("]d2", read.ResultMetadata[ResultMetadataType.SYMBOLOGY_IDENTIFIER]);
        Assert.Equal("(01)09506000134352(17)271231(10)LOT42(21)SER-0001", ElementString.Parse(read.Text).ToBracketed());
    }

    [Fact]
    public void Gs1_datamatrix_reads_in_dmtxread_with_fnc1_printed_as_gs_including_the_leading_one()
    {
        var png = ZplInterpreter.RenderPng(Label($"^BXN,6,200,,,,_^FD{DataMatrixData}"));
        Assert.Equal(Gs + DataMatrixElementString + "\n", ZplDecoding.RunTool("dmtxread", "-n -G 29", png));
    }

    [Fact]
    public void Datamatrix_without_an_escape_character_is_plain_data()
    {
        using var result = ZplInterpreter.Render(Label("^BXN,5,200^FD_1ABC"));
        var read = ZplDecoding.Read(result, "^BX", BarcodeFormat.DATA_MATRIX);
        Assert.Equal("_1ABC", read.Text);
        Assert.Equal("]d1", read.ResultMetadata[ResultMetadataType.SYMBOLOGY_IDENTIFIER]);
    }

    [Fact]
    public void Gs1_128_sscc_with_invocation_codes_decodes_with_fnc1_in_zxing()
    {
        using var result = ZplInterpreter.Render(Label($"^BY2^BCN,100,Y,N,N^FD>;>8{Sscc}"));
        var read = ZplDecoding.Read(result.Labels[0], BarcodeFormat.CODE_128, assumeGs1: true);
        Assert.Equal("]C1" + Sscc, read.Text);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Gs1_128_sscc_reads_in_zbarimg_without_a_mark_for_the_leading_fnc1()
    {
        var png = ZplInterpreter.RenderPng(Label($"^BY2^BCN,100,Y,N,N^FD>;>8{Sscc}"));
        Assert.Equal(Sscc + "\n", ZplDecoding.RunTool("zbarimg", "--raw -q", png));
    }

    [Fact]
    public void Gs1_128_with_a_variable_length_ai_carries_fnc1_between_fields_to_both_decoders()
    {
        // (10) is variable length, so FNC1 (>8) separates it from (21); zbarimg prints that FNC1 as GS.
        var zpl = Label("^BY2^BCN,80,N,N,N^FD>;>80109506000134352>610LOT42>8>521>6SER1");
        using var result = ZplInterpreter.Render(zpl);
        var expected = "0109506000134352" + "10LOT42" + Gs + "21SER1";

        Assert.Equal("]C1" + expected, ZplDecoding.Read(result.Labels[0], BarcodeFormat.CODE_128, assumeGs1: true).Text);
        Assert.Equal(expected + "\n", ZplDecoding.RunTool("zbarimg", "--raw -q", ZplInterpreter.RenderPng(zpl)));
    }

    [Fact]
    public void Mode_d_takes_bracketed_gs1_data_and_adds_the_fnc1s_itself()
    {
        using var result = ZplInterpreter.Render(Label("^BY2^BCN,80,Y,N,N,D^FD(01)09506000134352(10)LOT42(21)SER1"));
        var read = ZplDecoding.Read(result.Labels[0], BarcodeFormat.CODE_128, assumeGs1: true);
        Assert.Equal("]C1" + "0109506000134352" + "10LOT42" + Gs + "21SER1", read.Text);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Mode_d_sscc_matches_the_hand_written_invocation_codes_bar_for_bar()
    {
        using var modeD = ZplInterpreter.Render(Label("^BY2^BCN,80,N,N,N,D^FD(00)106141411234567897"));
        using var modeN = ZplInterpreter.Render(Label($"^BY2^BCN,80,N,N,N^FD>;>8{Sscc}"));
        Assert.Equal(ZplDecoding.Luminance(modeN.Labels[0]), ZplDecoding.Luminance(modeD.Labels[0]));
    }

    [Fact]
    public void Code128_subset_b_text_and_start_b_by_default()
    {
        using var result = ZplInterpreter.Render(Label("^BY2^BCN,60,Y,N,N^FDAbc-123>0x"));
        Assert.Equal("Abc-123>x", ZplDecoding.Read(result.Labels[0], BarcodeFormat.CODE_128).Text);
    }

    [Fact]
    public void Code128_bar_width_is_the_by_module_width()
    {
        // Start C, FNC1, 10 digit pairs and the check symbol have 11 modules each, the stop 13.
        using var result = ZplInterpreter.Render(Label($"^BY3^BCN,50,N,N,N^FD>;>8{Sscc}"));
        var field = Assert.Single(result.Fields);
        Assert.Equal(((13 * 11) + 13) * 3, field.Width);
        Assert.Equal(50, field.Height);
    }

    [Theory]
    [InlineData('N')]
    [InlineData('R')]
    [InlineData('I')]
    [InlineData('B')]
    public void Rotated_barcodes_still_decode(char orientation)
    {
        using var result = ZplInterpreter.Render(
            $"^XA^PW900^LL900^FO60,60^BQ{orientation},2,4^FDMA,{DigitalLink}^FS" +
            $"^FO500,60^BX{orientation},6,200,,,,_^FD{DataMatrixData}^FS" +
            $"^FO60,400^BY2^BC{orientation},100,Y,N,N^FD>;>8{Sscc}^FS^XZ");

        Assert.Equal(DigitalLink, ZplDecoding.Read(result, "^BQ", BarcodeFormat.QR_CODE).Text);
        Assert.Equal(Gs + DataMatrixElementString, ZplDecoding.Read(result, "^BX", BarcodeFormat.DATA_MATRIX).Text);
        Assert.Equal("]C1" + Sscc, ZplDecoding.Read(result, "^BC", BarcodeFormat.CODE_128, assumeGs1: true).Text);
    }

    [Fact]
    public void Rotated_code128_keeps_its_box_top_left_at_the_field_origin_and_swaps_width_and_height()
    {
        using var upright = ZplInterpreter.Render(Label($"^BY2^BCN,100,Y,N,N^FD>;>8{Sscc}"));
        using var rotated = ZplInterpreter.Render(Label($"^BY2^BCR,100,Y,N,N^FD>;>8{Sscc}"));
        var n = Assert.Single(upright.Fields);
        var r = Assert.Single(rotated.Fields);

        Assert.Equal((60, 60), (r.X, r.Y));
        Assert.Equal((n.Width, n.Height), (r.Height, r.Width));
    }

    [Fact]
    public void Field_typeset_puts_a_barcode_bottom_left_at_the_origin()
    {
        using var result = ZplInterpreter.Render("^XA^PW500^LL500^FT60,300^BQN,2,4^FDLA,ABC^FS^XZ");
        var field = Assert.Single(result.Fields);
        Assert.Equal((60, 300), (field.X, field.Y + field.Height));
    }
}
