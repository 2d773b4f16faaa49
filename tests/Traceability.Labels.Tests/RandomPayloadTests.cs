using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SkiaSharp;
using Traceability.Core.Gs1;
using Traceability.Core.Gs1.Syntax;
using Traceability.Labels.Layout;
using Traceability.Labels.Rendering;
using Traceability.Labels.Symbols;
using Traceability.Labels.Templates;
using Traceability.Testing;
using Xunit.Abstractions;
using ZXing;

namespace Traceability.Labels.Tests;

/// <summary>
/// Random payloads through render → decode: every one with ZXing.Net, the first 500 also with an independent decoder
/// (zbarimg, dmtxread). A ZXing miss that the independent decoder reads is recorded as a ZXing limitation, not a pass;
/// a wrong decode, or a payload nobody reads, fails the test.
/// </summary>
public sealed class RandomPayloadTests(ITestOutputHelper output)
{
    private const int Count = 10_000;
    private const int IndependentCount = 500;
    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [Fact]
    public void Random_digital_links_round_trip_through_the_qr_code()
    {
        var template = Symbol("""{ "type": "qr", "x": 5, "y": 5, "sizeMm": 50, "data": "{digitalLink}" }""", 60, 60);
        Run(template, BarcodeFormat.QR_CODE, seed: 3_001, random =>
        {
            var uri = DigitalLink.Format(RandomCode(random, digsig: true), "https://id.example.com");
            return (Data("digitalLink", uri), uri, uri);
        }, path => Zbar(path, "QR-Code"));
    }

    [Fact]
    public void Random_element_strings_round_trip_through_the_gs1_datamatrix()
    {
        var template = Symbol("""{ "type": "datamatrix", "x": 5, "y": 5, "sizeMm": 30, "data": "(01){gtin}(17){expiry:yyMMdd}(10){lot}(21){serial}(8030){digsig}" }""", 40, 40);
        Run(template, BarcodeFormat.DATA_MATRIX, seed: 3_002, random =>
        {
            var (data, code) = RandomData(random, maxSerial: 20, digsig: true);
            var fnc1First = "\u001D" + code.ToRaw();
            return (data, fnc1First, fnc1First);
        }, ExternalTools.DmtxRead);
    }

    [Fact]
    public void Random_element_strings_round_trip_through_gs1_128()
    {
        var template = Symbol("""{ "type": "gs1-128", "x": 15, "y": 3, "widthMm": 130, "heightMm": 20, "data": "(01){gtin}(17){expiry:yyMMdd}(10){lot}(21){serial}" }""", 160, 26);
        Run(template, BarcodeFormat.CODE_128, seed: 3_003, random =>
        {
            var (data, code) = RandomData(random, maxSerial: 8, digsig: false);
            return (data, "]C1" + code.ToRaw(), code.ToRaw());
        }, path => Zbar(path, "CODE-128"), (data, zxing) =>
        {
            // ZXing.Net's Code 128 reader turns a check character of value 102 (FNC1's value) into a trailing GS.
            var code = LabelLayoutEngine.Build(template, data).Items.OfType<BarcodeItem>().Single().Data;
            return zxing == "]C1" + code.ToRaw() + "\u001D" && Code128Bars.CheckValue(Code128Symbol.Plan(code).Codes) == Code128Symbol.Fnc1;
        });
    }

    private void Run(
        LabelTemplate template,
        BarcodeFormat format,
        int seed,
        Func<Random, (LabelData Data, string Zxing, string Independent)> next,
        Func<string, string?> independent,
        Func<LabelData, string, bool>? knownZxingMisread = null)
    {
        using var dir = new TempDirectory();
        var failures = new ConcurrentQueue<string>();
        var zxingMisses = new ConcurrentQueue<int>();
        var zxingMisreads = new ConcurrentQueue<int>();
        var independentReads = 0;
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (data, zxingExpected, independentExpected) = next(new Random(seed + i));
            using var bitmap = PngRenderer.Draw(LabelLayoutEngine.Build(template, data));
            var zxing = ZxingDecoder.Decode(bitmap, format);
            var zxingOk = zxing.Count == 1 && zxing[0] == zxingExpected;
            var zxingQuirk = zxing.Count == 1 && !zxingOk && knownZxingMisread?.Invoke(data, zxing[0]) == true;
            if (zxing.Count > 0 && !zxingOk && !zxingQuirk)
            {
                var wrongPath = dir.File($"wrong-{i}.png");
                File.WriteAllBytes(wrongPath, PngRenderer.EncodePng(bitmap));
                failures.Enqueue($"#{i}: ZXing read {Show(zxing[0])}, expected {Show(zxingExpected)}; the independent decoder read {Show(independent(wrongPath))}");
                return;
            }

            if (i >= IndependentCount && zxingOk)
            {
                return;
            }

            var path = dir.File($"{i}.png");
            File.WriteAllBytes(path, PngRenderer.EncodePng(bitmap));
            var other = independent(path);
            if (other != independentExpected)
            {
                failures.Enqueue($"#{i}: independent decoder read {Show(other)}, expected {Show(independentExpected)}{(zxingOk ? string.Empty : "; ZXing read nothing either")}");
                return;
            }

            Interlocked.Increment(ref independentReads);
            if (zxingQuirk)
            {
                zxingMisreads.Enqueue(i);
            }
            else if (!zxingOk)
            {
                zxingMisses.Enqueue(i);
            }
        });

        output.WriteLine($"{format}: {Count} payloads, ZXing read {Count - zxingMisses.Count - zxingMisreads.Count} right, missed {zxingMisses.Count}, misread {zxingMisreads.Count} (a known ZXing quirk); the independent decoder read all {independentReads} it was given ({IndependentCount} sampled + every ZXing miss or misread)");
        output.WriteLine($"ZXing misses: {string.Join(", ", zxingMisses.Order())}; ZXing misreads: {string.Join(", ", zxingMisreads.Order())}");
        foreach (var failure in failures.Take(10))
        {
            output.WriteLine(failure);
        }

        Assert.Empty(failures);
        Assert.True(independentReads >= IndependentCount);
    }

    private static LabelTemplate Symbol(string element, int widthMm, int heightMm) =>
        LabelTemplate.Parse($$"""{ "name": "symbol", "widthMm": {{widthMm}}, "heightMm": {{heightMm}}, "dpi": 203, "elements": [ {{element}} ] }""");

    private static LabelData Data(string variable, string value) => new(new Dictionary<string, string> { [variable] = value });

    private static string? Zbar(string path, string type) =>
        ExternalTools.ZbarImgSymbols(path).Where(s => s.Type == type).Select(s => s.Data).SingleOrDefault();

    /// <summary>Random values for (01) (17) (10) (21) [(8030)], and the element string a template of those AIs must produce.</summary>
    private static (LabelData Data, ElementString Code) RandomData(Random random, int maxSerial, bool digsig)
    {
        var gtin = Gtin.FromDigitsWithoutCheck(random.NextInt64(0, 10_000_000_000_000).ToString("D13", CultureInfo.InvariantCulture)).Value;
        var expiry = new DateOnly(2026, 1, 1).AddDays(random.Next(3650));
        var lot = Text(random, CharacterSets.Cset82, 1, maxSerial);
        var serial = Text(random, CharacterSets.Cset82, 1, maxSerial);
        var values = new Dictionary<string, string>
        {
            ["gtin"] = gtin, ["expiry"] = expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["lot"] = lot, ["serial"] = serial,
        };
        List<AiValue> elements = [new("01", gtin), new("17", expiry.ToString("yyMMdd", CultureInfo.InvariantCulture)), new("10", lot), new("21", serial)];
        if (digsig)
        {
            values["digsig"] = Text(random, Base64Url, 88, 88);
            elements.Add(new("8030", values["digsig"]));
        }

        return (new LabelData(values), ElementString.Create(elements));
    }

    private static ElementString RandomCode(Random random, bool digsig, int maxSerial = 20)
    {
        var gtin = Gtin.FromDigitsWithoutCheck(random.NextInt64(0, 10_000_000_000_000).ToString("D13", CultureInfo.InvariantCulture)).Value;
        var elements = new List<AiValue> { new("01", gtin) };
        if (random.Next(2) == 0)
        {
            elements.Add(new("10", Text(random, CharacterSets.Cset82, 1, 20)));
        }

        elements.Add(new("21", Text(random, CharacterSets.Cset82, 1, maxSerial)));
        if (random.Next(2) == 0)
        {
            elements.Add(new("17", new DateOnly(2026, 1, 1).AddDays(random.Next(3650)).ToString("yyMMdd", CultureInfo.InvariantCulture)));
        }

        if (digsig)
        {
            elements.Add(new("8030", Text(random, Base64Url, 88, 88)));
        }

        return ElementString.Create(elements);
    }

    private static string Text(Random random, string alphabet, int min, int max)
    {
        var chars = new char[random.Next(min, max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Show(string? s) =>
        s is null ? "nothing" : "\"" + new StringBuilder(s).Replace("\u001D", "<GS>").ToString() + "\"";
}
