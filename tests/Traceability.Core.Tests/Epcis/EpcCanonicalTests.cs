using Traceability.Core.Epcis;

namespace Traceability.Core.Tests.Epcis;

public sealed class EpcCanonicalTests
{
    [Theory]
    [InlineData("urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/10614141073464/21/2017")]
    [InlineData("https://example.com/01/10614141073464/22/V1/10/L1/21/2017?17=271231", "https://id.gs1.org/01/10614141073464/21/2017")]
    [InlineData("https://example.com/01/10614141073464/10/L1?17=271231", "https://id.gs1.org/01/10614141073464/10/L1")]
    [InlineData("urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/00/106141412345678908")]
    [InlineData("urn:epc:id:sgln:0614141.07346.1234", "https://id.gs1.org/414/0614141073467/254/1234")]
    [InlineData("urn:epc:id:sgln:4012345.00011.0", "https://id.gs1.org/414/4012345000115")]
    [InlineData("urn:epc:id:pgln:4012345.00000", "https://id.gs1.org/417/4012345000009")]
    [InlineData("urn:epc:id:gdti:4012345.11111.123", "https://id.gs1.org/253/4012345111118123")]
    [InlineData("urn:epc:class:lgtin:4012345.012345.998877", "https://id.gs1.org/01/04012345123456/10/998877")]
    [InlineData("urn:epc:idpat:sgtin:4012345.098765.*", "https://id.gs1.org/01/04012345987652")]
    public void Gs1_identifiers_get_the_constrained_canonical_digital_link(string uri, string key)
    {
        Assert.Equal(key, EpcCanonical.Key(uri));
    }

    [Theory]
    [InlineData("http://transaction.acme.com/po/12345678")]
    [InlineData("urn:epcglobal:cbv:bt:0614141073467:1152")]
    [InlineData("geo:47.506694,11.104301")]
    [InlineData("urn:epc:id:giai:4000001.111")]
    [InlineData("urn:epc:id:sgtin:0614141.10734.2017")]
    public void Anything_else_is_its_own_key(string uri)
    {
        Assert.Equal(uri, EpcCanonical.Key(" " + uri + " "));
    }
}
