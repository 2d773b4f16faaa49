using System.Globalization;
using CsCheck;
using Traceability.Core.Epcis;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;

namespace Traceability.Core.Tests.Epcis;

public sealed class EpcIdTests
{
    [Fact]
    public void The_tag_data_standard_sgtin_example_is_built_and_parsed_back()
    {
        // EPC TDS: GTIN 80614141123458, serial 6789, 7-digit company prefix.
        var id = new SgtinId(Gtin.Parse("80614141123458"), "6789");

        Assert.Equal("urn:epc:id:sgtin:0614141.812345.6789", id.ToEpcUri(7));
        Assert.Equal(id, EpcId.Parse("urn:epc:id:sgtin:0614141.812345.6789"));
    }

    [Fact]
    public void The_tag_data_standard_sscc_example_is_built_and_parsed_back()
    {
        var id = new SsccId(Sscc.Parse("106141412345678908"));

        Assert.Equal("urn:epc:id:sscc:0614141.1234567890", id.ToEpcUri(7));
        Assert.Equal(id, EpcId.Parse("urn:epc:id:sscc:0614141.1234567890"));
        Assert.Equal("https://id.gs1.org/00/106141412345678908", id.DigitalLink);
    }

    [Fact]
    public void The_company_prefix_length_decides_where_the_gtin_is_split()
    {
        var id = new SgtinId(Gtin.Parse("09506000134352"), "S1");

        Assert.Equal("urn:epc:id:sgtin:950600.0013435.S1", id.ToEpcUri(6));
        Assert.Equal("urn:epc:id:sgtin:9506000.013435.S1", id.ToEpcUri(7));
        Assert.Equal("urn:epc:id:sgtin:950600013435.0.S1", id.ToEpcUri(12));
        Assert.Throws<ArgumentOutOfRangeException>(() => id.ToEpcUri(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => id.ToEpcUri(13));
    }

    [Fact]
    public void Reserved_serial_characters_are_percent_escaped_and_unescaped()
    {
        var reserved = new SgtinId(Gtin.Parse("09506000134352"), "A/B%C\"D&E<F>G?H");
        var plain = new SgtinId(Gtin.Parse("09506000134352"), "z!'()*+,-.:;=_");

        var uri = reserved.ToEpcUri(7);

        Assert.Equal("urn:epc:id:sgtin:9506000.013435.A%2FB%25C%22D%26E%3CF%3EG%3FH", uri);
        Assert.Equal(reserved, EpcId.Parse(uri));
        Assert.Equal(reserved, EpcId.Parse(uri.Replace("%2F", "%2f", StringComparison.Ordinal)));
        Assert.Equal("urn:epc:id:sgtin:9506000.013435.z!'()*+,-.:;=_", plain.ToEpcUri(7));
        Assert.Equal(plain, EpcId.Parse(plain.ToEpcUri(7)));
    }

    [Fact]
    public void A_digital_link_on_any_domain_names_the_same_object_as_the_epc_uri()
    {
        var fromUrn = EpcId.Parse("urn:epc:id:sgtin:0614141.107346.2017");

        Assert.Equal("https://id.gs1.org/01/10614141073464/21/2017", fromUrn.DigitalLink);
        Assert.Equal(fromUrn, EpcId.Parse("https://id.gs1.org/01/10614141073464/21/2017"));
        Assert.Equal(fromUrn, EpcId.Parse("https://brand.example.com/dl/01/10614141073464/10/LOT1/21/2017?17=271231"));
        Assert.Equal(fromUrn, EpcId.Parse("  https://id.gs1.org/01/10614141073464/21/2017 "));
    }

    [Fact]
    public void A_serial_with_reserved_characters_has_one_digital_link()
    {
        var id = new SgtinId(Gtin.Parse("09506000134352"), "A/B");

        Assert.Equal("https://id.gs1.org/01/09506000134352/21/A%2FB", id.DigitalLink);
        Assert.Equal(id, EpcId.Parse(id.DigitalLink));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("urn:epc:id:sgtin:0614141.107346", "three dot-separated parts")]
    [InlineData("urn:epc:id:sgtin:06141.1073461.2017", "6 to 12 digits")]
    [InlineData("urn:epc:id:sgtin:0614141.10734.2017", "must be 6 digits")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.20%2", "two-hex-digit escape")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.20%7E", "not a GS1 CSET 82 character")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.a\"b", "must be percent-escaped")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.123456789012345678901", "at most 20")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.", "empty")]
    [InlineData("urn:epc:id:sscc:0614141.123456789", "must be 10 digits")]
    [InlineData("urn:epc:id:sscc:0614141.1234567890.1", "two dot-separated parts")]
    [InlineData("https://id.gs1.org/01/10614141073464", "no single object")]
    [InlineData("https://id.gs1.org/01/10614141073465/21/1", "check digit")]
    [InlineData("urn:epc:id:sgln:0614141.07346.1234", "neither")]
    public void A_malformed_epc_is_refused_saying_why(string uri, string reason)
    {
        Assert.False(EpcId.TryParse(uri, out _, out var error));
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
        var thrown = Assert.Throws<FormatException>(() => EpcId.Parse(uri));
        Assert.Equal(error, thrown.Message);
    }

    [Fact]
    public void The_parsed_epc_uri_reports_its_company_prefix_length()
    {
        Assert.True(EpcId.TryParse("urn:epc:id:sgtin:950600013435.0.S1", out _, out var length, out _));
        Assert.Equal(12, length);
        Assert.True(EpcId.TryParse("https://id.gs1.org/00/106141412345678908", out _, out var none, out _));
        Assert.Null(none);
    }

    [Fact]
    public void Every_sgtin_round_trips_through_both_uri_forms_at_every_prefix_length()
    {
        var serials = Gen.Char[SerialAlphabet.Gs1Cset82].Array[1, 20].Select(chars => new string(chars));
        Gen.Select(Gen.Long[0, 9_999_999_999_999L], Gen.Int[6, 12], serials).Sample(
            (digits, length, serial) =>
            {
                var id = new SgtinId(Gtin.FromDigitsWithoutCheck(digits.ToString("D13", CultureInfo.InvariantCulture)), serial);
                Assert.True(EpcId.TryParse(id.ToEpcUri(length), out var fromUrn, out var parsedLength, out var error), error);
                Assert.Equal(id, fromUrn);
                Assert.Equal(length, parsedLength);
                Assert.Equal(id, EpcId.Parse(id.DigitalLink));
            },
            iter: 5_000);
    }

    [Fact]
    public void Every_sscc_round_trips_through_both_uri_forms_at_every_prefix_length()
    {
        Gen.Select(Gen.Int[0, 9], Gen.Long[0, 9_999_999_999_999_999L], Gen.Int[6, 12]).Sample(
            (extension, reference, length) =>
            {
                var body = extension.ToString(CultureInfo.InvariantCulture) + (reference % 10_000_000_000_000_000L).ToString("D16", CultureInfo.InvariantCulture);
                var id = new SsccId(Sscc.Parse(body + Mod10.Compute(body)));
                Assert.Equal(id, EpcId.Parse(id.ToEpcUri(length)));
                Assert.Equal(id, EpcId.Parse(id.DigitalLink));
            },
            iter: 2_000);
    }
}
