using Traceability.Core.Gs1;

namespace Traceability.Core.Tests.Gs1;

public sealed class SsccTests
{
    [Fact]
    public void The_gs1_example_sscc_is_valid()
    {
        var sscc = Sscc.Parse("106141411234567897");
        Assert.Equal(1, sscc.ExtensionDigit);
    }

    [Fact]
    public void Sscc_is_built_from_extension_company_prefix_and_serial_reference()
    {
        Assert.Equal("106141411234567897", Sscc.Create(1, "0614141", 123456789).Value);
    }

    [Fact]
    public void Sscc_with_wrong_check_digit_is_rejected()
    {
        Assert.False(Sscc.TryParse("106141411234567890", out _, out var error));
        Assert.Equal(Gs1ErrorKind.CheckDigit, error.Kind);
        Assert.Contains("expected 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serial_reference_that_does_not_fit_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Sscc.Create(0, "061414112345", 12345));
        Assert.Contains("4 digits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_built_sscc_parses_back()
    {
        for (var reference = 0L; reference < 2000; reference += 7)
        {
            var sscc = Sscc.Create((int)(reference % 10), "95060001", reference);
            Assert.Equal(sscc, Sscc.Parse(sscc.Value));
        }
    }
}
