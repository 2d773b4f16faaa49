using System.Globalization;
using CsCheck;
using Traceability.Core.Gs1;
using Traceability.Core.Gs1.Syntax;

namespace Traceability.Core.Tests.Gs1;

/// <summary>format ∘ parse is the identity, for random valid element strings in Digital Link order.</summary>
public sealed class RoundTripProperties
{
    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly Gen<string> Cset82Text = Chars(CharacterSets.Cset82, 1, 20);

    private static readonly Gen<string> Date = Gen.DateOnly[new DateOnly(2000, 1, 1), new DateOnly(2099, 12, 31)]
        .Select(d => d.ToString("yyMMdd", CultureInfo.InvariantCulture));

    private static readonly Gen<ElementString> Codes =
        Gen.Select(
            Gen.Long[0, 9_999_999_999_999L].Select(n => Gtin.FromDigitsWithoutCheck(n.ToString("D13", CultureInfo.InvariantCulture)).Value),
            Optional(Cset82Text),
            Optional(Cset82Text),
            Optional(Cset82Text),
            Optional(Date),
            Optional(Date),
            Optional(Chars(CharacterSets.Cset82, 1, 30)),
            Optional(Chars(Base64Url, 1, 90)),
            (gtin, cpv, lot, serial, expiry, production, additionalId, digsig) =>
            {
                var elements = new List<AiValue> { new("01", gtin) };
                Add(elements, "22", cpv);
                Add(elements, "10", lot);
                Add(elements, "21", serial);
                Add(elements, "17", expiry);
                Add(elements, "11", production);
                Add(elements, "240", additionalId);
                Add(elements, "8030", serial is null ? null : digsig); // (8030) needs (01) with (21)
                return ElementString.Create(elements);
            });

    [Fact]
    public void Raw_form_round_trips()
    {
        Codes.Sample(es => Assert.Equal(es, ElementString.Parse(es.ToRaw())), iter: 10_000);
    }

    [Fact]
    public void Bracketed_form_round_trips()
    {
        Codes.Sample(es => Assert.Equal(es, ElementString.Parse(es.ToBracketed())), iter: 10_000);
    }

    [Fact]
    public void Digital_link_round_trips_both_ways()
    {
        Codes.Sample(
            es =>
            {
                var uri = DigitalLink.Format(es, "https://id.example.com");
                var parsed = DigitalLink.Parse(uri);
                Assert.Equal(es, parsed.Data);
                Assert.Equal(uri, parsed.ToString());
            },
            iter: 10_000);
    }

    [Fact]
    public void Scanned_raw_form_with_symbology_identifier_parses_to_the_same_data()
    {
        Codes.Sample(es => Assert.Equal(es, ElementString.Parse("]d2" + es.ToRaw())), iter: 2_000);
    }

    private static Gen<string> Chars(string alphabet, int min, int max) =>
        Gen.Char[alphabet].Array[min, max].Select(a => new string(a));

    private static Gen<string?> Optional(Gen<string> gen) =>
        Gen.Bool.SelectMany(present => present ? gen.Select(s => (string?)s) : Gen.Const((string?)null));

    private static void Add(List<AiValue> elements, string ai, string? value)
    {
        if (value is not null)
        {
            elements.Add(new AiValue(ai, value));
        }
    }
}
