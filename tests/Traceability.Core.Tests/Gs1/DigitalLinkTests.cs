using Traceability.Core.Gs1;

namespace Traceability.Core.Tests.Gs1;

public sealed class DigitalLinkTests
{
    [Fact]
    public void Element_string_becomes_a_digital_link_with_key_qualifiers_in_order_and_attributes_in_the_query()
    {
        var es = ElementString.Parse("(01)09506000134352(17)271231(21)SN/1(10)LOT 1".Replace(" ", "%20", StringComparison.Ordinal));
        Assert.Equal("https://id.example.com/01/09506000134352/10/LOT%25201/21/SN%2F1?17=271231", DigitalLink.Format(es, "id.example.com"));
    }

    [Fact]
    public void Digital_link_is_parsed_back_to_its_element_string()
    {
        var link = DigitalLink.Parse("https://id.example.com/01/09506000134352/10/ABC1/21/12345?17=271231&linkType=gs1:pip");
        Assert.Equal("(01)09506000134352(10)ABC1(21)12345(17)271231", link.Data.ToString());
        Assert.Equal("https://id.example.com", link.Prefix);
        Assert.Equal([new("linkType", "gs1:pip")], link.OtherParameters);
    }

    [Fact]
    public void Short_gtins_in_the_path_are_padded_to_fourteen_digits()
    {
        Assert.Equal("09506000134352", DigitalLink.Parse("https://example.com/01/9506000134352").Data["01"]);
    }

    [Fact]
    public void A_path_prefix_before_the_key_is_kept()
    {
        var link = DigitalLink.Parse("https://brand.example.com/products/dl/01/09506000134352/21/A1");
        Assert.Equal("https://brand.example.com/products/dl", link.Prefix);
        Assert.Equal("https://brand.example.com/products/dl/01/09506000134352/21/A1", link.ToString());
    }

    [Fact]
    public void Serial_characters_are_percent_encoded_and_decoded()
    {
        var es = ElementString.Create([new("01", "09506000134352"), new("21", "!\"%&'()*+,-./:;<=>?_")]);
        var uri = DigitalLink.Format(es, "https://id.example.com");
        Assert.Equal("https://id.example.com/01/09506000134352/21/%21%22%25%26%27%28%29%2A%2B%2C-.%2F%3A%3B%3C%3D%3E%3F_", uri);
        Assert.Equal(es, DigitalLink.Parse(uri).Data);
    }

    [Fact]
    public void Sscc_is_a_primary_key_without_qualifiers()
    {
        var es = ElementString.Parse("(00)106141411234567897");
        Assert.Equal("https://id.example.com/00/106141411234567897", DigitalLink.Format(es, "id.example.com"));
    }

    [Theory]
    [InlineData("ftp://id.example.com/01/09506000134352", "https://")]
    [InlineData("https://id.example.com/products/1", "no GS1 primary key")]
    [InlineData("https://id.example.com/01/09506000134352/21/A1/10/L1", "out of order")]
    [InlineData("https://id.example.com/01/09506000134352/21/A%2", "two-hex-digit")]
    [InlineData("https://id.example.com/01/09506000134352?21=A1", "cannot be a Digital Link data attribute")]
    [InlineData("https://id.example.com/01/09506000134352/17/271231", "/17/ is not a key qualifier")]
    [InlineData("", "empty")]
    public void Malformed_digital_links_are_refused_with_a_reason(string uri, string reason)
    {
        Assert.False(DigitalLink.TryParse(uri, out _, out var error));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_data_in_a_digital_link_is_refused_with_the_element_string_error()
    {
        Assert.False(DigitalLink.TryParse("https://id.example.com/01/09506000134353/21/A", out _, out var error));
        Assert.Equal(Gs1ErrorKind.CheckDigit, error.Kind);
        Assert.False(DigitalLink.TryParse("https://id.example.com/01/09506000134352?17=271331", out _, out error));
        Assert.Equal(Gs1ErrorKind.BadDate, error.Kind);
    }

    [Fact]
    public void Data_without_a_primary_key_cannot_be_a_digital_link()
    {
        var es = ElementString.Parse("(400)PO-123");
        Assert.False(DigitalLink.TryFormat(es, "id.example.com", out _, out var error));
        Assert.Equal(Gs1ErrorKind.MalformedDigitalLink, error.Kind);
    }

    [Fact]
    public void A_bad_domain_is_refused()
    {
        var es = ElementString.Parse("(01)09506000134352");
        Assert.False(DigitalLink.TryFormat(es, "id example.com", out _, out var error));
        Assert.Contains("id example.com", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(01)09506000134352(17)271231(21)SN/1(10)LOT1", "id.example.com")]
    [InlineData("(01)09506000134352(21)A1", "https://brand.example.com/products/dl/")]
    [InlineData("(00)106141411234567897", "http://127.0.0.1:5000/pages")]
    public void A_link_is_its_normalized_prefix_then_its_path(string elementString, string prefix)
    {
        // The resolver checks each prefix once and formats each level's path once, for every link it serves.
        var es = ElementString.Parse(elementString);
        Assert.Equal(DigitalLink.Format(es, prefix), DigitalLink.NormalizePrefix(prefix) + DigitalLink.FormatPath(es));
        Assert.StartsWith("/", DigitalLink.FormatPath(es), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_prefix_or_data_without_a_key_is_refused_alone_as_by_format()
    {
        Assert.Contains("id example.com", Assert.Throws<Gs1FormatException>(() => DigitalLink.NormalizePrefix("id example.com")).Message, StringComparison.Ordinal);
        Assert.Equal(Gs1ErrorKind.MalformedDigitalLink, Assert.Throws<Gs1FormatException>(() => DigitalLink.FormatPath(ElementString.Parse("(400)PO-123"))).Error.Kind);
    }
}
