using SkiaSharp;
using Traceability.Core.Gs1;
using Traceability.Labels.Layout;
using Traceability.Labels.Rendering;
using Traceability.Labels.Templates;
using Traceability.Testing;
using ZXing;

namespace Traceability.Labels.Tests;

public sealed class LabelRenderingTests
{
    [Fact]
    public void Unit_label_png_carries_the_digital_link_with_its_digsig()
    {
        var data = SampleLabels.Unit();
        var png = LabelRenderer.RenderPng(SampleLabels.Template("unit"), data);
        var decoded = Assert.Single(ZxingDecoder.Decode(png, BarcodeFormat.QR_CODE));
        Assert.Equal(data.Get("digitalLink"), decoded);
        Assert.NotNull(DigitalLink.Parse(decoded).Data["8030"]);
    }

    // Regression: an unsigned Digital Link (no AI 8030) is short, so the QR filling its 25 mm box had 6-dot modules and a
    // 3 mm quiet zone that ran off the unit label; the pipeline faulted on every unsigned unit.
    [Fact]
    public void A_short_unsigned_link_still_fits_the_unit_label_with_its_quiet_zone()
    {
        var link = DigitalLink.Format(ElementString.Create([new("01", "09506000134352"), new("10", "L2611"), new("21", "Q7XK2M9PZR4T")]), "id.example.com");
        var data = new LabelData(new Dictionary<string, string>
        {
            ["digitalLink"] = link, ["model"] = "S9 45mm", ["gtin"] = "09506000134352", ["serial"] = "Q7XK2M9PZR4T", ["date"] = "2026-11-25",
        });

        var layout = LabelLayoutEngine.Build(SampleLabels.Template("unit"), data);
        var png = LabelRenderer.RenderPng(SampleLabels.Template("unit"), data);

        var qr = Assert.Single(layout.Items.OfType<QrItem>());
        Assert.True(qr.X >= 4 * qr.ModuleDots && qr.Y >= 4 * qr.ModuleDots, $"quiet zone off the label at {qr.ModuleDots} dots per module");
        Assert.Equal(link, Assert.Single(ZxingDecoder.Decode(png, BarcodeFormat.QR_CODE)));
    }

    [Theory]
    [InlineData("case")]
    [InlineData("pallet")]
    public void Case_and_pallet_labels_carry_the_sscc_as_gs1_128(string name)
    {
        var data = name == "case" ? SampleLabels.Case() : SampleLabels.Pallet();
        var png = LabelRenderer.RenderPng(SampleLabels.Template(name), data);
        var decoded = Assert.Single(ZxingDecoder.Decode(png, BarcodeFormat.CODE_128));
        Assert.Equal("]C100" + data.Get("sscc"), decoded); // ]C1: FNC1 in first position, a GS1-128 symbol
    }

    [Fact]
    public void Gs1_datamatrix_keeps_its_group_separators()
    {
        var template = LabelTemplate.Parse("""
            { "name": "dm", "widthMm": 40, "heightMm": 40, "dpi": 300,
              "elements": [ { "type": "datamatrix", "id": "dm", "x": 5, "y": 5, "sizeMm": 30, "data": "(01){gtin}(17){expiry:yyMMdd}(10){lot}(21){serial}" } ] }
            """);
        var data = new LabelData(new Dictionary<string, string> { ["gtin"] = "09506000134352", ["expiry"] = "2027-12-31", ["lot"] = "L_1(A)", ["serial"] = "S/1" });
        var png = LabelRenderer.RenderPng(template, data);
        var decoded = Assert.Single(ZxingDecoder.Decode(png, BarcodeFormat.DATA_MATRIX));
        Assert.Equal(Escape("\u001D0109506000134352" + "17271231" + "10L_1(A)\u001D" + "21S/1"), Escape(decoded));
    }

    [Fact]
    public void Zpl_has_one_field_per_element_and_escapes_what_zpl_would_read_as_commands()
    {
        var zpl = LabelRenderer.RenderZpl(SampleLabels.Template("unit"), SampleLabels.Unit(model: "A_B^C~D"));
        Assert.StartsWith("^XA\n^CI28\n^PW720\n^LL360\n", zpl, StringComparison.Ordinal);
        Assert.EndsWith("^PQ1\n^XZ\n", zpl, StringComparison.Ordinal);
        Assert.Equal(SampleLabels.Template("unit").Elements.Count, zpl.Split("^FS").Length - 1);
        Assert.Contains("^FDA_5FB_5EC_7ED^FS", zpl, StringComparison.Ordinal);
        Assert.Contains("^BQN,2,", zpl, StringComparison.Ordinal);
    }

    [Fact]
    public void Sscc_gs1_128_in_zpl_starts_in_code_c_with_fnc1()
    {
        var zpl = LabelRenderer.RenderZpl(SampleLabels.Template("case"), SampleLabels.Case());
        Assert.Contains("^BCN,240,N,N,N,N^FD>;>800106141411234567897^FS", zpl, StringComparison.Ordinal);
    }

    [Fact]
    public void Symbols_keep_their_quiet_zone_white_and_sit_inside_the_label()
    {
        var layout = LabelLayoutEngine.Build(SampleLabels.Template("unit"), SampleLabels.Unit());
        var qr = Assert.Single(layout.Items.OfType<QrItem>());
        using var bitmap = PngRenderer.Draw(layout);
        var quiet = 4 * qr.ModuleDots;
        Assert.True(qr.X >= quiet && qr.Y >= quiet && qr.X + qr.Width + quiet <= layout.WidthDots && qr.Y + qr.Height + quiet <= layout.HeightDots);
        for (var y = qr.Y - quiet; y < qr.Y + qr.Height + quiet; y++)
        {
            for (var x = qr.X - quiet; x < qr.X + qr.Width + quiet; x++)
            {
                var inSymbol = x >= qr.X && x < qr.X + qr.Width && y >= qr.Y && y < qr.Y + qr.Height;
                if (!inSymbol)
                {
                    Assert.Equal(255, bitmap.GetPixel(x, y).Red);
                }
            }
        }

        // The finder pattern's corner module is dark: the symbol starts exactly at its origin.
        Assert.Equal(0, bitmap.GetPixel(qr.X, qr.Y).Red);
        Assert.Equal(0, bitmap.GetPixel(qr.X + qr.Width - 1, qr.Y).Red);
        Assert.Equal(0, bitmap.GetPixel(qr.X, qr.Y + qr.Height - 1).Red);
    }

    [Fact]
    public void Text_that_runs_past_its_max_width_is_refused_naming_the_element()
    {
        var data = SampleLabels.Unit(serial: "WWWWWWWWWWWWWWWWWWWW");
        var e = Assert.Throws<LabelTemplateException>(() => LabelRenderer.RenderPng(SampleLabels.Template("unit"), data));
        Assert.Contains("element 'serial' (text): \"WWWWWWWWWWWWWWWWWWWW\" is", e.Message, StringComparison.Ordinal);
        Assert.Contains("more than its maxWidthMm 28", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_variable_is_refused_naming_the_element_and_the_variable()
    {
        var data = new LabelData(SampleLabels.Case().Values.Where(p => p.Key != "lot").ToDictionary());
        var e = Assert.Throws<LabelTemplateException>(() => LabelRenderer.RenderZpl(SampleLabels.Template("case"), data));
        Assert.Equal("case.json, element 'lot' (text): {lot} has no value in the label data", e.Message);
    }

    [Fact]
    public void Invalid_gs1_data_is_refused_before_anything_is_printed()
    {
        var e = Assert.Throws<LabelTemplateException>(() => LabelRenderer.RenderZpl(SampleLabels.Template("case"), SampleLabels.Case(sscc: "106141411234567890")));
        Assert.Contains("element 'sscc' (gs1-128): not valid GS1 data: AI (00)", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbol_too_big_for_its_box_is_refused()
    {
        var template = LabelTemplate.Parse("""
            { "name": "tiny", "widthMm": 20, "heightMm": 20, "dpi": 203,
              "elements": [ { "type": "qr", "id": "link", "x": 5, "y": 5, "sizeMm": 5, "data": "{digitalLink}" } ] }
            """);
        var e = Assert.Throws<LabelTemplateException>(() => LabelRenderer.RenderPng(template, SampleLabels.Unit()));
        Assert.Contains("element 'link' (qr): the QR code for", e.Message, StringComparison.Ordinal);
        Assert.Contains("its box is 5 mm", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbol_without_room_for_its_quiet_zone_is_refused()
    {
        var template = LabelTemplate.Parse("""
            { "name": "edge", "widthMm": 40, "heightMm": 40, "dpi": 203,
              "elements": [ { "type": "qr", "id": "link", "x": 0, "y": 0, "sizeMm": 30, "data": "{digitalLink}" } ] }
            """);
        var e = Assert.Throws<LabelTemplateException>(() => LabelRenderer.RenderPng(template, SampleLabels.Unit()));
        Assert.Contains("with its quiet zone runs off the label", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_logo_is_drawn_as_a_monochrome_graphic_in_png_and_zpl()
    {
        var layout = LabelLayoutEngine.Build(SampleLabels.Template("pallet"), SampleLabels.Pallet());
        var logo = Assert.Single(layout.Items.OfType<ImageItem>());
        Assert.Equal((40, 32, 240, 80), (logo.X, logo.Y, logo.Width, logo.Height));
        Assert.Contains(true, logo.Black);
        Assert.Contains(false, logo.Black);
        var zpl = ZplWriter.Write(layout);
        Assert.Contains("^FO40,32^GFA,2400,2400,30,", zpl, StringComparison.Ordinal);
        using var bitmap = PngRenderer.Draw(layout);
        var blackInPng = 0;
        for (var y = 0; y < logo.Height; y++)
        {
            for (var x = 0; x < logo.Width; x++)
            {
                Assert.Equal(logo.Black[(y * logo.Width) + x], bitmap.GetPixel(logo.X + x, logo.Y + y).Red == 0);
                blackInPng += logo.Black[(y * logo.Width) + x] ? 1 : 0;
            }
        }

        Assert.True(blackInPng > 1000);
    }

    [Fact]
    public void Rotated_datamatrix_and_gs1_128_still_decode()
    {
        var template = LabelTemplate.Parse("""
            { "name": "rot", "widthMm": 100, "heightMm": 100, "dpi": 203,
              "elements": [
                { "type": "datamatrix", "id": "dm", "x": 5, "y": 5, "sizeMm": 20, "rotation": 90, "data": "(01){gtin}(21){serial}" },
                { "type": "gs1-128", "id": "sscc", "x": 50, "y": 5, "widthMm": 80, "heightMm": 20, "rotation": 270, "data": "(00){sscc}" } ] }
            """);
        var data = new LabelData(new Dictionary<string, string> { ["gtin"] = "09506000134352", ["serial"] = "R1", ["sscc"] = "106141411234567897" });
        var png = LabelRenderer.RenderPng(template, data);
        // ZXing.Net does not find this rotated DataMatrix (its detector's limitation); dmtxread, the independent decoder, judges it.
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("rotated.png"), png);
        Assert.Equal("\u001D0109506000134352" + "21R1", ExternalTools.DmtxRead(dir.File("rotated.png")));
        Assert.Equal("]C100106141411234567897", Assert.Single(ZxingDecoder.Decode(png, BarcodeFormat.CODE_128)));
    }

    [Theory]
    [InlineData("HTTPS://ID.EXAMPLE.COM/01/09506000134352/21/Q7XK2M9PZR4T")] // alphanumeric mode would fit a smaller version
    [InlineData("https://id.example.com/01/09506000134352/21/q7xk2m9pzr4t")]
    [InlineData("0123456789012345678901234567890123456789")]
    public void The_qr_size_planned_from_the_data_length_is_the_size_encoded(string data)
    {
        // Regression: QRCoder mixes modes, so a size cached by mode and length was wrong for some Digital Links.
        foreach (var level in Enum.GetValues<QrErrorCorrection>())
        {
            Assert.Equal(Symbols.QrSymbol.Size(data, level), Symbols.QrSymbol.Encode(data, level).Width);
        }
    }

    private static string Escape(string s) => s.Replace("\x1D", "<GS>", StringComparison.Ordinal);
}
