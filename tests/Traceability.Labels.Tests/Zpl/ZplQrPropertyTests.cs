using CsCheck;
using Traceability.Core.Gs1;
using Traceability.Labels.Zpl;
using ZXing;

namespace Traceability.Labels.Tests.Zpl;

public sealed class ZplQrPropertyTests
{
    // GS1 AI 82 characters, which Digital Link percent-encodes where a URI needs it.
    private const string Cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    private static readonly Gen<string> DigitalLinks =
        Gen.Select(Gen.String[Gen.Char['0', '9'], 13, 13], Gen.String[Gen.Char[Cset82], 1, 20], Gen.Int[0, 2],
            (gtin, serial, domain) => DigitalLink.Format(
                ElementString.Create([new AiValue("01", Gtin.FromDigitsWithoutCheck(gtin).Value), new AiValue("21", serial)]),
                domain switch { 0 => "id.example.com", 1 => "https://brand.example/dl", _ => "https://example.cn" }));

    [Fact]
    public void Random_digital_links_through_bq_decode_back_exactly()
    {
        var levels = "LMQH";
        Gen.Select(DigitalLinks, Gen.Int[0, 3], Gen.Int[2, 4]).Sample((url, level, magnification) =>
        {
            var zpl = $"^XA^PW600^LL600^FO40,40^BQN,2,{magnification}^FD{levels[level]}A,{url}^FS^XZ";
            using var result = ZplInterpreter.Render(zpl);
            var read = ZplDecoding.TryRead(result.Labels[0], BarcodeFormat.QR_CODE);

            // ZXing.Net misses about 1 valid QR in 1000 (TOOLCHAIN.md); then zbarimg must read it.
            var text = read?.Text ?? ZplDecoding.RunTool("zbarimg", "--raw -q", ZplInterpreter.RenderPng(zpl)).TrimEnd('\n');
            Assert.Equal(url, text);
        }, iter: 500);
    }
}
